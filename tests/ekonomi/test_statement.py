"""The 2024 statement from the demo data equals the published one, line by line, everywhere."""

import csv
import io
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement

PUBLISHED = Path(__file__).parent / "data" / "finance_2024.csv"


def published_rows():
    with open(PUBLISHED, encoding="utf-8") as file:
        return [(row["kind"], row["line"], int(row["amount_ksek"])) for row in csv.DictReader(file)]


def swedish(number: int) -> str:
    """1419 → '1 419', -1938 → '−1 938' as the pages print them (spaces normalised)."""
    text = f"{abs(number):,}".replace(",", " ")
    return f"−{text}" if number < 0 else text


def _flat(text: str) -> str:
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


@pytest.fixture
def finance_client(client, demo_finance, frida):
    client.force_login(frida)
    return client


def test_the_2024_statement_balances_at_12_720_on_both_sides(demo_finance):
    statement = build_statement(FiscalYear.objects.get(year=2024))
    assert statement.income_total == 12_720_000
    assert statement.cost_total == -12_720_000
    assert statement.fee_total == 10_538_000
    assert [(line.kind, line.label, line.amount // 1000) for line in statement.rows()] == published_rows()


def test_the_page_shows_every_published_line(finance_client):
    html = _flat(finance_client.get(reverse("fiscal_year_detail", args=[2024])).content.decode())
    for _kind, label, amount in published_rows():
        assert re.search(rf"<td>{re.escape(label)}\*?</td><td class=\"num\">{swedish(amount)}</td>", html), label
    assert html.count('<td class="num total">12 720</td>') == 1
    assert html.count('<td class="num total">−12 720</td>') == 1
    assert "Intäkter och kostnader balanserar." in html


def test_the_csv_download_equals_the_published_statement(finance_client):
    response = finance_client.get(reverse("fiscal_year_statement", args=[2024, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="arsbokslut-2024.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["kind"], row["line"], int(row["amount_ksek"])) for row in rows] == published_rows()
    assert rows[0]["amount_sek"] == "4120000"


def test_the_xlsx_download_equals_the_published_statement(finance_client):
    response = finance_client.get(reverse("fiscal_year_statement", args=[2024, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(row[:3]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == published_rows()
    assert sheet["A1"].value == "kind"


def test_the_pdf_download_carries_every_line_and_both_sums(finance_client, tmp_path):
    response = finance_client.get(reverse("fiscal_year_statement", args=[2024, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(response.content)
    text = _flat(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout)
    lines = [line.strip() for line in text.splitlines()]
    for _kind, label, amount in published_rows():
        assert any(re.fullmatch(rf"{re.escape(label)}\*? +{swedish(amount)}", line) for line in lines), label
    assert any(re.fullmatch(r"Summa +12 720", line) for line in lines)
    assert any(re.fullmatch(r"Summa +−12 720", line) for line in lines)


def test_the_fee_statement_command_writes_each_format(demo_finance, tmp_path):
    from django.core.management import call_command

    for fmt in ("csv", "xlsx", "pdf"):
        output = tmp_path / f"statement.{fmt}"
        call_command("fee_statement", "2024", "--format", fmt, "-o", str(output))
        assert output.stat().st_size > 500
    rows = list(csv.DictReader(io.StringIO((tmp_path / "statement.csv").read_text("utf-8-sig"))))
    assert [(row["kind"], row["line"], int(row["amount_ksek"])) for row in rows] == published_rows()


def test_a_fee_letter_states_population_share_and_fee(client, demo_finance, kalle, tmp_path):
    client.force_login(kalle)
    response = client.get(reverse("fee_letter", args=[2024, "kalmar"]))
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    text = _flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert "Region Kalmar län" in text
    assert "248 000" in text and "2,35 %" in text and "248 000 kr" in text


def test_years_are_compared_on_the_finance_page(finance_client):
    html = _flat(finance_client.get(reverse("finance_home")).content.decode())
    # 2024 opens with 4 120 and closes with 1 938, which 2025 opens with as prepaid income.
    assert re.search(r"2024</a></td><td>Stängt</td>\s*<td class=\"num\">4 120</td><td class=\"num\">10 538</td>"
                     r"<td class=\"num\">12 720</td><td class=\"num\">1 938</td>", html)  # fmt: skip
    assert re.search(r"2025</a></td><td>Utkast</td>\s*<td class=\"num\">1 938</td>", html)
    assert re.search(r"2023</a></td><td>Fastställt</td>\s*<td class=\"num\">0</td><td class=\"num\">10 000</td>", html)


def test_the_year_page_shows_each_regions_share_in_percent(finance_client):
    html = _flat(finance_client.get(reverse("fiscal_year_detail", args=[2024])).content.decode())
    # Stockholm: 2 440 000 of 10 538 000 inhabitants in the demo basis = 23,15 %
    assert re.search(r"<td>Region Stockholm</td><td class=\"num\">2 440 000</td><td class=\"num\">23,15</td>", html)
