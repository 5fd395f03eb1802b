"""The academy's admin: the secretariat reads registrations and diplomas there but changes them
only through the academy's pages (akademi/services.py keeps the waiting list and attendance)."""

import datetime

import pytest
from django.urls import reverse

from akademi.models import Diploma, Registration
from tests.akademi.builders import event, external

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_the_secretariat_cannot_change_a_registrations_status_through_the_admin(client, kansliet):
    training = event(capacity=10)
    registration = external(training, 1)
    client.force_login(kansliet)
    url = reverse("admin:akademi_registration_change", args=[registration.pk])
    assert client.get(url).status_code == 200  # shown, read-only
    response = client.post(
        url,
        {
            "event": training.pk,
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "status": Status.CANCELLED,
            "attended": "on",
            "registered_at_0": "2024-01-01",
            "registered_at_1": "10:00:00",
        },
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED and not registration.attended


def test_registrations_and_diplomas_are_neither_added_nor_deleted_through_the_admin(client, kansliet, anna):
    registration = external(event(), 1)
    diploma = Diploma.objects.create(user=anna, issued_at=datetime.date(2024, 5, 1), issued_by=kansliet)
    client.force_login(kansliet)
    assert client.get(reverse("admin:akademi_registration_add")).status_code == 403
    assert client.get(reverse("admin:akademi_diploma_add")).status_code == 403
    assert (
        client.post(reverse("admin:akademi_registration_delete", args=[registration.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(
        reverse("admin:akademi_diploma_change", args=[diploma.pk]), {"user": anna.pk, "issued_at": "2020-01-01"}
    )
    assert response.status_code == 403
    assert Registration.objects.unscoped().filter(pk=registration.pk).exists()
    diploma.refresh_from_db()
    assert diploma.issued_at == datetime.date(2024, 5, 1)


def test_events_stay_editable_in_the_admin(client, kansliet):
    training = event()
    client.force_login(kansliet)
    assert client.get(reverse("admin:akademi_event_change", args=[training.pk])).status_code == 200
    assert client.get(reverse("admin:akademi_diplomarequirement_add")).status_code == 200
