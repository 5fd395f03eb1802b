"""The rules of the supplier's corrective-action plans, at the services, on the deviation a
self-assessment's review found (the rest of the self-assessment's rules: test_services.py).

The supplier's plan for a deviation (proposed once, accepted or returned, carried out) and its
verification (at the desk by a named verifier with evidence, never for a critical deviation; on
site by a re-audit). A supplier's own word that it is done never closes a deviation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from revisioner import services as audits
from revisioner.models import Audit, CorrectiveAction, Deviation, SupplierMessage
from sjalvskattning import services
from tests import factories
from tests.sjalvskattning.test_services import answer_all, fresh, jobs, messages_to, review_all

pytestmark = pytest.mark.django_db


# The supplier's plan ---------------------------------------------------------------------------


def reviewed_with_deviation(request, anna, sara, severity="major"):
    """Criterion 3 not met (``severity``): the audit awaits the supplier's action on one deviation."""
    answer_all(request, sara)
    review_all(request, anna, ["accepted", "accepted", ("not_met", "Ingen avvikelselogg.", severity)])
    audit = services.complete_review(acting_user=anna, request=fresh(request))
    return Deviation.objects.unscoped().get(audit=audit)


@pytest.fixture
def deviation(sent_request, anna, sara):
    return reviewed_with_deviation(sent_request, anna, sara)


def plan(sara, deviation, description="Inför en avvikelselogg.", **fields):
    return audits.propose_plan(
        acting_user=sara, deviation=Deviation.objects.unscoped().get(pk=deviation.pk), description=description,
        owner=fields.pop("owner", "Sara, kvalitetschef"), due_on=fields.pop("due_on", datetime.date(2030, 6, 30)),
        **fields,
    )  # fmt: skip


def action_of(action) -> CorrectiveAction:
    return CorrectiveAction.objects.unscoped().get(pk=action.pk)


def test_the_suppliers_contact_proposes_a_plan_and_the_coordinators_are_told(deviation, sara):
    action = plan(sara, deviation)
    assert (action.status, action.proposed_by, action.owner) == ("proposed", sara, "Sara, kvalitetschef")
    assert action.due_on == datetime.date(2030, 6, 30)
    assert jobs("revisioner.tasks.mail_coordinators_of_action") == 1


def test_only_the_suppliers_contact_proposes_a_plan(deviation, otto, anna, kansliet):
    for person in (otto, anna, kansliet):
        with pytest.raises(ValidationError, match="svarar inte för"):
            plan(person, deviation)
    assert not CorrectiveAction.objects.unscoped().exists()


def test_a_plan_sent_twice_is_one_plan_and_a_second_plan_is_refused(deviation, sara):
    first = plan(sara, deviation)
    assert plan(sara, deviation) == first
    with pytest.raises(ValidationError, match="redan en åtgärdsplan"):
        plan(sara, deviation, description="En annan plan.")
    assert CorrectiveAction.objects.unscoped().count() == 1
    assert jobs("revisioner.tasks.mail_coordinators_of_action") == 1


def test_no_plan_before_the_audits_report(audit_of, anna, sara):
    audit = audit_of("A")
    audits.start_audit(acting_user=anna, audit=audit)
    audits.rate(acting_user=anna, audit=audit, ratings=dict.fromkeys(audit.template.criteria.all(), ("partly", "", "")))
    with pytest.raises(ValidationError, match="rapport är klar"):
        plan(sara, Deviation.objects.unscoped().filter(audit=audit).first())


def test_the_leading_coordinator_accepts_a_plan_once(deviation, sara, anna, bertil, supplier):
    action = plan(sara, deviation)
    for person in (bertil, sara):
        with pytest.raises(ValidationError):
            audits.accept_plan(acting_user=person, action=action_of(action))
    accepted = audits.accept_plan(acting_user=anna, action=action_of(action))
    assert (accepted.status, accepted.responsible) == (CorrectiveAction.Status.PLAN_RECEIVED, anna)
    assert messages_to(supplier)[-1] == SupplierMessage.Kind.PLAN_ACCEPTED
    with pytest.raises(ValidationError, match="väntar inte på granskning"):
        audits.accept_plan(acting_user=anna, action=action_of(action))
    with pytest.raises(ValidationError, match="redan godkänd"):  # an accepted plan is not changed
        plan(sara, deviation, description="Ändrad", action=action_of(action))


