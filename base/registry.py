"""What the apps contribute to the steering dashboard and the annual report.

Each app's ``dashboard.py`` registers its metrics and its ``report.py`` its section of
the annual report; hallbar imports those modules at start (``HallbarConfig.ready``) and
composes them, but never queries another app's tables itself. The dashboard and the
report read the same registered figures, so they cannot disagree.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    # The values for the given years, {year: value}; a year without data is left out.
    # One call serves every year, so a page's queries do not grow with the years shown.
    values: Callable[[Sequence[int]], dict[int, int]]
    unit: str = ""
    # Where the records behind a year's figure are, or None.
    link: Callable[[int], str | None] | None = None
    in_brief: bool = False  # one of the key figures of "the year in brief"
    order: int = 100


@dataclass(frozen=True)
class Section:
    key: str  # one of SECTION_ORDER
    title: str
    template: str
    # The section's context for a year, or None when the year has nothing to report. A "title" in the
    # context replaces the section's title for that year.
    build: Callable[[int], dict | None]


# The order of the 2024 activity report.
SECTION_ORDER = [
    ("year_in_brief", _("Året i korthet")),
    ("goals", _("Mål och utfall")),
    ("risks", _("Risker och prioriteringar")),
    ("requirements", _("Harmoniserade krav")),
    ("audits", _("Uppföljning av leverantörer")),
    ("incidents", _("Incidenter")),
    ("training", _("Kompetensutveckling")),
    ("cooperation", _("Nationell och internationell samverkan")),
    ("communication", _("Kommunikation")),
    ("organisation", _("Organisation och resurser")),
    ("statement", _("Årsbokslut")),
    ("back_page", _("Baksida")),  # text only: printed on the report's back page
]
SECTION_KEYS = [key for key, _title in SECTION_ORDER]

METRICS: dict[str, Metric] = {}
SECTIONS: dict[str, Section] = {}


def register_metric(metric: Metric) -> Metric:
    METRICS[metric.key] = metric
    return metric


def register_section(section: Section) -> Section:
    if section.key not in SECTION_KEYS:
        raise ValueError(f"Unknown report section {section.key!r}; the order is {SECTION_KEYS}")
    SECTIONS[section.key] = section
    return section


def metrics_in_order() -> list[Metric]:
    return sorted(METRICS.values(), key=lambda metric: (metric.order, metric.key))


# The work queue ("Mitt arbete") ----------------------------------------------------------------
#
# Each app's ``work.py`` registers the kinds of item it puts in a person's queue; the start page
# (hallbar) lists them, most urgent first, without knowing the rules. Who gets which item is the
# app's access.py: ``applies`` is one of its predicates and ``items`` reads through its querysets.


@dataclass(frozen=True)
class WorkItem:
    label: str
    url: str
    detail: str = ""  # e.g. the due date, the supplier


@dataclass(frozen=True)
class WorkItemKind:
    key: str
    label: str  # the heading of the kind's lines, e.g. "Försenade åtgärder"
    # The person's items of this kind: (how many in all, the first ``limit`` as WorkItems), read
    # with one query however many there are (``count_and_first``).
    items: Callable[[object, int], tuple[int, Sequence[WorkItem]]]
    # Whether the kind concerns the person at all (a predicate of an access.py); none is asked else.
    applies: Callable[[object], bool] = lambda user: True
    order: int = 100  # urgency: the lower, the higher in the queue
    # Where all of the kind's items are listed (a list page with its filters set), for "… and N more".
    more_url: Callable[[object], str] | None = None


WORK_KINDS: dict[str, WorkItemKind] = {}


def register_work(kind: WorkItemKind) -> WorkItemKind:
    WORK_KINDS[kind.key] = kind
    return kind


def work_kinds_in_order() -> list[WorkItemKind]:
    return sorted(WORK_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def count_and_first(queryset, limit: int) -> tuple[int, list]:
    """How many rows ``queryset`` has and its first ``limit``, in one query: each row carries the
    total, counted by a subquery of the rows' own table (without the tables ``select_related``
    joins for display), which the database computes once; no row means none. Rows that are
    groups (an aggregate among the annotations) carry ``COUNT(*) OVER ()`` instead.

    (A ``COUNT(*) OVER ()`` window would count the same, but the database must then join every
    row, not only the first ``limit``: 5 000 overdue actions at national scale cost 60 ms so.)"""
    from django.db.models import Count, F, Func, IntegerField, Subquery, Window

    grouped = any(getattr(value, "contains_aggregate", False) for value in queryset.query.annotations.values())
    if grouped:  # rows that are groups are counted as groups
        total = Window(Count("pk"))
    else:
        total = Subquery(queryset.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField())))
    rows = list(queryset.annotate(work_total=total)[:limit])
    return (rows[0].work_total if rows else 0), rows


# Signing in elsewhere ------------------------------------------------------------------------
# A person whose region signs its people in through its own identity provider has no password
# here: the invitation says where to sign in instead. The app that knows (sso) registers the
# question; it answers with the name of the login page's button, or None for a password.

SIGN_IN_ELSEWHERE: list[Callable[[object], str | None]] = []


def register_sign_in_elsewhere(answer: Callable[[object], str | None]) -> None:
    if answer not in SIGN_IN_ELSEWHERE:
        SIGN_IN_ELSEWHERE.append(answer)


def sign_in_elsewhere(user) -> str | None:
    """The name of the identity provider ``user`` signs in through, or None if it is a password."""
    for answer in SIGN_IN_ELSEWHERE:
        name = answer(user)
        if name:
            return name
    return None
