"""External people's personal data go a configurable number of days after the event; members'
registrations and the counts stay."""

import datetime

import pytest
from django.utils import timezone

from akademi import services, tasks
from akademi.models import Event, Registration
from tests.akademi.builders import event, external

pytestmark = pytest.mark.django_db


def test_external_personal_data_are_anonymised_after_the_retention_period(settings, kalle):
    settings.ACADEMY_RETENTION_DAYS = 30
    old = event(Event.Kind.SUPPLIER_TRAINING, days=-40)
    recent = event(Event.Kind.SUPPLIER_TRAINING, days=-10)
    gone = external(old, 1, attended=True)
    kept = external(recent, 2)
    member = Registration.objects.create(event=old, user=kalle, attended=True)
    assert services.anonymise_expired() == 1
    gone.refresh_from_db()
    assert (gone.name, gone.email, gone.organisation) == ("", "", "")
    assert gone.anonymised_at and gone.attended  # the attendance still counts
    assert str(gone) == "Anonymiserad deltagare"
    kept.refresh_from_db()
    assert kept.email == "extern2@leverantor.example"
    assert Registration.objects.unscoped().get(pk=member.pk).user == kalle


def test_the_period_is_counted_from_the_end_of_the_event(settings, db):
    settings.ACADEMY_RETENTION_DAYS = 30
    long_course = event(Event.Kind.E_LEARNING, days=-40)
    long_course.ends_at = timezone.now() - datetime.timedelta(days=5)
    long_course.save()
    external(long_course, 1)
    assert services.anonymise_expired() == 0


def test_the_beat_task_anonymises_and_is_scheduled(settings, db):
    settings.ACADEMY_RETENTION_DAYS = 1
    external(event(days=-3), 1)
    assert tasks.anonymise_expired_registrations.delay().get() == 1
    assert tasks.anonymise_expired_registrations.delay().get() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["academy-anonymise-expired"]
    assert entry["task"] == tasks.anonymise_expired_registrations.name
    assert settings.CELERY_BEAT_SCHEDULE["academy-send-pending-mail"]["task"] == tasks.send_pending_academy_mail.name
