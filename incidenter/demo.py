"""The six incident cases of 2024 (incidenter/data/incidents_2024.csv, the 2024 activity report),
with plausible timelines. Dates within the year and the timeline entries are demo values; the
cases, leads, partners and outcomes are as reported. Idempotent: does nothing once the first case exists."""

import csv
import datetime
from pathlib import Path

from incidenter.models import (
    Allegation,
    Incident,
    IncidentAllegation,
    IncidentParticipant,
    InvolvedParty,
    Notification,
    Outcome,
    Source,
    TimelineEntry,
)
from regions.access import Role, Visibility
from regions.models import Organisation, Region, User
from revisioner.demo.seeder import at_noon, historical_dates
from revisioner.identifiers import normalise_name, with_check_digit
from revisioner.models import Audit, Contract, Supplier
from riskanalys.models import Category

DATA = Path(__file__).parent / "data" / "incidents_2024.csv"
D = datetime.date

# The published text of each case, as the 2024 report tells it: the cases' summaries for publication.
SUMMARIES = {
    "Migrantarbetare i Taiwan": (
        "Efter rapporter om risker för tvångsarbete och skuldslaveri bland migrantarbetare i Taiwan har en "
        "uppföljning inletts i samarbete med norska Sykehusinnkjøp. Av cirka trettio leverantörer med tillverkning "
        "i Taiwan har två valts ut för en fördjupad granskning. Arbetet fortsätter och en uppföljning på plats "
        "planeras till 2025."
    ),
    "Bake My Day": (
        "Under året framkom uppgifter om att företaget Bake My Day brutit mot utlänningslagen inom riskkategorin "
        "livsmedel (bröd), vilket resulterade i att Region Dalarna hävde ramavtalet med Bake My Day och nätverket "
        "informerades om incidenten."
    ),
    "Underleverantör till Sony/Panasonic/Daikin i Malaysia": (
        "Tvångsarbete har identifierats hos en underleverantör till Sony, Panasonic och Daikin vid en fabrik i "
        "Malaysia. Incidenthanteringen leds av Region Stockholm i samarbete med Electronics Watch och fortsätter "
        "2025 med krav på gottgörelse för migrantarbetare."
    ),
    "Canon Medical AB": (
        "Uppföljning av Canon Medical AB med särskilt fokus på korruption med anledning av misstänkt mutbrott i "
        "samband med Region Uppsalas inköp av röntgenutrustning. En uppföljande kontorsrevision har genomförts där "
        "de interna systemen för antikorruption bedöms som godkända."
    ),
    "Tomatpuré från Xinjiang": (
        "BBC fann att tomatpuré på den brittiska marknaden kan innehålla tomater från Xinjiang, där statligt "
        "subventionerat tvångsarbete förekommer. För att utreda om tomatpuré som levereras till regionerna kan ha "
        "samma koppling har Region Gävleborg inlett en riskkartläggning av relevanta leverantörer."
    ),
    "Bomullens ursprung i sårvård och kompression": (
        "En grupp från Region Gotland, Stockholm, Värmland och Örebro kartlägger bomullens ursprung inom sårvård "
        "och kompression. En leverantör har valts för isotopanalys av bomullsprodukter för att spåra ursprunget, "
        "särskilt med avseende på bomull från regioner med statligt sanktionerat tvångsarbete. Provtagningen "
        "inleddes i januari 2025."
    ),
}

