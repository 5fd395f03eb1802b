"""Two of the secretariat on one event, and the new-event form sent twice: no lost update, no duplicate."""

import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from akademi.models import Event
from regions.access import Role
from tests import factories
from tests.akademi.builders import event

pytestmark = pytest.mark.django_db


def form_data(form) -> dict:
    """What a browser sends back for an untouched form: each input as the page renders it (a date
    and time as the picker shows it, its hidden starting value as the hidden input holds it), the
    hidden version or token."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.MultipleChoiceField):
            data[field.html_name] = [str(item) for item in value or [] if item not in (None, "")]
        elif isinstance(field.field, forms.BooleanField):
            data[field.html_name] = "on" if value else ""
        else:
            shown = field.field.widget.format_value(value)
            data[field.html_name] = str((shown[0] if shown else "") if isinstance(shown, list) else shown or "")
        if field.field.show_hidden_initial and not isinstance(field.field, forms.MultipleChoiceField):
            data[field.html_initial_name] = str(field.field.hidden_widget().format_value(value) or "")
    return {key: value for key, value in data.items() if value not in ("", [])}


@pytest.fixture
def two_clients(kansliet):
    other = factories.member(Role.SECRETARIAT, name="Kim Kansli", email="kim@hallbar.example")
    first, second = Client(), Client()
    first.force_login(kansliet)
    second.force_login(other)
    return first, second


def test_the_second_save_of_an_event_is_refused_with_the_input_kept_and_the_change_shown(two_clients):
    webinar = event(capacity=30)
    # Made in the form, an event starts and ends on a whole minute (the picker has no seconds).
    webinar.starts_at, webinar.ends_at = (
        moment.replace(second=0, microsecond=0) for moment in (webinar.starts_at, webinar.ends_at)
    )
    webinar.save()
    karin, kim = two_clients
    url = reverse("event_edit", args=[webinar.pk])
    karins, kims = form_data(karin.get(url).context["form"]), form_data(kim.get(url).context["form"])

    karins["capacity"] = "50"
    assert karin.post(url, karins).status_code == 302
    kims["place"] = "Stadshuset"
    refused = kim.post(url, kims)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Antal platser är nu: 50" in page
    assert page.count("är nu:") == 1, re.findall(r"<p>[^<]*är nu:[^<]*</p>", page)  # only what Karin changed
    assert 'value="Stadshuset"' in page  # Kim's input is still in the form
    webinar.refresh_from_db()
    assert (webinar.capacity, webinar.place) == (50, "")

    # Having seen the change, Kim saves again: it goes through, Karin's change kept.
    again = form_data(refused.context["form"])
    again["capacity"] = "50"
    assert kim.post(url, again).status_code == 302
    webinar.refresh_from_db()
    assert (webinar.capacity, webinar.place) == (50, "Stadshuset")


def test_the_new_event_form_sent_twice_creates_one_and_shows_it(client, kansliet):
    client.force_login(kansliet)
    data = {
        "once": client.get(reverse("event_create")).context["form"]["once"].value(),
        "kind": "webinar", "title": "Webinarium om textil", "starts_at": "2030-03-01T10:00",
        "ends_at": "2030-03-01T11:00",
    }  # fmt: skip
    first = client.post(reverse("event_create"), data)
    second = client.post(reverse("event_create"), data, follow=True)

    created = Event.objects.get(title="Webinarium om textil")
    assert first["Location"] == created.get_absolute_url()
    assert second.redirect_chain[-1][0] == created.get_absolute_url()
    assert "Formuläret var redan skickat. Här är evenemanget som skapades då." in second.content.decode()
