"""Suppliers and contracts, edited by two people at once and created from a form sent twice.

The same rules as for audits (tests/revisioner/test_concurrency.py): an edit carries the version
the person saw and a save on a changed row is refused with the input kept and the change shown; a
create form carries a one-time token and a second submit shows what the first one created."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from base.forms import AlreadyCreated, StaleEdit, new_once_token
from regions.access import Role
from revisioner import services
from revisioner.identifiers import with_check_digit
from revisioner.models import Contract, Supplier
from tests import factories
from tests.concurrency import at_once
from tests.revisioner.test_concurrency import form_data, page_form, postgresql_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(supplier, category):
    contract = Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="A-2024-1",
        starts_on=datetime.date(2024, 1, 1),
    )
    contract.regions.set([factories.region("Kalmar")])
    return contract


@pytest.fixture
def two_coordinators(anna):
    """Anna and a second coordinator of procurement region A, each in their own browser."""
    other = factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("A"), name="Alva Samordnare A"
    )
    first, second = Client(), Client()
    first.force_login(anna)
    second.force_login(other)
    return first, second


# Suppliers -----------------------------------------------------------------------------------


def test_the_second_save_of_a_supplier_is_refused_with_the_input_kept_and_the_change_shown(
    supplier, contract, two_coordinators
):
    anna, alva = two_coordinators
    url = reverse("supplier_edit", args=[supplier.pk])
    annas, alvas = page_form(anna, url), page_form(alva, url)

    annas["name"] = "Abcur Sverige AB"
    assert anna.post(url, annas).status_code == 302
    alvas["aliases"] = "Abcur Nordic"
    refused = alva.post(url, alvas)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Namn är nu: Abcur Sverige AB" in page
    assert "Abcur Nordic" in page  # Alva's input is still in the form
    supplier.refresh_from_db()
    assert supplier.name == "Abcur Sverige AB"
    assert not supplier.aliases.exists()

    # Having seen the change, Alva saves again: it goes through and keeps Anna's name.
    again = form_data(refused.context["form"])
    again["name"] = "Abcur Sverige AB"
    assert alva.post(url, again).status_code == 302
    supplier.refresh_from_db()
    assert (supplier.name, list(supplier.aliases.values_list("name", flat=True))) == (
        "Abcur Sverige AB",
        ["Abcur Nordic"],
    )


def test_the_supplier_form_sent_twice_adds_one_supplier_and_shows_it(anna, client):
    client.force_login(anna)
    data = page_form(client, reverse("supplier_create"))
    data.update(name="Nitril Norden AB", country="SE", org_number=with_check_digit("556016068"))
    first = client.post(reverse("supplier_create"), data)
    second = client.post(reverse("supplier_create"), data, follow=True)

    suppliers = Supplier.objects.filter(name="Nitril Norden AB")
    assert suppliers.count() == 1
    assert first["Location"] == suppliers.get().get_absolute_url()
    assert second.redirect_chain[-1][0] == suppliers.get().get_absolute_url()
    assert "Formuläret var redan skickat. Här är leverantören som lades till då." in second.content.decode()


def test_a_subsidiary_read_before_a_merge_moved_it_is_not_saved_back_to_the_old_parent(supplier, kansliet):
    """The merge changes the subsidiary's parent company and its version: a copy read before does not put it back."""
    source = Supplier.objects.create(name="Abcur Holding AB", org_number=with_check_digit("556016068"))
    subsidiary = Supplier.objects.create(
        name="Abcur Dotter AB", org_number=with_check_digit("556594046"), parent=source
    )
    read_before = Supplier.objects.get(pk=subsidiary.pk)
    services.merge_suppliers(acting_user=kansliet, source=source, target=supplier)

    read_before.name = "Abcur Dotterbolag AB"
    with pytest.raises(StaleEdit):
        services.save_supplier(acting_user=kansliet, supplier=read_before)
    subsidiary.refresh_from_db()
    assert (subsidiary.name, subsidiary.parent_id) == ("Abcur Dotter AB", supplier.pk)


# Contracts -----------------------------------------------------------------------------------


def test_the_second_save_of_a_contract_is_refused_with_the_input_kept_and_the_change_shown(contract, two_coordinators):
    anna, alva = two_coordinators
    url = reverse("contract_edit", args=[contract.pk])
    annas, alvas = page_form(anna, url), page_form(alva, url)

    annas["title"] = "Handskar 2024"
    assert anna.post(url, annas).status_code == 302
    alvas["yearly_value"] = "750000"
    refused = alva.post(url, alvas)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Benämning är nu: Handskar 2024" in page
    assert 'value="750000"' in page  # Alva's input is still in the form
    contract.refresh_from_db()
    assert (contract.title, contract.yearly_value) == ("Handskar 2024", None)

    again = form_data(refused.context["form"])
    again["title"] = "Handskar 2024"
    assert alva.post(url, again).status_code == 302
    contract.refresh_from_db()
    assert (contract.title, contract.yearly_value) == ("Handskar 2024", 750000)


def test_the_contract_form_sent_twice_adds_one_contract_and_shows_it(anna, supplier, category, client):
    client.force_login(anna)
    data = page_form(client, reverse("contract_create"))
    data.update(
        procurement_region=str(factories.procurement_region("A").pk),
        reference="A-2024-7",
        supplier=supplier.identifier,
        category=str(category.pk),
        regions=[str(factories.region("Kalmar").pk)],
        starts_on="2024-01-01",
    )
    first = client.post(reverse("contract_create"), data)
    second = client.post(reverse("contract_create"), data, follow=True)

    contracts = Contract.objects.unscoped().filter(reference="A-2024-7")
    assert contracts.count() == 1
    assert first["Location"] == contracts.get().get_absolute_url()
    assert second.redirect_chain[-1][0] == contracts.get().get_absolute_url()
    assert "Formuläret var redan skickat. Här är avtalet som lades till då." in second.content.decode()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_sending_the_same_contract_form_add_one_and_the_second_is_shown_the_first(anna, supplier, category):
    token = new_once_token()

    def add():
        contract = Contract(
            procurement_region=factories.procurement_region("A"),
            supplier=supplier,
            category=category,
            reference="A-2024-9",
            starts_on=datetime.date(2024, 1, 1),
            created_with=token,
        )
        return services.save_contract(acting_user=anna, contract=contract, regions=[factories.region("Kalmar")])

    outcomes = at_once(add, add)
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"]
    created = next(result for kind, result in outcomes if kind == "ok")
    refusal = next(result for kind, result in outcomes if kind == "refused")
    assert isinstance(refusal, AlreadyCreated) and refusal.obj.pk == created.pk
    assert Contract.objects.unscoped().filter(reference="A-2024-9").count() == 1
