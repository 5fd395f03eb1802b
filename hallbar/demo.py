"""Demo data of the programme: the strategy's goals, the figures entered by hand for 2023 and
2024 (hallbar/data/communication.csv) and the secretariat's texts for the 2024 report."""

import csv
from pathlib import Path

from django.db import transaction

from hallbar.dashboard import MANUAL_METRICS
from hallbar.demo_goals import seed_goal_assessments
from hallbar.goals import load_goals
from hallbar.models import MetricValue, ReportText

COMMUNICATION = Path(__file__).resolve().parent / "data" / "communication.csv"
SOURCE = "Verksamhetsrapport 2024"  # where the demo's hand-entered figures are published

TEXTS_2024 = {
    "year_in_brief": (
        "Under 2024 växte samarbetet: fler leverantörer följdes upp, fler regioner ställde "
        "harmoniserade krav och kansliet förstärktes.\n\n"
        "Siffrorna i rapporten hämtas direkt ur systemet.",
        "Kom ihåg att stämma av siffrorna med styrgruppen före publicering.",
    ),
    "cooperation": (
        "Samarbetet med inköpscentraler och andra länders upphandlande organisationer fortsatte, "
        "bland annat i gemensamma granskningar av leveranskedjor.",
        "",
    ),
}


@transaction.atomic
def seed():
    load_goals()
    seed_goal_assessments(2024)
    manual = {key for key, _label in MANUAL_METRICS}
    with open(COMMUNICATION, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["metric"] not in manual:
                continue  # the audits come from the records once they exist
            for year in (2023, 2024):
                if row[str(year)]:
                    MetricValue.objects.get_or_create(
                        metric=row["metric"],
                        year=year,
                        defaults={"value": int(row[str(year)]), "source": SOURCE},
                    )
    for section, (text, note) in TEXTS_2024.items():
        ReportText.objects.get_or_create(year=2024, section=section, defaults={"text": text, "internal_note": note})
    return []
