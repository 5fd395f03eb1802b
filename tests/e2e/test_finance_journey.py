"""Finance imports the population basis, allocates the fees, adopts them and downloads the statement."""

import csv
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from ekonomi.models import Fee, FiscalYear
from regions.access import Role
from regions.models import Region
from regions.reference import load_reference_data
from tests.e2e.test_journeys import _log_in
from tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _scb_table(path):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["region", "year", "population"])
        for index, region in enumerate(Region.objects.order_by("county_code")):
            writer.writerow([f"{region.county_code} {region.name}", 2025, 100_000 + index * 50_000])
    return path


def test_finance_imports_allocates_adopts_and_downloads(live_server, page, screenshot, tmp_path):
    load_reference_data()
    member(Role.FINANCE, name="Eva Ekonom", email="eva@ekonomi.example")
    FiscalYear.objects.create(year=2026, population_year=2025)

    _log_in(page, live_server, "eva@ekonomi.example")
    # Finance starts on its work: the fee year whose fees are not allocated yet.
    expect(page.get_by_role("link", name="Avgiftsåret 2026")).to_be_visible()
    expect(page.get_by_text("Utkast: avgifterna är inte fördelade")).to_be_visible()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekonomi")

    page.get_by_role("link", name="Läs in befolkning").click()
    page.get_by_label("Fil med befolkning").set_input_files(str(_scb_table(tmp_path / "befolkning-2025.csv")))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Förhandsgranskning av befolkning-2025.csv")).to_be_visible()
    expect(page.get_by_role("cell", name="Ny", exact=True)).to_have_count(21)
    page.get_by_role("button", name="Bekräfta inläsningen").click()
    expect(page.get_by_role("status")).to_contain_text("21 nya")

    page.get_by_role("link", name="2026").click()
    page.get_by_label("Totalbelopp att fördela (kr)").fill("10000000")
    page.get_by_role("button", name="Fördela", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("fördelade på 21 regioner")
    page.get_by_role("button", name="Fastställ fördelningen").click()
    expect(page.get_by_role("status")).to_contain_text("Fördelningen för 2026 är fastställd")
    screenshot("fiscal-year")

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX – årsbokslutet 2026", exact=True).click()
    assert xlsx_download.value.suggested_filename == "preliminar-2026.xlsx"  # adopted, not closed
    with open(xlsx_download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    fees = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Avgift"]
    assert len(fees) == 21 and sum(row[3] for row in fees) == 10_000_000

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF – årsbokslutet 2026", exact=True).click()
    assert pdf_download.value.suggested_filename == "preliminar-2026.pdf"
    with open(pdf_download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert Fee.objects.unscoped().filter(fiscal_year__year=2026).count() == 21
