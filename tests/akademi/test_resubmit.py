"""A registration sent twice (double click, back and resend): one registration, and the second
answer shows it. The server holds without the page's JavaScript."""

import pytest
from django.core import mail
from django.urls import reverse

from akademi.models import Event, Registration
from tests.akademi.builders import event

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _token(page) -> str:
    return page.content.decode().split('name="once" value="', 1)[1].split('"', 1)[0]


def test_the_register_button_pressed_twice_registers_once_and_says_so(client, kalle):
    webinar = event()
    client.force_login(kalle)
    token = _token(client.get(webinar.get_absolute_url()))
    url = reverse("event_register", args=[webinar.pk])
    client.post(url, {"once": token})
    second = client.post(url, {"once": token}, follow=True)
    page = second.content.decode()
    assert "Anmälan var redan skickad: du har status Anmäld." in page
    assert "redan anmäld till" not in page  # no error for the second click
    assert Registration.objects.unscoped().filter(event=webinar, user=kalle).count() == 1


def test_back_and_resend_after_cancelling_does_not_register_again(client, kalle):
    webinar = event()
    client.force_login(kalle)
    token = _token(client.get(webinar.get_absolute_url()))
    url = reverse("event_register", args=[webinar.pk])
    client.post(url, {"once": token})
    client.post(reverse("event_unregister", args=[webinar.pk]))
    again = client.post(url, {"once": token}, follow=True)
    assert "du har avbokat den sedan" in again.content.decode()
    assert Registration.objects.unscoped().get(event=webinar, user=kalle).status == Status.CANCELLED


def test_a_register_button_without_its_token_registers_nobody(client, kalle):
    webinar = event()
    client.force_login(kalle)
    response = client.post(reverse("event_register", args=[webinar.pk]), {"once": "forged"}, follow=True)
    assert "Sidan var för gammal" in response.content.decode()
    assert not Registration.objects.unscoped().filter(event=webinar).exists()


def test_the_public_form_sent_twice_registers_once_mails_once_and_shows_the_registration(
    client, reference, django_capture_on_commit_callbacks
):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    url = reverse("public_event_registration", args=[training.pk])
    data = {
        "name": "Lars Leverantör",
        "email": "lars@leverantor.example",
        "organisation": "Lev AB",
        "consent": "on",
        "once": _token(client.get(url)),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
        second = client.post(url, data)
    assert second.status_code == 200
    assert "Tack. Vi har skickat ett e-postmeddelande till adressen du angav." in second.content.decode()
    assert Registration.objects.unscoped().filter(event=training).count() == 1
    assert len(mail.outbox) == 1
