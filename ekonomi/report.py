"""The annual statement as a section of the annual activity report.

``section(year)`` returns the section's title, template and context, or None when the
year has no fiscal year; the report composer in hallbar renders it in its place.
"""

from django.utils.translation import gettext_lazy as _

from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement

TITLE = _("Årsbokslut")
TEMPLATE = "ekonomi/report_section.html"


def section(year: int) -> dict | None:
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        return None
    return {"title": TITLE, "template": TEMPLATE, "context": {"statement": build_statement(fiscal_year)}}
