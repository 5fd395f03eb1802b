from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionerConfig(AppConfig):
    """Audits: filled by its own issue; registered from the start so the layout is fixed."""

    name = "revisioner"
    verbose_name = _("Revisioner")