@pytest.mark.parametrize("comment", ["", "  "])
def test_a_plan_is_returned_only_with_a_comment(deviation, sara, anna, comment):
    action = plan(sara, deviation)
    with pytest.raises(ValidationError) as refused:
        audits.return_plan(acting_user=anna, action=action_of(action), comment=comment)
    assert "comment" in refused.value.message_dict
    assert action_of(action).status == CorrectiveAction.Status.PROPOSED


def test_a_returned_plan_is_changed_and_sent_again(deviation, sara, anna, supplier):
    action = plan(sara, deviation)
    audits.return_plan(acting_user=anna, action=action_of(action), comment="Ange ett datum i år.")
    returned = action_of(action)
    assert (returned.status, returned.review_comment) == (CorrectiveAction.Status.RETURNED, "Ange ett datum i år.")
    assert messages_to(supplier)[-1] == SupplierMessage.Kind.PLAN_RETURNED
    with pytest.raises(ValidationError, match="redan en åtgärdsplan"):  # the returned plan is the one to change
        plan(sara, deviation, description="En ny plan.")
    again = plan(sara, deviation, description="Avvikelselogg senast i december.", action=returned)
    assert (again.pk, again.status) == (action.pk, CorrectiveAction.Status.PROPOSED)
    assert audits.accept_plan(acting_user=anna, action=action_of(action)).status == "plan_received"


def test_the_supplier_reports_an_accepted_plan_carried_out_with_a_note(deviation, sara, anna, otto):
    action = plan(sara, deviation)
    with pytest.raises(ValidationError, match="godkänd plan"):
        audits.report_implemented(acting_user=sara, action=action_of(action), note="Klart.")
    audits.accept_plan(acting_user=anna, action=action_of(action))
    with pytest.raises(ValidationError) as refused:
        audits.report_implemented(acting_user=sara, action=action_of(action), note=" ")
    assert "note" in refused.value.message_dict
    with pytest.raises(ValidationError, match="svarar inte för"):
        audits.report_implemented(acting_user=otto, action=action_of(action), note="Klart.")
    done = audits.report_implemented(acting_user=sara, action=action_of(action), note="Loggen finns sedan maj.")
    assert (done.status, done.implementation_note) == (CorrectiveAction.Status.IMPLEMENTED, "Loggen finns sedan maj.")


@pytest.fixture
def implemented(deviation, sara, anna, settings, tmp_path):
    """Sara's plan accepted, carried out, with a file as evidence."""
    settings.MEDIA_ROOT = tmp_path
    action = plan(sara, deviation)
    audits.accept_plan(acting_user=anna, action=action_of(action))
    audits.report_implemented(acting_user=sara, action=action_of(action), note="Loggen finns sedan maj.")
    audits.add_action_evidence(acting_user=sara, action=action_of(action), upload=factories.upload("logg.pdf"))
    return action_of(action)


def test_the_suppliers_own_word_never_closes_a_deviation(implemented, anna):
    deviation = Deviation.objects.unscoped().get(pk=implemented.deviation_id)
    assert (deviation.status, deviation.verification_method, deviation.verified_at) == ("open", "", None)
    with pytest.raises(ValidationError, match="1 öppen avvikelse"):
        audits.close_audit(acting_user=anna, audit=deviation.audit)
    assert Audit.objects.unscoped().get(pk=deviation.audit_id).status == Audit.Status.AWAITING_ACTIONS


def desk(person, deviation, note="Loggen visar tre hanterade avvikelser sedan maj."):
    return audits.verify_at_desk(
        acting_user=person, deviation=Deviation.objects.unscoped().get(pk=deviation.pk), effectiveness_note=note
    )


