"""The annual statement as the last section of the annual activity report."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement


def statement_context(year: int) -> dict | None:
    """The year's statement; a year not closed is titled as preliminary, never "Årsbokslut"."""
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        return None
    statement = build_statement(fiscal_year)
    return {"statement": statement, "title": statement.title} if statement.is_preliminary else {"statement": statement}


register_section(Section("statement", _("Årsbokslut"), "ekonomi/report_section.html", statement_context))
