"""The 2024 statement from the demo data equals the published one, figure by figure, everywhere.

One value, one sign, one label (docs/decisions/0006-closing-balance.md): the closing balance is
"Utgående balans", positive for the surplus carried to the next year, on the page, in CSV, XLSX, the
PDF and the report. The published statement books the same 1 938 as "UB −1 938" on its income side.
"""

import csv
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from base.formats import ksek
from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement

PUBLISHED = Path(__file__).parent / "data" / "finance_2024.csv"
NOTHING = "–"


def published_rows():
    with open(PUBLISHED, encoding="utf-8") as file:
        return [(row["kind"], row["line"], int(row["amount_ksek"])) for row in csv.DictReader(file)]


def expected_figures():
    """The published statement in the statement's order and convention: (label, tkr)."""
    rows = published_rows()
    opening = next(amount for kind, _line, amount in rows if kind == "opening_balance")
    closing = -next(amount for kind, _line, amount in rows if kind == "closing_balance")  # UB −1 938 → 1 938
    fees = [(line, amount) for kind, line, amount in rows if kind == "fee"]
    # The published costs are negative; ours are the positive amounts spent (decision 0006).
    costs = [(line, -amount) for kind, line, amount in rows if kind == "cost"]
    return [
        ("Ingående balans", opening),
        *fees,
        ("Summa intäkter", opening + sum(amount for _line, amount in fees)),
        *costs,
        ("Summa kostnader", sum(amount for _line, amount in costs)),
        ("Utgående balans", closing),
    ]


def _flat(text: str) -> str:
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


def _number(text: str) -> int | None:
    """'1 419' → 1419, '−1 938' → -1938, '–' → None (nothing recorded)."""
    text = text.strip().replace(" ", "")
    if text == NOTHING:
        return None
    return int(text.replace("\u2212", "-"))


# Readers of each document: [(label, tkr or None)] in the document's order.


def page_figures(html: str) -> list[tuple[str, int | None]]:
    tables = "".join(re.findall(r'<table class="statement">.*?</table>', _flat(html), re.DOTALL))
    cells = re.findall(r'<t[dh](?: scope="row")?>([^<]+?)\*?</t[dh]><td class="num(?: total)?">([^<]*)</td>', tables)
    return [(label, _number(value)) for label, value in cells]


def _csv_rows(body: bytes) -> list[list[str]]:
    """Either separator: ';' (Swedish Excel) or ','."""
    text = body.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") >= text.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]


def _csv_amount(text: str) -> Decimal | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    return None if text in ("", NOTHING) else Decimal(text.replace(",", ".").replace("\u2212", "-"))


def csv_figures(body: bytes) -> list[tuple[str, int | None]]:
    """Type; item; amount in tkr; amount in kr. A sum row carries its label in the first column."""
    figures = []
    for row in _csv_rows(body):
        label = row[1] or row[0]
        thousands, kronor = _csv_amount(row[2]), _csv_amount(row[3])
        if kronor is not None:  # the two amount columns say the same
            assert thousands is not None and ksek(int(kronor)) == ksek(int(thousands * 1000)), row
        figures.append((label, None if kronor is None else ksek(int(kronor))))
    return figures


def xlsx_figures(body: bytes) -> list[tuple[str, int | None]]:
    """The sheet's cells as written (data_only=False): a SUM formula is summed over the cells it names."""
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active

    def value(cell):
        if isinstance(cell.value, str) and cell.value.startswith("="):
            match = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", cell.value)
            assert match, cell.value
            column, first, last = match[1], int(match[2]), int(match[4])
            return sum(Decimal(str(value(sheet[f"{column}{row}"]) or 0)) for row in range(first, last + 1))
        if cell.value in (None, NOTHING):
            return None
        return Decimal(str(cell.value))

    figures = []
    for row in sheet.iter_rows(min_row=2):
        label = row[1].value or row[0].value
        thousands, kronor = value(row[2]), value(row[3])
        if kronor is not None:
            assert thousands is not None and ksek(int(kronor)) == ksek(int(thousands * 1000)), label
        figures.append((label, None if kronor is None else ksek(int(kronor))))
    return figures


def pdf_text(body: bytes, tmp_path) -> str:
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(body)
    return _flat(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout)


def pdf_figures(text: str, labels) -> list[tuple[str, int | None]]:
    """The statement's lines of the PDF (label, then its amount), up to the budget table."""
    text = text.split("Budget mot utfall")[0]
    labels = "|".join(re.escape(label) for label in labels)
    lines = [line.strip() for line in text.splitlines()]
    return [
        (match[1], _number(match[2]))
        for line in lines
        if (match := re.fullmatch(rf"({labels})\*? +(−?[\d ]+|–)", line))
    ]


@pytest.fixture
def finance_client(client, demo_finance, frida):
    client.force_login(frida)
    return client


def test_the_2024_statement_has_the_published_figures(demo_finance):
    statement = build_statement(FiscalYear.objects.get(year=2024))
    assert [(line.label, ksek(line.amount)) for line in statement.rows()] == expected_figures()
    assert statement.fee_total == 10_538_000 and statement.cost_total == 12_720_000
    # The published identity: IB 4 120 + fees 10 538 − the surplus carried forward 1 938 = costs 12 720.
    assert statement.opening.amount + statement.fee_total - statement.closing_balance == 12_720_000
    assert statement.balances and not statement.is_preliminary


