"""What incident cases put in a person's work queue ("Mitt arbete", base.registry): the open cases
they may work on (incidenter.access: all for the secretariat, those one is named in else) that
have no decision in their timeline yet."""

from django.db.models import Exists, OuterRef
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from base.formats import short_date
from base.registry import WorkItem, WorkItemKind, count_and_first, register_work
from incidenter.models import Incident, TimelineEntry
from regions.access import Capability, has_capability


def records_incidents(user) -> bool:
    return has_capability(user, Capability.RECORD_INCIDENTS)


def cases_without_decision(user, limit):
    decided = TimelineEntry.objects.filter(incident=OuterRef("pk"), kind=TimelineEntry.Kind.DECISION)
    cases = (
        Incident.objects.editable_by(user)
        .filter(status=Incident.Status.OPEN)
        .exclude(Exists(decided))
        .order_by("created_at", "pk")
    )
    count, rows = count_and_first(cases, limit)
    language = get_language() or "sv"
    detail = _("Öppnat %(date)s")
    return count, [
        WorkItem(case.title, case.get_absolute_url(), detail % {"date": short_date(case.created_at.date(), language)})
        for case in rows
    ]


register_work(
    WorkItemKind(
        "incidents_without_decision",
        gettext_lazy("Incidentärenden utan beslut"),
        cases_without_decision,
        records_incidents,
        order=45,
    )
)
