from django.template.loader import render_to_string

from base.registry import METRICS, SECTIONS


def test_the_report_section_carries_the_statement_of_the_year(demo_finance):
    section = SECTIONS["statement"]
    html = render_to_string(section.template, section.build(2024))
    assert str(section.title) == "Årsbokslut"
    assert "12\u00a0720" in html and "\u22121\u00a0938" in html and "Västra Götaland" in html
    assert section.build(1999) is None


def test_the_dashboard_figures_are_the_statements(demo_finance):
    years = [2023, 2024, 1999]
    assert METRICS["fees"].values(years) == {2023: 10_000_000, 2024: 10_538_000}
    assert METRICS["costs"].values(years)[2024] == 12_720_000
    assert METRICS["closing_balance"].values(years)[2024] == 1_938_000
    assert METRICS["fees"].link(2024) == "/ekonomi/2024/" and METRICS["fees"].link(1999) is None


def test_only_a_closed_year_has_a_closing_balance_on_the_dashboard(demo_finance):
    assert METRICS["closing_balance"].values([2022, 2023, 2024, 2025]) == {2024: 1_938_000}
