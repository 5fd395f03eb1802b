from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidenterConfig(AppConfig):
    """Incident cases: suspected breaches of the contract clauses, their timeline and outcomes."""

    name = "incidenter"
    verbose_name = _("Incidenter")

    def ready(self):
        from incidenter.suppliers import move_incident_parties, supplier_incidents
        from revisioner.signals import supplier_merging
        from revisioner.views import SUPPLIER_SECTIONS

        # Two suppliers merged: the cases naming the source name the target.
        supplier_merging.connect(move_incident_parties, dispatch_uid="incidenter.move_incident_parties")

        # The supplier page lists the supplier's cases the reader may see (revisioner knows nothing of incidents).
        if supplier_incidents not in SUPPLIER_SECTIONS:
            SUPPLIER_SECTIONS.append(supplier_incidents)
