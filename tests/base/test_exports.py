"""Downloads open right in Swedish Excel: CSV with BOM, semicolons, decimal commas and a sum row; XLSX
with typed cells, number formats, a frozen header row and sums as formulas. Formula-safe, and a missing
value is an empty cell, never 0."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from base.exports import Column, SumRow, as_column, table, to_csv, to_xlsx

COLUMNS = [
    Column("Namn", lambda r: r["name"]),
    Column("Startdatum", lambda r: r["day"], "date"),
    Column("Antal", lambda r: r["count"], "int", summed=True),
    Column("Poäng", lambda r: r["score"], "decimal", summed=True),
    Column("Belopp (kr)", lambda r: r["amount"], "amount", summed=True),
]
OBJECTS = [
    {"name": "Åbro AB", "day": datetime.date(2024, 5, 1), "count": 3, "score": Decimal("12.5"), "amount": 1_419_000},
    {"name": '=HYPERLINK("x")', "day": None, "count": None, "score": Decimal("-1.25"), "amount": -1938},
]


def _csv(columns=COLUMNS, objects=OBJECTS):
    return to_csv(columns, table(columns, objects))


def _csv_rows(body: bytes):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def _sheet(columns=COLUMNS, objects=OBJECTS, rows=None):
    body = to_xlsx("Lista", columns, table(columns, objects) if rows is None else rows)
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_csv_has_a_bom_semicolons_swedish_headings_and_decimal_commas():
    body = _csv()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == "Namn;Startdatum;Antal;Poäng;Belopp (kr)"
    rows = _csv_rows(body)
    assert rows[1] == ["Åbro AB", "2024-05-01", "3", "12,5", "1419000"]


def test_csv_ends_with_a_sum_row_of_the_summed_columns_and_leaves_missing_values_empty():
    rows = _csv_rows(_csv())
    assert rows[2] == ['\'=HYPERLINK("x")', "", "", "-1,25", "-1938"]  # formula escaped; no date, no count
    assert rows[3] == ["Summa", "", "3", "11,25", "1417062"]
    assert len(rows) == 4


def test_a_column_where_nothing_is_recorded_sums_to_an_empty_cell_not_0():
    objects = [dict(OBJECTS[0], count=None), dict(OBJECTS[1], count=None)]
    assert _csv_rows(_csv(objects=objects))[-1][2] == ""
    sheet = _sheet(objects=objects)
    assert sheet["C4"].value is None and sheet["D4"].value == "=SUM(D2:D3)"


def test_a_download_without_rows_has_no_sum_row():
    assert _csv_rows(_csv(objects=[])) == [["Namn", "Startdatum", "Antal", "Poäng", "Belopp (kr)"]]
    assert _sheet(objects=[]).max_row == 1


def test_a_list_without_a_summed_column_has_no_sum_row():
    columns = [Column("Namn", lambda r: r["name"]), Column("Antal", lambda r: r["count"], "int")]
    assert len(_csv_rows(_csv(columns))) == 3


def test_xlsx_cells_are_typed_with_number_formats_and_the_header_row_is_frozen():
    sheet = _sheet()
    assert [cell.value for cell in sheet[1]] == ["Namn", "Startdatum", "Antal", "Poäng", "Belopp (kr)"]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].is_date and sheet["B2"].value.date() == datetime.date(2024, 5, 1)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert (sheet["C2"].value, sheet["C2"].data_type, sheet["C2"].number_format) == (3, "n", "0")
    assert sheet["D2"].value == 12.5 and sheet["D2"].data_type == "n"
    assert (sheet["E2"].value, sheet["E2"].number_format) == (1_419_000, "#,##0")
    assert sheet["E3"].value == -1938 and sheet["E3"].data_type == "n"


def test_xlsx_sums_are_formulas_and_missing_values_are_empty_cells():
    sheet = _sheet()
    assert sheet["A3"].value == '\'=HYPERLINK("x")' and sheet["A3"].data_type == "s"
    assert sheet["B3"].value is None and sheet["C3"].value is None  # no date, no count: empty, not 0
    assert sheet["A4"].value == "Summa" and sheet["A4"].font.bold
    assert (sheet["C4"].value, sheet["C4"].data_type) == ("=SUM(C2:C3)", "f")
    assert sheet["E4"].value == "=SUM(E2:E3)" and sheet["E4"].number_format == "#,##0"
    assert sheet["B4"].value is None


def test_sum_rows_in_the_rows_sum_each_group_above_them():
    columns = [Column("Post"), Column("Belopp", kind="amount", summed=True)]
    rows = [["a", 1], ["b", 2], SumRow("Summa intäkter"), ["c", -3], SumRow("Summa kostnader"), ["UB", 0]]
    assert _csv_rows(to_csv(columns, rows))[1:] == [
        ["a", "1"],
        ["b", "2"],
        ["Summa intäkter", "3"],
        ["c", "-3"],
        ["Summa kostnader", "-3"],
        ["UB", "0"],  # a recorded 0 stays 0
    ]
    sheet = _sheet(columns, rows=rows)
    assert [sheet["B4"].value, sheet["B6"].value, sheet["B7"].value] == ["=SUM(B2:B3)", "=SUM(B5:B5)", 0]
    assert sheet.max_row == 7  # no sum row of its own after the last group


def test_a_heading_that_starts_like_a_formula_is_escaped_too():
    assert to_csv(["=1+1"], [["x"]]).decode("utf-8-sig").splitlines()[0] == "'=1+1"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx("t", ["@x"], [["x"]]))).active
    assert sheet["A1"].value == "'@x"


def test_old_heading_and_function_pairs_still_work_and_keep_numbers_numbers():
    column = as_column(("Antal", len))
    assert (column.label, column.kind, column.summed) == ("Antal", "text", False)
    assert _csv_rows(to_csv([("Namn", None), ("Antal", None)], [["a", 2]])) == [["Namn", "Antal"], ["a", "2"]]


def test_a_datetime_is_written_in_local_time():
    at = datetime.datetime(2024, 5, 1, 8, 30, tzinfo=datetime.UTC)
    columns = [Column("Anmäld", kind="datetime")]
    assert _csv_rows(to_csv(columns, [[at]]))[1] == ["2024-05-01 10:30"]  # Stockholm, summer time
    cell = _sheet(columns, rows=[[at]])["A2"]
    assert cell.is_date and cell.value.isoformat() == "2024-05-01T10:30:00" and cell.number_format == "yyyy-mm-dd hh:mm"


def test_a_column_refuses_an_unknown_kind_and_summing_text():
    with pytest.raises(ValueError):
        Column("x", kind="money")
    with pytest.raises(ValueError):
        Column("x", kind="text", summed=True)


def test_the_import_examples_keep_the_imports_comma_format():
    assert to_csv(["email", "name"], [["a@b.se", "A"]], delimiter=",").decode("utf-8-sig").splitlines()[1] == "a@b.se,A"


def test_a_sum_counts_only_numbers_and_mixes_decimals_and_floats_exactly():
    columns = [Column("Post"), Column("Poäng", kind="decimal", summed=True)]
    rows = [["a", Decimal("0.10")], ["b", 0.2], ["c", ""], ["d", None]]
    assert _csv_rows(to_csv(columns, rows))[-1] == ["Summa", "0,3"]
    assert _sheet(columns, rows=rows)["B6"].value == "=SUM(B2:B5)"


def test_a_choice_label_of_a_download_follows_the_language_it_is_printed_in():
    from django.utils import translation

    from revisioner.models import Deviation

    column = Column("Allvarlighetsgrad", lambda value: value, labels=Deviation.Severity)
    values = [Deviation.Severity.CRITICAL, "", "unknown", None]
    with translation.override("sv"):
        swedish = table([column], values)
    with translation.override("en"):
        english = table([column], values)
    assert swedish == [[str(Deviation.Severity.CRITICAL.label)], [""], ["unknown"], [""]]
    assert english == [["Critical"], [""], ["unknown"], [""]] and swedish != english
    labelled = Column("Verifierad genom", lambda value: value, labels={"": "Ej verifierad", "desk": "Vid skrivbordet"})
    assert table([labelled], ["", "desk"]) == [["Ej verifierad"], ["Vid skrivbordet"]]


def test_xlsx_text_that_looks_like_a_link_or_a_number_stays_the_text_it_was():
    columns = [Column("Webbplats"), Column("Organisationsnummer")]
    sheet = _sheet(columns, rows=[["https://www.hållbarupphandling.se", "0012345678"]])
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].hyperlink) == (
        "https://www.hållbarupphandling.se",
        "s",
        None,
    )
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("0012345678", "s")  # the leading zeros kept


def test_xlsx_columns_are_as_wide_as_their_longest_text_within_a_limit():
    columns = [Column("Namn"), Column("Beskrivning")]
    sheet = _sheet(columns, rows=[["Åbro AB", "x" * 200]])
    assert 9 <= sheet.column_dimensions["A"].width < 12  # "Åbro AB" and two characters more
    assert sheet.column_dimensions["B"].width == pytest.approx(60, abs=1)  # long text: at most 60
