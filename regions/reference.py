"""Reference data of the cooperation, loaded from regions/data/*.csv (idempotent)."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from regions.models import Organisation, ProcurementRegion, Region, RiskArea

DATA_DIR = Path(__file__).resolve().parent / "data"
RISK_AREA_YEAR = 2021


def read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update the reference rows; returns how many rows each file describes."""
    procurement_regions = {}
    for row in read_csv("procurement_regions.csv"):
        procurement_regions[row["letter"]], _ = ProcurementRegion.objects.update_or_create(
            letter=row["letter"],
            defaults={"responsibility_sv": row["responsibility_sv"], "responsibility_en": row["responsibility_en"]},
        )
    regions = read_csv("regions.csv")
    for row in regions:
        Region.objects.update_or_create(
            county_code=row["county_code"],
            defaults={
                "letter_code": row["letter_code"],
                "name": row["name"],
                "short_name": row["short_name"],
                "slug": slugify(row["short_name"]),
                "procurement_region": procurement_regions[row["procurement_region"]],
            },
        )
    risk_areas = read_csv("risk_areas_2021.csv")
    for row in risk_areas:
        RiskArea.objects.update_or_create(
            name_sv=row["name_sv"], year=RISK_AREA_YEAR, defaults={"name_en": row["name_en"]}
        )
    organisations = read_csv("organisations.csv")
    for row in organisations:
        Organisation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "kind": row["kind"],
                "country": row["country"],
            },
        )
    return {
        "procurement_regions": len(procurement_regions),
        "regions": len(regions),
        "risk_areas": len(risk_areas),
        "organisations": len(organisations),
    }
