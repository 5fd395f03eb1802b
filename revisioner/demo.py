"""Demo data of audits: the shared assessment template, a supplier and a contract for every name of
the 69 audits of 2024 (revisioner/data/audits_2024.csv, published spellings kept as aliases), the
42 audits of 2023 they follow up, their ratings, deviations and corrective actions, a few published
summaries, and the audit plan for 2025.

The 2024 figures are those of the activity report: 44 office audits and 25 re-audits, up from 42
audits in 2023. Everything else (dates, findings, organisation numbers, values) is invented demo
data: organisation numbers start with 5599 and foreign identifiers with the country and 99.
Findings concentrate where the report found the gaps: the suppliers' risk analyses of the supply
chain and their handling of deviations; systematic environmental management is mostly met.

Historical rows are written in bulk (with their history rows) rather than through the services,
which would stamp every step with today's date. Idempotent: nothing happens if the demo's suppliers
exist.
"""

import csv
import datetime
import random
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from krav.models import Clause, RequirementVersion
from regions.access import Role, Visibility
from regions.models import Membership, ProcurementRegion, Region
from revisioner.identifiers import normalise_name, with_check_digit
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    AuditParticipant,
    AuditPlan,
    Contract,
    CorrectiveAction,
    Criterion,
    Deviation,
    PlanEntry,
    Rating,
    Supplier,
    SupplierAlias,
)
from revisioner.selection import score_of
from riskanalys.models import Category

DATA = Path(__file__).resolve().parent / "data" / "audits_2024.csv"
TEMPLATE_NAME = "Gemensam bedömningsmall för revisioner (Adda och kansliet)"
TEMPLATE_ADOPTED = datetime.datetime(2024, 1, 15, 9, 0, tzinfo=datetime.UTC)
FIRST_ORG_NUMBER = with_check_digit("559900000")