def test_every_figure_of_2024_agrees_on_the_page_in_csv_xlsx_and_pdf(finance_client, tmp_path):
    """The walk: each figure, with its sign and label, is the same in all four."""
    expected = expected_figures()

    def get(fmt):
        response = finance_client.get(reverse("fiscal_year_statement", args=[2024, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="arsbokslut-2024.{fmt}"'
        return response.content

    page = page_figures(finance_client.get(reverse("fiscal_year_detail", args=[2024])).content.decode())
    in_pdf = pdf_figures(pdf_text(get("pdf"), tmp_path), [label for label, _amount in expected])
    assert page == expected
    assert csv_figures(get("csv")) == expected
    assert xlsx_figures(get("xlsx")) == expected
    assert in_pdf == expected
    closing = ("Utgående balans", 1938)
    assert all(closing in figures and ("UB", -1938) not in figures for figures in (page, in_pdf))


def test_the_page_says_the_2024_statement_balances(finance_client):
    html = _flat(finance_client.get(reverse("fiscal_year_detail", args=[2024])).content.decode())
    assert "Intäkter och kostnader balanserar." in html and "Årsbokslut 2024 (tkr)" in html
    assert "Preliminär" not in html


def test_the_fee_statement_command_writes_each_format(demo_finance, tmp_path):
    from django.core.management import call_command

    for fmt in ("csv", "xlsx", "pdf"):
        output = tmp_path / f"statement.{fmt}"
        call_command("fee_statement", "2024", "--format", fmt, "-o", str(output))
        assert output.stat().st_size > 500
    assert csv_figures((tmp_path / "statement.csv").read_bytes()) == expected_figures()


def test_a_fee_letter_states_population_share_and_fee(client, demo_finance, kalle, tmp_path):
    client.force_login(kalle)
    response = client.get(reverse("fee_letter", args=[2024, "kalmar"]))
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    text = _flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert "Region Kalmar län" in text
    assert "248 000" in text and "2,35 %" in text and "248 000 kr" in text


def _year_row(html, year):
    match = re.search(rf"{year}</a></td><td>([^<]+)</td>\s*((?:<td class=\"num\">[^<]*</td>)+)", html)
    return [match[1], *re.findall(r'<td class="num">([^<]*)</td>', match[2])]


def test_years_chain_on_the_finance_page(finance_client):
    html = _flat(finance_client.get(reverse("finance_home")).content.decode())
    # Each year opens with the closing balance of the one before; 2023 closes at the 4 120 2024 opens with.
    assert _year_row(html, 2022) == ["Stängt", "0", "5 000", "5 000", "0"]
    assert _year_row(html, 2023) == ["Stängt", "0", "10 000", "5 880", "4 120"]
    assert _year_row(html, 2024) == ["Stängt", "4 120", "10 538", "12 720", "1 938"]
    # Nothing recorded for 2025 yet: "–", never 0; not closed, so no closing balance.
    assert _year_row(html, 2025) == ["Utkast", "1 938", NOTHING, NOTHING, NOTHING]


def test_the_opening_balance_is_the_previous_years_closing_balance_not_a_typed_figure(demo_finance):
    FiscalYear.objects.filter(year=2024).update(opening_balance=999_000)  # a stray stored figure
    statement = build_statement(FiscalYear.objects.get(year=2024))
    assert statement.opening.amount == FiscalYear.objects.get(year=2023).closing_balance == 4_120_000


def test_the_year_page_shows_each_regions_share_in_percent(finance_client):
    html = _flat(finance_client.get(reverse("fiscal_year_detail", args=[2024])).content.decode())
    # Stockholm: 2 440 000 of 10 538 000 inhabitants in the demo basis = 23,15 %
    assert re.search(r"<td>Region Stockholm</td><td class=\"num\">2 440 000</td><td class=\"num\">23,15</td>", html)


# A year that is not closed: a preliminary statement, "–" where nothing is recorded.

EXPECTED_2025 = [
    ("Ingående balans", 1938),
    ("Summa intäkter", 1938),
    ("Summa kostnader", None),
    ("Utgående balans", None),
]


def test_a_year_not_closed_has_a_preliminary_statement_on_the_page(finance_client):
    html = _flat(finance_client.get(reverse("fiscal_year_detail", args=[2025])).content.decode())
    assert page_figures(html) == EXPECTED_2025
    assert "Preliminär sammanställning 2025 (tkr)" in html and "Årsbokslut" not in html
    assert "Sidorna balanserar inte." not in html
    # No fee decided yet: the fee basis is "–" alone, not "– kr" (a unit on nothing recorded).
    assert "– kr" not in html and "<dt>Avgiftsgrund</dt><dd>–</dd>" in html


def test_a_year_not_closed_has_a_preliminary_pdf_with_dashes(finance_client, tmp_path):
    response = finance_client.get(reverse("fiscal_year_statement", args=[2025, "pdf"]))
    assert response["Content-Disposition"] == 'attachment; filename="preliminar-2025.pdf"'
    text = pdf_text(response.content, tmp_path)
    assert pdf_figures(text, [label for label, _amount in EXPECTED_2025]) == EXPECTED_2025
    assert "Preliminär sammanställning 2025" in text and "Årsbokslut" not in text
    assert not re.search(r"(Summa kostnader|Utgående balans) +0\b", text)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_year_not_closed_has_preliminary_downloads_without_a_zero_for_nothing(finance_client, fmt):
    response = finance_client.get(reverse("fiscal_year_statement", args=[2025, fmt]))
    assert response["Content-Disposition"] == f'attachment; filename="preliminar-2025.{fmt}"'
    figures = (csv_figures if fmt == "csv" else xlsx_figures)(response.content)
    assert figures == EXPECTED_2025  # nothing recorded is an empty cell (or "–"), never 0
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.title == "Preliminär sammanställning 2025"
