"""The year's incident cases for the annual report: one paragraph per case handled in the year,
from its summary for publication only. A case's description, timeline and internal text are never
read here. An open confidential case is only counted: its title may itself say too much."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from incidenter.models import Incident
from regions.access import Visibility


def publishable(incident: Incident) -> bool:
    """Closed cases publish their summary; an open case only when it is shared with the network."""
    return bool(incident.summary) and (not incident.is_open or incident.visibility == Visibility.NETWORK)


def incidents_context(year: int) -> dict | None:
    handled = list(
        Incident.objects.unscoped()
        .handled_in(year)
        .order_by("opened_on", "pk")
        .only("pk", "title", "summary", "status", "visibility", "opened_on", "closed_on")
    )
    if not handled:
        return None
    cases = [
        {
            # A case never shared with the network keeps its title to itself: only the summary was
            # written for publication.
            "title": incident.title
            if incident.visibility == Visibility.NETWORK
            else _("Ärende %(number)s") % {"number": incident.pk},
            "summary": incident.summary,
            "closed": not incident.is_open,
        }
        for incident in handled
        if publishable(incident)
    ]
    return {"year": year, "total": len(handled), "cases": cases, "unpublished": len(handled) - len(cases)}


register_section(Section("incidents", _("Incidenter"), "incidenter/report_section.html", incidents_context))
