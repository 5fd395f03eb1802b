"""The links of a case to contracts, audits and regions, and of a requirement to its categories,
are in the change history with who and when, and the history pages show them."""

import pytest
from django.urls import reverse

from incidenter import services
from krav import services as krav_services
from krav.models import Requirement
from riskanalys.models import Category
from tests import factories
from tests.akademi.builders import audit_with

pytestmark = pytest.mark.django_db


def test_linking_a_contract_and_an_audit_is_in_the_case_history_with_who_and_when(
    client, anna, kansliet, case_of_anna, contract
):
    services.link_contract(acting_user=anna, incident=case_of_anna, contract=contract)
    audit = audit_with(anna)
    services.link_audit(acting_user=kansliet, incident=case_of_anna, audit=audit)
    history = list(case_of_anna.history.order_by("-history_date", "-history_id"))
    latest = history[0]
    assert latest.history_user == kansliet
    assert [link.audit_id for link in latest.audits.all()] == [audit.pk]
    linked_contract = next(h for h in history if h.history_user == anna and h.affected_contracts.exists())
    assert [link.contract_id for link in linked_contract.affected_contracts.all()] == [contract.pk]
    client.force_login(kansliet)
    page = client.get(reverse("incident_detail", args=[case_of_anna.pk])).content.decode()
    assert f"Berörda avtal: lade till {contract}" in page
    assert f"Revisioner: lade till {audit}" in page
    assert "Berörda regioner: lade till Kalmar" in page or "Berörda regioner: lade till Region Kalmar" in page


def test_changing_the_participating_regions_shows_what_was_added_and_removed(client, anna, case_of_anna):
    kalmar, skane = factories.region("Kalmar"), factories.region("Skåne")
    for regions in ([kalmar], [skane]):
        case_of_anna.refresh_from_db()
        services.update_case(
            acting_user=anna, incident=case_of_anna, allegations=["labour_law"], participating_regions=regions
        )
    client.force_login(anna)
    page = client.get(reverse("incident_detail", args=[case_of_anna.pk])).content.decode()
    assert f"Deltagande regioner: lade till {kalmar}" in page
    assert f"Deltagande regioner: tog bort {kalmar}" in page or f"lade till {skane}; tog bort {kalmar}" in page


def test_a_requirements_categories_are_in_its_history_on_its_page(client, kansliet, reference):
    gloves = Category.objects.add_root({"name": "Handskar"})
    coats = Category.objects.add_root({"name": "Skyddsrockar"})
    requirement = Requirement(title="Arbetsvillkor", kind="env_chemicals", responsible="Kansliet")
    krav_services.propose(acting_user=kansliet, requirement=requirement, text="Krav", categories=[gloves])
    requirement.refresh_from_db()
    requirement.categories.set([coats])
    history = requirement.history.order_by("-history_date", "-history_id").first()
    assert [link.category_id for link in history.categories.all()] == [coats.pk]
    client.force_login(kansliet)
    page = client.get(reverse("requirement_detail", args=[requirement.pk])).content.decode()
    assert f', {kansliet.name}<br><span class="history-links">Kategorier: lade till Handskar</span>' in page
    # set() removes, then adds: two steps of the history.
    assert "Kategorier: tog bort Handskar" in page and "Kategorier: lade till Skyddsrockar" in page