# Published name → (registered name, country, category, other names). A published name that is
# not the registered one (after normalisation) is kept as an alias, so searches find it.
SUPPLIERS = {
    "AB Nordenta": ("AB Nordenta", "SE", "Tandvård och ortodonti", ()),
    "Abcur": ("Abcur AB", "SE", "Läkemedel", ()),
    "Baxter Medical AB": ("Baxter Medical AB", "SE", "Engångsartiklar i plast", ()),
    "Betapharm Arzneimittel GmbH": ("Betapharm Arzneimittel GmbH", "DE", "Läkemedel", ()),
    "Bioglan AB": ("Bioglan AB", "SE", "Läkemedel", ()),
    "Campus Pharma AB": ("Campus Pharma AB", "SE", "Läkemedel", ()),
    "Canon Medical Systems": ("Canon Medical Systems AB", "SE", "Röntgenutrustning", ()),
    "Caretec i Forserum AB": ("Caretec i Forserum AB", "SE", "Basal medicinsk utrustning", ()),
    "Catell AB": ("Catell AB", "SE", "Basal medicinsk utrustning", ()),
    "Clemondo AB": ("Clemondo AB", "SE", "Generella förbrukningsvaror", ()),
    "Diversey Sverige AB": ("Diversey Sverige AB", "SE", "Generella förbrukningsvaror", ()),
    "Dräger Sverige AB": ("Dräger Sverige AB", "SE", "Basal medicinsk utrustning", ()),
    "Dustin Sverige AB": ("Dustin Sverige AB", "SE", "Datorer och kringutrustning", ()),
    "Ecolab AB": ("Ecolab AB", "SE", "Generella förbrukningsvaror", ()),
    "Eli Lilly Sweden AB": ("Eli Lilly Sweden AB", "SE", "Läkemedel", ()),
    "EQL Pharma AB": ("EQL Pharma AB", "SE", "Läkemedel", ()),
    "Fisher & Paykel Healthcare AB": ("Fisher & Paykel Healthcare AB", "SE", "Basal medicinsk utrustning", ()),
    "Fresenius Kabi AB": ("Fresenius Kabi AB", "SE", "Läkemedel", ()),
    "Gilead Sciences Sweden AB": ("Gilead Sciences Sweden AB", "SE", "Läkemedel", ()),
    "Hameln Pharma AB": ("Hameln Pharma AB", "SE", "Läkemedel", ()),
    "Hultafors Group AB": ("Hultafors Group AB", "SE", "Arbetskläder", ()),
    "KEN Hygiene Systems A/S": ("KEN Hygiene Systems A/S", "DK", "Generella förbrukningsvaror", ()),
    "LEO Pharma AB": ("LEO Pharma AB", "SE", "Läkemedel", ()),
    "Macure Pharma ApS": ("Macure Pharma ApS", "DK", "Läkemedel", ()),
    "Meda AB": ("Meda AB", "SE", "Läkemedel", ()),
    "Medi Sweden AB": ("Medi Sweden AB", "SE", "Sårvård och kompression", ()),
    "Menigo Foodservice AB": ("Menigo Foodservice AB", "SE", "Livsmedel", ()),
    "Merck Sharp & Dohme (Sweden) AB": ("Merck Sharp & Dohme (Sweden) AB", "SE", "Läkemedel", ()),
    "Navamedivc AB": ("Navamedic AB", "SE", "Läkemedel", ()),
    "Nowus Healthcare A/S": ("Nowus Healthcare A/S", "DK", "Läkemedel", ()),
    "Organon Sweden AB": ("Organon Sweden AB", "SE", "Läkemedel", ()),
    "Orion Pharma AB": ("Orion Pharma AB", "SE", "Läkemedel", ()),
    "Proact IT Sweden AB": ("Proact IT Sweden AB", "SE", "Datorer och kringutrustning", ()),
    "RaMa Medical Aktiebolag": ("RaMa Medical Aktiebolag", "SE", "Basal medicinsk utrustning", ()),
    "Rekal Svenska AB": ("Rekal Svenska AB", "SE", "Generella förbrukningsvaror", ()),
    "Secma": ("Secma AB", "SE", "Handskar och op-artiklar", ()),
    "Silentia": ("Silentia AB", "SE", "Basal medicinsk utrustning", ()),
    "Smartab Hi-Tech Chemicals AB": ("Smartab Hi-Tech Chemicals AB", "SE", "Generella förbrukningsvaror", ()),
    "Stada Nordic ApS": ("Stada Nordic ApS", "DK", "Läkemedel", ()),
    "Swereco AB": ("Swereco AB", "SE", "Handskar och op-artiklar", ()),
    "TietoEvry": ("TietoEvry", "SE", "Datorer och kringutrustning", ()),
    "Tilotts Pharma AB": ("Tilotts Pharma AB", "SE", "Läkemedel", ()),
    "Timik AB": ("Timik AB", "SE", "Engångsartiklar i plast", ()),
    "Varian Medical Systems Scandinavia A/S": ("Varian Medical Systems Scandinavia A/S", "DK", "Röntgenutrustning", ()),
    "Abena": ("Abena A/S", "DK", "Inkontinens (absorberande och avledande)", ()),
    "Abigo": ("Abigo Medical AB", "SE", "Sårvård och kompression", ()),
    "AD Medical": ("AD Medical AB", "SE", "Basal medicinsk utrustning", ()),
    "AST Medical": ("AST Medical AB", "SE", "Engångsartiklar i plast", ()),
    "Betcon Dickinson": ("Becton Dickinson AB", "SE", "Engångsartiklar i plast", ()),
    "Care of Sweden": ("Care of Sweden AB", "SE", "Patienttextilier", ()),
    "Cellcomb": ("Cellcomb AB", "SE", "Inkontinens (absorberande och avledande)", ()),
    "Convatec": ("Convatec Sweden AB", "SE", "Stomi", ()),
    "Dentsply/Wellspect": (
        "Wellspect HealthCare AB", "SE", "Inkontinens (absorberande och avledande)", ("Dentsply Sirona",)
    ),
    "Getinge": ("Getinge Sverige AB", "SE", "Kirurgiska instrument", ()),
    "Hartmann": ("Paul Hartmann AB", "SE", "Sårvård och kompression", ()),
    "ICU Medical (tidigare Smiths Medical)": ("ICU Medical AB", "SE", "Engångsartiklar i plast", ("Smiths Medical",)),
    "Kahls kaffe": ("Kahls Kaffe AB", "SE", "Kaffe", ()),
    "Lohmann & Rauscher": ("Lohmann & Rauscher AB", "SE", "Sårvård och kompression", ()),
    "Martin & Servera": ("Martin & Servera AB", "SE", "Livsmedel", ()),
    "Medela Medical AB": ("Medela Medical AB", "SE", "Basal medicinsk utrustning", ()),
    "Mediplast": ("Mediplast AB", "SE", "Handskar och op-artiklar", ()),
    "Mediq Sverige": ("Mediq Sverige AB", "SE", "Generella förbrukningsvaror", ()),
    "Nutricia / Danone": ("Nutricia Nordica AB", "SE", "Livsmedel", ("Danone",)),
    "Plandent": ("Plandent AB", "SE", "Tandvård och ortodonti", ()),
    "Sjöbloms": ("Sjöbloms AB", "SE", "Livsmedel", ()),
    "Smith and Nephew": ("Smith & Nephew AB", "SE", "Sårvård och kompression", ()),
    "STV": ("STV AB", "SE", "Tvätt och textilier", ()),
    "Svensk Cater": ("Svensk Cater AB", "SE", "Livsmedel", ()),
    "Vi tri Medical": ("Vitri Medical AB", "SE", "Basal medicinsk utrustning", ()),
}  # fmt: skip