def test_a_named_verifier_closes_the_deviation_at_the_desk_on_the_evidence(implemented, anna, supplier):
    verified = desk(anna, implemented.deviation)
    assert (verified.status, verified.verification_method) == (Deviation.Status.VERIFIED, Deviation.Verification.DESK)
    assert (verified.verified_by, verified.verified_at is not None) == (anna, True)
    assert verified.effectiveness_note == "Loggen visar tre hanterade avvikelser sedan maj."
    assert action_of(implemented).status == CorrectiveAction.Status.VERIFIED
    assert messages_to(supplier)[-1] == SupplierMessage.Kind.DEVIATION_VERIFIED
    with pytest.raises(ValidationError, match="redan verifierad"):
        desk(anna, implemented.deviation)
    with pytest.raises(ValidationError, match="verifierad"):  # nothing is added to a verified action
        audits.add_action_evidence(acting_user=implemented.proposed_by, action=implemented, upload=factories.upload())
    audits.close_audit(acting_user=anna, audit=verified.audit)  # nothing open: the audit closes


def test_desk_verification_needs_a_note_and_the_leading_region(implemented, bertil, sara):
    with pytest.raises(ValidationError) as refused:
        desk(implemented.responsible, implemented.deviation, note="  ")
    assert "effectiveness_note" in refused.value.message_dict
    for person in (bertil, sara):
        with pytest.raises(ValidationError):
            desk(person, implemented.deviation)
    assert Deviation.objects.unscoped().get(pk=implemented.deviation_id).status == Deviation.Status.OPEN


def test_desk_verification_needs_an_implemented_action_with_evidence(deviation, sara, anna, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    action = plan(sara, deviation)
    audits.accept_plan(acting_user=anna, action=action_of(action))
    audits.add_action_evidence(acting_user=sara, action=action_of(action), upload=factories.upload())
    with pytest.raises(ValidationError, match="ingen genomförd åtgärd med underlag"):  # evidence, not carried out
        desk(anna, deviation)
    audits.report_implemented(acting_user=sara, action=action_of(action), note="Klart.")
    action_of(action).evidence.all().delete()
    with pytest.raises(ValidationError, match="ingen genomförd åtgärd med underlag"):  # carried out, no evidence
        desk(anna, deviation)
    assert Deviation.objects.unscoped().get(pk=deviation.pk).status == Deviation.Status.OPEN


def test_a_critical_deviation_is_never_verified_at_the_desk(sent_request, anna, sara, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    deviation = reviewed_with_deviation(sent_request, anna, sara, severity="critical")
    action = plan(sara, deviation)
    audits.accept_plan(acting_user=anna, action=action_of(action))
    audits.report_implemented(acting_user=sara, action=action_of(action), note="Klart.")
    audits.add_action_evidence(acting_user=sara, action=action_of(action), upload=factories.upload())
    with pytest.raises(ValidationError, match="verifieras på plats"):
        desk(anna, deviation)
    assert Deviation.objects.unscoped().get(pk=deviation.pk).status == Deviation.Status.OPEN


@pytest.mark.parametrize("corrected", [True, False])
def test_a_re_audit_verifies_on_site_or_reopens(implemented, audit_of, anna, corrected):
    deviation = Deviation.objects.unscoped().get(pk=implemented.deviation_id)
    re_audit = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=deviation.audit, planned_on=timezone.localdate())
    audits.start_audit(acting_user=anna, audit=re_audit)
    checked = audits.check_deviation(
        acting_user=anna, re_audit=re_audit, deviation=deviation, corrected=corrected,
        effectiveness_note="Sett på plats.",
    )  # fmt: skip
    checked = Deviation.objects.unscoped().get(pk=checked.pk)
    if corrected:
        assert (checked.status, checked.verification_method) == ("verified", Deviation.Verification.ON_SITE)
        assert (checked.verified_by, checked.verified_in, checked.effectiveness_note) == (
            anna,
            re_audit,
            "Sett på plats.",
        )
        assert action_of(implemented).status == CorrectiveAction.Status.VERIFIED
    else:
        assert (checked.status, checked.verification_method, checked.verified_by) == ("open", "", None)
        assert checked.reopened_in == re_audit
        assert action_of(implemented).status == CorrectiveAction.Status.OPEN
