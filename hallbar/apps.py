from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class HallbarConfig(AppConfig):
    default = True
    name = "hallbar"
    verbose_name = _("Hållbar Upphandling")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from hallbar import signals  # noqa: F401  (connects the security log)

        # Each app's dashboard.py registers its metrics and its report.py its report section; its
        # tasks.py its Celery tasks, which services hand over by name (base.jobs.enqueue), so every
        # process that enqueues, not only a worker, must know them. Its work.py the kinds of item of the
        # work queue on the start page ("Mitt arbete").
        autodiscover_modules("dashboard", "report", "tasks", "work")


class HallbarAdminConfig(admin_apps.AdminConfig):
    """The Django admin, for the secretariat only, behind allauth's login."""

    default = False
    default_site = "hallbar.admin_site.HallbarAdminSite"
