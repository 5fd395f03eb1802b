"""Demo data: the five harmonised requirements and guidance documents of 2024 (krav/data), the
supplier code of conduct and the due-diligence clauses with their clauses, and the priority list.
No uptake is recorded: the activity report gives no region's use of them, so none is invented."""

import csv
import datetime
from pathlib import Path

from django.db import transaction

from krav import services
from krav.models import PriorityEntry, Requirement, RequirementVersion
from riskanalys.models import Category

DATA = Path(__file__).resolve().parent / "data" / "harmonised_requirements_2024.csv"
ADOPTED_2024 = datetime.datetime(2024, 10, 1, tzinfo=datetime.UTC)

KIND_OF = {
    "Sårvård och kompression": Requirement.Kind.CHEMICALS,
    "Inkontinens (absorberande och avledande)": Requirement.Kind.CHEMICALS,
    "Läkemedel": Requirement.Kind.ENVIRONMENT_OTHER,
    "Systematiskt miljöarbete": Requirement.Kind.ENVIRONMENTAL_MANAGEMENT,
}
CODE_OF_CONDUCT_CLAUSES = [
    ("1", "Mänskliga rättigheter", "Leverantören respekterar de mänskliga rättigheterna i hela leveranskedjan."),
    ("2", "Arbetsrätt", "Inget tvångsarbete eller barnarbete, rätt att organisera sig, skäliga löner och arbetstider."),
    ("3", "Miljö", "Leverantören arbetar systematiskt för att minska sin miljöpåverkan."),
    ("4", "Affärsetik", "Ingen korruption, inga mutor och ingen otillbörlig påverkan."),
]
DUE_DILIGENCE_CLAUSES = [
    ("5", "Riskanalys av leveranskedjan", "Leverantören kartlägger och bedömer riskerna i sin leveranskedja."),
    ("6", "Åtgärder och uppföljning", "Leverantören förebygger, begränsar och följer upp identifierade risker."),
    ("7", "Hantering av avvikelser", "Avvikelser åtgärdas med tidsatta åtgärdsplaner och gottgörelse vid behov."),
    ("8", "Kommunikation och dokumentation", "Leverantören redovisar sitt arbete och kan visa underlag på begäran."),
]


def _adopted(requirement, text, clauses=()):
    version = services.propose(acting_user=None, requirement=requirement, text=text, clauses=clauses)
    RequirementVersion.objects.filter(pk=version.pk).update(
        status=RequirementVersion.Status.ADOPTED, adopted_at=ADOPTED_2024, consultation_opened_at=ADOPTED_2024
    )
    return RequirementVersion.objects.get(pk=version.pk)


def _requirements_2024():
    versions = []
    with open(DATA, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            area = row["product_area"]
            if area.startswith("Uppförandekod"):
                kind, clauses = Requirement.Kind.DUE_DILIGENCE, CODE_OF_CONDUCT_CLAUSES + DUE_DILIGENCE_CLAUSES
            else:
                kind, clauses = KIND_OF.get(area, Requirement.Kind.ENVIRONMENT_OTHER), []
            requirement = Requirement(title=area, kind=kind, responsible=row["responsible"])
            requirement.general = row["category"].startswith("Generellt")
            text = f"Harmoniserat krav för {area.lower()}, framtaget {row['year']} enligt kansliets handbok."
            version = _adopted(requirement, text, clauses)
            category = (
                Category.objects.filter(name=area).first() or Category.objects.filter(name=row["category"]).first()
            )
            if category:
                requirement.categories.add(category)
            versions.append(version)
    return versions


@transaction.atomic
def seed():
    if Requirement.objects.exists():
        return []
    _requirements_2024()
    # No uptake: the activity report gives no region's use of the 2024 requirements, so the demo
    # records none (the matrix waits for the regions, and the report prints no share).
    for position, title in enumerate(["Textilier", "Medicintekniska engångsprodukter", "Livsmedel"], start=1):
        requirement = Requirement.objects.create(title=title, kind=Requirement.Kind.CLIMATE, responsible="Kansliet")
        PriorityEntry.objects.create(
            start_year=2024, end_year=2026, position=position, requirement=requirement, status="Planerad"
        )
    return []
