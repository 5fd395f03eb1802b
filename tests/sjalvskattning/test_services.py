"""The rules of a self-assessment, at the services.

Sending (merged per supplier and template version), answering (drafts, one submit, read-only
after, returned answers only), reviewing (a comment to refuse, only the leading procurement region,
only what is submitted), completing the review (the audit "Granskning av självskattning" with its
ratings and deviations, valid for the template's months), a merged supplier's requests. The
supplier's plans for the deviations a review finds: test_services_plans.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from base.forms import StaleEdit
from base.models import OutboxJob
from revisioner.models import Audit, Deviation, Rating, SupplierMessage
from sjalvskattning import services
from sjalvskattning.models import Answer, AnswerEvidence, Request
from sjalvskattning.services import months_later
from tests import factories
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db

A, B = "A", "B"
IN_30_DAYS = datetime.timedelta(days=30)


def region(letter):
    return factories.procurement_region(letter)


def answers_of(request) -> list[Answer]:
    return list(Answer.objects.unscoped().filter(request=request).select_related("criterion", "request"))


def fresh(request) -> Request:
    return Request.objects.unscoped().get(pk=request.pk)


def send(person, letter, supplier, category, **fields):
    return services.send_request(
        acting_user=person, supplier=supplier, category=category, procurement_region=region(letter),
        due_on=fields.pop("due_on", timezone.localdate() + IN_30_DAYS), **fields,
    )  # fmt: skip


def answer_all(request, sara, values=("meets", "meets", "meets")):
    for answer, value in zip(answers_of(request), values, strict=True):
        services.save_answer(acting_user=sara, answer=answer, value=value, text=f"Svar: {value}.")
    return services.submit_request(acting_user=sara, request=fresh(request))


def review_all(request, reviewer, reviews):
    """``reviews``: per answer, a review or (review, comment[, severity])."""
    for answer, review in zip(answers_of(request), reviews, strict=True):
        review, comment, severity = (*review, "")[:3] if isinstance(review, tuple) else (review, "", "")
        services.review_answer(acting_user=reviewer, answer=answer, review=review, comment=comment, severity=severity)


def messages_to(supplier) -> list[str]:
    return list(SupplierMessage.objects.filter(supplier=supplier).order_by("pk").values_list("kind", flat=True))


def jobs(task) -> int:
    return OutboxJob.objects.filter(task=task).count()


# Sending and merging ---------------------------------------------------------------------------


def test_sending_creates_a_request_with_an_empty_answer_per_criterion_and_tells_the_supplier(
    sent_request, template, supplier, anna
):
    request = fresh(sent_request)
    assert (request.status, request.supplier, request.template, request.sent_by) == ("sent", supplier, template, anna)
    assert request.procurement_region == region(A)
    assert set(request.asked_by.all()) == {region(A)}
    assert [a.criterion for a in answers_of(request)] == list(template.criteria.order_by("number"))
    assert all(a.value == "" and a.review == Answer.Review.PENDING for a in answers_of(request))
    assert messages_to(supplier) == [SupplierMessage.Kind.REQUEST_SENT]
    assert SupplierMessage.objects.get().path == request.get_supplier_url()


def test_a_second_region_asking_joins_the_open_request_and_the_first_leads(sent_request, bertil, supplier, category):
    merged, created = send(bertil, B, supplier, category)
    assert (merged, created) == (sent_request, False)
    assert set(merged.asked_by.all()) == {region(A), region(B)}
    assert fresh(merged).procurement_region == region(A)
    assert Request.objects.unscoped().count() == 1
    assert len(answers_of(merged)) == 3
    assert messages_to(supplier) == [SupplierMessage.Kind.REQUEST_SENT]  # the supplier is not asked twice
    assert send(bertil, B, supplier, category) == (sent_request, False)  # asking again changes nothing
    assert merged.asked_by.count() == 2


def test_a_request_answered_and_waiting_for_review_is_joined_too(answered_request, bertil, supplier, category):
    assert send(bertil, B, supplier, category) == (answered_request, False)


@pytest.mark.parametrize("end", ["reviewed", "cancelled"])
def test_once_a_request_is_reviewed_or_withdrawn_a_new_one_can_be_sent(
    answered_request, anna, bertil, supplier, category, end
):
    if end == "reviewed":
        review_all(answered_request, anna, ["accepted"] * 3)
        services.complete_review(acting_user=anna, request=fresh(answered_request))
    else:
        services.cancel_request(acting_user=anna, request=fresh(answered_request))
    new, created = send(bertil, B, supplier, category)
    assert created and new != answered_request
    assert (new.status, new.procurement_region, set(new.asked_by.all())) == ("sent", region(B), {region(B)})
    assert len(answers_of(new)) == 3


def test_only_the_coordinators_of_a_procurement_region_send_for_it(
    template, supplier, category, anna, bertil, kalle, kansliet, sara
):
    for person in (bertil, kalle, sara):
        with pytest.raises(ValidationError) as refused:
            send(person, A, supplier, category)
        assert "procurement_region" in refused.value.message_dict
    assert not Request.objects.unscoped().exists()
    assert send(kansliet, "C", supplier, category)[1]  # the secretariat sends for any procurement region


def test_a_due_date_passed_is_refused(template, supplier, category, anna):
    with pytest.raises(ValidationError) as refused:
        send(anna, A, supplier, category, due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "due_on" in refused.value.message_dict
    assert not Request.objects.unscoped().exists()


def test_without_an_adopted_template_nothing_is_sent(supplier, category, anna):
    with pytest.raises(ValidationError, match="ingen antagen bedömningsmall"):
        send(anna, A, supplier, category)


def test_the_bulk_send_counts_new_and_merged_and_is_all_or_nothing(
    sent_request, bertil, supplier, other_supplier, category, reference
):
    due_on = timezone.localdate() + IN_30_DAYS
    pairs = [(supplier, category), (other_supplier, category)]
    assert services.send_requests(
        acting_user=bertil, suppliers_and_categories=pairs, procurement_region=region(B), due_on=due_on
    ) == (1, 1)
    assert Request.objects.unscoped().count() == 2
    with pytest.raises(ValidationError):  # Bertil does not send for A: none of them is sent
        services.send_requests(
            acting_user=bertil, suppliers_and_categories=[(supplier, category)], procurement_region=region(A),
            due_on=due_on,
        )  # fmt: skip
    assert Request.objects.unscoped().count() == 2


def test_the_preview_says_who_is_asked_anew_who_is_merged_and_how_many_contacts_it_reaches(
    sent_request, supplier, other_supplier, template, sara, otto
):
    factories.supplier_contact(supplier, name="Sven Leverantör")
    rows = services.preview(suppliers=[supplier, other_supplier], template=template)
    assert [(row.supplier, row.merged, row.contacts) for row in rows] == [
        (supplier, True, 2),
        (other_supplier, False, 1),
    ]


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_sending_at_once_make_one_request_asked_by_both(template, supplier, category, anna, bertil):
    outcomes = at_once(lambda: send(anna, A, supplier, category), lambda: send(bertil, B, supplier, category))
    assert [kind for kind, _result in outcomes] == ["ok", "ok"], outcomes
    assert sorted(created for _kind, (_request, created) in outcomes) == [False, True]
    request = Request.objects.unscoped().get()
    assert set(request.asked_by.all()) == {region(A), region(B)}
    assert Answer.objects.unscoped().filter(request=request).count() == 3
    assert SupplierMessage.objects.filter(kind=SupplierMessage.Kind.REQUEST_SENT).count() == 1


# Answering -------------------------------------------------------------------------------------


def test_drafts_are_saved_as_often_as_the_supplier_likes(sent_request, sara):
    first = answers_of(sent_request)[0]
    services.save_answer(acting_user=sara, answer=first, value="", text="Vi återkommer.")
    services.save_answer(acting_user=sara, answer=first, value="partly", text="Delvis.", version=first.version)
    first.refresh_from_db()
    assert (first.value, first.text, first.answered_by, first.version) == ("partly", "Delvis.", sara, 2)
    with pytest.raises(StaleEdit):  # a page older than the last save
        services.save_answer(acting_user=sara, answer=first, value="meets", text="Ja.", version=1)
    assert fresh(sent_request).status == Request.Status.SENT


def test_only_the_suppliers_contact_persons_answer(sent_request, otto, anna, kansliet):
    answer = answers_of(sent_request)[0]
    for person in (otto, anna, kansliet):
        with pytest.raises(ValidationError, match="svarar inte för"):
            services.save_answer(acting_user=person, answer=answer, value="meets", text="")
        with pytest.raises(ValidationError, match="svarar inte för"):
            services.submit_request(acting_user=person, request=fresh(sent_request))
    assert Answer.objects.unscoped().get(pk=answer.pk).value == ""


def test_every_criterion_is_answered_before_submitting(sent_request, sara):
    services.save_answer(acting_user=sara, answer=answers_of(sent_request)[0], value="meets", text="")
    with pytest.raises(ValidationError, match="2 kriterier saknar svar"):
        services.submit_request(acting_user=sara, request=fresh(sent_request))
    assert fresh(sent_request).status == Request.Status.SENT


def test_the_answers_are_submitted_once_and_read_only_afterwards(sent_request, sara, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = answers_of(sent_request)[0]
    evidence = services.add_answer_evidence(acting_user=sara, answer=first, upload=factories.upload())
    request = answer_all(sent_request, sara)
    assert (request.status, request.submitted_by) == (Request.Status.SUBMITTED, sara)
    assert jobs("sjalvskattning.tasks.mail_reviewers") == 1

    with pytest.raises(ValidationError, match="redan inskickad"):
        services.submit_request(acting_user=sara, request=fresh(sent_request))
    first = answers_of(sent_request)[0]
    with pytest.raises(ValidationError, match="kan inte ändras"):
        services.save_answer(acting_user=sara, answer=first, value="partly", text="Ändrat")
    with pytest.raises(ValidationError, match="inskickat"):
        services.add_answer_evidence(acting_user=sara, answer=first, upload=factories.upload("ny.pdf"))
    with pytest.raises(ValidationError, match="inskickat"):
        services.remove_answer_evidence(acting_user=sara, evidence=evidence)
    assert Answer.objects.unscoped().get(pk=first.pk).value == "meets"
    assert AnswerEvidence.objects.get().pk == evidence.pk
    assert jobs("sjalvskattning.tasks.mail_reviewers") == 1


def test_a_removed_file_leaves_the_storage_once_the_removal_is_committed(
    sent_request, sara, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    evidence = services.add_answer_evidence(
        acting_user=sara, answer=answers_of(sent_request)[0], upload=factories.upload()
    )
    stored = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_answer_evidence(acting_user=sara, evidence=evidence)
    assert not AnswerEvidence.objects.exists()
    assert not evidence.file.storage.exists(stored)


def test_a_removal_rolled_back_keeps_the_file_and_its_row(sent_request, sara, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evidence = services.add_answer_evidence(
        acting_user=sara, answer=answers_of(sent_request)[0], upload=factories.upload()
    )
    pk, stored = evidence.pk, evidence.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        services.remove_answer_evidence(acting_user=sara, evidence=evidence)
        raise RuntimeError("the request failed after the removal")
    assert AnswerEvidence.objects.filter(pk=pk).exists()
    assert evidence.file.storage.exists(stored)


def test_a_withdrawn_request_is_not_answered(sent_request, sara, anna):
    services.cancel_request(acting_user=anna, request=fresh(sent_request))
    with pytest.raises(ValidationError):
        services.save_answer(acting_user=sara, answer=answers_of(sent_request)[0], value="meets", text="")


def test_only_an_open_request_is_withdrawn_and_only_by_the_leading_region(sent_request, anna, bertil, sara):
    for person in (bertil, sara):
        with pytest.raises(ValidationError):
            services.cancel_request(acting_user=person, request=fresh(sent_request))
    services.cancel_request(acting_user=anna, request=fresh(sent_request))
    with pytest.raises(ValidationError, match="Bara en öppen"):
        services.cancel_request(acting_user=anna, request=fresh(sent_request))


# Returned for completion -----------------------------------------------------------------------


def test_returned_answers_are_the_only_ones_the_supplier_changes_and_then_resubmits(
    answered_request, anna, sara, supplier, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    review_all(answered_request, anna, [("needs_completion", "Bifoga policyn."), "accepted", ("not_met", "Saknas.")])
    returned = services.return_for_completion(acting_user=anna, request=fresh(answered_request))
    assert returned.status == Request.Status.RETURNED
    assert messages_to(supplier)[-1] == SupplierMessage.Kind.REQUEST_RETURNED
    # The stored message holds no text in the sender's language: the supplier's page says what is asked.
    assert SupplierMessage.objects.order_by("pk").last().comment == ""

    to_complete, accepted, not_met = answers_of(answered_request)
    assert (to_complete.editable_by_supplier, accepted.editable_by_supplier, not_met.editable_by_supplier) == (
        True,
        False,
        False,
    )
    for answer in (accepted, not_met):
        with pytest.raises(ValidationError):
            services.save_answer(acting_user=sara, answer=answer, value="partly", text="Ändrat")
        with pytest.raises(ValidationError):
            services.add_answer_evidence(acting_user=sara, answer=answer, upload=factories.upload())
    services.save_answer(acting_user=sara, answer=to_complete, value="meets", text="Policyn bifogas.")
    services.add_answer_evidence(acting_user=sara, answer=to_complete, upload=factories.upload("policy.pdf"))

    resubmitted = services.submit_request(acting_user=sara, request=fresh(answered_request))
    assert resubmitted.status == Request.Status.SUBMITTED
    to_complete, accepted, not_met = answers_of(answered_request)
    assert [a.review for a in (to_complete, accepted, not_met)] == ["pending", "accepted", "not_met"]
    assert to_complete.review_comment == "Bifoga policyn."  # what was asked stays on the answer
    latest = to_complete.history.order_by("-history_id").first()
    assert (latest.review, latest.history_user) == ("pending", sara)  # the reset is in the change history
    with pytest.raises(ValidationError):
        services.save_answer(acting_user=sara, answer=to_complete, value="partly", text="")


def test_returning_needs_an_answer_marked_for_completion(answered_request, anna):
    review_all(answered_request, anna, ["accepted"] * 3)
    with pytest.raises(ValidationError, match="Inget svar"):
        services.return_for_completion(acting_user=anna, request=fresh(answered_request))
    assert fresh(answered_request).status == Request.Status.SUBMITTED


# Review rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize("review", ["needs_completion", "not_met"])
@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_or_rejecting_an_answer_needs_a_comment(answered_request, anna, review, comment):
    answer = answers_of(answered_request)[0]
    with pytest.raises(ValidationError) as refused:
        services.review_answer(acting_user=anna, answer=answer, review=review, comment=comment)
    assert "review_comment" in refused.value.message_dict
    assert Answer.objects.unscoped().get(pk=answer.pk).review == Answer.Review.PENDING
    accepted = services.review_answer(acting_user=anna, answer=answer, review="accepted")
    assert (accepted.review, accepted.reviewed_by) == ("accepted", anna)


def test_a_rejected_answer_is_major_unless_the_reviewer_says_otherwise(answered_request, anna):
    first, second, _third = answers_of(answered_request)
    assert services.review_answer(acting_user=anna, answer=first, review="not_met", comment="Nej").severity == "major"
    kept = services.review_answer(acting_user=anna, answer=second, review="not_met", comment="Nej", severity="critical")
    assert kept.severity == "critical"
    assert services.review_answer(acting_user=anna, answer=first, review="accepted").severity == ""


def test_only_the_leading_procurement_region_reviews(
    answered_request, anna, bertil, kansliet, sara, supplier, category
):
    send(bertil, B, supplier, category)  # B asked too: it reads the answers, A reviews them
    answer = answers_of(answered_request)[0]
    for person in (bertil, sara):
        with pytest.raises(ValidationError, match="granskas av samordnarna i upphandlingsregion A"):
            services.review_answer(acting_user=person, answer=answer, review="accepted")
        with pytest.raises(ValidationError):
            services.return_for_completion(acting_user=person, request=fresh(answered_request))
        with pytest.raises(ValidationError):
            services.complete_review(acting_user=person, request=fresh(answered_request))
    services.review_answer(acting_user=kansliet, answer=answer, review="accepted")  # the secretariat may


def test_answers_are_reviewed_only_when_submitted(sent_request, anna, sara):
    answer = answers_of(sent_request)[0]
    with pytest.raises(ValidationError, match="kan inte granskas nu"):
        services.review_answer(acting_user=anna, answer=answer, review="accepted")
    answer_all(sent_request, sara)
    review_all(sent_request, anna, [("needs_completion", "Mer."), "accepted", "accepted"])
    services.return_for_completion(acting_user=anna, request=fresh(sent_request))
    with pytest.raises(ValidationError, match="kan inte granskas nu"):  # back with the supplier
        services.review_answer(acting_user=anna, answer=answers_of(sent_request)[1], review="not_met", comment="x")
    with pytest.raises(ValidationError, match="kan inte granskas nu"):
        services.complete_review(acting_user=anna, request=fresh(sent_request))


def test_a_review_on_an_older_page_is_refused(answered_request, anna):
    answer = answers_of(answered_request)[0]
    seen = answer.version
    services.review_answer(acting_user=anna, answer=answer, review="accepted", version=seen)
    with pytest.raises(StaleEdit):
        services.review_answer(acting_user=anna, answer=answer, review="not_met", comment="Nej", version=seen)
    assert Answer.objects.unscoped().get(pk=answer.pk).review == Answer.Review.ACCEPTED


def test_the_review_is_completed_only_when_every_answer_is_accepted_or_not_met(answered_request, anna):
    review_all(answered_request, anna, ["accepted", ("needs_completion", "Mer."), "pending"])
    with pytest.raises(ValidationError, match="2 svar är inte granskade"):
        services.complete_review(acting_user=anna, request=fresh(answered_request))
    assert not Audit.objects.unscoped().exists()


# Completing the review -------------------------------------------------------------------------


def test_completing_the_review_creates_the_audit_with_a_rating_per_criterion_and_the_deviations(
    sent_request, anna, bertil, sara, supplier, category, template
):
    send(bertil, B, supplier, category)
    answer_all(sent_request, sara, values=("meets", "partly", "does_not_meet"))
    review_all(
        sent_request,
        anna,
        [
            "accepted",
            ("not_met", "Policyn saknar underleverantörer.", "minor"),
            ("not_met", "Ingen riskanalys finns.", "critical"),
        ],
    )
    audit = services.complete_review(acting_user=anna, request=fresh(sent_request))

    audit = Audit.objects.unscoped().get(pk=audit.pk)
    assert audit.kind == Audit.Kind.SELF_ASSESSMENT and audit.get_kind_display() == "Granskning av självskattning"
    assert (audit.supplier, audit.category, audit.template) == (supplier, category, template)
    assert (audit.procurement_region, audit.status) == (region(A), Audit.Status.AWAITING_ACTIONS)
    assert audit.performed_on == timezone.localdate()
    assert set(audit.participating_regions.all()) == set(region(A).regions.all()) | set(region(B).regions.all())
    ratings = {r.criterion.number: (r.value, r.evidence) for r in Rating.objects.filter(audit=audit)}
    assert ratings == {
        "1.1": ("meets", "Svar: meets."),
        "2.1": ("does_not_meet", "Svar: partly."),  # a "partly" is never accepted: the reviewer found it not met
        "3.1": ("does_not_meet", "Svar: does_not_meet."),
    }
    first, partly, not_met = answers_of(sent_request)
    assert first.deviation is None
    deviation = Deviation.objects.unscoped().get(pk=not_met.deviation_id)
    assert (deviation.audit, deviation.clause, deviation.severity) == (audit, not_met.criterion.clause, "critical")
    assert (deviation.description, deviation.status) == ("Ingen riskanalys finns.", Deviation.Status.OPEN)
    assert Deviation.objects.unscoped().get(pk=partly.deviation_id).severity == "minor"  # the reviewer's
    assert Deviation.objects.unscoped().filter(audit=audit).count() == 2

    request = fresh(sent_request)
    assert (request.status, request.audit, request.reviewed_by) == (Request.Status.REVIEWED, audit, anna)
    assert request.valid_until == months_later(timezone.localdate(), 24)
    assert messages_to(supplier)[-2:] == [SupplierMessage.Kind.DEVIATION_OPENED, SupplierMessage.Kind.REQUEST_REVIEWED]
    with pytest.raises(ValidationError):  # once
        services.complete_review(acting_user=anna, request=request)
    assert Audit.objects.unscoped().count() == 1


def test_a_review_with_every_answer_met_closes_its_audit(answered_request, anna, template):
    template.valid_months = 12
    template.save()
    review_all(answered_request, anna, ["accepted"] * 3)
    audit = services.complete_review(acting_user=anna, request=fresh(answered_request))
    assert Audit.objects.unscoped().get(pk=audit.pk).status == Audit.Status.CLOSED
    assert not Deviation.objects.unscoped().filter(audit=audit).exists()
    assert fresh(answered_request).valid_until == months_later(timezone.localdate(), 12)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2023, 12, 15), 24, datetime.date(2025, 12, 15)),
        (datetime.date(2024, 11, 30), 3, datetime.date(2025, 2, 28)),
    ],
)
def test_valid_until_is_the_same_day_months_later_or_the_months_last(day, months, expected):
    assert months_later(day, months) == expected


# Suppliers merged ------------------------------------------------------------------------------


def test_the_self_assessments_of_a_merged_supplier_become_the_targets(
    sent_request, anna, bertil, kansliet, supplier, other_supplier, category
):
    """Abcur merges into Medline, which B had asked already: Abcur's open request joins Medline's
    (A among those asking) and is withdrawn; Abcur's withdrawn one moves as it is."""
    theirs, _created = send(bertil, B, other_supplier, category)
    services.cancel_request(acting_user=anna, request=fresh(sent_request))
    old, _created = send(anna, A, supplier, category)
    assert services.move_requests(acting_user=kansliet, source=supplier, target=other_supplier) == 2
    assert not Request.objects.unscoped().filter(supplier=supplier).exists()
    assert set(fresh(theirs).asked_by.all()) == {region(A), region(B)}
    assert fresh(theirs).status == Request.Status.SENT
    assert fresh(old).status == fresh(sent_request).status == Request.Status.CANCELLED
    assert Request.objects.unscoped().open().filter(supplier=other_supplier).count() == 1
