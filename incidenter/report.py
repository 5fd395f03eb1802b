"""The year's incident cases for the annual report: one paragraph per case handled in the year,
from its summary for publication only. A case's description, timeline and internal text are never
read here. An open confidential case is only counted: its title may itself say too much."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from incidenter.models import Incident


def incidents_context(year: int) -> dict | None:
    handled_in_year = Incident.objects.unscoped().handled_in(year)
    handled = list(
        handled_in_year.order_by("opened_on", "pk").only(
            "pk", "title", "summary", "status", "visibility", "opened_on", "closed_on"
        )
    )
    if not handled:
        return None
    published = set(handled_in_year.published().values_list("pk", flat=True))
    cases = [
        {"title": incident.public_title, "summary": incident.summary, "closed": not incident.is_open}
        for incident in handled
        if incident.pk in published
    ]
    return {"year": year, "total": len(handled), "cases": cases, "unpublished": len(handled) - len(cases)}


register_section(Section("incidents", _("Incidenter"), "incidenter/report_section.html", incidents_context))
