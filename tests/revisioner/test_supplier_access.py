"""What a supplier's contact person reaches of revisioner: their own supplier and its subsidiaries,
the deviations and corrective actions of its audits once the report is written, nothing of the
members' rows; and what removing a contact person ends (their access) and keeps (what they sent)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from incidenter.models import Incident
from regions.access import (
    Capability,
    Role,
    Visibility,
    get_scope,
    has_capability,
    is_supplier_contact,
)
from regions.models import Membership, Region, User
from revisioner import access, services
from revisioner.identifiers import with_check_digit
from revisioner.models import (
    ActionEvidence,
    Audit,
    AuditPlan,
    Contract,
    CorrectiveAction,
    Deviation,
    PlanEntry,
    Rating,
    Supplier,
    SupplierContact,
)
from riskanalys.models import RiskAnalysis
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(supplier):
    """Sara answers for Abcur AB (``supplier``)."""
    return factories.supplier_contact(supplier, name="Sara Leverantör", email="sara@abcur.example")


@pytest.fixture
def otto(other_supplier):
    """Otto answers for Medline GmbH, another supplier."""
    return factories.supplier_contact(other_supplier, name="Otto Other", email="otto@medline.example")


def _company(name, number, parent=None):
    return Supplier.objects.create(name=name, org_number=with_check_digit(number), parent=parent)


@pytest.fixture
def group(reference):
    """Abcur Holding ⟶ Abcur Nordic ⟶ Abcur Sverige ⟶ Abcur Lager; Abcur Finland is Nordic's sibling."""
    holding = _company("Abcur Holding AB", "556000001")
    nordic = _company("Abcur Nordic AB", "556000002", holding)
    sibling = _company("Abcur Finland Oy", "556000003", holding)
    sverige = _company("Abcur Sverige AB", "556000004", nordic)
    lager = _company("Abcur Lager AB", "556000005", sverige)
    return {"holding": holding, "nordic": nordic, "sibling": sibling, "sverige": sverige, "lager": lager}


def _fresh(user):
    """The person as a new request reads them (nothing cached from before)."""
    return User.objects.get(pk=user.pk)


def _rated(audit, anna):
    """``audit`` started and rated meets / partly / does not meet: two open deviations."""
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    values = [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET]
    services.rate(
        acting_user=anna, audit=audit, ratings={c: (v, "", "") for c, v in zip(criteria, values, strict=True)}
    )
    return audit


def _reported(audit, anna):
    _rated(audit, anna)
    services.draft_report(acting_user=anna, audit=audit)
    return audit


def _with_action(audit, anna):
    deviation = audit.deviations.unscoped().order_by("clause__number").first()
    services.add_action(
        acting_user=anna,
        deviation=deviation,
        action=CorrectiveAction(description="Ny policy", due_on=datetime.date(2030, 1, 1)),
    )
    return deviation


# Which suppliers a contact person answers for ------------------------------------------------


def test_a_contact_answers_for_their_supplier_and_its_subsidiaries_two_levels_down(group):
    contact = factories.supplier_contact(group["nordic"])
    ids = access.supplier_ids_of(contact)
    assert ids == {group["nordic"].pk, group["sverige"].pk, group["lager"].pk}
    assert group["holding"].pk not in ids  # not the parent company
    assert group["sibling"].pk not in ids  # nor a sister company
    assert access.answers_for_supplier(contact, group["lager"].pk)
    assert not access.answers_for_supplier(contact, group["holding"].pk)


def test_a_contact_of_the_parent_answers_for_the_whole_group(group):
    contact = factories.supplier_contact(group["holding"])
    assert access.supplier_ids_of(contact) == {company.pk for company in group.values()}


def test_a_contact_of_two_suppliers_answers_for_both_and_nothing_else(supplier, other_supplier, group):
    contact = factories.supplier_contact(supplier)
    SupplierContact.objects.create(user=contact, supplier=other_supplier)
    assert access.supplier_ids_of(_fresh(contact)) == {supplier.pk, other_supplier.pk}


def test_a_circle_in_the_parent_tree_ends(reference):
    first = _company("Cirkel Ett AB", "556000011")
    second = _company("Cirkel Två AB", "556000012", first)
    Supplier.objects.filter(pk=first.pk).update(parent=second)
    contact = factories.supplier_contact(first)
    assert access.supplier_ids_of(contact) == {first.pk, second.pk}


