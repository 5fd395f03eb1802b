"""The annual statement as the last section of the annual activity report."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from ekonomi.models import FiscalYear
from ekonomi.report_figures import fees_by_region_figure
from ekonomi.statement import build_statement


def statement_context(year: int) -> dict | None:
    """The year's statement; a year not closed is titled as preliminary, never "Årsbokslut"."""
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        return None
    statement = build_statement(fiscal_year)
    fees = fees_by_region_figure(statement)
    context = {"statement": statement, "figures": [fees] if fees else []}
    return {**context, "title": statement.title} if statement.is_preliminary else context


register_section(Section("statement", _("Årsbokslut"), "ekonomi/report_section.html", statement_context))