# title: allegations, source, category, opened, closed, parties, timeline [(kind, date, who, text, follow-up)]
CASES = {
    "Migrantarbetare i Taiwan": {
        "allegations": [Allegation.FORCED_LABOUR, Allegation.DEBT_BONDAGE],
        "source": Source.RESEARCH,
        "category": None,
        "opened_on": D(2024, 3, 4),
        "parties": [("factory", "Leverantörer med tillverkning i Taiwan (cirka 30)", "TW", "")],
        "timeline": [
            ("analysis", D(2024, 4, 15), "Kansliet och Sykehusinnkjøp", "Kartläggning av cirka 30 leverantörer "
             "med tillverkning i Taiwan.", None),
            ("decision", D(2024, 9, 10), "Kansliet", "Två leverantörer väljs ut för fördjupad granskning.", None),
            ("request", D(2024, 11, 5), "Kansliet", "Begäran om information om rekryteringsavgifter och "
             "boendeförhållanden skickad till de två leverantörerna.", D(2025, 3, 1)),
        ],
    },
    "Bake My Day": {
        "allegations": [Allegation.LABOUR_LAW],
        "source": Source.MEDIA,
        "category": "Livsmedel",
        "opened_on": D(2024, 2, 12),
        "closed_on": D(2024, 5, 31),
        "supplier": ("Bake My Day AB", with_check_digit("559901000"), D(2022, 8, 1)),  # before its contract
        "timeline": [
            ("contact", D(2024, 2, 14), "Region Dalarna", "Leverantören kontaktas om uppgifterna i media.", None),
            ("request", D(2024, 2, 20), "Region Dalarna", "Begäran om anställningsavtal och arbetstillstånd.",
             D(2024, 3, 15)),
            ("decision", D(2024, 4, 22), "Region Dalarna", "Ramavtalet hävs; nätverket informeras.", None),
        ],
    },
    "Underleverantör till Sony/Panasonic/Daikin i Malaysia": {
        "allegations": [Allegation.FORCED_LABOUR],
        "source": Source.PARTNER,
        "category": "IT",
        "opened_on": D(2024, 5, 6),
        "parties": [
            ("sub_supplier", "Underleverantör till Sony, Panasonic och Daikin", "MY", "Fabrik i Malaysia"),
        ],
        "timeline": [
            ("analysis", D(2024, 5, 6), "Electronics Watch", "Rapport om tvångsarbete bland migrantarbetare vid "
             "fabriken.", None),
            ("contact", D(2024, 6, 3), "Region Stockholm", "Dialog med varumärkena om fabriken.", None),
            ("remediation_demand", D(2024, 11, 18), "Region Stockholm och Electronics Watch", "Krav på gottgörelse "
             "för migrantarbetare, bland annat återbetalning av rekryteringsavgifter.", D(2025, 3, 31)),
        ],
    },
    "Canon Medical AB": {
        "allegations": [Allegation.CORRUPTION],
        "source": Source.MEDIA,
        "category": "MT-bild och funktion",
        "opened_on": D(2024, 1, 22),
        "closed_on": D(2024, 10, 15),
        "supplier": ("Canon Medical Systems AB", with_check_digit("559901001")),
        "timeline": [
            ("request", D(2024, 2, 5), "Region Uppsala", "Begäran om leverantörens rutiner mot korruption.", None),
            ("site_visit", D(2024, 6, 12), "Upphandlingsregion B", "Uppföljande kontorsrevision med fokus på "
             "antikorruption.", None),
            ("decision", D(2024, 10, 15), "Region Uppsala", "De interna systemen för antikorruption bedöms som "
             "godkända.", None),
        ],
    },
    "Tomatpuré från Xinjiang": {
        "allegations": [Allegation.FORCED_LABOUR],
        "source": Source.MEDIA,
        "category": "Livsmedel",
        "opened_on": D(2024, 8, 26),
        "timeline": [
            ("analysis", D(2024, 9, 16), "Region Gävleborg", "Riskkartläggning av leverantörer av tomatpuré inledd.",
             D(2025, 2, 28)),
        ],
    },
    "Bomullens ursprung i sårvård och kompression": {
        "allegations": [Allegation.FORCED_LABOUR],
        "source": Source.RESEARCH,
        "category": "Sårvård och kompression",
        "opened_on": D(2024, 1, 15),
        "timeline": [
            ("decision", D(2024, 4, 8), "Region Gotland", "Avtal om isotopanalyser tecknat.", None),
            ("analysis", D(2024, 9, 2), "Region Stockholm", "Produkter för testning identifierade.", None),
            ("contact", D(2024, 11, 11), "Region Värmland", "Dialog med leverantörerna om spårbarhet.",
             D(2025, 1, 15)),
        ],
    },
}  # fmt: skip

OUTCOMES = {
    "Migrantarbetare i Taiwan": [("dialogue", D(2024, 11, 5), "Två leverantörer granskas fördjupat.")],
    "Underleverantör till Sony/Panasonic/Daikin i Malaysia": [
        ("remediation", D(2024, 11, 18), "Krav på gottgörelse för migrantarbetare.")
    ],
    "Canon Medical AB": [("no_breach", D(2024, 10, 15), "Interna system för antikorruption bedömda som godkända.")],
}


def _rows():
    with DATA.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _region(name):
    return Region.objects.filter(short_name=name).first()


def _supplier(name, org_number, registered_on):
    """The supplier of that name, or a new one registered on ``registered_on``."""
    supplier = Supplier.objects.filter(normalised_name=normalise_name(name)).first()
    if supplier is None:
        supplier = Supplier.objects.filter(aliases__normalised_name=normalise_name(name)).first()
    if supplier is None:
        with historical_dates(Supplier._meta.get_field("created_at")):
            supplier = Supplier.objects.create(name=name, org_number=org_number, created_at=at_noon(registered_on))
    return supplier


