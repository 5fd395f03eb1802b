"""Scale data: events over 15 years with attendances of members and external people, topped up
rather than duplicated when run again."""

from io import StringIO

import pytest
from django.core.management import call_command

from akademi import scale
from akademi.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_scale_data_makes_events_and_attendances_once(reference):
    call_command("generate_scale_data", scale="small", force=True, stdout=StringIO())
    events = Event.objects.filter(title__startswith=scale.TITLE)
    assert events.count() == 100
    assert set(events.values_list("starts_at__year", flat=True)) == set(range(2011, 2026))
    registrations = Registration.objects.unscoped().filter(event__in=events)
    assert registrations.filter(attended=True).count() == 1000
    assert registrations.filter(user__isnull=False).exists() and registrations.filter(user__isnull=True).exists()
    assert scale.generate_scale_data("small") == [("academy events", 0, 100), ("academy attendances", 0, 1000)]
