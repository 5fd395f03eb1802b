"""The uptake matrix: adopted requirement versions × the 21 regions, with national coverage."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from krav.models import RequirementVersion, Uptake
from regions.models import Region


@dataclass
class Cell:
    region: Region
    uptake: Uptake | None
    url: str = ""  # where the region's contact changes it, for those who may
    contracts: int = 0  # the region's contracts that carry the version
    contracts_url: str = ""  # the contract list, filtered to those


@dataclass
class Row:
    version: RequirementVersion
    cells: list[Cell]  # one per region, in the order of the columns

    @property
    def coverage(self) -> float | None:
        """The share of the regions that use the requirement in new contracts, fully or partly; None
        (printed "–") while no region has answered for it: not recorded is not 0 %."""
        if not any(cell.uptake for cell in self.cells):
            return None
        using = sum(1 for cell in self.cells if cell.uptake and cell.uptake.used in ("yes", "partly"))
        return using / len(self.cells)


def adopted_versions(category=None, kind=None):
    versions = RequirementVersion.objects.current().select_related("requirement").order_by("requirement__title")
    if category:
        versions = versions.filter(requirement__categories=category)
    if kind:
        versions = versions.filter(requirement__kind=kind)
    return versions


def build_rows(versions, editable=lambda region_ids: frozenset()) -> tuple[list[Region], list[Row]]:
    """Three queries: the regions, the versions (already sliced to a page), their uptakes.
    Cells of the regions that ``editable`` picks from all the region ids link to their form."""
    regions = list(Region.objects.order_by("short_name"))
    versions = list(versions)
    editable = editable([region.pk for region in regions])
    uptakes = {(u.version_id, u.region_id): u for u in Uptake.objects.filter(version__in=versions)}
    contracts = contract_counts(versions)
    url = reverse("uptake_cell", args=[0, "slug"]).removesuffix("0/slug/")  # one reverse for every cell
    contract_list = reverse("contract_list")  # by name: revisioner serves the contracts
    rows = [
        Row(
            version,
            [
                Cell(
                    region,
                    uptakes.get((version.pk, region.pk)),
                    f"{url}{version.pk}/{region.slug}/" if region.pk in editable else "",
                    contracts.get((version.pk, region.pk), 0),
                    f"{contract_list}?region={region.pk}&krav={version.pk}",
                )
                for region in regions
            ],
        )
        for version in versions
    ]
    return regions, rows


def contract_counts(versions) -> dict[tuple[int, int], int]:
    """(version id, region id) → how many of the region's contracts carry the version: one query."""
    rows = (
        RequirementVersion.objects.filter(pk__in=[version.pk for version in versions], contracts__regions__isnull=False)
        .values_list("pk", "contracts__regions")
        .annotate(count=Count("contracts", distinct=True))
        .order_by()
    )
    return {(version_id, region_id): count for version_id, region_id, count in rows}
