from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EkonomiConfig(AppConfig):
    """Finance: filled by its own issue; registered from the start so the layout is fixed."""

    name = "ekonomi"
    verbose_name = _("Ekonomi")
