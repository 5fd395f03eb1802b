"""Rows written in bulk get the history rows django-simple-history's own bulk function writes: the
same values, type "+", the acting user and the moment, one per row; copied by the database."""

import pytest
from simple_history.utils import bulk_create_with_history as built_in_python

from base.history import bulk_create_with_history
from regions.models import User
from revisioner.models import Supplier

pytestmark = pytest.mark.django_db

TRACKED = ("id", "name", "normalised_name", "country", "org_number", "foreign_identifier", "parent_id", "version")


def _suppliers(prefix, count):
    return [
        Supplier(name=f"{prefix} {n} AB", normalised_name=f"{prefix.lower()} {n}", org_number=f"{prefix}-{n}")
        for n in range(count)
    ]


def _history(suppliers):
    rows = Supplier.history.filter(id__in=[s.pk for s in suppliers]).order_by("id")
    return list(rows.values("history_type", "history_user_id", "history_change_reason", *TRACKED))


def test_each_row_gets_the_history_row_the_built_in_function_writes():
    user = User.objects.create_user("anna@example.se", name="Anna")
    ours = bulk_create_with_history(_suppliers("Alfa", 5), Supplier, batch_size=2, user=user)
    theirs = built_in_python(_suppliers("Beta", 5), Supplier, batch_size=2, default_user=user)
    assert all(supplier.pk for supplier in ours)
    ours_history, theirs_history = _history(ours), _history(theirs)
    assert len(ours_history) == 5  # three batches of at most two, one history row for each supplier
    assert [row["name"] for row in ours_history] == [f"Alfa {n} AB" for n in range(5)]

    def without_identity(rows):
        return [
            {k: v for k, v in row.items() if k not in ("id", "name", "normalised_name", "org_number")} for row in rows
        ]

    assert without_identity(ours_history) == without_identity(theirs_history)
    assert {row["history_type"] for row in ours_history} == {"+"}
    assert {row["history_user_id"] for row in ours_history} == {user.pk}
    moments = Supplier.history.filter(id__in=[s.pk for s in ours]).values_list("history_date", flat=True)
    assert len(set(moments)) == 1 and next(iter(moments)) is not None


def test_without_a_user_the_history_names_nobody_and_nothing_is_written_for_no_rows():
    assert bulk_create_with_history([], Supplier, batch_size=10) == []
    assert Supplier.history.count() == 0
    written = bulk_create_with_history(_suppliers("Gamma", 3), Supplier, batch_size=10)
    assert [row["history_user_id"] for row in _history(written)] == [None, None, None]
    assert Supplier.objects.get(pk=written[0].pk).history.get().name == "Gamma 0 AB"
