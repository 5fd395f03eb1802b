from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkademiConfig(AppConfig):
    """Academy: filled by its own issue; registered from the start so the layout is fixed."""

    name = "akademi"
    verbose_name = _("Akademi")

    def ready(self):
        # Services hand tasks over by name (base.jobs.enqueue); the web process must know them too,
        # not only a worker that imports every app's tasks when it starts.
        from akademi import tasks  # noqa: F401
