"""What the steering group finds in its work queue ("Mitt arbete", base.registry): the goals of
the strategy that are off track this year, each with its figure and its target, linked to the
dashboard (hallbar.dashboard, the same evaluation the dashboard and the report show)."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.formats import grouped
from base.registry import WorkItem, WorkItemKind, register_work
from hallbar.dashboard import goal_rows
from hallbar.models import Goal
from regions.access import is_steering


def _figure(value) -> str:
    return "–" if value is None else grouped(value)


def _detail(row) -> str:
    figures = {"value": _figure(row.value), "previous": _figure(row.previous)}
    if row.goal.kind == Goal.Kind.INCREASE:
        return _("Utfall %(value)s, året före %(previous)s") % figures
    if row.goal.kind == Goal.Kind.ALL_OFFERED:
        return _("Utfall %(value)s %%, mål 100 %%") % figures
    return _("Utfall %(value)s, mål %(target)s") % {**figures, "target": _figure(row.goal.target)}


def _year_followed_up() -> int:
    """This year, or the last year of the latest strategy when it has ended (no new goals yet)."""
    this_year = timezone.localdate().year
    last = Goal.objects.filter(start_year__lte=this_year).aggregate(last=Max("end_year"))["last"]
    return min(this_year, last) if last else this_year


def goals_off_track(user, limit):
    year = _year_followed_up()
    rows, _series, _years = goal_rows(year)
    off = [row for row in rows if row.status == "not_met"]
    url = reverse("steering_dashboard") + f"?year={year}"
    items = [WorkItem(row.goal.text, row.link or url, f"{year} · {_detail(row)}") for row in off[:limit]]
    return len(off), items


register_work(
    WorkItemKind(
        "goals_off_track",
        gettext_lazy("Mål som inte nås"),
        goals_off_track,
        is_steering,
        order=5,
        more_url=lambda user: reverse("steering_dashboard"),
    )
)
