# ruff: noqa: F811 (the fixtures imported from other modules are named as arguments)
"""The selection ranking is read from the cache: the second view of a page runs no query for it,
a change to a record it is computed from shows on the next view, each reader keeps their own
ranking, and without Redis the page is computed from the database as before."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from regions.access import Role
from revisioner import selection, services
from revisioner.models import Audit, Contract, PlanEntry
from tests import factories
from tests.base.test_redis_down import redis_stopped  # noqa: F401 (a fixture)
from tests.query_counts import SESSION_QUERIES
from tests.revisioner.test_plan import _many_contracts, scored  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = reverse("audit_selection", args=[2025])


def _counted(client, url=URL, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return response, len(queries)


def _row(response, supplier):
    [row] = [row for row in response.context["rows"] if row.supplier_id == supplier.pk]
    return row


def test_a_second_view_reads_the_ranking_from_the_cache_whatever_the_rows(client, scored, anna):
    client.force_login(anna)
    client.get(URL)  # the session's first touch is not the page's
    for more, start, total in ((10, 100, 12), (990, 200, 1002)):
        _many_contracts(scored, more, start)
        figures_changed()  # bulk_create sends no signal: what a saved record does
        # The first view: the user with memberships (the scope), the procurement region it opens on, the
        # filter's procurement regions, the add form's procurement regions, and the whole ranking
        # in one query.
        cold, queries = _counted(client)
        assert queries == SESSION_QUERIES + 4
        # The next: the same but the ranking, read from the cache.
        warm, queries = _counted(client)
        assert queries == SESSION_QUERIES + 3
        assert warm.context["total"] == cold.context["total"] == total
        assert [r.supplier_id for r in warm.context["rows"]] == [r.supplier_id for r in cold.context["rows"]]
        # Another page of the same ranking is read from the same cache.
        assert _counted(client, page="2")[1] == SESSION_QUERIES + 3


def test_a_page_past_the_last_shows_the_last(client, scored, anna):
    _many_contracts(scored, 60, 100)  # 62 rows: two pages
    client.force_login(anna)
    response = client.get(URL, {"page": "9"})
    assert response.context["page_obj"].number == 2
    assert response.context["total"] == 62 and len(response.context["rows"]) == 12


def test_a_new_open_deviation_shows_on_the_next_view(client, scored, supplier, anna, kansliet):
    client.force_login(anna)
    assert _row(client.get(URL), supplier).open_deviations == 1
    audit = Audit.objects.unscoped().get(supplier=supplier)
    second = audit.template.criteria.all()[1]
    services.rate(acting_user=kansliet, audit=audit, ratings={second: ("does_not_meet", "", "")})
    row = _row(client.get(URL), supplier)
    assert (row.open_deviations, row.deviation_points) == (2, 4.0)


def test_a_row_added_to_the_plan_from_the_page_shows_in_the_plan_on_the_next_view(client, scored, supplier, anna):
    client.force_login(anna)
    assert not _row(client.get(URL), supplier).in_plan
    added = client.post(
        URL,
        {
            "supplier": supplier.pk,
            "category": scored.pk,
            "procurement_region": factories.procurement_region("A").pk,
            "kind": "office_audit",
        },
    )
    assert added.status_code == 302 and PlanEntry.objects.unscoped().exists()
    assert _row(client.get(URL), supplier).in_plan


def test_a_saved_contract_shows_on_the_next_view(client, scored, other_supplier, anna):
    client.force_login(anna)
    assert _row(client.get(URL), other_supplier).contract_value == 500_000
    contract = Contract.objects.unscoped().get(supplier=other_supplier)
    contract.yearly_value = 4_500_000
    contract.save()
    row = _row(client.get(URL), other_supplier)
    assert (row.contract_value, row.value_points) == (4_500_000, 4.5)


@pytest.mark.parametrize("first", ["anna", "bertil"])
def test_a_restricted_audit_does_not_reach_another_region_through_the_cache(
    client, scored, supplier, anna, bertil, first
):
    """Anna (A) sees A's audit under way and its open deviation; Bertil (B) does not, whoever
    read the ranking first."""
    readers = {"anna": anna, "bertil": bertil}
    seen = {}
    for name in sorted(readers, key=lambda name: name != first):
        client.force_login(readers[name])
        for _ in range(2):  # the second view reads the cache
            seen[name] = _row(client.get(URL, {"procurement_region": ""}), supplier)
            assert client.get(URL, {"procurement_region": ""}).status_code == 200
    assert (seen["anna"].open_deviations, seen["anna"].last_audit_year, seen["anna"].total) == (1, 2022, 31.0)
    assert (seen["bertil"].open_deviations, seen["bertil"].last_audit_year, seen["bertil"].total) == (0, None, 33.0)


def test_the_secretariat_shares_one_ranking_and_a_coordinator_has_their_own(scored, kansliet, anna, bertil):
    other = factories.member(Role.SECRETARIAT, name="Sara Sekretariat", email="sara@hallbar.example")
    names = {user: selection.ranking(2025, user=user).cache_name for user in (None, kansliet, other, anna, bertil)}
    assert names[None] == names[kansliet] == names[other]
    assert len({names[None], names[anna], names[bertil]}) == 3
    # Shared, the rows are the same as the system's.
    assert selection.ranking(2025, user=kansliet).page(0, 50) == selection.ranking(2025, user=None).page(0, 50)


def test_the_filters_each_keep_their_own_ranking(client, scored, supplier, other_supplier, anna):
    client.force_login(anna)
    everything = client.get(URL, {"procurement_region": ""})
    only_b = client.get(URL, {"procurement_region": str(factories.procurement_region("B").pk)})
    searched = client.get(URL, {"procurement_region": "", "q": "Medline"})
    assert {row.supplier_id for row in everything.context["rows"]} == {supplier.pk, other_supplier.pk}
    assert [row.supplier_id for row in only_b.context["rows"]] == [supplier.pk]
    assert [row.supplier_id for row in searched.context["rows"]] == [other_supplier.pk]


def test_an_evicted_part_of_the_ranking_is_computed_again(scored, supplier, other_supplier):
    ranking = selection.ranking(2025, user=None)
    rows, count = ranking.page(0, 50)
    cache.clear()  # as if Redis had dropped the entries
    assert ranking.page(0, 50) == (rows, count) and count == 2


def test_the_page_renders_from_the_database_while_redis_is_stopped(client, scored, supplier, anna, redis_stopped):
    client.force_login(anna)
    for _ in range(2):  # nothing is kept: each view computes the ranking
        response = client.get(URL)
        assert response.status_code == 200
        assert _row(response, supplier).open_deviations == 1
    assert "31,0" in response.content.decode()


def test_the_points_are_printed_as_floatformat_prints_them(scored, supplier):
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    with translation.override("sv"):
        [row, _other] = selection.page_rows(2025, selection.ranking(2025, user=None).rows(), ",")
        assert row.printed == {
            name: floatformat(value, 1)
            for name, value in {
                "priority": row.priority_points,
                "risk": row.risk_points,
                "value": row.value_points,
                "region": row.region_points,
                "deviation": row.deviation_points,
                "audit": row.audit_points,
                "total": row.total,
            }.items()
        }
