"""Registering: capacity and the waiting list, cancelling, and the public form for people
without an account (bad e-mail, duplicate, closed: a clear message and nothing stored)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from akademi import services
from akademi.models import Event, Registration
from base.forms import new_once_token
from tests import factories
from tests.akademi.builders import event

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def public_form(client, django_capture_on_commit_callbacks):
    """Post the public form; the confirmation is sent on commit, as in production."""

    def post(an_event, **data):
        form = {
            "name": "Lars Leverantör",
            "email": "lars@leverantor.example",
            "organisation": "Lev AB",
            "consent": "on",
            "once": new_once_token(),
        }
        form.update(data)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("public_event_registration", args=[an_event.pk]), {k: v for k, v in form.items() if v}
            )

    return post


def test_a_member_registers_with_one_click(client, kalle):
    webinar = event()
    client.force_login(kalle)
    response = client.post(reverse("event_register", args=[webinar.pk]), {"once": new_once_token()}, follow=True)
    assert "Du är anmäld." in response.content.decode()
    assert Registration.objects.unscoped().get(event=webinar).user == kalle


def test_registrations_beyond_capacity_go_to_the_waiting_list(reference):
    training = event(capacity=2)
    people = [factories.member("region_contact", region=factories.region("Kalmar")) for _ in range(3)]
    statuses = [services.register_member(acting_user=person, event=training).status for person in people]
    assert statuses == [Status.REGISTERED, Status.REGISTERED, Status.WAITING]


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(reference):
    training = event(capacity=1)
    first, second, third = (factories.member("region_contact", region=factories.region("Kalmar")) for _ in range(3))
    taken = services.register_member(acting_user=first, event=training)
    waiting = services.register_member(acting_user=second, event=training)
    services.register_member(acting_user=third, event=training)
    promoted = services.cancel(acting_user=first, registration=taken)
    assert promoted == waiting
    statuses = dict(Registration.objects.unscoped().filter(event=training).values_list("user", "status"))
    assert statuses == {first.pk: Status.CANCELLED, second.pk: Status.REGISTERED, third.pk: Status.WAITING}


def test_cancelling_from_the_waiting_list_promotes_nobody(reference):
    training = event(capacity=1)
    first, second = (factories.member("region_contact", region=factories.region("Kalmar")) for _ in range(2))
    services.register_member(acting_user=first, event=training)
    waiting = services.register_member(acting_user=second, event=training)
    assert services.cancel(acting_user=second, registration=waiting) is None


def test_a_member_cannot_register_twice(kalle):
    webinar = event()
    services.register_member(acting_user=kalle, event=webinar)
    with pytest.raises(ValidationError, match="redan anmäld"):
        services.register_member(acting_user=kalle, event=webinar)


def test_registration_closes_at_the_deadline(kalle):
    webinar = event(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="stängd"):
        services.register_member(acting_user=kalle, event=webinar)


def test_an_external_person_registers_through_the_public_form_and_is_mailed_a_link_to_confirm(
    public_form, client, reference
):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    response = public_form(training, email="Lars@Leverantor.example")
    assert response.status_code == 200
    assert "Följ länken i det för att bekräfta anmälan" in response.content.decode()
    registration = Registration.objects.unscoped().get(event=training)
    assert (registration.name, registration.email, registration.user, registration.status) == (
        "Lars Leverantör",
        "lars@leverantor.example",
        None,
        Status.UNCONFIRMED,
    )
    assert registration.consent_at and registration.confirmation_sent_at
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lars@leverantor.example"]
    assert f"Bekräfta din anmälan: {training.title}" == mail.outbox[0].subject
    assert "/offentlig/akademi/anmalan/" in mail.outbox[0].body


def test_the_public_form_refuses_a_bad_email_and_stores_nothing(public_form, client, reference):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    response = public_form(training, email="inte-en-adress")
    assert response.status_code == 400
    assert "Ange en giltig e-postadress" in response.content.decode()
    assert not Registration.objects.unscoped().exists()
    assert mail.outbox == []


def test_the_public_form_refuses_a_closed_registration_and_stores_nothing(public_form, client, reference):
    training = event(
        Event.Kind.SUPPLIER_TRAINING,
        open_to_public=True,
        registration_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    assert "är stängd" in client.get(reverse("public_event_registration", args=[training.pk])).content.decode()
    response = public_form(training)
    assert response.status_code == 400
    assert f"Anmälan till {training.title} är stängd." in response.content.decode()
    assert not Registration.objects.unscoped().exists()


def test_the_public_form_requires_consent(public_form, client, reference):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    response = public_form(training, consent="")
    assert response.status_code == 400
    assert "samtycka" in response.content.decode()
    assert not Registration.objects.unscoped().exists()


def test_events_not_open_to_the_public_have_no_public_form(public_form, client, reference):
    internal = event(Event.Kind.INTRODUCTION)
    assert client.get(reverse("public_event_registration", args=[internal.pk])).status_code == 404


def test_the_confirmation_is_sent_once_whatever_the_retries(public_form, client, reference):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    public_form(training)
    registration = Registration.objects.unscoped().get()
    assert services.send_confirmation(registration.pk, "http://testserver/") is False
    assert len(mail.outbox) == 1


def test_the_history_keeps_no_personal_data_of_external_people(public_form, client, reference):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    public_form(training)
    history = Registration.history.model
    assert not {"name", "email", "organisation"} & {field.name for field in history._meta.get_fields()}


def test_with_the_broker_down_the_registration_is_kept_and_the_confirmation_sent_later(
    public_form, monkeypatch, reference
):
    from kombu.exceptions import OperationalError

    from akademi import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_registration_confirmation, "apply_async", broker_down)
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    response = public_form(training)
    assert response.status_code == 200
    registration = Registration.objects.unscoped().get()
    assert registration.confirmation_sent_at is None and mail.outbox == []
    assert services.send_pending_mail(now=timezone.now()) == 0  # still within its own task's minutes
    assert services.send_pending_mail(now=timezone.now() + datetime.timedelta(minutes=11)) == 1
    assert mail.outbox[0].to == ["lars@leverantor.example"]


def test_the_public_form_is_rate_limited_per_client_address(public_form, reference):
    from akademi.views import PUBLIC_REGISTRATIONS_PER_HOUR

    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    for number in range(PUBLIC_REGISTRATIONS_PER_HOUR):
        assert public_form(training, email=f"person{number}@leverantor.example").status_code == 200
    response = public_form(training, email="en-till@leverantor.example")
    assert response.status_code == 429
    assert "För många anmälningar" in response.content.decode()
    assert Registration.objects.unscoped().count() == PUBLIC_REGISTRATIONS_PER_HOUR


def test_behind_a_proxy_each_client_has_its_own_limit(client, settings, reference):
    from akademi.views import PUBLIC_REGISTRATIONS_PER_HOUR

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    url = reverse("public_event_registration", args=[training.pk])

    def register(number, address):
        data = {"name": "Lars", "email": f"p{number}@leverantor.example", "organisation": "Lev AB", "consent": "on"}
        data["once"] = new_once_token()
        return client.post(url, data, HTTP_X_FORWARDED_FOR=address).status_code

    assert [register(n, "203.0.113.5") for n in range(PUBLIC_REGISTRATIONS_PER_HOUR + 1)][-1] == 429
    assert register(99, "203.0.113.6") == 200  # another client behind the same proxy


def test_a_member_cannot_cancel_once_the_event_has_begun_but_the_secretariat_can(client, kalle, kansliet):
    past = event(days=-1)
    own = Registration.objects.create(event=past, user=kalle, attended=True)
    client.force_login(kalle)
    response = client.post(reverse("event_unregister", args=[past.pk]), follow=True)
    assert "har redan börjat" in response.content.decode()
    own.refresh_from_db()
    assert (own.status, own.attended) == (Status.REGISTERED, True)

    services.cancel(acting_user=kansliet, registration=own)
    own.refresh_from_db()
    assert own.status == Status.CANCELLED


def test_the_meeting_link_is_shown_to_those_with_a_place_not_to_the_waiting_list(client, kalle, anna):
    webinar = event(capacity=1, link="https://mote.example/hemligt-rum")
    services.register_member(acting_user=anna, event=webinar)
    services.register_member(acting_user=kalle, event=webinar)  # waiting
    client.force_login(kalle)
    assert "hemligt-rum" not in client.get(reverse("event_detail", args=[webinar.pk])).content.decode()
    client.force_login(anna)
    assert "hemligt-rum" in client.get(reverse("event_detail", args=[webinar.pk])).content.decode()