# The 2023 audit that each 2024 re-audit follows up was a factory audit for these suppliers.
FACTORY_SITES_2023 = {
    "Abena": ("Tillverkare av inkontinensskydd, Jiangsu", "CN"),
    "Hartmann": ("Förbandstillverkare, Tiruppur", "IN"),
    "ICU Medical (tidigare Smiths Medical)": ("Tillverkning av infusionsset, Tijuana", "MX"),
    "Lohmann & Rauscher": ("Tillverkare av kompressionsprodukter, Ningbo", "CN"),
    "Mediplast": ("Handskfabrik, Kedah", "MY"),
}
# Re-audited once already in November 2023 (part of the deviations verified then).
RE_AUDITED_2023 = ("Abigo", "Getinge", "Martin & Servera")
# Where the 2024 re-audit found a deviation not yet corrected: it is reopened, the 2023 audit stays open.
REOPENED_2024 = ("Betcon Dickinson", "Kahls kaffe", "Sjöbloms")
# Office audits of 2024 without deviations besides every other one (closed at once).
CLEAN_2024 = ("Canon Medical Systems",)

INTERNAL_NOTES = {
    ("re_audit", "ICU Medical (tidigare Smiths Medical)"): "Glöm ej ta med observatör.",
    ("office_audit", "Canon Medical Systems"): (
        "Uppföljande revision med fokus på antikorruption efter incidentärendet. "
        "Stäm av med ärendets handläggare innan något skickas till leverantören."
    ),
    ("office_audit", "Fresenius Kabi AB"): "Kontaktpersonen slutar vid årsskiftet; ny kontakt meddelas i januari.",
}

