"""The ranking gives the same rows, figures and order as the reference (a correlated subquery per
figure, tests/revisioner/ranking_reference.py), on the generated data set, for the system, the
secretariat and a coordinator, with and without the filters, a page and one row."""

from io import StringIO

import pytest
from django.core.management import call_command

from hallbar.benchmarks import BENCH_COORDINATOR, BENCH_SECRETARIAT, ensure_persona
from revisioner import selection
from revisioner.models import Contract
from tests.revisioner import ranking_reference

pytestmark = pytest.mark.django_db

YEAR = 2024


def _normalised(rows):
    """Each row's figures as plain values: the databases give booleans and sums in their own types."""
    return [
        {
            **row,
            "prioritised": bool(row["prioritised"]),
            "in_plan": bool(row["in_plan"]),
            "contract_value": int(row["contract_value"]),
        }
        for row in rows
    ]


def _reference(year, **criteria):
    return _normalised(ranking_reference.ranking(year, **criteria).values(*selection.Row.FIELDS, "row_count"))


def test_the_ranking_is_the_reference_row_for_row_in_the_reference_order():
    # One generation for every check: it is the slow part.
    call_command("generate_scale_data", scale="small", force=True, stdout=StringIO())
    secretariat = ensure_persona(BENCH_SECRETARIAT)
    coordinator = ensure_persona(BENCH_COORDINATOR)

    for user in (None, secretariat, coordinator):
        expected = _reference(YEAR, user=user)
        assert len(expected) > 500  # many rows, some with open deviations and past audits
        assert any(row["open_deviations"] for row in expected) and any(row["last_audit_year"] for row in expected)
        assert _normalised(selection.ranking(YEAR, user=user).rows()) == expected

    expected = _reference(YEAR, user=coordinator)
    assert _normalised(selection.ranking(YEAR, user=coordinator).rows(100, 25)) == expected[100:125]
    row = expected[7]
    found = selection.score_of(YEAR, row["supplier_id"], row["category_id"], user=coordinator)
    assert (found.supplier_id, found.category_id, found.total) == (
        row["supplier_id"],
        row["category_id"],
        round(row["total"], 1),
    )

    contract = Contract.objects.unscoped().select_related("category", "procurement_region", "supplier").first()
    for criterion in (
        {"procurement_region": contract.procurement_region},
        {"category": contract.category},
        {"search": contract.supplier.name.split()[0]},
    ):
        expected = _reference(YEAR, user=None, **criterion)
        assert expected, criterion
        assert _normalised(selection.ranking(YEAR, user=None, **criterion).rows()) == expected