def test_members_and_strangers_answer_for_no_supplier(personas, supplier):
    for person in [*personas.values(), AnonymousUser()]:
        assert access.supplier_ids_of(person) == frozenset()
        assert not access.answers_for_supplier(person, supplier.pk)


def test_the_suppliers_are_read_once_per_request(sara, supplier, django_assert_num_queries):
    sara = _fresh(sara)
    with django_assert_num_queries(3):  # the memberships, the contacts, the subsidiaries (none)
        access.supplier_ids_of(sara)
    with django_assert_num_queries(0):
        assert access.supplier_ids_of(sara) == {supplier.pk}


# The contact person's scope --------------------------------------------------------------------


def test_a_supplier_contact_has_no_role_of_the_cooperation_and_only_answers_for_the_supplier(sara):
    scope = get_scope(sara)
    assert scope.roles == frozenset()
    assert scope.supplier_contact is True
    assert scope.region_ids == scope.procurement_region_ids == frozenset()
    assert scope.capabilities == {Capability.ANSWER_FOR_SUPPLIER}
    assert is_supplier_contact(sara)
    for capability in Capability:
        if capability not in (Capability.ANSWER_FOR_SUPPLIER, Capability.PUBLIC):
            assert not has_capability(sara, capability), capability


def test_members_do_not_answer_for_suppliers(personas):
    for person in personas.values():
        assert not has_capability(person, Capability.ANSWER_FOR_SUPPLIER)
        assert not is_supplier_contact(person)


# The members' rows give a contact person nothing ---------------------------------------------


@pytest.fixture
def members_rows(audit_of, anna, kansliet, supplier, category, reference):
    """Of every kind, rows about Sara's own supplier that the members see: audits in each state
    (one closed, so the network's), deviations, actions, a contract, a plan entry, an incident
    case open to the network, a restricted risk analysis."""
    planned = audit_of("A", internal_notes="Misstänkt mutor")
    reported = _reported(audit_of("A"), anna)
    _with_action(reported, anna)
    closed = audit_of("A")
    services.start_audit(acting_user=anna, audit=closed)
    services.rate(
        acting_user=anna,
        audit=closed,
        ratings=dict.fromkeys(closed.template.criteria.all(), (Rating.Value.MEETS, "", "")),
    )
    services.draft_report(acting_user=anna, audit=closed)
    services.close_audit(acting_user=anna, audit=closed)
    Audit.objects.unscoped().filter(pk=closed.pk).update(visibility=Visibility.NETWORK)
    contract = Contract.objects.create(
        procurement_region=factories.procurement_region("A"), supplier=supplier, category=category,
        reference="A-2024-1", starts_on="2024-01-01", yearly_value=4_000_000,
    )  # fmt: skip
    plan = AuditPlan.objects.create(year=2025)
    PlanEntry.objects.create(
        plan=plan, supplier=supplier, category=category, procurement_region=factories.procurement_region("A")
    )
    Incident.objects.create(
        title="Barnarbete hos Abcur", source="media", description="Internt", opened_on="2024-03-01",
        lead_region=Region.objects.get(short_name="Stockholm"), visibility=Visibility.NETWORK,
    )  # fmt: skip
    RiskAnalysis.objects.create(
        year=2024, category=category, product_area="Handskar", procurement_region=factories.procurement_region("A"),
        visibility=Visibility.RESTRICTED,
    )  # fmt: skip
    return {"planned": planned, "reported": reported, "closed": closed, "contract": contract}


MEMBER_QUERYSETS = [Audit, Deviation, CorrectiveAction, Contract, PlanEntry, Incident, RiskAnalysis, Membership]


@pytest.mark.parametrize("model", MEMBER_QUERYSETS, ids=lambda model: model.__name__)
def test_every_member_queryset_gives_a_supplier_contact_nothing(members_rows, sara, anna, model):
    assert model.objects.visible_to(anna).exists(), "the members see the rows: the test would prove nothing"
    assert not model.objects.visible_to(sara).exists()
    assert not model.objects.editable_by(sara).exists()


