"""set_in_bulk sets one column of many rows, each to its own value (None included), in batches, and
leaves every other row and column as it was."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.imports import set_in_bulk
from revisioner.models import Supplier

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_value_in_batches_and_the_others_keep_theirs():
    suppliers = Supplier.objects.bulk_create(
        [Supplier(name=f"Bolag {n} AB", normalised_name=f"bolag {n}", org_number=f"x-{n}") for n in range(7)]
    )
    first, *children = [supplier.pk for supplier in suppliers]
    Supplier.objects.filter(pk=children[-1]).update(parent_id=first)
    wanted = {children[0]: first, children[1]: first, children[2]: children[0], children[-1]: None}
    with CaptureQueriesContext(connection) as queries:
        set_in_bulk(Supplier, "parent", wanted, batch_size=3)
    assert len(queries) == 2  # four rows in batches of three
    parents = dict(Supplier.objects.values_list("pk", "parent_id"))
    assert {pk: parents[pk] for pk in wanted} == wanted
    assert parents[first] is None and parents[children[3]] is None and parents[children[4]] is None
    assert set(Supplier.objects.values_list("name", flat=True)) == {f"Bolag {n} AB" for n in range(7)}


def test_nothing_to_set_asks_nothing():
    with CaptureQueriesContext(connection) as queries:
        set_in_bulk(Supplier, "parent", {}, batch_size=10)
    assert len(queries) == 0
