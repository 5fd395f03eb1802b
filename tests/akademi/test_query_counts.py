"""Query counts of the event list, an event page and its participant list: pinned, and the same
with a few rows as with many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from akademi.models import Event, EventMaterial, Registration
from base.cache import figures_changed
from regions.access import Role
from regions.models import Membership, Organisation, User
from tests import factories
from tests.akademi.builders import event
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db


def _grow(count, start, *, the_event):
    """``count`` more events (each with a co-organiser), members registered for ``the_event`` with
    a membership each, external registrations, and materials."""
    adda = Organisation.objects.get(slug="adda")
    events = Event.objects.bulk_create(
        Event(kind=Event.Kind.WEBINAR, title=f"Webinarium {n}", starts_at=the_event.starts_at)
        for n in range(start, start + count)
    )
    Event.co_organisers.through.objects.bulk_create(
        Event.co_organisers.through(event=row, organisation=adda) for row in events
    )
    users = User.objects.bulk_create(
        User(email=f"deltagare{n}@region.example", name=f"Deltagare {n}") for n in range(start, start + count)
    )
    kalmar = factories.region("Kalmar")
    Membership.objects.bulk_create(Membership(user=user, role=Role.REGION_CONTACT, region=kalmar) for user in users)
    Registration.objects.bulk_create(Registration(event=the_event, user=user, attended=True) for user in users)
    Registration.objects.bulk_create(
        Registration(
            event=the_event, name=f"Extern {n}", email=f"extern{n}@lev.example", organisation=f"Lev {n % 7} AB"
        )
        for n in range(start, start + count)
    )
    EventMaterial.objects.bulk_create(
        EventMaterial(event=the_event, name=f"Bilder {n}", file=f"akademi/bilder-{n}.pdf")
        for n in range(start, start + count)
    )


# page: (url of the event, who, queries after the session's user with their memberships, each named)
PAGES = {
    # count; the page's ids; those events with registered and participant counts; their co-organisers
    "event list": (lambda the_event: reverse("event_list"), "coordinator", 4),
    # the event; its co-organisers; its materials; one's own registration; the totals
    "event page": (lambda the_event: reverse("event_detail", args=[the_event.pk]), "coordinator", 5),
    # the event; its co-organisers; the totals; the counts by role and region; the counts of external
    # people by organisation; count; the page's ids; those registrations with their people; their
    # memberships with region, procurement region and organisation
    "participants page": (lambda the_event: reverse("event_participants", args=[the_event.pk]), "secretariat", 9),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_take_the_same_queries_at_few_and_many_rows(client, personas, page):
    url_of, who, page_queries = PAGES[page]
    the_event = event(Event.Kind.SUPPLIER_TRAINING, days=-1)
    url = url_of(the_event)
    client.force_login(personas[who])
    _grow(3, 0, the_event=the_event)
    client.get(url)
    figures_changed()  # a list's rows are kept until a record changes (base.lists): count their making
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(300, 3, the_event=the_event)
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    assert len(many) == SESSION_QUERIES + page_queries, sql


def test_the_lists_page_through_their_rows(client, kansliet):
    the_event = event(Event.Kind.SUPPLIER_TRAINING, days=-1)
    _grow(60, 0, the_event=the_event)
    client.force_login(kansliet)
    assert len(client.get(reverse("event_list")).context["events"]) == 25
    assert len(client.get(reverse("event_participants", args=[the_event.pk])).context["registrations"]) == 50


def _grow_people(count, start):
    """``count`` more coordinators (newcomers to the network this year) and public events."""
    users = User.objects.bulk_create(
        User(email=f"samordnare{n}@region.example", name=f"Samordnare {n}") for n in range(start, start + count)
    )
    letter_a = factories.procurement_region("A")
    Membership.objects.bulk_create(
        Membership(user=user, role=Role.COORDINATOR, procurement_region=letter_a) for user in users
    )
    Event.objects.bulk_create(
        Event(
            kind=Event.Kind.SUPPLIER_TRAINING,
            title=f"Leverantörsutbildning {n}",
            starts_at=timezone.now() + datetime.timedelta(days=30),
            open_to_public=True,
        )
        for n in range(start, start + count)
    )


# page: (url, who, queries after the session's user with their memberships, each named)
PEOPLE_PAGES = {
    # count; the page of coordinators; the diploma's rules; the page's progress (counts of audits
    # and attended events in one query); the certified per year
    "diploma progress": (reverse_lazy("diploma_list"), "secretariat", 5),
    # count; the page of newcomers; their invitations; the form's introduction trainings
    "newcomers": (reverse_lazy("academy_newcomers"), "secretariat", 4),
    # the person again (without a membership there is no row to read them with); the coming events
    # open to the public, at most 50
    "public events": (reverse_lazy("public_event_list"), "no_role", 1 + 1),
}


@pytest.mark.parametrize("page", PEOPLE_PAGES)
def test_people_and_public_pages_take_the_same_queries_at_few_and_many_rows(client, personas, page):
    url, who, page_queries = PEOPLE_PAGES[page]
    client.force_login(personas[who])
    _grow_people(3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow_people(200, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    assert len(many) == SESSION_QUERIES + page_queries, sql
