"""The work queue is kept with the cached figures (hallbar.navigation.work_queue): a second view
of the start page asks no query for it, a saved record shows on the next view, and a new day
counts again (an action due today is overdue tomorrow without any record changing)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallbar.navigation import work_queue
from tests.hallbar import test_work_queue as queue
from tests.hallbar.test_work_queue import START_PAGE_QUERIES, _action, audits_ab  # noqa: F401 (a fixture)
from tests.revisioner.conftest import audit_of, category, due_diligence, supplier, template  # noqa: F401

pytestmark = pytest.mark.django_db


def _overdue(user) -> int:
    return next((group.count for group in work_queue(user) if group.kind.key == "actions_overdue"), 0)


def test_a_second_view_of_the_start_page_reads_the_queue_from_the_cache(client, kansliet, audits_ab):  # noqa: F811
    audit_a, _audit_b = audits_ab
    _action(audit_a, due_in_days=-3)
    client.force_login(kansliet)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as warm:
        html = client.get(reverse("start")).content.decode()
    assert len(warm) == START_PAGE_QUERIES
    assert "Försenade åtgärder" in html


def test_a_saved_action_shows_on_the_next_view(kansliet, audits_ab):  # noqa: F811
    audit_a, _audit_b = audits_ab
    assert _overdue(kansliet) == 0
    _action(audit_a, due_in_days=-3)
    assert _overdue(kansliet) == 1


def test_a_new_day_counts_again(kansliet, audits_ab, monkeypatch):  # noqa: F811
    audit_a, _audit_b = audits_ab
    _action(audit_a, due_in_days=0)  # due today: not yet overdue
    assert _overdue(kansliet) == 0
    tomorrow = queue.TODAY + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert _overdue(kansliet) == 1
