"""Demo data of the academy: the 2024 events of the activity report (akademi/data/trainings_2024.csv)
with their participant counts, the e-learning, the upcoming events of the coming months, and the
coordinator diplomas: the eight of 2022 (the strategy gives no later number, so none is invented).

The 2024 participants are known as totals only, and as lower bounds: the activity report says "över
140" in the two internal trainings, "över 560" in the four trainings with Adda, "över 150" in the
three webinars with Läkemedelsverket and "över 60" at the market dialogue. The events carry them as
a recorded number of participants marked as a lower bound (so every total of them reads "över N"),
split evenly between the events of a row. Dates, places, the people who hold diplomas and
everything about the coming events are invented demo data. Idempotent: events are found by title
and start, diplomas by person.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from akademi.models import Diploma, Event, Registration
from regions.access import Role
from regions.models import Membership, Organisation, User
from revisioner.models import Audit, AuditParticipant

DATA = Path(__file__).resolve().parent / "data" / "trainings_2024.csv"
TZ = datetime.timezone(datetime.timedelta(hours=1))

KINDS = {
    "internal_training": Event.Kind.INTRODUCTION,
    "training": Event.Kind.SUPPLIER_TRAINING,
    "webinar": Event.Kind.WEBINAR,
    "conference": Event.Kind.CONFERENCE,
    "market_dialogue": Event.Kind.MARKET_DIALOGUE,
}
# A training with a partner other than Adda was for buyers, not suppliers.
BUYER_TRAININGS = {"Miljömärkning Svanen"}
ORGANISATIONS = {
    "Adda Inköpscentral": "adda",
    "Läkemedelsverket": "lakemedelsverket",
    "Miljömärkning Svanen": "svanen",
    "Nordiskt samarbete": "nordiskt-samarbete",
}
# Demo dates of the 2024 events, in the order of the CSV's rows and events.
DATES = [
    ["2024-03-14", "2024-10-10"],
    ["2024-02-06", "2024-04-16", "2024-09-17", "2024-11-12"],
    ["2024-03-05", "2024-05-21", "2024-11-26"],
    ["2024-06-04"],
    ["2024-09-03"],
    ["2024-10-23"],
    ["2024-05-15"],
]
E_LEARNING_TITLE = "E-utbildning: hållbar upphandling i regionerna"
FORMER_COORDINATORS = [
    "Agneta Blom", "Bengt Ström", "Camilla Vik", "Dan Ek", "Ebba Nord", "Filip Dahl", "Gun Åberg", "Henrik Sand",
]  # fmt: skip
# Today's coordinators (regions/demo.py) on their way to the diploma. The strategy gives eight
# diplomas in 2022 and "more later" without a number, so the demo issues none after 2022.
ON_THEIR_WAY = {"B": 2, "E": 1}  # procurement region -> audits taken part in, in the demo


def _at(day: str, hour=9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def _organisation(name):
    slug = ORGANISATIONS[name]
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        organisation = Organisation.objects.create(slug=slug, name=name, kind=Organisation.Kind.NETWORK)
    return organisation


def _event(kind, title, starts_at, **fields) -> Event:
    event, _created = Event.objects.get_or_create(
        title=title,
        starts_at=starts_at,
        defaults={"kind": kind, "ends_at": starts_at + datetime.timedelta(hours=3), **fields},
    )
    return event


def _split(total, parts) -> list[int]:
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def events_2024() -> list[Event]:
    with open(DATA, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    created = []
    for row, dates in zip(rows, DATES, strict=True):
        count = int(row["count"])
        kind = KINDS[row["kind"]]
        if kind == Event.Kind.SUPPLIER_TRAINING and row["co_organiser"] in BUYER_TRAININGS:
            kind = Event.Kind.OTHER
        titles = [part.strip() for part in row["title"].split(";")]
        totals = _split(int(row["participants"]), count) if row["participants"] else [None] * count
        for number, (day, participants) in enumerate(zip(dates, totals, strict=True)):
            # A training held several times keeps its title; the report lists it once per partner.
            title = titles[number] if len(titles) == count else row["title"]
            event = _event(
                kind,
                title[:1].upper() + title[1:],
                _at(day),
                recorded_participants=participants,
                recorded_participants_lower_bound=participants is not None,
                place="Digitalt" if kind == Event.Kind.WEBINAR else "",
                audience="Upphandlare, avtalscontrollers, hållbarhetsstrateger och kategoriansvariga",
            )
            if row["co_organiser"]:
                event.co_organisers.add(_organisation(row["co_organiser"]))
            created.append(event)
    return created


def upcoming() -> None:
    """Coming events relative to today, so the demo always has something to register for."""
    today = timezone.localdate()
    supplier_training = _event(
        Event.Kind.SUPPLIER_TRAINING,
        "Leverantörsutbildning: uppförandekoden och tillbörlig aktsamhet",
        _at((today + datetime.timedelta(days=30)).isoformat()),
        place="Digitalt",
        capacity=150,
        open_to_public=True,
        audience="Leverantörer till regionerna",
    )
    supplier_training.co_organisers.add(_organisation("Adda Inköpscentral"))
    _event(
        Event.Kind.INTRODUCTION,
        "Introduktionsutbildning för nya i nätverket",
        _at((today + datetime.timedelta(days=45)).isoformat()),
        place="Stockholm",
        capacity=40,
    )
    _event(
        Event.Kind.CALIBRATION,
        "Kalibrering av revisorer",
        _at((today + datetime.timedelta(days=60)).isoformat()),
        place="Digitalt",
        capacity=30,
        audience="Regionala samordnare och revisorer",
    )


def _former_coordinator(number, name) -> User:
    email = f"tidigare.samordnare.{number}@hallbar.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, name=name, title="Tidigare regional samordnare", is_active=False)
    return user


def diplomas(secretariat) -> None:
    """Eight diplomas in 2022, to the coordinators of then (the strategy's figure); none invented after."""
    for number, name in enumerate(FORMER_COORDINATORS, start=1):
        user = _former_coordinator(number, name)
        Diploma.objects.unscoped().get_or_create(
            user=user, defaults={"issued_at": datetime.date(2022, 12, 8), "issued_by": secretariat}
        )
    coordinators = {}
    memberships = Membership.objects.unscoped().filter(role=Role.COORDINATOR, user__is_active=True)
    for membership in memberships.select_related("user", "procurement_region").order_by("-pk"):
        coordinators[membership.procurement_region.letter] = membership.user  # the first of each region wins
    _on_their_way(coordinators)


def _on_their_way(coordinators) -> None:
    """B and E have done the e-learning and the 2024 introduction training, and took part in audits of
    their procurement region: B is ready for the diploma, E needs one audit more."""
    e_learning = _event(Event.Kind.E_LEARNING, E_LEARNING_TITLE, _at("2022-09-01"), place="Webben")
    introduction = Event.objects.filter(kind=Event.Kind.INTRODUCTION, starts_at__year=2024).order_by("starts_at")
    for letter, audits in ON_THEIR_WAY.items():
        user = coordinators.get(letter)
        if user is None:
            continue
        for event in [e_learning, *introduction[:1]]:
            Registration.objects.unscoped().get_or_create(event=event, user=user, defaults={"attended": True})
        performed = (
            Audit.objects.unscoped()
            .performed()
            .filter(procurement_region__letter=letter)
            .order_by("-year", "pk")[:audits]
        )
        for audit in performed:
            AuditParticipant.objects.get_or_create(
                audit=audit, user=user, defaults={"role": AuditParticipant.Role.AUDITOR}
            )


@transaction.atomic
def seed():
    events_2024()
    upcoming()
    secretariat = User.objects.filter(memberships__role=Role.SECRETARIAT).order_by("pk").first()
    diplomas(secretariat)
