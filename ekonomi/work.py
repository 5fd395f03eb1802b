"""What the finances put in the finance role's work queue ("Mitt arbete", base.registry): each fee
year up to this one that is not closed, with what is left to do before it can be."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from base.registry import WorkItem, WorkItemKind, count_and_first, register_work
from ekonomi.models import FiscalYear
from regions.access import is_finance


def _what_is_left(fiscal_year, this_year: int) -> str:
    if fiscal_year.state == FiscalYear.State.DRAFT:
        if not fiscal_year.fee_count:
            return _("Utkast: avgifterna är inte fördelade")
        allocated = ngettext(
            "Utkast: avgifter fördelade för %(count)s region, återstår att fastställa",
            "Utkast: avgifter fördelade för %(count)s regioner, återstår att fastställa",
            fiscal_year.fee_count,
        )
        return allocated % {"count": fiscal_year.fee_count}
    if fiscal_year.year < this_year:
        return _("Fastställt: året är slut och kan stängas")
    return _("Fastställt: stängs när året är slut")


def fee_years_to_close(user, limit):
    this_year = timezone.localdate().year
    years = (
        FiscalYear.objects.exclude(state=FiscalYear.State.CLOSED)
        .filter(year__lte=this_year)
        .annotate(fee_count=Count("fees"))
        .order_by("year")
    )
    count, rows = count_and_first(years, limit)
    items = []
    for fiscal_year in rows:
        label = _("Avgiftsåret %(year)s") % {"year": fiscal_year.year}
        items.append(WorkItem(label, fiscal_year.get_absolute_url(), _what_is_left(fiscal_year, this_year)))
    return count, items


register_work(
    WorkItemKind("fee_years", gettext_lazy("Avgiftsår som inte är stängda"), fee_years_to_close, is_finance, order=90)
)
