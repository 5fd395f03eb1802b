"""The year's deepened risk analyses as the report's section on risks and priorities."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from regions.models import Organisation, Region
from riskanalys.models import CategoryPriority, RiskAnalysis
from riskanalys.report_figures import category_tree_figure


def published_analyses(year: int):
    return (
        RiskAnalysis.objects.unscoped()
        .filter(year=year, kind=RiskAnalysis.Kind.DEEPENED, status=RiskAnalysis.Status.PUBLISHED)
        .select_related("category")
        .prefetch_related(
            Prefetch("responsible_regions", queryset=Region.objects.order_by("short_name")),
            Prefetch("responsible_organisations", queryset=Organisation.objects.order_by("name")),
        )
        .order_by("category__name", "product_area")
    )


def risks_context(year: int) -> dict | None:
    analyses = list(published_analyses(year))
    if not analyses:
        return None
    prioritised = list(
        CategoryPriority.objects.filter(start_year__lte=year, end_year__gte=year).select_related("category")
    )
    tree = category_tree_figure(year, {priority.category_id for priority in prioritised})
    return {
        "analyses": analyses,
        "prioritised": [priority.category.name for priority in prioritised],
        "figures": [tree] if tree else [],
    }


register_section(Section("risks", _("Risker och prioriteringar"), "riskanalys/report_section.html", risks_context))