def seed():
    rows = _rows()
    if Incident.objects.unscoped().filter(title=rows[0]["title"]).exists():
        return []
    for row in rows:
        _case(row)
    return []


def _case(row):
    title = row["title"]
    spec = CASES[title]
    leads = [_region(name.strip()) for name in row["lead"].split(";") if name.strip() != "Kansliet"]
    leads = [lead for lead in leads if lead]
    category = Category.objects.filter(name=spec["category"]).first() if spec["category"] else None
    closed_on = spec.get("closed_on")
    incident = Incident.objects.create(
        title=title,
        source=spec["source"],
        source_reference=row["source"],
        category=category,
        product_area=row["category"],
        lead_region=leads[0] if leads else None,
        description=f"{row['allegation']}. {row['outcome_so_far']}.",
        status=Incident.Status.CLOSED if closed_on else Incident.Status.OPEN,
        visibility=Visibility.NETWORK,
        opened_on=spec["opened_on"],
        closed_on=closed_on,
        summary=SUMMARIES[title],
    )
    incident.participating_regions.set(leads[1:])
    IncidentAllegation.objects.bulk_create(
        IncidentAllegation(incident=incident, kind=kind) for kind in spec["allegations"]
    )
    if row["partners"]:
        partner = Organisation.objects.filter(name__startswith=row["partners"].split(" ")[0]).first()
        if partner:
            incident.partner_organisations.add(partner)
    contacts = User.objects.filter(memberships__role=Role.REGION_CONTACT, memberships__region__in=leads).distinct()
    IncidentParticipant.objects.bulk_create(IncidentParticipant(incident=incident, user=user) for user in contacts)
    for role, name, country, site in spec.get("parties", []):
        InvolvedParty.objects.create(incident=incident, role=role, name=name, country=country, site=site)
    supplier = None
    if "supplier" in spec:
        name, org_number, *registered_on = spec["supplier"]
        supplier = _supplier(name, org_number, registered_on[0] if registered_on else spec["opened_on"])
        InvolvedParty.objects.create(incident=incident, supplier=supplier)
    for kind, occurred_on, who, text, follow_up_on in spec["timeline"]:
        TimelineEntry.objects.create(
            incident=incident, kind=kind, occurred_on=occurred_on, who=who, text=text, follow_up_on=follow_up_on
        )
    for kind, decided_on, description in OUTCOMES.get(title, []):
        Outcome.objects.create(incident=incident, kind=kind, decided_on=decided_on, description=description)
    if title == "Bake My Day":
        _terminate(incident, supplier, category, leads[0])
    if title == "Canon Medical AB" and supplier:
        incident.audits.add(*Audit.objects.unscoped().filter(supplier=supplier, year=2024))


def _terminate(incident, supplier, category, dalarna):
    """Region Dalarna's framework agreement for bread, terminated; the network was told (marked as sent)."""
    contract, _created = Contract.objects.unscoped().get_or_create(
        procurement_region=dalarna.procurement_region,
        reference=f"{dalarna.procurement_region.letter}-2022-BROD",
        defaults={
            "supplier": supplier,
            "category": category or Category.objects.first(),
            "title": "Bröd och bageriprodukter, ramavtal",
            "starts_on": D(2022, 9, 1),
            "ends_on": D(2024, 4, 22),
        },
    )
    contract.regions.add(dalarna)
    incident.affected_contracts.add(contract)
    incident.affected_regions.add(dalarna)
    outcome = Outcome.objects.create(
        incident=incident,
        kind=Outcome.Kind.CONTRACT_TERMINATED,
        decided_on=D(2024, 4, 22),
        contract=contract,
        region=dalarna,
        description="Ramavtalet hävt efter brott mot utlänningslagen.",
    )
    contacts = User.objects.filter(is_active=True, memberships__role=Role.REGION_CONTACT).distinct()
    Notification.objects.bulk_create(
        [
            Notification(
                event=f"termination:{outcome.pk}",
                kind=Notification.Kind.TERMINATION,
                incident=incident,
                outcome=outcome,
                recipient=user,
                sent_at=datetime.datetime(2024, 4, 22, 14, 0, tzinfo=datetime.UTC),
            )
            for user in contacts
        ],
        ignore_conflicts=True,
    )
