"""Figures of the academy, each in one place, for the pages, the dashboard and the report:
participants per event and year, counts by role, region and organisation, newcomers, diplomas."""

from collections import Counter, defaultdict

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from akademi.models import Diploma, Event, NewcomerInvitation, Registration
from base.formats import AtLeast, add_figures
from regions.access import Role
from regions.models import Membership, User

Status = Registration.Status
ACTIVE = [Status.REGISTERED, Status.WAITING]


def with_participants(events):
    """Events annotated with ``participant_count``: the recorded number for historical events
    (where the people are not known one by one), otherwise those who attended."""
    return events.annotate(attended_count=Count("registrations", filter=Q(registrations__attended=True))).annotate(
        participant_count=Coalesce("recorded_participants", "attended_count")
    )


def held(events, now=None):
    """Events that have taken place (started)."""
    return events.filter(starts_at__lte=now or timezone.now())


def events_per_year(years, *kinds) -> dict[int, int]:
    events = held(Event.objects.filter(starts_at__year__in=years))
    if kinds:
        events = events.filter(kind__in=kinds)
    return dict(events.values_list("starts_at__year").annotate(n=Count("pk")).order_by())


def participants_of(event):
    """An annotated event's participants: a recorded number entered as a lower bound is
    base.formats.AtLeast (printed "över N"); None when nothing is recorded (no number, nobody
    marked as attending)."""
    count = event.participant_count
    if event.recorded_participants is None and not count:
        return None
    if count is not None and event.recorded_participants is not None and event.recorded_participants_lower_bound:
        return AtLeast(count)
    return count


def participants_per_year(years) -> dict[int, int]:
    """Participants per year; a year where one event's figure is a lower bound is one too ("över 910")."""
    per_year: dict[int, list] = defaultdict(list)
    rows = with_participants(held(Event.objects.filter(starts_at__year__in=years))).values_list(
        "starts_at__year", "participant_count", "recorded_participants", "recorded_participants_lower_bound"
    )
    for year, count, recorded, lower_bound in rows:
        per_year[year].append(AtLeast(count) if lower_bound and recorded is not None and count is not None else count)
    totals = {year: add_figures(counts) for year, counts in per_year.items()}
    return {year: total for year, total in totals.items() if total is not None}


def breakdown(event) -> dict[str, list[tuple[str, int, int]]]:
    """Registrations (not cancelled) and attendance of an event by role, by region and by
    organisation: (label, registered, attended) rows. Two queries, whatever the number of people."""
    roles, places = defaultdict(lambda: [set(), set()]), defaultdict(lambda: [set(), set()])
    rows = (
        Membership.objects.unscoped()
        .filter(user__academy_registrations__event=event, user__academy_registrations__status__in=ACTIVE)
        .values_list(
            "user_id",
            "role",
            "region__short_name",
            "procurement_region__letter",
            "user__academy_registrations__attended",
        )
    )
    role_labels = dict(Role.choices)
    for user_id, role, region, letter, attended in rows:
        place = region or (_("Upphandlingsregion %(letter)s") % {"letter": letter} if letter else _("Nationellt"))
        for groups, key in ((roles, str(role_labels.get(role, role))), (places, place)):
            groups[key][0].add(user_id)
            if attended:
                groups[key][1].add(user_id)
    externals = Registration.objects.unscoped().external().filter(event=event, status__in=ACTIVE)
    organisations = Counter()
    attended_organisations = Counter()
    member_count = len({user for group in roles.values() for user in group[0]})
    member_attended = len({user for group in roles.values() for user in group[1]})
    external_count = external_attended = 0
    for organisation, attended in externals.values_list("organisation", "attended"):
        label = organisation or _("Okänd organisation")
        organisations[label] += 1
        attended_organisations[label] += attended
        external_count += 1
        external_attended += attended

    def table(groups):
        return sorted(((key, len(value[0]), len(value[1])) for key, value in groups.items()), key=lambda row: row[0])

    role_rows = table(roles)
    if external_count:
        role_rows.append((_("Extern deltagare"), external_count, external_attended))
    organisation_rows = [(_("Medlemmar i nätverket"), member_count, member_attended)] if member_count else []
    organisation_rows += sorted(
        ((label, count, attended_organisations[label]) for label, count in organisations.items()), key=lambda r: r[0]
    )
    return {"roles": role_rows, "regions": table(places), "organisations": organisation_rows}


def attended_introduction():
    return Registration.objects.unscoped().filter(
        user=OuterRef("pk"), attended=True, event__kind=Event.Kind.INTRODUCTION
    )


def newcomers(year: int):
    """Members who joined the network in ``year`` and have not attended an introduction training."""
    members = Membership.objects.unscoped().filter(user=OuterRef("pk"))
    return (
        User.objects.filter(is_active=True, date_joined__year=year)
        .filter(Exists(members))
        .exclude(Exists(attended_introduction()))
        .order_by("name", "pk")
    )


def newcomers_offered_percent(years) -> dict[int, int]:
    """Of the members who joined in a year, the share (per cent) offered an introduction training:
    invited, registered for one or attended one."""
    offered = Exists(NewcomerInvitation.objects.filter(user=OuterRef("pk"))) | Exists(
        Registration.objects.unscoped().filter(user=OuterRef("pk"), event__kind=Event.Kind.INTRODUCTION)
    )
    joined = User.objects.filter(date_joined__year__in=years).filter(
        Exists(Membership.objects.unscoped().filter(user=OuterRef("pk")))
    )
    rows = joined.values_list("date_joined__year").annotate(total=Count("pk"), offered=Count("pk", filter=offered))
    return {year: round(100 * offered / total) for year, total, offered in rows.order_by() if total}


def certified_per_year() -> list[tuple[int, int, int]]:
    """(year, diplomas issued that year, certified coordinators in all by the end of it)."""
    issued = (
        Diploma.objects.unscoped().values_list("issued_at__year").annotate(n=Count("pk")).order_by("issued_at__year")
    )
    rows, total = [], 0
    for year, count in issued:
        total += count
        rows.append((year, count, total))
    return rows


def certified_in_all(years) -> dict[int, int]:
    """Certified coordinators in all by the end of each year (the goal counts the total)."""
    per_year = certified_per_year()
    if not per_year:
        return {}
    return {
        year: sum(count for issued, count, _total in per_year if issued <= year)
        for year in years
        if year >= per_year[0][0]
    }
