"""The year's harmonised requirements and guidance as the report's section on requirements."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from krav.models import RequirementVersion


def requirements_context(year: int) -> dict | None:
    versions = list(
        RequirementVersion.objects.filter(adopted_at__year=year)
        .select_related("requirement")
        .prefetch_related("requirement__categories")
        .order_by("requirement__general", "requirement__title")
    )
    return {"versions": versions} if versions else None


register_section(Section("requirements", _("Harmoniserade krav"), "krav/report_section.html", requirements_context))
