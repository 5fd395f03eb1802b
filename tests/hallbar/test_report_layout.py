"""The activity report's pages as the steering group reads them: a cover with the year and the day of
publication, a footer with the report's year and the page number on every page between cover and back
page, no page left nearly empty, income and costs side by side, and a back page."""

import datetime
import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from hallbar.report import build_report_pdf

FOOTER_HEIGHT = 24 * 72 / 25.4  # the bottom page margin (24 mm) in points, where the footer is


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = []
    for number in range(1, int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]) + 1):
        page = ["-f", str(number), "-l", str(number)]
        command = ["pdftotext", "-layout", *page, str(path), "-"]
        text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        pages.append(re.sub(r"[ \u00a0\u202f]+", " ", text))
    return pages


def _filled(pdf: bytes, tmp_path) -> list[float]:
    """How far down each page its text reaches (0 to 1), the footer left out."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    filled = []
    for page in re.findall(r"<page [^>]*height=\"([\d.]+)\">(.*?)</page>", html, re.S):
        height = float(page[0])
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page[1]) if float(y) < height - FOOTER_HEIGHT]
        filled.append(max(bottoms, default=0) / height)
    return filled


@pytest.fixture
def report(demo_programme):
    return build_report_pdf(2024, published_on=datetime.date(2025, 3, 14))


def test_the_cover_back_page_and_footer_carry_the_reports_year_and_publication_date(report, tmp_path):
    pages = _pages(report, tmp_path)
    total = len(pages)
    cover, back = pages[0], pages[-1]
    assert "Verksamhetsrapport 2024" in cover and "Publicerad 14 mars 2025" in cover
    assert not re.search(r"\d+ \(\d+\)", cover), "the cover has no footer"
    assert "Hållbar Upphandling" in back and "Verksamhetsrapport 2024, publicerad 14 mars 2025." in back
    assert not re.search(r"\d+ \(\d+\)\s*$", back), "the back page has no footer"
    for number, text in enumerate(pages[1:-1], start=2):
        footer = text.strip().splitlines()[-1]
        # The year the report is about, on every page: never the year it was built.
        assert re.fullmatch(rf"\s*Verksamhetsrapport 2024 {number} \({total}\)", footer), (number, footer)


def test_the_cover_gives_the_day_set_for_publication_or_else_the_day_it_was_built(demo_programme, tmp_path):
    output = tmp_path / "rapport.pdf"
    call_command("activity_report", "2024", "-o", str(output), "--published", "2025-03-14", stdout=io.StringIO())
    assert "Publicerad 14 mars 2025" in _pages(output.read_bytes(), tmp_path)[0]
    cover = _pages(build_report_pdf(2024), tmp_path)[0]
    assert f"Publicerad {date_filter(timezone.localdate(), 'j F Y')}" in cover


def test_no_page_between_cover_and_back_page_is_left_nearly_empty(report, tmp_path):
    filled = _filled(report, tmp_path)
    short = [number for number, share in enumerate(filled[1:-1], start=2) if share < 0.25]
    assert not short, f"pages {short} end before a quarter of the page: {filled}"


def test_income_and_costs_stand_side_by_side_on_one_page(report, tmp_path):
    statement = next(text for text in _pages(report, tmp_path) if "Summa intäkter" in text)
    lines = statement.splitlines()
    income = ("Intäkter", "Ingående balans", "Blekinge", "Dalarna", "Gotland", "Gävleborg")
    costs = ("Kostnader", "Personalkostnader", "Resekostnader", "Summa kostnader")
    assert any(any(i in line for i in income) and any(c in line for c in costs) for line in lines), statement
    assert "Summa kostnader" in statement and "Utgående balans" in statement


def test_the_statement_its_closing_balance_and_the_fees_drawn_share_one_page(report, tmp_path):
    # No forced page break before the statement: the chapter's text, the table and its figure follow
    # one another, and the fees drawn per region stand beside the income, under the costs.
    pages = _pages(report, tmp_path)
    statement = [number for number, text in enumerate(pages) if "Summa intäkter" in text]
    assert len(statement) == 1
    page = pages[statement[0]]
    assert "Utgående balans" in page and "Regionernas avgifter 2024, tkr" in page
    assert "Årsbokslut" in pages[statement[0] - 1] + page  # the chapter's heading is not pages away
    assert len(pages) <= 20, "the report grew pages: a forced break or a table chained to its paragraph"
