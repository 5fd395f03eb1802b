"""The cooperation's regions and their procurement regions, for the annual report."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from regions.models import ProcurementRegion, Region


def cooperation_context(year: int) -> dict:
    groups = ProcurementRegion.objects.prefetch_related(Prefetch("regions", queryset=Region.objects.order_by("name")))
    return {"procurement_regions": groups, "region_count": sum(len(group.regions.all()) for group in groups)}


register_section(
    Section(
        "cooperation", _("Nationell och internationell samverkan"), "regions/report_section.html", cooperation_context
    )
)
