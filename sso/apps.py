from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Inloggning via regionernas identitetstjänster")

    def ready(self):
        from base.registry import register_sign_in_elsewhere
        from sso import access, signals  # noqa: F401

        register_sign_in_elsewhere(access.provider_instead_of_password)
