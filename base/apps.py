from pathlib import Path

from django import forms
from django.apps import AppConfig, apps
from django.conf import settings
from django.db import models

from base.text import refuse_control_characters

# Every text field of every form refuses control characters (base.text): the project's plain forms,
# its ModelForms, the admin and the login. Set while the app configs are imported, before any
# module of forms is, since a form field copies its class's default validators when it is made.
# EmailField, URLField and SlugField have validators of their own that already refuse them.
forms.CharField.default_validators = [*forms.CharField.default_validators, refuse_control_characters]


def own_models():
    """The models of the project's own apps (not Django's or a library's), their histories included."""
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and ".venv" not in path.relative_to(root).parts:
            yield from config.get_models()


class BaseConfig(AppConfig):
    """Installed so that the kernel's template tags (``hallbar_format``) are found, and so that text
    fields refuse control characters."""

    name = "base"
    label = "base"
    verbose_name = "Base"

    def ready(self):
        # Model validation (full_clean: every ModelForm, the admin) refuses them too. Appended to the
        # field's validators, not to the ones it was declared with, so no migration sees it.
        for model in own_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField) and (
                    refuse_control_characters not in field.validators
                ):
                    field.validators.append(refuse_control_characters)
