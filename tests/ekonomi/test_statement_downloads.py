"""The statement's CSV and XLSX open right in Swedish Excel: Swedish headings and kinds, semicolons,
decimal commas, a sum row for each of the statement's sums (a SUM formula in XLSX), nothing recorded
an empty cell, never 0."""

import csv
import io
from dataclasses import dataclass

import openpyxl

from ekonomi.documents import statement_csv, statement_xlsx
from ekonomi.statement import Line


@dataclass
class Statement:
    """What the writers read of ekonomi.statement.Statement."""

    lines: list
    year: int = 2025
    title: str = "Preliminär sammanställning 2025"
    is_preliminary: bool = True

    def rows(self):
        return self.lines


STATEMENT = Statement(
    [
        Line("opening_balance", "Ingående balans", 4_120_000),
        Line("fee", "Kalmar", 248_000),
        Line("fee", "Skåne", 1_419_499),
        Line("income_total", "Summa intäkter", 5_787_499),
        Line("cost", "Personalkostnader", 5_787_499),
        Line("cost_total", "Summa kostnader", 5_787_499),
        Line("closing_balance", "Utgående balans", None),
    ]
)


def test_the_statement_csv_has_swedish_headings_semicolons_decimal_commas_and_sum_rows():
    _name, mimetype, body = statement_csv(STATEMENT)
    assert mimetype == "text/csv; charset=utf-8" and body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [
        ["Typ", "Post", "Belopp (tkr)", "Belopp (kr)"],
        ["Ingående balans", "Ingående balans", "4120", "4120000"],
        ["Avgift", "Kalmar", "248", "248000"],
        ["Avgift", "Skåne", "1419,499", "1419499"],
        ["Summa intäkter", "", "5787,499", "5787499"],
        ["Kostnad", "Personalkostnader", "5787,499", "5787499"],
        ["Summa kostnader", "", "5787,499", "5787499"],
        ["Utgående balans", "Utgående balans", "", ""],  # not closed: no closing balance, not 0
    ]


def test_the_statement_xlsx_sums_with_formulas_under_a_frozen_header():
    _name, _mimetype, body = statement_xlsx(STATEMENT)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert [cell.value for cell in sheet[1]] == ["Typ", "Post", "Belopp (tkr)", "Belopp (kr)"]
    assert sheet.freeze_panes == "A2"
    assert (sheet["D3"].value, sheet["D3"].data_type, sheet["D3"].number_format) == (248_000, "n", "#,##0")
    assert sheet["C4"].value == 1419.499 and sheet["C4"].number_format == "#,##0"  # shown rounded, summed exact
    assert [sheet["A5"].value, sheet["C5"].value, sheet["D5"].value] == ["Summa intäkter", "=SUM(C2:C4)", "=SUM(D2:D4)"]
    assert [sheet["A7"].value, sheet["D7"].value] == ["Summa kostnader", "=SUM(D6:D6)"]
    assert sheet["C8"].value is None and sheet["D8"].value is None
