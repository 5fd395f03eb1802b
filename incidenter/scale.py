"""Incident cases at national scale (DESIGN.md): 1 000 cases over 15 years, each with its
allegations, a party (a generated supplier, or a factory), a timeline of a few entries and, once
closed, an outcome and a summary. Generated cases are titled "Skalärende NNNNN"; running again
tops up instead of duplicating, and the same scale always gives the same rows."""

import datetime
import random

from django.utils import timezone

from incidenter.models import (
    Allegation,
    Incident,
    IncidentAllegation,
    IncidentParticipant,
    InvolvedParty,
    Outcome,
    Source,
    TimelineEntry,
)
from regions.access import Role, Visibility
from regions.models import Membership, Region
from revisioner.models import Supplier

INCIDENTS = {"national": 1_000, "small": 100}
YEARS = range(2011, 2026)
PREFIX = "Skalärende"
BATCH_SIZE = 1000
TIMELINE = list(TimelineEntry.Kind)[:6]  # contact … decision, in the order a case usually runs
OUTCOMES = [kind for kind in Outcome.Kind if kind != Outcome.Kind.CONTRACT_TERMINATED]


def generate_scale_data(scale):
    target = INCIDENTS[scale]
    existing = Incident.objects.unscoped().filter(title__startswith=PREFIX).count()
    created = _incidents(existing, target, random.Random(8 + existing)) if existing < target else 0
    return [("incident cases", created, Incident.objects.unscoped().count())]


def _incidents(start, target, randomiser) -> int:
    regions = list(Region.objects.order_by("county_code"))
    suppliers = list(Supplier.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    contacts = {}
    for user_id, region_id in (
        Membership.objects.unscoped().filter(role=Role.REGION_CONTACT).values_list("user_id", "region_id")
    ):
        contacts.setdefault(region_id, []).append(user_id)
    today = timezone.localdate()
    incidents = []
    for number in range(start, target):
        opened_on = datetime.date(randomiser.choice(YEARS), randomiser.randint(1, 12), randomiser.randint(1, 28))
        closed_on = opened_on + datetime.timedelta(days=randomiser.randint(60, 700))
        closed = closed_on < today and randomiser.random() < 0.8
        incidents.append(
            Incident(
                title=f"{PREFIX} {number:05d}",
                source=randomiser.choice(Source.values),
                source_reference="Genererad skaldata",
                lead_region=randomiser.choice(regions) if number % 4 else None,
                description="Genererad skaldata.",
                status=Incident.Status.CLOSED if closed else Incident.Status.OPEN,
                visibility=Visibility.NETWORK if closed or number % 3 == 0 else Visibility.CONFIDENTIAL,
                opened_on=opened_on,
                closed_on=closed_on if closed else None,
                summary="Ärendet avslutades efter dialog med leverantören." if closed else "",
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=BATCH_SIZE)
    allegations, parties, entries, outcomes, participants = [], [], [], [], []
    for number, incident in enumerate(incidents):
        for kind in randomiser.sample(Allegation.values, randomiser.randint(1, 2)):
            allegations.append(IncidentAllegation(incident=incident, kind=kind))
        if suppliers and number % 5:
            parties.append(InvolvedParty(incident=incident, supplier_id=suppliers[number * 7 % len(suppliers)]))
        else:
            parties.append(InvolvedParty(incident=incident, role="factory", name=f"Fabrik {number}", country="MY"))
        for step in range(randomiser.randint(2, 6)):
            entries.append(
                TimelineEntry(
                    incident=incident,
                    kind=TIMELINE[step],
                    occurred_on=incident.opened_on + datetime.timedelta(days=10 * step),
                    who=str(incident.lead_region or "Kansliet"),
                    text="Genererad händelse.",
                )
            )
        if incident.closed_on:
            outcomes.append(Outcome(incident=incident, kind=randomiser.choice(OUTCOMES), decided_on=incident.closed_on))
        for user_id in contacts.get(incident.lead_region_id, [])[:2]:
            participants.append(IncidentParticipant(incident=incident, user_id=user_id))
    for model, rows in [
        (IncidentAllegation, allegations),
        (InvolvedParty, parties),
        (TimelineEntry, entries),
        (Outcome, outcomes),
        (IncidentParticipant, participants),
    ]:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=model is IncidentParticipant)
    return len(incidents)
