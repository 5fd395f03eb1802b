from django.apps import AppConfig


class BaseConfig(AppConfig):
    """Installed so that the kernel's template tags (``hallbar_format``) are found."""

    name = "base"
    label = "base"
    verbose_name = "Base"
