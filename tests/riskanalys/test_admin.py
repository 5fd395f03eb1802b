"""The admin shows risk analyses but never moves their status: submitting, publishing and returning
to draft are riskanalys/services.py's, which check the order and set the visibility with it."""

import pytest
from django.urls import reverse

from riskanalys.models import RiskAnalysis
from tests.regions.admin_forms import unchanged_post_data

pytestmark = pytest.mark.django_db
Status = RiskAnalysis.Status


def test_the_secretariat_cannot_change_an_analysis_status_through_the_admin(client, kansliet, draft_of_a):
    client.force_login(kansliet)
    url = reverse("admin:riskanalys_riskanalysis_change", args=[draft_of_a.pk])
    data = {**unchanged_post_data(client.get(url)), "status": Status.PUBLISHED, "conclusions": "Hög risk."}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    draft_of_a.refresh_from_db()
    assert (draft_of_a.status, draft_of_a.published_at) == (Status.DRAFT, None)
    assert draft_of_a.conclusions == "Hög risk."  # the save went through; only the status did not move


def test_reverting_a_published_analysis_to_its_draft_in_the_history_is_refused(client, kansliet, published_of_a):
    client.force_login(kansliet)
    draft = published_of_a.history.earliest()
    assert draft.status == Status.DRAFT
    url = reverse("admin:riskanalys_riskanalysis_simple_history", args=[published_of_a.pk, draft.history_id])
    assert client.post(url, unchanged_post_data(client.get(url))).status_code == 403
    published_of_a.refresh_from_db()
    assert published_of_a.status == Status.PUBLISHED