def test_a_contact_reads_public_risk_analyses_as_everyone_does_and_nothing_more(members_rows, sara, category):
    public = RiskAnalysis.objects.create(
        year=2023, category=category, product_area="Handskar", procurement_region=factories.procurement_region("A"),
        visibility=Visibility.PUBLIC, status="published",
    )  # fmt: skip
    assert list(RiskAnalysis.objects.visible_to(sara)) == [public]
    assert list(RiskAnalysis.objects.visible_to(sara)) == list(RiskAnalysis.objects.visible_to(AnonymousUser()))


def test_the_people_list_of_a_member_leaves_supplier_contacts_out(sara, otto, personas):
    for role in ("coordinator", "other_coordinator", "region_contact", "steering", "finance"):
        people = User.objects.visible_to(personas[role])
        assert people.filter(pk=personas["coordinator"].pk).exists()
        assert not people.filter(pk__in=[sara.pk, otto.pk]).exists(), role
        memberships = Membership.objects.visible_to(personas[role])
        assert not memberships.filter(role=Role.SUPPLIER_CONTACT).exists(), role
    # The secretariat manages everyone, the contact persons too.
    assert {sara, otto} <= set(User.objects.visible_to(personas["secretariat"]))
    assert Membership.objects.visible_to(personas["secretariat"]).filter(role=Role.SUPPLIER_CONTACT).count() == 2
    # A contact person sees nobody through the people list.
    assert not User.objects.visible_to(sara).exists()


# The supplier's own deviations and actions -----------------------------------------------------


def test_a_contact_sees_the_deviations_of_their_suppliers_audits_once_the_report_is_written(
    audit_of, anna, sara, supplier
):
    planned = audit_of("A")
    in_progress = _rated(audit_of("A"), anna)
    assert Deviation.objects.unscoped().filter(audit=in_progress).count() == 2
    assert not Deviation.objects.for_supplier_contact(sara).exists()  # planned, in progress: not yet
    assert not CorrectiveAction.objects.for_supplier_contact(sara).exists()

    services.draft_report(acting_user=anna, audit=in_progress)
    _with_action(in_progress, anna)
    assert set(Deviation.objects.for_supplier_contact(sara)) == set(in_progress.deviations.unscoped())
    assert CorrectiveAction.objects.for_supplier_contact(sara).count() == 1

    services.await_actions(acting_user=anna, audit=in_progress)
    assert Deviation.objects.for_supplier_contact(sara).count() == 2
    assert not Deviation.objects.for_supplier_contact(sara).filter(audit=planned).exists()


def test_a_contact_sees_the_deviations_of_a_closed_audit_still(audit_of, anna, sara):
    audit = _reported(audit_of("A"), anna)
    Audit.objects.unscoped().filter(pk=audit.pk).update(status=Audit.Status.CLOSED)
    assert Deviation.objects.for_supplier_contact(sara).count() == 2


def test_a_contact_never_sees_another_suppliers_deviations(audit_of, anna, sara, otto, other_supplier, supplier):
    theirs = _reported(audit_of("A", supplier=other_supplier), anna)
    _with_action(theirs, anna)
    ours = _reported(audit_of("A"), anna)
    assert set(Deviation.objects.for_supplier_contact(sara)) == set(ours.deviations.unscoped())
    assert set(Deviation.objects.for_supplier_contact(otto)) == set(theirs.deviations.unscoped())
    assert not CorrectiveAction.objects.for_supplier_contact(sara).exists()
    assert CorrectiveAction.objects.for_supplier_contact(otto).count() == 1


def test_a_contact_sees_the_deviations_of_a_subsidiarys_audit_not_the_parents(audit_of, anna, group):
    contact = factories.supplier_contact(group["nordic"])
    subsidiary = _reported(audit_of("A", supplier=group["lager"]), anna)
    _reported(audit_of("A", supplier=group["holding"]), anna)
    _reported(audit_of("A", supplier=group["sibling"]), anna)
    assert set(Deviation.objects.for_supplier_contact(contact)) == set(subsidiary.deviations.unscoped())


def test_members_get_nothing_through_the_suppliers_querysets(audit_of, anna, personas, sara):
    _with_action(_reported(audit_of("A"), anna), anna)
    for person in personas.values():
        assert not Deviation.objects.for_supplier_contact(person).exists()
        assert not CorrectiveAction.objects.for_supplier_contact(person).exists()


