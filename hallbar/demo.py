"""Demo data of the programme: the strategy's goals, the figures entered by hand for 2023 and
2024 (hallbar/data/communication.csv) and the secretariat's texts for the 2024 report. The audits
of a year the records do not cover (2023: the seeds give only the total, 42) are entered as the
total of the audits performed ("follow_ups"), with its source; a year with records counts them."""

import csv
from pathlib import Path

from django.db import transaction

from hallbar.dashboard import MANUAL_METRICS
from hallbar.demo_goals import seed_goal_assessments
from hallbar.goals import load_goals
from hallbar.models import MetricValue, ReportText
from revisioner.models import Audit

COMMUNICATION = Path(__file__).resolve().parent / "data" / "communication.csv"
SOURCE = "Verksamhetsrapport 2024"  # where the demo's hand-entered figures are published
AUDITS_PERFORMED = "follow_ups"  # the metric of the audits performed (revisioner/dashboard.py)

# The secretariat's texts for the 2024 report, one Markdown file per chapter (hallbar.report_texts):
# the year of the seeds told in the demo's own words, with the figures the seeds give.
TEXTS_2024 = Path(__file__).resolve().parent / "data" / "report_texts_2024"
NOTES_2024 = {"year_in_brief": "Kom ihåg att stämma av siffrorna med styrgruppen före publicering."}


def report_texts_2024() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8").strip() for path in sorted(TEXTS_2024.glob("*.md"))}


@transaction.atomic
def seed():
    load_goals()
    seed_goal_assessments(2024)
    manual = {key for key, _label in MANUAL_METRICS}
    recorded = set(Audit.objects.unscoped().performed().values_list("year", flat=True).distinct())
    with open(COMMUNICATION, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            for year in (2023, 2024):
                if not row[str(year)]:
                    continue
                if row["metric"] == "audits_total":
                    if year in recorded:
                        continue  # the audits come from the records once they exist
                    metric = AUDITS_PERFORMED
                elif row["metric"] in manual:
                    metric = row["metric"]
                else:
                    continue
                MetricValue.objects.get_or_create(
                    metric=metric, year=year, defaults={"value": int(row[str(year)]), "source": SOURCE}
                )
    for section, text in report_texts_2024().items():
        ReportText.objects.get_or_create(
            year=2024, section=section, defaults={"text": text, "internal_note": NOTES_2024.get(section, "")}
        )
    return []
