"""Demo data: a category tree with the categories the seeds name and the responsibilities of
procurement regions A–H, the priorities 2023–2025, the three deepened risk analyses of 2024
exactly as published (riskanalys/data/risk_analyses_2024.csv), and an action plan per region."""

import csv
import datetime
from pathlib import Path

from django.db import transaction

from regions.access import Visibility
from regions.models import Organisation, ProcurementRegion, Region
from riskanalys.models import ActionPlan, Activity, Category, CategoryPriority, RiskAnalysis, RiskAssessment, Study

DATA = Path(__file__).resolve().parent / "data" / "risk_analyses_2024.csv"

# (category, letters of the responsible procurement regions, children with their letters)
TREE = [
    ("Vårdrelaterad utrustning och förbrukningsvaror", "ADF", [
        ("Kirurgiska instrument", "A"), ("Basal medicinsk utrustning", "A"), ("Sårvård och kompression", "D"),
        ("Tandvård och ortodonti", "D"), ("Inkontinens (absorberande och avledande)", "F"), ("Stomi", "F"),
        ("Generella förbrukningsvaror", "F"), ("Handskar och op-artiklar", "A"),
    ]),
    ("Vårdrelaterad papper & plast", "A", [("Skyddsrockar", "A"), ("Engångsartiklar i plast", "A")]),
    ("MT-bild och funktion", "C", [("Röntgenutrustning", "C"), ("Ultraljud", "C")]),
    ("IT", "C", [("Datorer och kringutrustning", "C"), ("Elektronikkomponenter", "C")]),
    ("Medicinteknik", "G", [("Infusionsteknik", "G"), ("Andningsvård", "G")]),
    ("Läkemedel", "E", []),
    ("Livsmedel", "B", [("Bröd", "B"), ("Tomatprodukter", "B"), ("Kaffe", "B")]),
    ("Lokalvård och nutrition", "B", [("Rengöringsmedel", "B"), ("Nutrition", "B")]),
    ("Tvätt och textilier", "H", [("Arbetskläder", "H"), ("Patienttextilier", "H")]),
]  # fmt: skip
PRIORITISED_2023_2025 = [
    "Vårdrelaterad utrustning och förbrukningsvaror", "Vårdrelaterad papper & plast", "MT-bild och funktion",
    "IT", "Läkemedel", "Livsmedel", "Tvätt och textilier",
]  # fmt: skip
# Which procurement region owns each 2024 analysis (the one responsible for the category).
OWNER_2024 = {"Skyddsrockar": "A", "Energianvändning": "C", "Tandvård och ortodonti": "D"}
DEMO_MATRIX = {  # likelihood, severity: demo values, not from the published analyses
    "human_rights": (3, 4), "labour_rights": (4, 4), "environment": (3, 3), "chemicals": (2, 3),
    "anti_corruption": (2, 2),
}  # fmt: skip


def _tree():
    letters = {pr.letter: pr for pr in ProcurementRegion.objects.all()}
    for name, root_letters, children in TREE:
        root = Category.objects.add_root({"name": name})
        root.procurement_regions.set([letters[letter] for letter in root_letters])
        for child_name, child_letters in children:
            child = Category.objects.add_child(root, {"name": child_name})
            root.refresh_from_db()
            child.procurement_regions.set([letters[letter] for letter in child_letters])


def _responsible(names: str):
    regions, organisations = [], []
    for name in (part.strip() for part in names.split(";")):
        region = Region.objects.filter(short_name=name).first()
        if region:
            regions.append(region)
        else:
            organisations.append(Organisation.objects.get(name=name))
    return regions, organisations


def _analyses_2024():
    with open(DATA, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            analysis = RiskAnalysis.objects.create(
                kind=RiskAnalysis.Kind.DEEPENED,
                year=int(row["year"]),
                category=Category.objects.get(name=row["category"]),
                product_area=row["product_area"],
                procurement_region=ProcurementRegion.objects.get(letter=OWNER_2024[row["product_area"]]),
                status=RiskAnalysis.Status.PUBLISHED,
                visibility=Visibility.PUBLIC,
                stage_raw_material=True,
                stage_manufacturing=True,
                method_summary="Kartläggning av leveranskedjan från råvara till leverans, med leverantörsdialog.",
                conclusions="Störst risker i tillverkningsledet; kraven på tillbörlig aktsamhet bör följas upp.",
            )
            regions, organisations = _responsible(row["responsible"])
            analysis.responsible_regions.set(regions)
            analysis.responsible_organisations.set(organisations)
            for dimension, (likelihood, severity) in DEMO_MATRIX.items():
                RiskAssessment.objects.create(
                    analysis=analysis, dimension=dimension, likelihood=likelihood, severity=severity
                )


def _action_plans():
    for procurement_region in ProcurementRegion.objects.all():
        plan = ActionPlan.objects.create(procurement_region=procurement_region, start_year=2023, end_year=2025)
        categories = list(procurement_region.categories.all()[:2])
        activity = Activity.objects.create(
            plan=plan,
            title="Uppföljning av prioriterade leverantörer",
            owner=f"Samordnare {procurement_region.letter}",
            due_date=datetime.date(2025, 12, 31),
        )
        activity.categories.set(categories)


@transaction.atomic
def seed():
    if Category.objects.exists():
        return []
    _tree()
    for name in PRIORITISED_2023_2025:
        CategoryPriority.objects.create(
            category=Category.objects.get(name=name), start_year=2023, end_year=2025,
            reason="Prioriterad efter riskanalysen av kategoriträdet (demo).",
        )  # fmt: skip
    _analyses_2024()
    _action_plans()
    Study.objects.create(
        title="Cirkulär ekonomi i hälso- och sjukvården", year=2024,
        summary="Grundläggande kunskap om cirkulär ekonomi med goda exempel från regionerna.",
    )  # fmt: skip
    Study.objects.create(
        title="NHS nettonollprogram jämfört med EU:s krav", year=2024,
        summary="Likheter och skillnader mellan NHS:s klimatprogram och EU:s krav, som underlag för regionerna.",
    )  # fmt: skip
    return []
