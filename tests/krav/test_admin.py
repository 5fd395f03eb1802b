"""The admin shows requirement versions but never moves their status: that is krav/services.py's,
which checks the order proposal → consultation → adopted and supersedes the previous version."""

import pytest
from django.urls import reverse

from krav.models import RequirementVersion
from tests.regions.admin_forms import unchanged_post_data

pytestmark = pytest.mark.django_db
Status = RequirementVersion.Status


def test_the_secretariat_cannot_change_a_versions_status_through_the_admin(client, kansliet, consultation):
    client.force_login(kansliet)
    url = reverse("admin:krav_requirementversion_change", args=[consultation.pk])
    data = {**unchanged_post_data(client.get(url)), "status": Status.ADOPTED, "guidance": "Se vägledningen."}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    consultation.refresh_from_db()
    assert (consultation.status, consultation.adopted_at) == (Status.CONSULTATION, None)
    assert consultation.guidance == "Se vägledningen."  # the save went through; only the status did not move


def test_reverting_to_an_earlier_version_in_the_history_does_not_move_the_status(client, kansliet, consultation):
    client.force_login(kansliet)
    earliest = consultation.history.earliest()
    assert earliest.status == Status.PROPOSAL
    url = reverse("admin:krav_requirementversion_simple_history", args=[consultation.pk, earliest.history_id])
    assert client.post(url, unchanged_post_data(client.get(url))).status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == Status.CONSULTATION


def test_an_adopted_version_cannot_be_changed_in_the_admin(client, kansliet, adopted):
    client.force_login(kansliet)
    url = reverse("admin:krav_requirementversion_change", args=[adopted.pk])
    response = client.post(url, {"status": Status.PROPOSAL, "text": "Ändrad."})
    assert response.status_code == 403
    adopted.refresh_from_db()
    assert (adopted.status, adopted.text) == (Status.ADOPTED, "Inga PFAS.")
