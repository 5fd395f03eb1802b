from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SjalvskattningConfig(AppConfig):
    """Self-assessments answered by the suppliers themselves: questionnaires from the assessment
    template, answers with evidence, the coordinators' review; and the supplier's own pages."""

    name = "sjalvskattning"
    verbose_name = _("Självskattningar")
