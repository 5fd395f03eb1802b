"""Organisation numbers, suppliers and the audit state machine, through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from krav.models import Uptake
from regions.access import Visibility
from revisioner import services
from revisioner.identifiers import normalise_name, normalise_org_number, with_check_digit
from revisioner.models import Audit, Contract, CorrectiveAction, Deviation, Rating, Supplier, SupplierAlias
from tests import factories

pytestmark = pytest.mark.django_db


# Organisation numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, stored",
    [
        ("556036-0793", "556036-0793"),
        ("5560360793", "556036-0793"),
        ("16556036-0793", "556036-0793"),
        (" 212000-0142 ", "212000-0142"),
    ],
)
def test_valid_organisation_numbers_are_stored_as_nnnnnn_nnnn(given, stored):
    assert normalise_org_number(given) == stored


@pytest.mark.parametrize("given", ["556036-0794", "5560360790", "212000-0143"])
def test_a_wrong_check_digit_is_refused_and_said(given):
    with pytest.raises(ValidationError, match="fel kontrollsiffra"):
        normalise_org_number(given)


@pytest.mark.parametrize("given", ["55603-0793", "556036-07934", "ABCDEF-0793", ""])
def test_anything_but_ten_digits_is_refused(given):
    with pytest.raises(ValidationError, match="tio siffror"):
        normalise_org_number(given)


def test_with_check_digit_makes_numbers_that_pass():
    for nine in ("559000000", "559123456", "212000014"):
        assert normalise_org_number(with_check_digit(nine)) == with_check_digit(nine)


def test_names_compare_without_case_accents_punctuation_or_legal_form():
    assert normalise_name("Abcur AB") == normalise_name("ABCUR") == "abcur"
    assert normalise_name("Mölnlycke Health Care AB") == normalise_name("Molnlycke Health-Care")


# Suppliers ---------------------------------------------------------------------------------------


def test_a_supplier_with_the_same_organisation_number_is_refused(supplier, anna):
    twin = Supplier(name="Något annat AB", org_number=supplier.org_number)
    with pytest.raises(ValidationError, match="finns redan"):
        services.save_supplier(acting_user=anna, supplier=twin)


def test_a_near_identical_name_warns_until_confirmed(supplier, anna):
    similar = Supplier(name="ABCUR", org_number=with_check_digit("559111111"))
    with pytest.raises(ValidationError, match="nästan samma namn") as refused:
        services.save_supplier(acting_user=anna, supplier=similar)
    assert refused.value.code == "similar_name"
    services.save_supplier(acting_user=anna, supplier=similar, allow_similar_name=True)
    assert Supplier.objects.filter(normalised_name="abcur").count() == 2


def test_an_alias_counts_as_a_name_for_duplicates(supplier, anna):
    SupplierAlias.objects.create(supplier=supplier, name="Betcon Dickinson")
    with pytest.raises(ValidationError, match="Abcur AB"):
        services.save_supplier(
            acting_user=anna, supplier=Supplier(name="Betcon-Dickinson", org_number=with_check_digit("559222222"))
        )


def test_merging_moves_contracts_audits_and_names(supplier, other_supplier, audit_of, category, kansliet):
    audit = audit_of(supplier=other_supplier)
    contract = services.save_contract(
        acting_user=kansliet,
        contract=Contract(
            procurement_region=audit.procurement_region,
            supplier=other_supplier,
            category=category,
            reference="A-1",
            starts_on=datetime.date(2024, 1, 1),
        ),
        regions=[factories.region("Kalmar")],
    )
    SupplierAlias.objects.create(supplier=other_supplier, name="Medline")
    services.merge_suppliers(acting_user=kansliet, source=other_supplier, target=supplier)
    assert not Supplier.objects.filter(pk=other_supplier.pk).exists()
    assert Audit.objects.unscoped().get(pk=audit.pk).supplier == supplier
    assert Contract.objects.unscoped().get(pk=contract.pk).supplier == supplier
    assert set(supplier.aliases.values_list("name", flat=True)) == {"Medline", "Medline GmbH"}


def test_a_contract_feeds_the_uptake_of_its_regions(supplier, category, due_diligence, anna):
    kalmar, jonkoping = factories.region("Kalmar"), factories.region("Jönköping")
    Uptake.objects.create(region=jonkoping, version=due_diligence, used=Uptake.Used.NO)
    services.save_contract(
        acting_user=anna,
        contract=Contract(
            procurement_region=factories.procurement_region("A"),
            supplier=supplier,
            category=category,
            reference="A-2024-7",
            starts_on=datetime.date(2024, 5, 1),
        ),
        regions=[kalmar, jonkoping],
        requirement_versions=[due_diligence],
    )
    assert Uptake.objects.get(region=kalmar, version=due_diligence).used == Uptake.Used.YES
    assert Uptake.objects.get(region=kalmar, version=due_diligence).since == datetime.date(2024, 5, 1)
    assert Uptake.objects.get(region=jonkoping, version=due_diligence).used == Uptake.Used.NO  # its own answer stands


def test_a_coordinator_writes_contracts_only_for_their_procurement_region(supplier, category, bertil):
    with pytest.raises(ValidationError, match="inte samordnare"):
        services.save_contract(
            acting_user=bertil,
            contract=Contract(
                procurement_region=factories.procurement_region("A"),
                supplier=supplier,
                category=category,
                reference="X",
                starts_on=datetime.date(2024, 1, 1),
            ),
            regions=[],
        )


# The audit state machine -------------------------------------------------------------------------


def _rate(audit, anna, values):
    criteria = list(audit.template.criteria.all())
    return services.rate(
        acting_user=anna,
        audit=audit,
        ratings={
            criterion: (value, "Dokument", f"Kommentar {criterion.number}")
            for criterion, value in zip(criteria, values, strict=True)
        },
    )


@pytest.fixture
def audited(audit_of, anna):
    """An office audit of A rated meets / partly / does not meet: two deviations."""
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    _rate(audit, anna, [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET])
    return audit


def test_partly_and_does_not_meet_become_deviations_against_the_clause(audited):
    deviations = list(audited.deviations.order_by("clause__number"))
    assert [(d.clause.title, d.severity) for d in deviations] == [
        ("Riskanalys av leveranskedjan", Deviation.Severity.MINOR),
        ("Hantering av avvikelser", Deviation.Severity.MAJOR),
    ]
    assert deviations[0].description == "Kommentar 2.1"


def test_raising_a_rating_removes_its_deviation(audited, anna):
    _rate(audited, anna, [Rating.Value.MEETS, Rating.Value.MEETS, Rating.Value.DOES_NOT_MEET])
    assert audited.deviations.count() == 1


def test_the_report_needs_every_criterion_rated(audit_of, anna):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    services.rate(acting_user=anna, audit=audit, ratings={criteria[0]: (Rating.Value.MEETS, "", "")})
    with pytest.raises(ValidationError, match="2 kriterier saknar bedömning"):
        services.draft_report(acting_user=anna, audit=audit)


def test_an_audit_with_open_deviations_cannot_close(audited, anna):
    services.draft_report(acting_user=anna, audit=audited)
    with pytest.raises(ValidationError, match="2 öppna avvikelser"):
        services.close_audit(acting_user=anna, audit=audited)
    services.await_actions(acting_user=anna, audit=audited)
    with pytest.raises(ValidationError, match="2 öppna avvikelser"):
        services.close_audit(acting_user=anna, audit=audited)
    assert Audit.objects.unscoped().get(pk=audited.pk).status == Audit.Status.AWAITING_ACTIONS


def test_an_audit_without_deviations_closes_and_opens_to_the_network(audit_of, anna):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    _rate(audit, anna, [Rating.Value.MEETS, Rating.Value.MEETS, Rating.Value.NOT_APPLICABLE])
    services.draft_report(acting_user=anna, audit=audit)
    with pytest.raises(ValidationError, match="inga öppna avvikelser"):
        services.await_actions(acting_user=anna, audit=audit)
    services.close_audit(acting_user=anna, audit=audit)
    audit.refresh_from_db()
    assert (audit.status, audit.visibility) == (Audit.Status.CLOSED, Visibility.NETWORK)
    assert audit.closed_at is not None


def test_states_cannot_be_skipped(audit_of, anna):
    audit = audit_of("A")
    for step in (services.draft_report, services.await_actions, services.close_audit):
        with pytest.raises(ValidationError, match="status Planerad"):
            step(acting_user=anna, audit=audit)


def test_a_re_audit_verifies_deviations_and_closes_both_audits(audited, audit_of, anna):
    services.draft_report(acting_user=anna, audit=audited)
    services.await_actions(acting_user=anna, audit=audited)
    for deviation in audited.deviations.all():
        action = services.add_action(
            acting_user=anna,
            deviation=deviation,
            action=CorrectiveAction(description="Ny rutin", due_on=datetime.date(2024, 9, 1)),
        )
        services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.PLAN_RECEIVED)
        services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.IMPLEMENTED)

    re_audit = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=audited, planned_on=datetime.date(2024, 10, 1))
    services.start_audit(acting_user=anna, audit=re_audit)
    with pytest.raises(ValidationError, match="2 avvikelser"):
        services.draft_report(acting_user=anna, audit=re_audit)
    for deviation in audited.deviations.all():
        services.check_deviation(acting_user=anna, re_audit=re_audit, deviation=deviation, corrected=True)
    services.draft_report(acting_user=anna, audit=re_audit)
    closed = services.close_audit(acting_user=anna, audit=re_audit)

    assert [audit.pk for audit in closed] == [re_audit.pk, audited.pk]
    assert set(audited.deviations.values_list("status", flat=True)) == {Deviation.Status.VERIFIED}
    assert set(CorrectiveAction.objects.unscoped().values_list("status", flat=True)) == {
        CorrectiveAction.Status.VERIFIED
    }
    audited.refresh_from_db()
    assert audited.status == Audit.Status.CLOSED


def test_a_re_audit_that_finds_a_deviation_uncorrected_reopens_it(audited, audit_of, anna):
    services.draft_report(acting_user=anna, audit=audited)
    services.await_actions(acting_user=anna, audit=audited)
    first, second = audited.deviations.order_by("clause__number")
    action = services.add_action(
        acting_user=anna,
        deviation=second,
        action=CorrectiveAction(description="Logg", due_on=datetime.date(2024, 9, 1)),
    )
    services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.IMPLEMENTED)
    re_audit = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=audited)
    services.start_audit(acting_user=anna, audit=re_audit)
    services.check_deviation(acting_user=anna, re_audit=re_audit, deviation=first, corrected=True)
    services.check_deviation(acting_user=anna, re_audit=re_audit, deviation=second, corrected=False)
    services.draft_report(acting_user=anna, audit=re_audit)
    assert len(services.close_audit(acting_user=anna, audit=re_audit)) == 1  # the followed audit stays open
    second.refresh_from_db()
    action.refresh_from_db()
    assert (second.status, second.reopened_in_id) == (Deviation.Status.OPEN, re_audit.pk)
    assert action.status == CorrectiveAction.Status.OPEN


def test_a_re_audit_checks_only_the_audit_it_follows_up(audited, audit_of, anna, other_supplier):
    with pytest.raises(ValidationError, match="annan leverantör"):
        audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=audited, supplier=other_supplier)
    with pytest.raises(ValidationError, match="följer upp en tidigare"):
        audit_of("A", kind=Audit.Kind.RE_AUDIT)


def test_a_factory_audit_needs_site_and_country(audit_of):
    with pytest.raises(ValidationError, match="anläggning och land"):
        audit_of("A", kind=Audit.Kind.FACTORY)
    assert audit_of("A", kind=Audit.Kind.FACTORY, site="Fabrik 3, Penang", country="MY").pk


def test_corrective_actions_move_forward_only(audited, anna):
    action = services.add_action(
        acting_user=anna,
        deviation=audited.deviations.first(),
        action=CorrectiveAction(description="Plan", due_on=datetime.date(2024, 9, 1)),
    )
    assert action.responsible == anna
    with pytest.raises(ValidationError, match="kan inte bli Verifierad"):
        services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.VERIFIED)
    services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.IMPLEMENTED)
    with pytest.raises(ValidationError):
        services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.PLAN_RECEIVED)


def test_a_summary_is_published_only_when_approved_after_closing(audit_of, anna, kansliet):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    _rate(audit, anna, [Rating.Value.MEETS] * 3)
    services.draft_report(acting_user=anna, audit=audit)
    services.submit_summary(acting_user=anna, audit=audit, summary="Leverantören uppfyller kraven.")
    with pytest.raises(ValidationError, match="avslutad"):
        services.approve_summary(acting_user=kansliet, audit=audit)
    services.close_audit(acting_user=anna, audit=audit)
    services.approve_summary(acting_user=kansliet, audit=audit)
    assert list(Audit.objects.unscoped().with_summary_published()) == [audit]


def test_history_names_who_acted(audited, anna):
    assert audited.history.first().history_user == anna


def test_only_the_leads_of_an_audit_follow_it_up_and_only_while_it_awaits_actions(audited, anna, bertil, client):
    """A re-audit reopens or verifies the deviations of the audit it follows: another procurement
    region cannot plan one, and an audit still in progress has nothing to follow up yet."""
    b_audit = Audit(
        kind=Audit.Kind.RE_AUDIT,
        supplier=audited.supplier,
        category=audited.category,
        procurement_region=factories.procurement_region("B"),
        follows_up=audited,
        planned_on=datetime.date(2024, 10, 1),
    )
    with pytest.raises(ValidationError, match="inte samordnare i upphandlingsregion A"):
        services.plan_audit(acting_user=bertil, audit=b_audit)

    own = Audit(
        kind=Audit.Kind.RE_AUDIT,
        supplier=audited.supplier,
        category=audited.category,
        procurement_region=factories.procurement_region("A"),
        follows_up=audited,
        planned_on=datetime.date(2024, 10, 1),
    )
    with pytest.raises(ValidationError, match="väntar på åtgärder"):
        services.plan_audit(acting_user=anna, audit=own)

    services.draft_report(acting_user=anna, audit=audited)
    services.await_actions(acting_user=anna, audit=audited)
    # Even once A's audit is shared with the network, B's form does not find it to follow up.
    Audit.objects.unscoped().filter(pk=audited.pk).update(visibility=Visibility.NETWORK)
    client.force_login(bertil)
    response = client.post(
        reverse("audit_create"),
        {"kind": Audit.Kind.RE_AUDIT, "follows_up": audited.pk, "procurement_region": b_audit.procurement_region.pk},
    )
    assert f"Revision nummer {audited.pk} finns inte" in response.content.decode()
    assert not Audit.objects.unscoped().filter(follows_up=audited).exists()


def test_a_shared_re_audit_shows_the_followed_audits_deviations_only_to_those_who_may_see_them(
    audited, audit_of, anna, bertil, client
):
    services.draft_report(acting_user=anna, audit=audited)
    services.await_actions(acting_user=anna, audit=audited)
    re_audit = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=audited, planned_on=datetime.date(2024, 10, 1))
    Audit.objects.unscoped().filter(pk=re_audit.pk).update(visibility=Visibility.NETWORK)
    url = reverse("audit_detail", args=[re_audit.pk])

    client.force_login(anna)
    assert "Kommentar 2.1" in client.get(url).content.decode()
    client.force_login(bertil)
    page = client.get(url)
    assert page.status_code == 200
    assert "Kommentar 2.1" not in page.content.decode()
