"""The supplier page's section of incident cases (revisioner.views.SUPPLIER_SECTIONS)."""

from django.utils.translation import gettext_lazy as _

from base.history import record_acting_user
from incidenter.models import Incident, InvolvedParty

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


def move_incident_parties(sender, *, source, target, acting_user, **kwargs):
    """revisioner.signals.supplier_merging: a case naming the source names the target (once: a case
    naming both keeps its row of the target)."""
    for party in InvolvedParty.objects.filter(supplier=source):
        record_acting_user(party, acting_user)
        if InvolvedParty.objects.filter(incident_id=party.incident_id, supplier=target).exists():
            party.delete()
        else:
            party.supplier = target
            party.save(update_fields=["supplier"])
