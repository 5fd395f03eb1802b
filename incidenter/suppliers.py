"""The supplier page's section of incident cases (revisioner.views.SUPPLIER_SECTIONS)."""

from django.utils.translation import gettext_lazy as _

from incidenter.models import Incident

SUPPLIER_PAGE_ROWS = 20


def supplier_incidents(supplier, user):
    """The cases naming the supplier that the reader may see, newest first: one query."""
    incidents = list(
        Incident.objects.visible_to(user)
        .filter(parties__supplier=supplier)
        .select_related("lead_region")
        .distinct()[: SUPPLIER_PAGE_ROWS + 1]
    )
    context = {
        "incidents": incidents[:SUPPLIER_PAGE_ROWS],
        "more": len(incidents) > SUPPLIER_PAGE_ROWS,
        "supplier": supplier,
    }
    return _("Incidentärenden"), "incidenter/supplier_section.html", context
