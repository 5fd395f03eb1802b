"""The priority list is edited by the secretariat on a page of its own, with who changed what."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krav.models import PriorityEntry, Requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def requirements():
    return [
        Requirement.objects.create(title=title, kind=Requirement.Kind.CHEMICALS, responsible="Kansliet")
        for title in ("Due diligence", "Konfliktmineraler", "Kemikalier i textil")
    ]


def _place(requirement, position, **fields):
    return {"start_year": 2025, "end_year": 2026, "position": position, "requirement": requirement.pk, **fields}


def test_the_secretariat_adds_changes_and_removes_a_place_with_history(client, kansliet, requirements):
    due, conflict, _chemicals = requirements
    client.force_login(kansliet)

    response = client.post(reverse("priority_list"), _place(due, 1, status="Påbörjat"))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Due diligence står nu på prioriteringslistan."]
    entry = PriorityEntry.objects.get()
    assert (entry.position, entry.requirement, entry.status) == (1, due, "Påbörjat")

    response = client.post(reverse("priority_edit", args=[entry.pk]), _place(conflict, 1, status="Remiss"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.requirement == conflict

    client.post(reverse("priority_remove", args=[entry.pk]))
    assert not PriorityEntry.objects.exists()

    history = list(PriorityEntry.history.order_by("history_date").values_list("history_type", "history_user", "status"))
    assert history == [("+", kansliet.pk, "Påbörjat"), ("~", kansliet.pk, "Remiss"), ("-", kansliet.pk, "Remiss")]
    page = client.get(reverse("priority_list")).content.decode()
    assert "Karin Kansli" in page and "Prioriteringslistan är tom" in page


def test_a_taken_place_and_a_backward_period_are_refused_at_their_fields(client, kansliet, requirements):
    due, conflict, _chemicals = requirements
    client.force_login(kansliet)
    client.post(reverse("priority_list"), _place(due, 1))

    taken = client.post(reverse("priority_list"), _place(conflict, 1))
    backward = client.post(reverse("priority_list"), _place(conflict, 2, start_year=2026, end_year=2025))

    assert taken.status_code == 400 and backward.status_code == 400
    assert "finns redan" in taken.content.decode() or "already exists" in taken.content.decode()
    assert "Perioden slutar före den börjar." in backward.content.decode()
    assert "<title>Fel:" in backward.content.decode()
    assert PriorityEntry.objects.count() == 1


def test_only_the_secretariat_edits_the_list(client, anna, requirements):
    entry = PriorityEntry.objects.create(start_year=2025, end_year=2026, position=1, requirement=requirements[0])
    client.force_login(anna)
    assert client.get(reverse("priority_list")).status_code == 403
    # A page of one object answers as if it did not exist (the project's rule for objects).
    assert client.post(reverse("priority_edit", args=[entry.pk]), _place(requirements[1], 1)).status_code == 404
    assert client.post(reverse("priority_remove", args=[entry.pk])).status_code == 404
    assert PriorityEntry.objects.get().requirement == requirements[0]


def test_the_list_page_takes_the_same_queries_with_more_places(client, kansliet, requirements):
    client.force_login(kansliet)
    client.get(reverse("priority_list"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("priority_list")).status_code == 200
        return len(queries)

    client.post(reverse("priority_list"), _place(requirements[0], 1))
    few = count()
    for position, requirement in enumerate(requirements[1:], start=2):
        client.post(reverse("priority_list"), _place(requirement, position))
    assert count() == few