CRITERIA = [
    # number, clause number, criterion, guidance, documentation
    ("1.1", "1",
     "Leverantören har en av ledningen antagen policy för mänskliga rättigheter som omfattar hela leveranskedjan.",
     "Fråga hur policyn har beslutats och hur den har kommunicerats till anställda och underleverantörer.",
     "Policy med beslutsdatum, styrelseprotokoll, uppförandekod för underleverantörer."),
    ("2.1", "2",
     "Leverantören ställer krav på arbetsvillkor hos underleverantörer i linje med ILO:s kärnkonventioner.",
     "Kraven ska omfatta tvångsarbete, barnarbete, diskriminering, föreningsfrihet, löner och arbetstider.",
     "Uppförandekod för underleverantörer med underskrifter, inköpsvillkor."),
    ("2.2", "2",
     "Leverantören följer upp arbetsvillkoren hos de underleverantörer som har högst risk.",
     "Be om uppföljningsplanen och resultatet av det senaste årets uppföljningar.",
     "Uppföljningsplan, revisionsrapporter, självskattningar från underleverantörer."),
    ("3.1", "3",
     "Leverantören har ett systematiskt miljöarbete, till exempel ett miljöledningssystem enligt ISO 14001 "
     "eller likvärdigt.",
     "Ett giltigt certifikat räcker om dess omfattning täcker de avtalade produkterna.",
     "Certifikat, miljöpolicy, miljöutredning."),
    ("3.2", "3",
     "Leverantören har mätbara miljömål och följer upp dem minst en gång om året.",
     "Be om målen och den senaste uppföljningen i ledningens genomgång.",
     "Miljömål, protokoll från ledningens genomgång, hållbarhetsredovisning."),
    ("4.1", "4",
     "Leverantören har rutiner mot korruption och mutor och en visselblåsarfunktion som även underleverantörers "
     "anställda kan använda.",
     "Fråga hur rutinen utbildas och hur anmälningar tas emot och utreds.",
     "Antikorruptionspolicy, utbildningsregister, visselblåsarrutin."),
    ("5.1", "5",
     "Leverantören har kartlagt leveranskedjan för de avtalade produkterna ned till tillverkningsledet.",
     "Kartläggningen ska visa tillverkare och tillverkningsland för varje produkt eller produktgrupp.",
     "Förteckning över tillverkare och anläggningar, leverantörsregister."),
    ("5.2", "5",
     "Leverantören har en dokumenterad riskanalys av leveranskedjan där de allvarligaste riskerna är prioriterade.",
     "Riskanalysen ska utgå från land, bransch och råvara och vara uppdaterad det senaste året.",
     "Riskanalys med metodbeskrivning, prioriteringslista."),
    ("6.1", "6",
     "Leverantören har åtgärder för de prioriterade riskerna och följer upp att de genomförs.",
     "Åtgärderna ska ha ansvarig och tidsplan; fråga hur effekten följs upp.",
     "Åtgärdsplan, uppföljningsprotokoll, revisionsplan för underleverantörer."),
    ("7.1", "7",
     "Leverantören har en rutin för att hantera avvikelser hos underleverantörer med tidsatta åtgärdsplaner.",
     "Be om ett exempel på en avvikelse som har hanterats och hur den stängdes.",
     "Avvikelserutin, avvikelselogg, åtgärdsplaner med datum."),
    ("7.2", "7",
     "Leverantören har en rutin för gottgörelse när verksamheten har orsakat eller bidragit till negativ påverkan.",
     "Rutinen ska beskriva hur drabbade kan framföra klagomål och hur gottgörelse bestäms.",
     "Rutin för gottgörelse, beskrivning av klagomålsmekanism."),
    ("8.1", "8",
     "Leverantören redovisar sitt arbete med tillbörlig aktsamhet och kan visa underlag på begäran.",
     "Redovisningen kan ingå i hållbarhetsredovisningen.",
     "Hållbarhetsredovisning, rapport om tillbörlig aktsamhet."),
]  # fmt: skip
# How often each criterion is rated "partly" and "does not meet" in the 2024 office audits with findings.
FAILURE_RATES = {
    "5.1": (0.35, 0.15), "5.2": (0.35, 0.30), "7.1": (0.35, 0.25), "7.2": (0.30, 0.15), "6.1": (0.30, 0.10),
    "2.2": (0.20, 0.05), "8.1": (0.15, 0.0), "2.1": (0.10, 0.0), "1.1": (0.10, 0.0), "4.1": (0.05, 0.0),
    "3.1": (0.03, 0.0), "3.2": (0.05, 0.0),
}  # fmt: skip
# The clauses the 2023 audits (before the template) found deviations against, weighted.
CLAUSE_WEIGHTS_2023 = {"5": 10, "7": 8, "6": 4, "2": 3, "8": 2, "1": 2, "4": 1, "3": 1}
FINDINGS = {
    "1": "Policyn för mänskliga rättigheter omfattar inte leveranskedjan.",
    "2": "Kraven på arbetsvillkor följs inte upp hos underleverantörer med hög risk.",
    "3": "Miljömålen saknar uppföljning.",
    "4": "Visselblåsarfunktionen är inte tillgänglig för underleverantörers anställda.",
    "5": "Riskanalysen av leveranskedjan är inte dokumenterad och omfattar inte tillverkningsledet.",
    "6": "Åtgärderna för prioriterade risker saknar tidsplan och ansvarig.",
    "7": "Rutin för att hantera avvikelser hos underleverantörer saknas; åtgärder följs inte upp.",
    "8": "Leverantören redovisar inte sitt arbete med tillbörlig aktsamhet.",
}
ACTIONS = {
    "1": "Revidera policyn så att den omfattar hela leveranskedjan och låt ledningen besluta den.",
    "2": "Inför en plan för uppföljning av arbetsvillkor hos underleverantörer med hög risk.",
    "3": "Följ upp miljömålen i ledningens genomgång och redovisa resultatet.",
    "4": "Gör visselblåsarfunktionen tillgänglig för underleverantörers anställda.",
    "5": "Ta fram och dokumentera en riskanalys av leveranskedjan för de avtalade produkterna.",
    "6": "Komplettera åtgärdsplanen med ansvariga och datum.",
    "7": "Inför en skriftlig rutin för avvikelser hos underleverantörer med tidsatta åtgärdsplaner.",
    "8": "Publicera en redovisning av arbetet med tillbörlig aktsamhet.",
}


# Where the suppliers' actions for the 2024 deviations stand, in turn.
ACTION_STEPS_2024 = [
    CorrectiveAction.Status.PLAN_RECEIVED,
    CorrectiveAction.Status.OPEN,
    CorrectiveAction.Status.IMPLEMENTED,
]


