from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KravConfig(AppConfig):
    """Harmonised requirements: filled by its own issue; registered from the start so the layout is fixed."""

    name = "krav"
    verbose_name = _("Krav")
