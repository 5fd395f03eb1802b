"""Finance figures for the steering dashboard: the statement's own numbers, per year."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.registry import Metric, register_metric
from ekonomi.models import FiscalYear
from ekonomi.statement import years_compared


def _per_year(field):
    """A figure of the statement per year; a year with nothing recorded is left out (shown as "–")."""

    def values(years):
        fiscal_years = list(FiscalYear.objects.filter(year__in=years))
        rows = years_compared(fiscal_years, opening=False)
        return {row["fiscal_year"].year: row[field] for row in rows if row[field] is not None}

    return values


def _year_page(year):
    return reverse("fiscal_year_detail", args=[year]) if FiscalYear.objects.filter(year=year).exists() else None


register_metric(
    Metric(
        "fees", _("Avgifter från regionerna"), _per_year("fees"), unit="kr", link=_year_page, in_brief=True, order=900
    )
)
register_metric(
    Metric("costs", _("Kostnader"), _per_year("costs"), unit="kr", link=_year_page, in_brief=True, order=901)
)
register_metric(
    # Only a closed year has a closing balance (ekonomi.statement.closing_balance_of).
    Metric(
        "closing_balance",
        _("Utgående balans"),
        _per_year("closing_balance"),
        unit="kr",
        link=_year_page,
        order=902,
    )
)
