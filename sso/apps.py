from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Inloggning via regionernas identitetstjänster")

    def ready(self):
        from sso import signals  # noqa: F401
