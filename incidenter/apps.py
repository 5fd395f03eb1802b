from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidenterConfig(AppConfig):
    """Incident cases: filled by its own issue; registered from the start so the layout is fixed."""

    name = "incidenter"
    verbose_name = _("Incidenter")
