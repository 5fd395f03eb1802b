from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidenterConfig(AppConfig):
    """Incident cases: suspected breaches of the contract clauses, their timeline and outcomes."""

    name = "incidenter"
    verbose_name = _("Incidenter")

    def ready(self):
        from incidenter.suppliers import supplier_incidents
        from revisioner.views import SUPPLIER_SECTIONS

        # The supplier page lists the supplier's cases the reader may see (revisioner knows nothing of incidents).
        if supplier_incidents not in SUPPLIER_SECTIONS:
            SUPPLIER_SECTIONS.append(supplier_incidents)
