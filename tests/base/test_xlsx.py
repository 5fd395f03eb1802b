"""The workbook writer of the downloads (base.xlsx): the parts a spreadsheet program needs, cells in
column order, dates as Excel's serial days, text exactly as given, sums with the value they give."""

import datetime
import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl

from base.exports import Column, SumRow, to_xlsx
from base.xlsx import column_letter, serial_day

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def test_columns_are_lettered_as_excel_letters_them():
    assert [column_letter(index) for index in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


def test_dates_are_excels_serial_days():
    assert serial_day(datetime.date(1900, 3, 1)) == 61  # after Excel's 29 February 1900
    assert serial_day(datetime.date(2024, 5, 1)) == 45413
    assert serial_day(datetime.datetime(2024, 5, 1, 10, 30)) == 45413.4375  # noqa: DTZ001 (a sheet has no zone)


def test_every_part_is_well_formed_xml_and_the_sheet_is_named_within_excels_rules():
    body = to_xlsx("Avgifter: 2024/2025 [utkast] och en mycket lång titel", ["Namn"], [["Åbro"]])
    package = zipfile.ZipFile(io.BytesIO(body))
    assert package.testzip() is None
    for name in package.namelist():
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(package.read(name))  # raises on XML that is not well formed
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Avgifter  2024 2025  utkast  oc"]  # 31 characters, none of : / [ ]


def test_text_is_kept_exactly_and_never_markup():
    texts = ["  två mellanslag först", "sist ", "<b>fet</b> & ‘citat’", "Ö\u00a0Ä"]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx("t", ["Text"], [[text] for text in texts]))).active
    assert [sheet.cell(row=n, column=1).value for n in range(2, 6)] == texts


def test_a_sum_row_keeps_its_cells_in_column_order_and_the_value_its_formula_gives():
    # The summed column comes before the first one that is not: the label is written after it.
    columns = [Column("Belopp", lambda r: r[0], "amount", summed=True), Column("Namn", lambda r: r[1])]
    rows = [[Decimal("1419.499"), "a"], [-1938, "b"], SumRow(), [5, "c"], SumRow()]
    body = to_xlsx("t", columns, rows)
    sheet_xml = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml"))
    for row in sheet_xml.iter(f"{MAIN}row"):
        references = [cell.get("r") for cell in row.iter(f"{MAIN}c")]
        assert references == sorted(references, key=lambda reference: (len(reference), reference))
    formulas = openpyxl.load_workbook(io.BytesIO(body)).active
    assert (formulas["A4"].value, formulas["B4"].value) == ("=SUM(A2:A3)", "Summa")
    assert formulas["A6"].value == "=SUM(A5:A5)"
    # What a program that does not calculate (a preview) shows: the sum, exact.
    values = openpyxl.load_workbook(io.BytesIO(body), data_only=True).active
    assert values["A4"].value == float(Decimal("1419.499") - 1938) and values["A6"].value == 5
