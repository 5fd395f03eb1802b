from django.template.loader import render_to_string

from ekonomi import dashboard, report


def test_the_report_section_carries_the_statement_of_the_year(demo_finance):
    section = report.section(2024)
    html = render_to_string(section["template"], section["context"])
    assert str(section["title"]) == "Årsbokslut"
    assert "12\u00a0720" in html and "\u22121\u00a0938" in html and "Västra Götaland" in html
    assert report.section(1999) is None


def test_the_dashboard_figures_are_the_statements(demo_finance):
    figures = dashboard.figures(2024)
    assert figures["opening_balance"] == 4_120_000
    assert figures["fees"] == 10_538_000
    assert figures["costs"] == 12_720_000
    assert figures["closing_balance"] == 1_938_000
    assert figures["costs_by_line"]["Konsulter och köpta tjänster"] == 4_882_000
    assert dashboard.figures(1999) is None
