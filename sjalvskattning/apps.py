from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SjalvskattningConfig(AppConfig):
    """Self-assessments answered by the suppliers themselves: questionnaires from the assessment
    template, answers with evidence, the coordinators' review; and the supplier's own pages."""

    name = "sjalvskattning"
    verbose_name = _("Självskattningar")

    def ready(self):
        from revisioner.signals import supplier_merging
        from revisioner.views import SUPPLIER_SECTIONS
        from sjalvskattning.suppliers import move_self_assessments, supplier_self_assessments

        # Two suppliers merged: the source's self-assessments become the target's.
        supplier_merging.connect(move_self_assessments, dispatch_uid="sjalvskattning.move_self_assessments")

        # The supplier page lists its self-assessments (revisioner knows nothing of them).
        if supplier_self_assessments not in SUPPLIER_SECTIONS:
            SUPPLIER_SECTIONS.append(supplier_self_assessments)
