"""The 2024 activity report built from the demo data, read back with pdftotext."""

import re
import subprocess

import pytest
from django.core.management import call_command

from hallbar.models import ReportText
from hallbar.report import build_report_pdf, compose
from regions.models import Region


def pdf_text(pdf: bytes, tmp_path, *, layout=True) -> str:
    """The PDF's text: laid out as on the page (tables by row), or in reading order (cells whole)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    mode = ["-layout"] if layout else []
    text = subprocess.run(["pdftotext", *mode, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


@pytest.fixture
def report_pdf(demo_programme):
    return build_report_pdf(2024)


@pytest.fixture
def report_2024(report_pdf, tmp_path):
    return pdf_text(report_pdf, tmp_path)


@pytest.fixture
def report_2024_in_reading_order(report_pdf, tmp_path):
    return " ".join(pdf_text(report_pdf, tmp_path, layout=False).split())


def test_the_report_has_a_cover_contents_and_page_numbers(report_2024):
    assert "Verksamhetsrapport 2024" in report_2024
    for title in ("Året i korthet", "Kommunikation", "Nationell och internationell samverkan", "Årsbokslut"):
        assert re.search(rf"{title} ?\.{{5,}} ?\d", report_2024), title
    # The running footer names the report's year, not the year it was built.
    assert re.search(r"Verksamhetsrapport 2024 +2 \(\d+\)", report_2024)


def test_the_statement_carries_the_published_figures_with_one_sign_for_the_closing_balance(report_2024):
    # Income and costs stand side by side: a line of the page may hold one of each, so read label and amount.
    lines = [line.strip() for line in report_2024.splitlines()]
    flat = f" {' '.join(lines)} "
    assert " Ingående balans 4 120 " in flat and " Summa intäkter 14 658 " in flat
    assert " Summa kostnader 12 720 " in flat
    # The surplus carried to 2025: as on the finance pages and in the downloads, never "UB −1 938".
    assert " Utgående balans 1 938 " in flat and not any("−1 938" in line for line in lines)


def test_every_one_of_the_21_regions_is_named(report_2024_in_reading_order):
    flat = report_2024_in_reading_order
    for name in Region.objects.values_list("name", flat=True):
        assert name in flat, name
    assert "samtliga 21 regioner" in flat


def test_the_year_in_brief_and_communication_come_from_the_figures(demo_programme, report_2024):
    brief = " ".join(re.sub(r"<[^>]+>", " ", compose(2024)[0].html).replace("\u00a0", " ").split())
    assert "Artiklar i media 13" in brief and "Avgifter från regionerna 10 538 tkr" in brief
    assert "Kostnader 12 720 tkr" in brief and "Följare på LinkedIn 1 700" in brief
    flat = " ".join(report_2024.split())
    assert "10 538 tkr" in flat and "12 720 tkr" in flat
    assert re.search(r"Prenumeranter på nyhetsbrevet 103 198", flat)


def test_the_secretariats_text_is_printed_and_its_internal_notes_are_not(demo_programme, tmp_path):
    ReportText.objects.filter(year=2024, section="year_in_brief").update(internal_note="glöm ej ta med observatör")
    text = " ".join(pdf_text(build_report_pdf(2024), tmp_path).split())
    assert "Under 2024 växte samarbetet" in text
    assert "glöm ej" not in text and "stämma av siffrorna" not in text


def test_sections_follow_the_order_of_the_2024_report_and_absent_apps_are_left_out(demo_programme):
    keys = [section.key for section in compose(2024)]
    assert keys == [
        "year_in_brief", "goals", "risks", "requirements", "audits", "incidents", "training", "cooperation",
        "communication", "organisation", "statement", "back_page",
    ]  # fmt: skip


def test_a_year_without_records_has_only_the_cooperation(demo_programme):
    assert [section.key for section in compose(2019)] == ["cooperation"]


def test_the_command_builds_the_same_document(demo_programme, tmp_path):
    output = tmp_path / "rapport.pdf"
    call_command("activity_report", "2024", "-o", str(output))
    text = pdf_text(output.read_bytes(), tmp_path)
    assert "Verksamhetsrapport 2024" in text and "Summa kostnader 12 720" in text


def test_the_report_draws_the_newsletters_reach_as_on_the_dashboard(demo_programme, report_2024_in_reading_order):
    section = next(section for section in compose(2024) if section.key == "communication")
    assert "<svg" in section.html and 'role="img"' in section.html
    assert "Prenumeranter på nyhetsbrevet 2022–2024" in report_2024_in_reading_order


def test_the_three_deepened_risk_analyses_of_2024_are_listed(report_2024_in_reading_order):
    text = report_2024_in_reading_order
    assert "3 fördjupade riskanalyser" in text
    for product_area in ("Skyddsrockar", "Energianvändning", "Tandvård och ortodonti"):
        assert product_area in text
    assert "Jämtland Härjedalen, Norrbotten, Västerbotten, Västernorrland" in text
    assert "Västmanland, Örebro, Varuförsörjningen" in text or "Örebro, Västmanland, Varuförsörjningen" in text


def test_the_five_harmonised_requirements_of_2024_are_listed(report_2024_in_reading_order):
    text = report_2024_in_reading_order
    assert "5 harmoniserade krav och vägledningar" in text
    for product_area in ("Sårvård och kompression", "Inkontinens (absorberande och avledande)", "Läkemedel",
                         "Systematiskt miljöarbete", "Uppförandekod och krav på tillbörlig aktsamhet"):  # fmt: skip
        assert product_area in text
    assert "Generellt för prioriterade kategorier" in text and "Kansliet/Adda Inköpscentral" in text


def test_a_year_not_closed_has_dashes_for_nothing_and_a_preliminary_statement(demo_programme, tmp_path):
    """2025 is in draft: its fees and costs are not recorded, so the report shows "–" as the dashboard does."""
    sections = {section.key: section for section in compose(2025)}
    assert sections["statement"].title == "Preliminär sammanställning 2025"
    text = " ".join(pdf_text(build_report_pdf(2025), tmp_path).split())
    assert "Preliminär sammanställning 2025" in text and "Årsbokslut" not in text
    assert "Utgående balans –" in text and " 0 tkr" not in text
