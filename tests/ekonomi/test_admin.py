"""The admin shows fiscal years but never moves their state: adopting and closing are
ekonomi/services.py's, which check the fees and carry the closing balance to the next year."""

import pytest
from django.urls import reverse

from ekonomi.models import FiscalYear
from tests.regions.admin_forms import unchanged_post_data

pytestmark = pytest.mark.django_db
State = FiscalYear.State


def test_the_secretariat_cannot_change_a_fiscal_years_state_through_the_admin(client, kansliet, demo_finance):
    draft = FiscalYear.objects.get(state=State.DRAFT)
    client.force_login(kansliet)
    url = reverse("admin:ekonomi_fiscalyear_change", args=[draft.pk])
    data = {**unchanged_post_data(client.get(url)), "state": State.CLOSED, "opening_balance_note": "Enligt beslut."}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    draft.refresh_from_db()
    assert (draft.state, draft.closed_at, draft.adopted_at) == (State.DRAFT, None, None)
    assert draft.opening_balance_note == "Enligt beslut."  # the save went through; only the state did not move


def test_reverting_a_closed_year_in_the_history_is_refused(client, kansliet, demo_finance):
    closed = FiscalYear.objects.get(year=2024, state=State.CLOSED)
    earlier = closed.history.exclude(state=State.CLOSED).order_by("history_date").first()
    client.force_login(kansliet)
    url = reverse("admin:ekonomi_fiscalyear_simple_history", args=[closed.pk, earlier.history_id])
    assert client.post(url, unchanged_post_data(client.get(url))).status_code == 403
    closed.refresh_from_db()
    assert closed.state == State.CLOSED
