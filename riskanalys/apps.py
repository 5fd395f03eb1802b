from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskanalysConfig(AppConfig):
    """Risk analyses: filled by its own issue; registered from the start so the layout is fixed."""

    name = "riskanalys"
    verbose_name = _("Riskanalys")
