# ruff: noqa: F811 (the fixtures imported from other modules are named as arguments)
"""The audit list keeps its rows in the cache (base.lists): a second view runs no query for them,
what a saved record or an import changes shows on the next view, each reader sees only their own
rows, each language its own words, and without Redis the page is rendered from the database."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.access import Role
from revisioner.forms_import import read_dataset
from revisioner.models import Audit, Contract
from revisioner.services.imports import import_file
from tests import factories
from tests.base.test_redis_down import redis_stopped  # noqa: F401 (a fixture)
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db

URL = reverse("audit_list")


def _counted(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _rows(html):
    return html[html.index("<table>") : html.index("</table>")]


def test_a_second_view_reads_the_rows_from_the_cache(client, kansliet, audit_of):
    audit_of("A")
    client.force_login(kansliet)
    client.get(reverse("start"))  # the session's first touch is not the list's
    cold, cold_queries = _counted(client)
    warm, warm_queries = _counted(client)
    # The user with their memberships, and nothing for the rows.
    assert (cold_queries, warm_queries) == (SESSION_QUERIES + 4, SESSION_QUERIES)
    assert _rows(warm) == _rows(cold) and "Abcur AB" in _rows(warm)
    # Another page, sort or filter is a query of its own.
    assert _counted(client, sort="supplier")[1] == SESSION_QUERIES + 4


@pytest.mark.parametrize("name", ["audit_list", "deviation_list", "contract_list"])
def test_each_list_of_the_follow_up_keeps_its_rows(client, kansliet, audit_of, name):
    audit_of("A")
    client.force_login(kansliet)
    client.get(reverse("start"))
    with CaptureQueriesContext(connection) as cold:
        first = client.get(reverse(name)).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(reverse(name)).content.decode()
    assert len(warm) == SESSION_QUERIES < len(cold)
    assert _rows(second) == _rows(first)


def test_a_saved_contract_shows_on_the_next_view_of_the_contracts(client, kansliet, supplier, category):
    client.force_login(kansliet)
    assert "Inga avtal matchar filtret." in client.get(reverse("contract_list")).content.decode()
    Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="RS-2024-0117",
        starts_on=datetime.date(2024, 4, 1),
    )
    assert "RS-2024-0117" in client.get(reverse("contract_list")).content.decode()


def test_a_planned_audit_and_a_changed_status_show_on_the_next_view(client, kansliet, audit_of, other_supplier):
    audit = audit_of("A")
    client.force_login(kansliet)
    assert "Medline GmbH" not in client.get(URL).content.decode()
    audit_of("A", supplier=other_supplier)
    assert "Medline GmbH" in client.get(URL).content.decode()
    Audit.objects.unscoped().filter(pk=audit.pk).get().delete()
    assert "Abcur AB" not in client.get(URL).content.decode()


def test_a_supplier_renamed_by_an_import_shows_at_once(
    client, kansliet, audit_of, supplier, django_capture_on_commit_callbacks
):
    """The supplier import writes in bulk, sending no signal; it retires the cached rows itself."""
    audit_of("A")
    client.force_login(kansliet)
    assert "Abcur AB" in client.get(URL).content.decode()
    content = f"name,org_number\nAbcur Aktiebolag,{supplier.org_number.replace('-', '')}\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_file("suppliers", read_dataset("s.csv", content), acting_user=kansliet, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    supplier.refresh_from_db()
    assert supplier.name == "Abcur Aktiebolag"
    assert "Abcur Aktiebolag" in _rows(client.get(URL).content.decode())


def test_a_preview_of_an_import_keeps_the_cached_rows(client, kansliet, audit_of, supplier):
    audit_of("A")
    client.force_login(kansliet)
    client.get(URL)
    content = f"name,org_number\nAbcur Aktiebolag,{supplier.org_number.replace('-', '')}\n".encode()
    import_file("suppliers", read_dataset("s.csv", content), acting_user=kansliet, dry_run=True)
    assert _counted(client)[1] == SESSION_QUERIES


@pytest.mark.parametrize("first", ["anna", "bertil"])
def test_a_restricted_audit_does_not_reach_another_region_through_the_cache(client, anna, bertil, audit_of, first):
    """Region A's audit under way is A's alone, whoever read the list first."""
    audit_of("A")
    readers = {"anna": anna, "bertil": bertil}
    seen = {}
    for name in sorted(readers, key=lambda name: name != first):
        client.force_login(readers[name])
        for _ in range(2):  # the second view reads the cache
            seen[name] = client.get(URL).content.decode()
    assert "Abcur AB" in seen["anna"]
    assert "Abcur AB" not in seen["bertil"] and "Inga revisioner matchar filtret." in seen["bertil"]


def test_the_secretariat_shares_the_rows_but_not_the_buttons(client, kansliet, audit_of):
    audit_of("A")
    reader = factories.member(Role.STEERING, name="Stina Styrgrupp")
    other = factories.member(Role.SECRETARIAT, name="Sara Sekretariat", email="sara@hallbar.example")
    client.force_login(kansliet)
    assert "Planera revision" in client.get(URL).content.decode()
    client.force_login(other)
    client.get(reverse("start"))
    assert _counted(client)[1] == SESSION_QUERIES  # the rows Karin's view kept
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "Planera revision" not in html


def test_each_language_keeps_its_own_rows(client, kansliet, audit_of):
    audit_of("A")
    client.force_login(kansliet)
    assert "Kontorsrevision" in client.get(URL).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL).content.decode()
    assert "Office audit" in english and "Kontorsrevision" not in english


def test_the_list_renders_from_the_database_while_redis_is_stopped(client, kansliet, audit_of, redis_stopped):
    audit_of("A")
    client.force_login(kansliet)
    for _ in range(2):  # nothing is kept: each view renders the rows
        html, queries = _counted(client)
        assert "Abcur AB" in html and queries > 2
