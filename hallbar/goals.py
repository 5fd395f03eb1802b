"""The goals of the strategy 2023–2025, loaded from hallbar/data/goals_2023_2025.csv (idempotent)."""

import csv
from pathlib import Path

from django.db import transaction

from hallbar.models import Goal

DATA = Path(__file__).resolve().parent / "data" / "goals_2023_2025.csv"
PERIOD = (2023, 2025)

# The metric that measures each goal. Keys not registered yet belong to apps still to come
# (audits, academy); their goals show "no outcome yet" until those apps register them.
METRIC_OF_GOAL = {
    "Antalet uppföljningar ska öka": "follow_ups",
    "Antalet bedömningar av självskattningar ska öka": "self_assessment_reviews",
    "Antalet kontors-/fabriksrevisioner som genomförs av regionerna ska öka": "office_factory_audits",
    "Diplomerade samordnare": "certified_coordinators",
    "Interna introduktionsutbildningar": "introduction_trainings",
    "Webinarier på aktuella teman": "webinars",
    "Leverantörsutbildningar": "supplier_trainings",
    "Kalibrering av revisorer": "auditor_calibrations",
    "Alla nya personer i nätverket": "newcomers_offered_percent",
    "Ökat antal nyheter via webb och sociala medier": "media_articles",
    "Nyhetsbrev med aktuella händelser": "newsletters",
    "Ökat antal besökare på webben": "web_visitors",
    "Ökad spridning av resultaten från uppföljningar": "published_audit_summaries",
}


def _metric_for(text: str) -> str:
    return next((key for start, key in METRIC_OF_GOAL.items() if text.startswith(start)), "")


@transaction.atomic
def load_goals() -> int:
    with open(DATA, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for order, row in enumerate(rows):
        Goal.objects.update_or_create(
            start_year=PERIOD[0],
            end_year=PERIOD[1],
            text=row["goal_sv"],
            defaults={
                "area": row["area"],
                "kind": row["kind"],
                "target": int(row["target_per_year"]) if row["target_per_year"] else None,
                "metric": _metric_for(row["goal_sv"]),
                "order": order,
            },
        )
    return len(rows)