# Removing a contact person -------------------------------------------------------------------


@pytest.fixture
def contract_of_a(supplier, category):
    """Procurement region A buys from Abcur AB: its coordinators manage the supplier's contact persons."""
    return Contract.objects.create(
        procurement_region=factories.procurement_region("A"), supplier=supplier, category=category,
        reference="A-1", starts_on="2024-01-01",
    )  # fmt: skip


def test_a_removed_contact_is_deactivated_and_what_they_sent_stays(
    audit_of, anna, sara, supplier, contract_of_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    audit = _reported(audit_of("A"), anna)
    deviation = audit.deviations.unscoped().order_by("clause__number").first()
    plan = services.propose_plan(
        acting_user=sara, deviation=deviation, description="Ny policy", owner="Sara", due_on=datetime.date(2030, 1, 1)
    )
    evidence = services.add_action_evidence(acting_user=sara, action=plan, upload=factories.upload())
    contact = SupplierContact.objects.get(user=sara)

    services.remove_supplier_contact(acting_user=anna, contact=contact)

    sara = _fresh(sara)
    assert not sara.is_active
    assert not SupplierContact.objects.filter(user=sara).exists()
    assert not Membership.objects.unscoped().filter(user=sara).exists()
    assert not has_capability(sara, Capability.ANSWER_FOR_SUPPLIER)
    assert access.supplier_ids_of(sara) == frozenset()
    assert not Deviation.objects.for_supplier_contact(sara).exists()
    # What Sara sent is where she sent it, still hers.
    plan = CorrectiveAction.objects.unscoped().get(pk=plan.pk)
    assert (plan.status, plan.proposed_by, plan.description) == (CorrectiveAction.Status.PROPOSED, sara, "Ny policy")
    evidence = ActionEvidence.objects.get(pk=evidence.pk)
    assert evidence.uploaded_by == sara
    assert evidence.file.storage.exists(evidence.file.name)
    assert SupplierContact.history.filter(user_id=sara.pk, history_type="-").exists()


def test_a_removed_contact_cannot_log_in_any_more(client, anna, sara, contract_of_a):
    services.remove_supplier_contact(acting_user=anna, contact=SupplierContact.objects.get(user=sara))
    client.force_login(_fresh(sara))
    response = client.get("/leverantor/")
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_a_contact_of_two_suppliers_removed_from_one_keeps_the_other(anna, sara, other_supplier, contract_of_a):
    SupplierContact.objects.create(user=sara, supplier=other_supplier)
    services.remove_supplier_contact(
        acting_user=anna, contact=SupplierContact.objects.get(user=sara, supplier__name="Abcur AB")
    )
    sara = _fresh(sara)
    assert sara.is_active
    assert access.supplier_ids_of(sara) == {other_supplier.pk}
    assert has_capability(sara, Capability.ANSWER_FOR_SUPPLIER)


def test_a_member_who_also_answered_for_a_supplier_stays_a_member(kansliet, supplier, reference):
    """Removing the supplier takes the supplier's role only: the person's own roles stay, and so does the account."""
    person = factories.member(Role.COORDINATOR, procurement_region=factories.procurement_region("C"))
    Membership.objects.create(user=person, role=Role.SUPPLIER_CONTACT)
    contact = SupplierContact.objects.create(user=person, supplier=supplier)
    services.remove_supplier_contact(acting_user=kansliet, contact=contact)
    person = _fresh(person)
    assert person.is_active
    assert get_scope(person).roles == {Role.COORDINATOR}
    assert not get_scope(person).supplier_contact


def test_only_who_may_change_the_supplier_removes_its_contacts(bertil, sara, otto, contract_of_a):
    """Bertil's procurement region has no contract with Abcur; Otto is another supplier's contact."""
    from django.core.exceptions import ValidationError

    contact = SupplierContact.objects.get(user=sara)
    for person in (bertil, otto, sara):
        with pytest.raises(ValidationError):
            services.remove_supplier_contact(acting_user=person, contact=contact)
    assert _fresh(sara).is_active
    assert SupplierContact.objects.filter(pk=contact.pk).exists()
