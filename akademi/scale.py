"""The academy at national scale (DESIGN.md): 2 000 events over 15 years and 20 000 attendances,
members of the generated data set and external people.

Generated rows are recognisable: events are titled "Skalevenemang NNNN" and external people have
e-mail addresses at skaldata.example. Each step creates only what is missing, so running again tops
up instead of duplicating; the same scale always gives the same rows.
"""

import datetime

from akademi.models import Event, Registration
from regions.models import Organisation, User

EVENTS = {"national": 2_000, "small": 100}
ATTENDANCES = {"national": 20_000, "small": 1_000}
YEARS = range(2011, 2026)
TITLE = "Skalevenemang"
BATCH_SIZE = 1000
KINDS = [
    Event.Kind.WEBINAR, Event.Kind.WEBINAR, Event.Kind.WEBINAR, Event.Kind.INTRODUCTION,
    Event.Kind.SUPPLIER_TRAINING, Event.Kind.SUPPLIER_TRAINING, Event.Kind.CALIBRATION, Event.Kind.OTHER,
    Event.Kind.MARKET_DIALOGUE, Event.Kind.CONFERENCE,
]  # fmt: skip
MEMBERS_PER_EVENT = 6  # of every ten attendances; the others are external people


def generate_scale_data(scale):
    created_events = _events(EVENTS[scale])
    created_registrations = _registrations(ATTENDANCES[scale])
    generated = Registration.objects.unscoped().filter(event__title__startswith=TITLE)
    return [
        ("academy events", created_events, Event.objects.filter(title__startswith=TITLE).count()),
        ("academy attendances", created_registrations, generated.filter(attended=True).count()),
    ]


def _starts(number, target) -> datetime.datetime:
    year = YEARS[number * len(YEARS) // target]
    day = datetime.date(year, 1, 15) + datetime.timedelta(days=(number * 37) % 320)
    return datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)


def _events(target) -> int:
    existing = Event.objects.filter(title__startswith=TITLE).count()
    events = Event.objects.bulk_create(
        (
            Event(
                kind=KINDS[number % len(KINDS)],
                title=f"{TITLE} {number:04d}",
                starts_at=_starts(number, target),
                ends_at=_starts(number, target) + datetime.timedelta(hours=2),
                capacity=100,
                open_to_public=number % 4 == 0,
            )
            for number in range(existing, target)
        ),
        batch_size=BATCH_SIZE,
    )
    partners = list(Organisation.objects.filter(slug__in=["adda", "lakemedelsverket", "svanen"]).order_by("slug"))
    if partners:
        Event.co_organisers.through.objects.bulk_create(
            (
                Event.co_organisers.through(event=event, organisation=partners[event.pk % len(partners)])
                for event in events
                if event.pk % 3 == 0
            ),
            batch_size=BATCH_SIZE,
        )
    return len(events)


def _registrations(target) -> int:
    """Ten attendances an event, members first, until ``target``; events that have some are left."""
    events = list(
        Event.objects.filter(title__startswith=TITLE, registrations__isnull=True)
        .order_by("title")
        .values_list("pk", flat=True)
    )
    have = Registration.objects.unscoped().filter(event__title__startswith=TITLE).count()
    members = list(
        User.objects.filter(email__startswith="scale-", is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    rows = []
    for event_id in events:
        if have + len(rows) >= target:
            break
        for seat in range(10):
            if members and seat < MEMBERS_PER_EVENT:
                user = members[(event_id * 7 + seat * 131) % len(members)]
                rows.append(Registration(event_id=event_id, user_id=user, attended=True))
            else:
                rows.append(
                    Registration(
                        event_id=event_id,
                        name=f"Extern deltagare {event_id}-{seat}",
                        email=f"e{event_id}-{seat}@skaldata.example",
                        organisation=f"Skalföretag {event_id % 50} AB",
                        attended=True,
                    )
                )
    Registration.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)