@contextmanager
def historical_dates(*fields):
    """Let bulk inserts keep the dates given for ``auto_now_add`` fields (demo and scale data only)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field, _flag in saved:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, flag in saved:
            field.auto_now_add = flag


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _spread(year, position, count, first=datetime.date(1, 2, 1), last=datetime.date(1, 11, 30)) -> datetime.date:
    """Day ``position`` of ``count`` spread evenly over the months of the year, weekdays only."""
    start, end = first.replace(year=year), last.replace(year=year)
    day = start + datetime.timedelta(days=(end - start).days * position // max(count - 1, 1))
    return day - datetime.timedelta(days=max(day.weekday() - 4, 0))


class _Seeder:
    def __init__(self, clauses):
        self.random = random.Random(2024)
        self.clauses = clauses  # {number: Clause}
        self.categories = {
            category.name: category
            for category in Category.objects.prefetch_related("procurement_regions").order_by("depth")
        }
        self.procurement_regions = {region.letter: region for region in ProcurementRegion.objects.all()}
        self.regions = {}
        for region in Region.objects.order_by("county_code"):
            self.regions.setdefault(region.procurement_region_id, []).append(region)
        coordinators = Membership.objects.unscoped().filter(role=Role.COORDINATOR).select_related("user")
        self.coordinators = {membership.procurement_region_id: membership.user for membership in coordinators}
        self.audits, self.deviations, self.actions, self.ratings = [], [], [], []

    # Reference --------------------------------------------------------------------------------

    def clause(self, number) -> Clause:
        return self.clauses.get(number) or next(iter(self.clauses.values()))

    def category(self, name) -> Category:
        return self.categories.get(name) or next(iter(self.categories.values()))

    def leader(self, category) -> ProcurementRegion:
        letters = sorted(region.letter for region in category.procurement_regions.all())
        return self.procurement_regions[letters[0] if letters else "A"]

    # Template ---------------------------------------------------------------------------------

    def template(self) -> AssessmentTemplate:
        template = AssessmentTemplate.objects.filter(name=TEMPLATE_NAME).first()
        if template:
            return template
        AssessmentTemplate.objects.filter(status=AssessmentTemplate.Status.ADOPTED).update(
            status=AssessmentTemplate.Status.RETIRED
        )
        version = (AssessmentTemplate.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        template = AssessmentTemplate.objects.create(
            name=TEMPLATE_NAME, version=version, status=AssessmentTemplate.Status.ADOPTED, adopted_at=TEMPLATE_ADOPTED
        )
        Criterion.objects.bulk_create(
            Criterion(
                template=template,
                clause=self.clause(clause),
                number=number,
                text=text,
                guidance=guidance,
                documentation=documentation,
            )
            for number, clause, text, guidance, documentation in CRITERIA
        )
        return template

    # Suppliers and contracts ------------------------------------------------------------------

    def suppliers(self, published_names) -> dict[str, Supplier]:
        suppliers, aliases, swedish, foreign = {}, [], 0, 0
        for published in published_names:
            name, country, _category, others = SUPPLIERS[published]
            supplier = Supplier(name=name, normalised_name=normalise_name(name), country=country)
            if country == "SE":
                supplier.org_number = with_check_digit(f"559900{swedish:03d}")
                swedish += 1
            else:
                supplier.foreign_identifier = f"{country}99{foreign:06d}"
                foreign += 1
            suppliers[published] = supplier
            for alias in (published, *others):
                if normalise_name(alias) != supplier.normalised_name:
                    aliases.append((supplier, alias))
        bulk_create_with_history(list(suppliers.values()), Supplier)
        SupplierAlias.objects.bulk_create(
            SupplierAlias(supplier=supplier, name=alias, normalised_name=normalise_name(alias))
            for supplier, alias in aliases
        )
        return suppliers

    def contracts(self, suppliers) -> None:
        contracts = []
        for number, (published, supplier) in enumerate(suppliers.items(), start=1):
            category = self.category(SUPPLIERS[published][2])
            leader = self.leader(category)
            starts_on = datetime.date(2021 + number % 3, 1 + number % 12, 1)
            contracts.append(
                Contract(
                    procurement_region=leader,
                    supplier=supplier,
                    category=category,
                    reference=f"{leader.letter}-{starts_on.year}-{number:03d}",
                    title=f"{category.name}, ramavtal",
                    starts_on=starts_on,
                    ends_on=starts_on.replace(year=starts_on.year + 4) - datetime.timedelta(days=1),
                    yearly_value=(2 + number * 7 % 38) * 1_000_000,
                )
            )
        bulk_create_with_history(contracts, Contract)
        Contract.regions.through.objects.bulk_create(
            Contract.regions.through(contract=contract, region=region)
            for contract in contracts
            for region in self.regions.get(contract.procurement_region_id, [])
        )

    # Audits -----------------------------------------------------------------------------------

    def audit(self, published, supplier, kind, performed_on, **fields) -> Audit:
        category = self.category(SUPPLIERS[published][2])
        closed = fields.get("status", Audit.Status.CLOSED) == Audit.Status.CLOSED
        audit = Audit(
            kind=kind,
            supplier=supplier,
            category=category,
            procurement_region=self.leader(category),
            year=performed_on.year,
            planned_on=performed_on - datetime.timedelta(days=42),
            performed_on=performed_on,
            status=Audit.Status.CLOSED,
            visibility=Visibility.NETWORK if closed else Visibility.RESTRICTED,
            closed_at=at_noon(performed_on + datetime.timedelta(days=21)) if closed else None,
            internal_notes=INTERNAL_NOTES.get((kind, published), ""),
            created_at=at_noon(performed_on - datetime.timedelta(days=60)),
        )
        for field, value in fields.items():
            setattr(audit, field, value)
        self.audits.append(audit)
        return audit

    def deviation(self, audit, clause_number, found_on, *, rating=None, severity=None, description="") -> Deviation:
        deviation = Deviation(
            audit=audit,
            rating=rating,
            clause=self.clause(clause_number),
            severity=severity or Deviation.Severity.MINOR,
            description=description or FINDINGS[clause_number],
            created_at=at_noon(found_on),
        )
        deviation.clause_number = clause_number
        self.deviations.append(deviation)
        return deviation

    def action(self, deviation, due_on, status) -> CorrectiveAction:
        action = CorrectiveAction(
            deviation=deviation,
            description=ACTIONS[deviation.clause_number],
            due_on=due_on,
            status=status,
            responsible=self.coordinators.get(deviation.audit.procurement_region_id),
        )
        self.actions.append(action)
        return action

    def save(self) -> None:
        """Write everything collected, parents before children: the audits that others follow up
        first, since a row can only point at a row that has its id."""
        with historical_dates(Audit._meta.get_field("created_at"), Deviation._meta.get_field("created_at")):
            for following in (False, True):
                bulk_create_with_history([audit for audit in self.audits if bool(audit.follows_up) == following], Audit)
            Rating.objects.bulk_create(self.ratings)
            bulk_create_with_history(self.deviations, Deviation)
        bulk_create_with_history(self.actions, CorrectiveAction)
        Audit.participating_regions.through.objects.bulk_create(
            Audit.participating_regions.through(audit=audit, region=region)
            for audit in self.audits
            for region in self.regions.get(audit.procurement_region_id, [])[:3]
        )


def _published_names():
    with open(DATA, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    office = [row["supplier_name_as_published"] for row in rows if row["audit_type"] == Audit.Kind.OFFICE]
    re_audited = [row["supplier_name_as_published"] for row in rows if row["audit_type"] == Audit.Kind.RE_AUDIT]
    return office, re_audited


def _demo_clauses() -> dict[str, Clause]:
    """The clauses of the adopted code of conduct and due-diligence terms (krav's demo), by number;
    failing those, the clauses of any adopted version."""
    adopted = Clause.objects.filter(version__status=RequirementVersion.Status.ADOPTED).order_by("pk")
    clauses = {}
    for clause in adopted.filter(version__requirement__kind="due_diligence") or adopted:
        clauses.setdefault(clause.number, clause)
    return clauses


@transaction.atomic
def seed():
    if Supplier.objects.filter(org_number=FIRST_ORG_NUMBER).exists():
        return []
    clauses = _demo_clauses()
    if not clauses:
        return []  # krav's demo brings the clauses audits assess against
    seeder = _Seeder(clauses)
    template = seeder.template()
    office, re_audited = _published_names()
    suppliers = seeder.suppliers(office + re_audited)
    seeder.contracts(suppliers)
    originals = _audits_2023(seeder, suppliers, office, re_audited)
    office_2024 = _audits_2024(seeder, suppliers, template, office, re_audited, originals)
    seeder.save()
    _summaries(seeder.audits)
    _observer(seeder.audits)
    _plan_2025(seeder, suppliers, template, office_2024, originals)
    return []


def _audits_2023(seeder, suppliers, office, re_audited) -> dict[str, Audit]:
    """42 audits: the 25 audits the 2024 re-audits follow up (office or factory), self-assessment
    reviews of 14 suppliers audited at their office in 2024, and three re-audits in November."""
    originals = {}
    for position, published in enumerate(re_audited):
        early = published in RE_AUDITED_2023
        performed_on = _spread(2023, position % 4, 12) if early else _spread(2023, position, len(re_audited))
        site, country = FACTORY_SITES_2023.get(published, ("", ""))
        kind = Audit.Kind.FACTORY if site else Audit.Kind.OFFICE
        audit = seeder.audit(published, suppliers[published], kind, performed_on, site=site, country=country)
        originals[published] = audit
        clause_numbers = _weighted_clauses(seeder.random, 2 + position % 3)
        for clause_number in clause_numbers:
            severity = Deviation.Severity.MAJOR if clause_number in ("5", "7") else Deviation.Severity.MINOR
            seeder.deviation(audit, clause_number, performed_on, severity=severity)
    for position, published in enumerate(office[::3][:14]):
        performed_on = _spread(2023, position, 14, last=datetime.date(1, 6, 15))
        seeder.audit(published, suppliers[published], Audit.Kind.SELF_ASSESSMENT, performed_on)
    for position, published in enumerate(RE_AUDITED_2023):
        performed_on = datetime.date(2023, 11, 6 + 7 * position)
        seeder.audit(
            published, suppliers[published], Audit.Kind.RE_AUDIT, performed_on, follows_up=originals[published]
        )
    return originals


def _weighted_clauses(randomiser, count) -> list[str]:
    chosen = []
    while len(chosen) < count:
        clause = randomiser.choices(list(CLAUSE_WEIGHTS_2023), weights=list(CLAUSE_WEIGHTS_2023.values()))[0]
        if clause not in chosen:
            chosen.append(clause)
    return chosen


def _audits_2024(seeder, suppliers, template, office, re_audited, originals) -> list[Audit]:
    """69 audits: 44 office audits rated against the template, and 25 re-audits that verify the
    deviations of the 2023 audits (three find one not yet corrected)."""
    audits = []
    criteria = {criterion.number: criterion for criterion in template.criteria.all()}
    for position, published in enumerate(office):
        performed_on = _spread(2024, position, len(office))
        clean = position % 2 == 1 or published in CLEAN_2024
        status = Audit.Status.CLOSED if clean else Audit.Status.AWAITING_ACTIONS
        audit = seeder.audit(
            published, suppliers[published], Audit.Kind.OFFICE, performed_on, template=template, status=status
        )
        audits.append(audit)
        _rate(seeder, audit, criteria, performed_on, clean)
    re_audits_2023 = {audit.follows_up.supplier_id: audit for audit in seeder.audits if audit.follows_up}
    for position, published in enumerate(re_audited):
        performed_on = _spread(2024, position, len(re_audited), first=datetime.date(1, 3, 1))
        original = originals[published]
        re_audit = seeder.audit(
            published, suppliers[published], Audit.Kind.RE_AUDIT, performed_on, template=template, follows_up=original
        )
        _check(seeder, original, re_audit, re_audits_2023.get(original.supplier_id), reopen=published in REOPENED_2024)
    return audits


def _rate(seeder, audit, criteria, performed_on, clean) -> None:
    values = {number: Rating.Value.MEETS if clean else draw_rating(seeder.random, number) for number in criteria}
    if not clean and not any(value in Rating.DEVIATING for value in values.values()):
        values["5.2"] = Rating.Value.PARTLY
    if clean and audit.supplier.country != "SE":
        values["8.1"] = Rating.Value.NOT_APPLICABLE
    for number, value in values.items():
        criterion, clause_number = criteria[number], number.split(".")[0]
        deviating = value in Rating.DEVIATING
        rating = Rating(
            audit=audit,
            criterion=criterion,
            value=value,
            evidence=criterion.documentation.split(",")[0] if value == Rating.Value.MEETS else "",
            comment=FINDINGS[clause_number] if deviating else "",
        )
        seeder.ratings.append(rating)
        if deviating:
            severity = Deviation.Severity.MAJOR if value == Rating.Value.DOES_NOT_MEET else Deviation.Severity.MINOR
            deviation = seeder.deviation(audit, clause_number, performed_on, rating=rating, severity=severity)
            step = len(seeder.actions) % len(ACTION_STEPS_2024)
            seeder.action(deviation, performed_on + datetime.timedelta(days=90 + 30 * step), ACTION_STEPS_2024[step])


def draw_rating(randomiser, number) -> str:
    """A rating of criterion ``number`` drawn with the failure rates of the 2024 audits with findings."""
    partly, does_not_meet = FAILURE_RATES.get(number, (0.1, 0.0))
    draw = randomiser.random()
    if draw < does_not_meet:
        return Rating.Value.DOES_NOT_MEET
    return Rating.Value.PARTLY if draw < does_not_meet + partly else Rating.Value.MEETS


def _check(seeder, original, re_audit, earlier, *, reopen) -> None:
    """The re-audit's finding on each deviation of the audit it follows up, and their actions."""
    found = [deviation for deviation in seeder.deviations if deviation.audit is original]
    for index, deviation in enumerate(found):
        # Every other one was verified already by the re-audit of November 2023, if there was one.
        checked_by = earlier if earlier is not None and index % 2 == 0 else re_audit
        due_on = original.performed_on + datetime.timedelta(days=90)
        if reopen and index == 0:
            deviation.reopened_in = re_audit
            seeder.action(deviation, re_audit.performed_on + datetime.timedelta(days=120), CorrectiveAction.Status.OPEN)
            continue
        deviation.status = Deviation.Status.VERIFIED
        deviation.verified_in, deviation.verified_at = checked_by, at_noon(checked_by.performed_on)
        seeder.action(deviation, due_on, CorrectiveAction.Status.VERIFIED)
    if reopen:
        original.status, original.visibility, original.closed_at = (
            Audit.Status.AWAITING_ACTIONS,
            Visibility.RESTRICTED,
            None,
        )
    else:
        original.closed_at = at_noon(re_audit.performed_on + datetime.timedelta(days=14))


def _summaries(audits) -> None:
    """A few approved summaries, neutral and without internal notes; one waits for approval."""
    closed = [audit for audit in audits if audit.status == Audit.Status.CLOSED]
    re_audits_2024 = [audit for audit in closed if audit.kind == Audit.Kind.RE_AUDIT and audit.year == 2024]
    chosen = [audit for audit in closed if audit.kind == Audit.Kind.RE_AUDIT and audit.year == 2023][:2]
    # ICU Medical's carries an internal note: its published summary shows that the note stays inside.
    chosen += [audit for audit in re_audits_2024 if audit.supplier.name.startswith("ICU")]
    chosen += [audit for audit in re_audits_2024 if audit not in chosen][:2]
    chosen += [audit for audit in closed if audit.kind == Audit.Kind.OFFICE and audit.year == 2024][:2]
    for audit in chosen:
        Audit.objects.unscoped().filter(pk=audit.pk).update(
            summary=_summary_text(audit),
            summary_status=Audit.SummaryStatus.APPROVED,
            summary_approved_at=at_noon(datetime.date(audit.year, 12, 10)),
        )
    waiting = next(audit for audit in re_audits_2024 if audit not in chosen)
    Audit.objects.unscoped().filter(pk=waiting.pk).update(
        summary=_summary_text(waiting), summary_status=Audit.SummaryStatus.SUBMITTED
    )


def _observer(audits) -> None:
    """The re-audit of ICU Medical had an observer (the note that once leaked into a published list)."""
    for audit in audits:
        if audit.kind == Audit.Kind.RE_AUDIT and audit.year == 2024 and audit.supplier.name.startswith("ICU"):
            AuditParticipant.objects.create(
                audit=audit, name="Observatör från Adda Inköpscentral", role=AuditParticipant.Role.OBSERVER
            )


def _summary_text(audit) -> str:
    if audit.kind == Audit.Kind.RE_AUDIT:
        return (
            f"Återrevisionen {audit.year} följde upp avvikelserna från revisionen {audit.follows_up.year}. "
            "Leverantören har dokumenterat en riskanalys av leveranskedjan och infört rutiner för att hantera "
            "avvikelser hos underleverantörer. De avvikelser som kontrollerades bedömdes som åtgärdade."
        )
    return (
        f"Kontorsrevisionen {audit.year} omfattade uppförandekoden och villkoren för hållbara leveranskedjor. "
        "Leverantören uppfyllde de bedömda kriterierna och inga avvikelser konstaterades."
    )


def _plan_2025(seeder, suppliers, template, office_2024, originals) -> None:
    """The national audit plan for 2025: re-audits of 2024 office audits with open deviations, one
    of a 2023 audit still open, factory audits of two manufacturers and a self-assessment review."""
    plan, _created = AuditPlan.objects.get_or_create(
        year=2025, defaults={"adopted_at": at_noon(datetime.date(2024, 12, 12))}
    )
    by_supplier = {supplier.pk: published for published, supplier in suppliers.items()}
    awaiting = [audit for audit in office_2024 if audit.status == Audit.Status.AWAITING_ACTIONS][:5]
    planned = [(audit.supplier, Audit.Kind.RE_AUDIT, audit, "", "") for audit in awaiting]
    planned.append((suppliers[REOPENED_2024[0]], Audit.Kind.RE_AUDIT, originals[REOPENED_2024[0]], "", ""))
    planned.append(
        (suppliers["Hultafors Group AB"], Audit.Kind.FACTORY, None, "Tillverkare av arbetskläder, Dhaka", "BD")
    )
    planned.append((suppliers["Swereco AB"], Audit.Kind.FACTORY, None, "Handskfabrik, Selangor", "MY"))
    planned.append((suppliers["Timik AB"], Audit.Kind.SELF_ASSESSMENT, None, "", ""))
    audits = []
    for position, (supplier, kind, follows_up, site, country) in enumerate(planned):
        category = seeder.category(SUPPLIERS[by_supplier[supplier.pk]][2])
        audits.append(
            Audit(
                kind=kind,
                supplier=supplier,
                category=category,
                procurement_region=seeder.leader(category),
                template=template,
                follows_up=follows_up,
                site=site,
                country=country,
                year=2025,
                planned_on=_spread(2025, position, len(planned), first=datetime.date(1, 3, 1)),
            )
        )
    bulk_create_with_history(audits, Audit)
    PlanEntry.objects.bulk_create(
        PlanEntry(
            plan=plan,
            supplier=audit.supplier,
            category=audit.category,
            procurement_region=audit.procurement_region,
            kind=audit.kind,
            score=_score(audit),
            audit=audit,
        )
        for audit in audits
    )


def _score(audit):
    row = score_of(audit.year, audit.supplier_id, audit.category_id)
    return round(row.total, 1) if row else None
