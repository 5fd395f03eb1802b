"""The public registration tells no one whether an address was registered before: the same answer
either way, the details by e-mail. A place is held only once the address is confirmed (a signed
link, valid 48 hours); unconfirmed registrations expire; the cancel link of the e-mail works once."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from akademi import services, tasks
from akademi.models import Event, Registration
from akademi.views import counted
from base.forms import new_once_token
from tests.akademi.builders import event, external

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """Post the public form (a fresh client each time: a stranger has no session of the first)."""

    def post(an_event, email="lars@leverantor.example", name="Lars Leverantör"):
        form = {"name": name, "email": email, "organisation": "Lev AB", "consent": "on", "once": new_once_token()}
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("public_event_registration", args=[an_event.pk]), form)

    return post


def _link(message, kind):
    """The confirm ('bekrafta') or cancel ('avboka') link of a mail, as a path."""
    return re.search(rf"https?://[^/\s]+(/offentlig/akademi/anmalan/[^/\s]+/{kind}/)", message.body).group(1)


def _page(response):
    """The page as the person reads it: the CSRF token, which differs per visit, masked."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _free_places(an_event):
    taken = Registration.objects.unscoped().filter(event=an_event).aggregate(**counted())["registered_count"]
    return an_event.capacity - taken


def test_a_duplicate_registration_gets_the_same_answer_as_a_new_one_and_the_details_by_mail(register, client):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    first = register(training)
    client.get(_link(mail.outbox[0], "bekrafta"))
    mail.outbox.clear()
    again = register(training, email="LARS@leverantor.example", name="Någon annan")
    assert (first.status_code, again.status_code) == (200, 200)
    assert _page(first) == _page(again)
    assert "redan" not in again.content.decode()
    # The details go to the address; the row is left as it was.
    [message] = mail.outbox
    assert message.to == ["lars@leverantor.example"]
    assert message.subject == f"Du är redan anmäld: {training.title}"
    assert "din plats är kvar" in message.body and "/avboka/" in message.body
    registration = Registration.objects.unscoped().get(event=training)
    assert (registration.name, registration.status) == ("Lars Leverantör", Status.REGISTERED)


def test_registering_again_before_confirming_mails_the_same_link_again(register):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    register(training)
    register(training)
    assert Registration.objects.unscoped().filter(event=training).count() == 1
    assert len(mail.outbox) == 2
    assert _link(mail.outbox[0], "bekrafta") == _link(mail.outbox[1], "bekrafta")


def test_only_confirmed_registrations_take_a_place(register, client):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True, capacity=2)
    register(training, email="a@leverantor.example")
    register(training, email="b@leverantor.example")
    register(training, email="c@leverantor.example")
    assert _free_places(training) == 2  # three unconfirmed hold nothing
    link_a, link_b, link_c = (_link(message, "bekrafta") for message in mail.outbox)
    assert "är bekräftad och du är anmäld" in client.get(link_c).content.decode()
    assert "är bekräftad och du är anmäld" in client.get(link_a).content.decode()
    assert _free_places(training) == 0
    assert "du står på reservlistan" in client.get(link_b).content.decode()
    statuses = dict(Registration.objects.unscoped().filter(event=training).values_list("email", "status"))
    assert statuses == {
        "a@leverantor.example": Status.REGISTERED,
        "b@leverantor.example": Status.WAITING,
        "c@leverantor.example": Status.REGISTERED,
    }
    # Confirming twice changes nothing.
    client.get(link_a)
    assert _free_places(training) == 0


def test_the_confirm_link_expires_and_unconfirmed_registrations_are_removed(register, client, monkeypatch):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True, capacity=1)
    register(training)
    link = _link(mail.outbox[0], "bekrafta")
    later = timezone.now() + datetime.timedelta(hours=49)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    response = client.get(link)
    assert response.status_code == 404 and "Länken har gått ut" in response.content.decode()
    assert Registration.objects.unscoped().get().status == Status.UNCONFIRMED
    assert services.expire_unconfirmed(now=timezone.now()) == 0  # not yet
    assert services.expire_unconfirmed(now=later) == 1
    assert not Registration.objects.unscoped().exists()
    assert "email" not in {f.name for f in Registration.history.model._meta.get_fields()}


def test_the_daily_task_removes_unconfirmed_registrations_past_their_link(register):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    register(training)
    Registration.objects.unscoped().update(registered_at=timezone.now() - datetime.timedelta(hours=49))
    tasks.anonymise_expired_registrations.apply()
    assert not Registration.objects.unscoped().exists()


def test_the_cancel_link_works_once_and_gives_the_place_to_the_waiting_list(register, client):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True, capacity=1)
    waiting = external(training, 1, status=Status.WAITING)
    register(training)
    message = mail.outbox[0]
    client.get(_link(message, "bekrafta"))
    cancel = _link(message, "avboka")
    page = client.get(cancel)
    assert page.status_code == 200 and "Avboka anmälan" in page.content.decode()
    assert Registration.objects.unscoped().get(email="lars@leverantor.example").status == Status.REGISTERED
    done = client.post(cancel)
    assert done.status_code == 200 and "Din anmälan är avbokad." in done.content.decode()
    assert Registration.objects.unscoped().get(email="lars@leverantor.example").status == Status.CANCELLED
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED
    again = client.post(cancel)
    assert again.status_code == 404 and "Länken är redan använd" in again.content.decode()
    assert client.get(cancel).status_code == 404


def test_an_old_cancel_link_does_not_cancel_a_registration_made_again(register, client):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    register(training)
    old_cancel = _link(mail.outbox[0], "avboka")
    client.post(old_cancel)
    register(training)
    client.get(_link(mail.outbox[-1], "bekrafta"))
    assert client.post(old_cancel).status_code == 404
    assert Registration.objects.unscoped().get().status == Status.REGISTERED


@pytest.mark.parametrize("kind", ["bekrafta", "avboka"])
def test_a_tampered_link_is_refused(register, client, kind):
    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    other = external(training, 1, status=Status.UNCONFIRMED)
    register(training)
    link = _link(mail.outbox[0], kind)
    token = link.split("/")[-3]
    _pk, rest = token.split(":", 1)
    forged = link.replace(token, f"{other.pk}:{rest}")
    for method in ("get", "post") if kind == "avboka" else ("get",):
        response = getattr(client, method)(forged)
        assert response.status_code == 404 and "Länken är inte giltig." in response.content.decode()
    assert client.get(link.replace(token, token[:-2] + "xx")).status_code == 404
    assert set(Registration.objects.unscoped().values_list("status", flat=True)) == {Status.UNCONFIRMED}
