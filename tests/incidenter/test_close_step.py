"""The case page offers closing only once the case may close: without an outcome it says what is
missing instead of a form that would be refused."""

import datetime

import pytest
from django.urls import reverse

from incidenter import services
from incidenter.models import Outcome

pytestmark = pytest.mark.django_db


def test_a_case_without_an_outcome_says_why_it_cannot_close_yet(client, anna, case_of_anna):
    client.force_login(anna)
    url = reverse("incident_detail", args=[case_of_anna.pk])
    page = client.get(url).content.decode()
    assert "Kan avslutas när minst ett utfall är registrerat." in page
    assert reverse("incident_close", args=[case_of_anna.pk]) not in page

    services.record_outcome(
        acting_user=anna,
        incident=case_of_anna,
        outcome=Outcome(kind=Outcome.Kind.DIALOGUE, decided_on=datetime.date(2024, 5, 1)),
    )
    page = client.get(url).content.decode()
    assert reverse("incident_close", args=[case_of_anna.pk]) in page
    assert "Kan avslutas" not in page
