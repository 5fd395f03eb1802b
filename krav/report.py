"""The year's harmonised requirements and guidance as the report's section on requirements."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from krav.models import RequirementVersion
from riskanalys.models import Category


def requirements_context(year: int) -> dict | None:
    versions = list(
        RequirementVersion.objects.filter(adopted_at__year=year)
        .select_related("requirement")
        .prefetch_related("requirement__categories")
        .order_by("requirement__general", "requirement__title")
    )
    if not versions:
        return None
    # The report names the purchasing category of the tree's top level ("Vårdrelaterad utrustning och
    # förbrukningsvaror"), as the published table does, not the product area the requirement is linked to.
    paths = {category.path[: Category.steplen] for v in versions for category in v.requirement.categories.all()}
    roots = dict(Category.objects.filter(path__in=paths).values_list("path", "name"))
    for version in versions:
        names = [
            roots.get(category.path[: Category.steplen], category.name)
            for category in version.requirement.categories.all()
        ]
        version.report_categories = list(dict.fromkeys(names))
    return {"versions": versions}


register_section(Section("requirements", _("Harmoniserade krav"), "krav/report_section.html", requirements_context))
