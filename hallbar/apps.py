from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class HallbarConfig(AppConfig):
    default = True
    name = "hallbar"
    verbose_name = _("Hållbar Upphandling")

    def ready(self):
        from hallbar import signals  # noqa: F401  (connects the security log)


class HallbarAdminConfig(admin_apps.AdminConfig):
    """The Django admin, for the secretariat only, behind allauth's login."""

    default = False
    default_site = "hallbar.admin_site.HallbarAdminSite"
