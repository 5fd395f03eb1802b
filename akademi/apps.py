from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkademiConfig(AppConfig):
    """Academy: filled by its own issue; registered from the start so the layout is fixed."""

    name = "akademi"
    verbose_name = _("Akademi")
