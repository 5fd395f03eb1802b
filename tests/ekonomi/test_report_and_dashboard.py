import re

from django.template.loader import render_to_string

from base.registry import METRICS, SECTIONS
from base.templatetags.hallbar_format import kr, tkr


def _flat(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def test_the_report_section_carries_the_statement_of_the_year(demo_finance):
    section = SECTIONS["statement"]
    context = section.build(2024)
    text = _flat(render_to_string(section.template, context))
    assert str(section.title) == "Årsbokslut" and "title" not in context
    assert "Summa kostnader 12 720" in text and "Västra Götaland" in text
    # The closing balance as on the page and in every download: one label, one sign.
    assert "Utgående balans 1 938" in text and "UB" not in text and "−1 938" not in text
    assert section.build(1999) is None


def test_a_year_not_closed_is_a_preliminary_statement_in_the_report(demo_finance):
    section = SECTIONS["statement"]
    context = section.build(2025)
    text = _flat(render_to_string(section.template, context))
    assert context["title"] == "Preliminär sammanställning 2025"
    assert "Årsbokslut" not in text and "Preliminär sammanställning 2025" in text
    assert "Summa kostnader –" in text and "Utgående balans –" in text


def test_the_dashboard_figures_are_the_statements(demo_finance):
    years = [2023, 2024, 1999]
    assert METRICS["fees"].values(years) == {2023: 10_000_000, 2024: 10_538_000}
    assert METRICS["costs"].values(years) == {2023: 5_880_000, 2024: 12_720_000}
    assert METRICS["closing_balance"].values(years) == {2023: 4_120_000, 2024: 1_938_000}
    assert METRICS["fees"].link(2024) == "/ekonomi/2024/" and METRICS["fees"].link(1999) is None


def test_only_a_closed_year_has_a_closing_balance_on_the_dashboard(demo_finance):
    assert METRICS["closing_balance"].values([2022, 2023, 2024, 2025]) == {
        2022: 0,
        2023: 4_120_000,
        2024: 1_938_000,
    }


def test_a_year_with_nothing_recorded_has_no_figure_rather_than_zero(demo_finance):
    assert 2025 not in METRICS["fees"].values([2025]) and 2025 not in METRICS["costs"].values([2025])


def test_nothing_recorded_prints_as_a_dash_and_a_recorded_zero_as_zero():
    assert tkr(None) == "–" and kr(None) == "–"
    assert tkr(0) == "0" and kr(0) == "0"
    assert tkr(-1_938_000) == "\u22121\u00a0938" and kr(1_419_000) == "1\u00a0419\u00a0000"
