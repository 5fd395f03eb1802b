"""The contract download at any size: its regions joined in one column, its sum row, one query for
the rows whatever their number; and a list's page found on ids keeps the list's order."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import ProcurementRegion, Region
from revisioner.models import Contract

pytestmark = pytest.mark.django_db


def _named_against_their_ids():
    """Two regions, in the order of their names, the later of which was made first."""
    first, second = Region.objects.order_by("pk")[:2]
    Region.objects.filter(pk=first.pk).update(short_name="Öland (test)")
    Region.objects.filter(pk=second.pk).update(short_name="Dalsland (test)")
    return list(Region.objects.filter(pk__in=[first.pk, second.pk]).order_by("short_name"))


def _contracts(supplier, category, count, start=0):
    region = ProcurementRegion.objects.get(letter="A")
    regions = _named_against_their_ids()
    for n in range(start, start + count):
        contract = Contract.objects.create(
            procurement_region=region,
            supplier=supplier,
            category=category,
            reference=f"AV-{n:04d}",
            title=f"Avtal {n}",
            starts_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            yearly_value=1000 if n % 2 else None,
        )
        contract.regions.set(regions if n % 3 else regions[:1])
    return regions


def _download(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contract_list"), {"format": "csv"})
        body = response.getvalue().decode("utf-8-sig")
    assert response.streaming
    return list(csv.reader(io.StringIO(body), delimiter=";")), len(queries)


def test_the_contract_download_joins_the_regions_and_sums_the_values_in_the_same_queries_at_any_size(
    client, kansliet, supplier, category
):
    client.force_login(kansliet)
    regions = _contracts(supplier, category, 3)
    _download(client)  # the first request of the session also reads the person's memberships
    rows, few = _download(client)
    assert rows[0][6] == "Regioner"
    by_reference = {row[0]: row for row in rows[1:-1]}
    assert by_reference["AV-0000"][6] == regions[0].short_name
    assert by_reference["AV-0001"][6] == "Dalsland (test), Öland (test)"  # by name, not in the order made
    assert rows[-1][0] == "Summa" and rows[-1][9] == "1000"  # one value recorded; the others are empty, not 0
    assert by_reference["AV-0000"][9] == ""
    _contracts(supplier, category, 30, start=3)
    rows, many = _download(client)
    assert len(rows) == 1 + 33 + 1
    assert many == few


def test_a_deep_page_has_the_rows_of_the_list_in_its_order(client, kansliet, supplier, category):
    client.force_login(kansliet)
    _contracts(supplier, category, 30)
    first = client.get(reverse("contract_list"))
    last = client.get(reverse("contract_list"), {"page": 2})
    shown = [c.reference for c in first.context["contracts"]] + [c.reference for c in last.context["contracts"]]
    assert shown == [f"AV-{n:04d}" for n in reversed(range(30))]  # newest first, none twice, none missing
