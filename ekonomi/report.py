"""The annual statement as the last section of the annual activity report."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement


def statement_context(year: int) -> dict | None:
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    return {"statement": build_statement(fiscal_year)} if fiscal_year else None


register_section(Section("statement", _("Årsbokslut"), "ekonomi/report_section.html", statement_context))
