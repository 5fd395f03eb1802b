"""Supplier fields suggest suppliers by name or organisation number as one types (a small JSON
endpoint and a datalist), and take the suggestion picked, "Name (556677-8899)", as well as what a
person types without script: the organisation number or the exact name."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Supplier
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db

URL = "/leverantorer/forslag/"


def _many(count, start=0):
    Supplier.objects.bulk_create(
        Supplier(name=f"Abc Medical {n}", normalised_name=f"abc medical {n}", org_number=with_check_digit(f"55{n:07d}"))
        for n in range(start, start + count)
    )


def _values(client, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return [row["value"] for row in response.json()["results"]]


def test_suggestions_by_name_or_organisation_number(client, anna, supplier, other_supplier):
    assert reverse("supplier_suggest") == URL
    client.force_login(anna)
    assert _values(client, "bcu") == [f"Abcur AB ({supplier.org_number})"]
    assert _values(client, "medline") == ["Medline GmbH (DE DE123456789)"]
    assert _values(client, supplier.org_number[:4]) == [f"Abcur AB ({supplier.org_number})"]
    assert _values(client, supplier.org_number.replace("-", "")) == [f"Abcur AB ({supplier.org_number})"]
    assert _values(client, "a") == []  # one character suggests nothing
    assert _values(client, "Ingen sådan") == []


def test_at_most_twenty_suggestions_in_the_same_queries_at_any_size(client, anna):
    client.force_login(anna)
    _many(30)
    client.get(URL, {"q": "abc"})
    with CaptureQueriesContext(connection) as few:
        assert len(_values(client, "abc")) == 20
    _many(600, 30)
    with CaptureQueriesContext(connection) as many:
        values = _values(client, "abc")
    assert values[:2] == [
        f"Abc Medical 0 ({with_check_digit('550000000')})",
        f"Abc Medical 1 ({with_check_digit('550000001')})",
    ]
    assert len(values) == 20
    # the session's user with memberships (the declared capability), the suggestions
    assert len(few) == len(many) == SESSION_QUERIES + 1, "\n".join(query["sql"] for query in many.captured_queries)


def test_only_members_get_suggestions(client, supplier):
    assert client.get(URL, {"q": "abc"}).status_code == 302  # to the login
    client.force_login(factories.supplier_contact(supplier))
    assert client.get(URL, {"q": "abc"}).status_code == 403


def test_the_audit_form_offers_suggestions_and_takes_the_one_picked(client, anna, supplier, category, template):
    client.force_login(anna)
    page = client.get(reverse("audit_create"))
    html = page.content.decode()
    assert f'list="id_supplier-forslag" data-suggest="{URL}" autocomplete="off"' in html
    assert '<datalist id="id_supplier-forslag"></datalist>' in html
    data = {
        "once": page.context["form"]["once"].value(),
        "kind": Audit.Kind.OFFICE,
        "supplier": f"Abcur AB ({supplier.org_number})",
        "category": category.pk,
        "procurement_region": factories.procurement_region("A").pk,
        "planned_on": "2024-05-01",
    }
    assert client.post(reverse("audit_create"), data).status_code == 302
    assert Audit.objects.unscoped().get().supplier == supplier


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("Okänd AB", "Ingen leverantör heter eller har identiteten Okänd AB."),
        ("Okänd AB (556000-0000)", "Ingen leverantör heter eller har identiteten Okänd AB (556000-0000)."),
        ("Dubbel AB", "Flera leverantörer heter Dubbel AB; ange organisationsnummer."),
    ],
)
def test_a_supplier_that_is_not_one_is_named_in_the_error(client, anna, category, template, typed, error):
    Supplier.objects.create(name="Dubbel AB", org_number=with_check_digit("556100001"))
    Supplier.objects.create(name="Dubbel AB", org_number=with_check_digit("556100002"))
    client.force_login(anna)
    data = {"kind": Audit.Kind.OFFICE, "supplier": typed, "planned_on": datetime.date(2024, 5, 1).isoformat()}
    response = client.post(reverse("audit_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["supplier"] == [error]


def test_without_script_the_organisation_number_or_exact_name_is_enough(client, anna, supplier):
    Supplier.objects.create(name="Abcur AB (publ)", org_number=with_check_digit("556200001"))
    client.force_login(anna)
    for typed, expected in [
        (supplier.org_number, "Abcur AB"),
        ("abcur ab", "Abcur AB"),
        ("Abcur AB (publ)", "Abcur AB (publ)"),  # a name ending in brackets is looked up as written
    ]:
        form = client.get(reverse("audit_create")).context["form"]
        assert form.fields["supplier"].clean(typed).name == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's (migration 0011)")
def test_the_first_digits_of_an_organisation_number_are_found_on_an_index(reference):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few rows would be scanned anyway
    plan = Supplier.objects.filter(org_number__startswith="55601").explain()
    assert "supplier_org_number_prefix" in plan
