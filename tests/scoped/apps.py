from django.apps import AppConfig


class ScopedConfig(AppConfig):
    name = "tests.scoped"
    label = "scoped"
