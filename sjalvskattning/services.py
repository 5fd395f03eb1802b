"""The workflow of a self-assessment: sent → (the supplier answers, submits) → submitted →
returned for completion ⇄ submitted → reviewed; or withdrawn while open.

Each function is atomic, checks who acts and what the state allows, and records the acting user in
the change history. Every message to the supplier is a revisioner SupplierMessage (listed on its
start page and mailed once)."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from base.forms import check_version, locked
from base.history import record_acting_user
from base.jobs import enqueue_on_commit
from base.uploads import save_evidence
from revisioner import access as audit_access
from revisioner import services as audits
from revisioner.models import Audit, Rating, Supplier, SupplierContact, SupplierMessage
from revisioner.services import common
from sjalvskattning import access
from sjalvskattning.models import Answer, AnswerEvidence, Request


def _save(instance, acting_user, **clean):
    """revisioner's save (validated, the acting user recorded); requests and answers carry a version."""
    return common._save(instance, acting_user, versioned=True, **clean)


def _check_seen(current, seen_version) -> None:
    common._check_seen(current, seen_version, _("detta"))


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# Sending ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """What sending a questionnaire to one supplier does: a new request, or a region added to the
    open one (``merged``); ``contacts`` is how many contact persons it reaches."""

    supplier: Supplier
    merged: bool
    contacts: int


def preview(*, suppliers, template) -> list[Recipient]:
    """Who gets the questionnaire, for the page that asks before sending: a few queries however
    many suppliers. A supplier's contact persons are its own and those of the companies above it
    (revisioner.access.answering_supplier_ids): they answer for it too."""
    suppliers = list(suppliers)
    ids = [supplier.pk for supplier in suppliers]
    open_for = set(
        Request.objects.unscoped()
        .open()
        .filter(template=template, supplier_id__in=ids)
        .values_list("supplier_id", flat=True)
    )
    answering = audit_access.answering_supplier_ids_of(ids)
    people_of = defaultdict(set)
    for supplier_id, user_id in (
        SupplierContact.objects.active()
        .filter(supplier_id__in=set().union(*answering.values()))
        .values_list("supplier_id", "user_id")
    ):
        people_of[supplier_id].add(user_id)
    return [
        Recipient(
            supplier, supplier.pk in open_for, len(set().union(*(people_of[pk] for pk in answering[supplier.pk])))
        )
        for supplier in suppliers
    ]


def _require_template(template):
    template = template or audits.adopted_template()
    if template is None or template.status != template.Status.ADOPTED:
        raise ValidationError(_("Det finns ingen antagen bedömningsmall att bygga frågeformuläret på."))
    return template


@transaction.atomic
def send_request(
    *, acting_user, supplier, category, procurement_region, due_on: datetime.date, template=None, once_token=None
) -> tuple[Request, bool]:
    """Ask ``supplier`` to answer the adopted template's questionnaire for ``procurement_region``.

    A supplier that already has an open request after the same template version is not asked twice:
    the region is added to those that asked (returns the request and False). Otherwise a request
    with one empty answer per criterion is created and the supplier told (returns it and True)."""
    template = _require_template(template)
    audits.check_leads(acting_user, procurement_region)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Sista svarsdag kan inte ha passerat.")})
    # One send per supplier at a time: a second coordinator sending at the same moment waits here
    # and then finds the first one's request (an empty result of select_for_update locks nothing).
    Supplier.objects.select_for_update().filter(pk=supplier.pk).first()
    existing = (
        Request.objects.unscoped().select_for_update().open().filter(supplier=supplier, template=template).first()
    )
    if existing is not None:
        existing.asked_by.add(procurement_region)
        return existing, False
    request = Request(
        supplier=supplier, template=template, category=category, procurement_region=procurement_region,
        due_on=due_on, sent_by=acting_user, created_with=once_token,
    )  # fmt: skip
    try:
        with transaction.atomic():
            _save(request, acting_user, exclude=["created_with"])
    except IntegrityError:
        # Two people sent it at once: the other request is the one; this region asked too.
        existing = Request.objects.unscoped().open().get(supplier=supplier, template=template)
        existing.asked_by.add(procurement_region)
        return existing, False
    request.asked_by.add(procurement_region)
    Answer.objects.bulk_create(Answer(request=request, criterion=criterion) for criterion in template.criteria.all())
    audits.tell_supplier(
        acting_user=acting_user, supplier_id=supplier.pk, kind=SupplierMessage.Kind.REQUEST_SENT,
        subject=str(template), path=request.get_supplier_url(),
    )  # fmt: skip
    return request, True


@transaction.atomic
def send_requests(
    *, acting_user, suppliers_and_categories, procurement_region, due_on, template=None
) -> tuple[int, int]:
    """The bulk send from the audit plan or the ranking: (created, merged). All or nothing."""
    created = merged = 0
    for supplier, category in suppliers_and_categories:
        _request, new = send_request(
            acting_user=acting_user, supplier=supplier, category=category,
            procurement_region=procurement_region, due_on=due_on, template=template,
        )  # fmt: skip
        created, merged = created + new, merged + (not new)
    return created, merged


@transaction.atomic
def cancel_request(*, acting_user, request: Request, seen_version=None) -> Request:
    _check_seen(locked(request), seen_version)
    if not access.can_review(acting_user, request):
        raise ValidationError(_("Du kan inte återkalla den här självskattningen."))
    if not request.is_open:
        raise ValidationError(_("Bara en öppen självskattning kan återkallas."))
    request.status = Request.Status.CANCELLED
    return _save(request, acting_user)


# Answering (the supplier) ----------------------------------------------------------------------


def _supplier_answers(acting_user, request: Request) -> None:
    if not audit_access.answers_for_supplier(acting_user, request.supplier_id):
        raise ValidationError(_("Du svarar inte för den här leverantören."))


@transaction.atomic
def save_answer(*, acting_user, answer: Answer, value: str, text: str, version=None) -> Answer:
    """A draft answer: saved as often as the supplier likes until the request is submitted."""
    _supplier_answers(acting_user, answer.request)
    locked(answer.request)  # the request first, then its answer: the order every workflow locks in
    check_version(locked(answer), version)
    if not answer.editable_by_supplier:
        raise ValidationError(_("Svaret är inskickat och kan inte ändras."))
    answer.value, answer.text = value, text
    answer.answered_by, answer.answered_at = acting_user, timezone.now()
    return _save(answer, acting_user)


@transaction.atomic
def add_answer_evidence(*, acting_user, answer: Answer, upload) -> AnswerEvidence:
    _supplier_answers(acting_user, answer.request)
    locked(answer.request)
    if not answer.editable_by_supplier:
        raise ValidationError(_("Svaret är inskickat; underlag kan inte längre läggas till."))
    return save_evidence(AnswerEvidence(answer=answer), upload, uploaded_by=acting_user)


@transaction.atomic
def remove_answer_evidence(*, acting_user, evidence: AnswerEvidence) -> None:
    _supplier_answers(acting_user, evidence.answer.request)
    locked(evidence.answer.request)
    if not evidence.answer.editable_by_supplier:
        raise ValidationError(_("Svaret är inskickat; underlaget kan inte tas bort."))
    record_acting_user(evidence, acting_user)
    stored = evidence.file.name
    evidence.delete()
    # The file goes once the row is gone for good: a rolled-back removal keeps both.
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))


@transaction.atomic
def submit_request(*, acting_user, request: Request, seen_version=None) -> Request:
    """Send the answers for review, once: afterwards they are read-only for the supplier (until
    answers are returned for completion)."""
    _supplier_answers(acting_user, request)
    _check_seen(locked(request), seen_version)
    if not request.answerable:
        raise ValidationError(_("Självskattningen är redan inskickad."))
    answers = request.answers.unscoped()
    unanswered = answers.unanswered().count()
    if unanswered:
        raise ValidationError(
            ngettext(
                "%(count)d kriterium saknar svar. Svara på det innan ni skickar in.",
                "%(count)d kriterier saknar svar. Svara på alla innan ni skickar in.",
                unanswered,
            )
            % {"count": unanswered}
        )
    for completed in answers.to_complete().select_for_update():
        completed.review = Answer.Review.PENDING  # reviewed again; the comment stays as the history of it
        _save(completed, acting_user)
    request.status = Request.Status.SUBMITTED
    request.submitted_at, request.submitted_by = timezone.now(), acting_user
    _save(request, acting_user)
    enqueue_on_commit("sjalvskattning.tasks.mail_reviewers", request.pk)
    return request


# Review (the coordinator) ----------------------------------------------------------------------


# An accepted answer keeps the supplier's value in the review's audit: one of Rating.DEVIATING would
# become a deviation nobody decided on (the review page says this rule).
NOT_ACCEPTABLE = _lazy(
    "Svaret uppfyller inte kravet helt: bedöm det som ”Uppfylls inte” med en allvarlighetsgrad, "
    "eller be om komplettering."
)


def _require_reviewer(acting_user, request: Request) -> None:
    if not access.can_review(acting_user, request):
        raise ValidationError(
            _("Självskattningen granskas av samordnarna i upphandlingsregion %(letter)s.")
            % {"letter": request.procurement_region.letter}
        )
    if request.status != Request.Status.SUBMITTED:
        raise ValidationError(
            _("Självskattningen har status %(status)s och kan inte granskas nu.")
            % {"status": request.get_status_display()}
        )


@transaction.atomic
def review_answer(
    *, acting_user, answer: Answer, review: str, comment: str = "", severity: str = "", version=None
) -> Answer:
    """Accepted; needs completion (the comment goes back to the supplier); or not met (a deviation
    against the criterion's clause when the review is completed, with ``severity``). An answer that
    says the criterion is met only partly or not at all is never accepted (``NOT_ACCEPTABLE``): the
    reviewer finds it not met, with a severity and a comment, or asks for completion."""
    locked(answer.request)  # the request first, then its answer
    check_version(locked(answer), version)
    _require_reviewer(acting_user, answer.request)
    comment = comment.strip()
    if review in (Answer.Review.NEEDS_COMPLETION, Answer.Review.NOT_MET) and not comment:
        raise ValidationError({"review_comment": _("Skriv en kommentar till leverantören.")})
    if review == Answer.Review.ACCEPTED and answer.value in Rating.DEVIATING:
        raise ValidationError({"review": NOT_ACCEPTABLE})
    answer.review, answer.review_comment = review, comment
    answer.severity = (
        (severity or audits.DEFAULT_SEVERITY[Rating.Value.DOES_NOT_MEET]) if review == Answer.Review.NOT_MET else ""
    )
    answer.reviewed_by, answer.reviewed_at = acting_user, timezone.now()
    return _save(answer, acting_user)


@transaction.atomic
def return_for_completion(*, acting_user, request: Request, seen_version=None) -> Request:
    """Send the answers marked "needs completion" back to the supplier, with their comments."""
    _check_seen(locked(request), seen_version)
    _require_reviewer(acting_user, request)
    to_complete = request.answers.unscoped().to_complete().count()
    if not to_complete:
        raise ValidationError(_("Inget svar är markerat att kompletteras."))
    request.status = Request.Status.RETURNED
    _save(request, acting_user)
    audits.tell_supplier(
        acting_user=acting_user, supplier_id=request.supplier_id, kind=SupplierMessage.Kind.REQUEST_RETURNED,
        subject=str(request.template), path=request.get_supplier_url(),
    )  # fmt: skip
    return request


def _reviewed(answer: Answer) -> bool:
    """Not met, or accepted as meeting the criterion (or not applicable): what the review's audit rates."""
    if answer.review == Answer.Review.ACCEPTED:
        return answer.value not in Rating.DEVIATING
    return answer.review == Answer.Review.NOT_MET


@transaction.atomic
def complete_review(*, acting_user, request: Request, seen_version=None) -> Audit:
    """Every answer accepted or not met: the review becomes the audit "Granskning av självskattning"
    with a rating per criterion from the answers. An accepted answer keeps the supplier's value
    ("meets" or "not applicable": a deviating one is never accepted, ``review_answer``); a not-met
    answer is rated "does not meet" and its deviation carries the reviewer's comment and severity.
    With open deviations the audit awaits the supplier's corrective actions; without, it is closed.
    The self-assessment is valid for the template's ``valid_months``."""
    _check_seen(locked(request), seen_version)
    _require_reviewer(acting_user, request)
    answers = list(request.answers.unscoped().select_related("criterion"))
    unreviewed = len([answer for answer in answers if not _reviewed(answer)])
    if unreviewed:
        raise ValidationError(
            ngettext(
                "%(count)d svar är inte granskat eller väntar på komplettering.",
                "%(count)d svar är inte granskade eller väntar på komplettering.",
                unreviewed,
            )
            % {"count": unreviewed}
        )
    today = timezone.localdate()
    audit = Audit(
        kind=Audit.Kind.SELF_ASSESSMENT, supplier=request.supplier, category=request.category,
        procurement_region=request.procurement_region, template=request.template, year=today.year,
        planned_on=today,
    )  # fmt: skip
    audits.plan_audit(acting_user=acting_user, audit=audit, participants=[(acting_user, "", "lead_auditor")])
    audit.participating_regions.set(
        region for procurement_region in request.asked_by.all() for region in procurement_region.regions.all()
    )
    audits.start_audit(acting_user=acting_user, audit=audit)
    ratings = {}
    for answer in answers:
        value = answer.value if answer.review == Answer.Review.ACCEPTED else Rating.Value.DOES_NOT_MEET
        ratings[answer.criterion] = (value, answer.text, answer.review_comment)
    audits.rate(acting_user=acting_user, audit=audit, ratings=ratings)
    by_criterion = {answer.criterion_id: answer for answer in answers}
    for deviation in audit.deviations.unscoped().select_related("rating"):
        answer = by_criterion[deviation.rating.criterion_id]
        if answer.review == Answer.Review.NOT_MET:
            deviation.severity = answer.severity or deviation.severity
        deviation.description = answer.review_comment or answer.text or deviation.description
        record_acting_user(deviation, acting_user)
        deviation.save(update_fields=["severity", "description"])
        answer.deviation = deviation
        record_acting_user(answer, acting_user)
        answer.save(update_fields=["deviation"])
    audits.draft_report(acting_user=acting_user, audit=audit, performed_on=today)
    if audit.deviations.unscoped().open().exists():
        audits.await_actions(acting_user=acting_user, audit=audit)
    else:
        audits.close_audit(acting_user=acting_user, audit=audit)
    request.status, request.audit = Request.Status.REVIEWED, audit
    request.reviewed_at, request.reviewed_by = timezone.now(), acting_user
    request.valid_until = months_later(today, request.template.valid_months)
    _save(request, acting_user)
    audits.tell_supplier(
        acting_user=acting_user, supplier_id=request.supplier_id, kind=SupplierMessage.Kind.REQUEST_REVIEWED,
        subject=str(request.template), path=request.get_supplier_url(),
    )  # fmt: skip
    return audit


# Suppliers merged ------------------------------------------------------------------------------


@transaction.atomic
def move_requests(*, acting_user, source: Supplier, target: Supplier) -> int:
    """Two suppliers are one (revisioner's merge_suppliers, before ``source`` goes): the source's
    self-assessments become the target's. An open request after a template the target has an open
    request of joins that one (its asking regions are added) and is withdrawn, so the supplier still
    answers once. Returns the number of requests moved. Only whoever merges suppliers moves them
    (``revisioner.access.can_merge_suppliers``)."""
    if not audit_access.can_merge_suppliers(acting_user):
        raise ValidationError(_("Bara kansliet slår samman leverantörer och flyttar deras självskattningar."))
    open_of_target = {
        request.template_id: request
        for request in Request.objects.unscoped().select_for_update().open().filter(supplier=target)
    }
    moved = 0
    for request in Request.objects.unscoped().select_for_update().filter(supplier=source).order_by("pk"):
        joined = open_of_target.get(request.template_id) if request.is_open else None
        if joined is not None:
            joined.asked_by.add(*request.asked_by.all())
            request.status = Request.Status.CANCELLED
        request.supplier = target
        _save(request, acting_user)
        moved += 1
    return moved
