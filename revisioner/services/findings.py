"""Deviations and corrective actions: a re-audit's finding, a changed deviation, the supplier's actions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from base.forms import check_version, locked, save_once
from base.jobs import enqueue_on_commit
from base.uploads import save_evidence
from revisioner import access
from revisioner.models import ActionEvidence, Audit, CorrectiveAction, Deviation, SupplierMessage
from revisioner.services.audits import _require
from revisioner.services.common import Status, _check_seen, _save, check_leads
from revisioner.services.contacts import tell_supplier


@transaction.atomic
def check_deviation(
    *, acting_user, re_audit: Audit, deviation: Deviation, corrected: bool, seen_version=None, effectiveness_note=""
) -> Deviation:
    """The re-audit's finding on one deviation of the audit it follows up: corrected (the
    deviation and its actions are verified, the supplier told) or not (it is reopened, its actions
    open again). ``seen_version``: the deviation's version on the page the finding was made on. The
    re-audit's lead is the verifier (verification on site); ``effectiveness_note`` is their word on
    this verification (an earlier verification's note does not stay: reopened, there is none)."""
    locked(re_audit)
    _check_seen(locked(deviation), seen_version, _("avvikelsen"))
    if re_audit.kind != Audit.Kind.RE_AUDIT or deviation.audit_id != re_audit.follows_up_id:
        raise ValidationError(_("Avvikelsen hör inte till revisionen som återrevisionen följer upp."))
    check_leads(acting_user, deviation.audit.procurement_region)
    _require(re_audit, Status.IN_PROGRESS)
    if corrected:
        deviation.status, deviation.verified_in, deviation.verified_at = (
            Deviation.Status.VERIFIED,
            re_audit,
            timezone.now(),
        )
        deviation.verification_method, deviation.verified_by = Deviation.Verification.ON_SITE, acting_user
        deviation.effectiveness_note, deviation.reopened_in = effectiveness_note.strip(), None
        _save(deviation, acting_user)
        _verify_actions(acting_user, deviation)
        _tell_verified(acting_user, deviation)
        return deviation
    deviation.status, deviation.verified_in, deviation.verified_at = Deviation.Status.OPEN, None, None
    deviation.verification_method, deviation.verified_by, deviation.effectiveness_note = "", None, ""
    deviation.reopened_in = re_audit
    _save(deviation, acting_user)
    for action in CorrectiveAction._base_manager.select_for_update().filter(
        deviation=deviation, status__in=[CorrectiveAction.Status.IMPLEMENTED, CorrectiveAction.Status.VERIFIED]
    ):
        action.status = CorrectiveAction.Status.OPEN
        _save(action, acting_user)
    return deviation


def _verify_actions(acting_user, deviation: Deviation) -> None:
    """A deviation verified (at the desk or on site): every action of it not yet verified is, with it."""
    for action in (
        CorrectiveAction._base_manager.select_for_update()
        .filter(deviation=deviation)
        .exclude(status=CorrectiveAction.Status.VERIFIED)
    ):
        action.status = CorrectiveAction.Status.VERIFIED
        _save(action, acting_user)


def _tell_verified(acting_user, deviation: Deviation) -> None:
    tell_supplier(
        acting_user=acting_user, supplier_id=deviation.audit.supplier_id,
        kind=SupplierMessage.Kind.DEVIATION_VERIFIED, subject=str(deviation.clause), path=supplier_page(deviation),
        comment=deviation.effectiveness_note,
    )  # fmt: skip


@transaction.atomic
def set_severity(*, acting_user, deviation: Deviation, severity: str, description: str, version=None) -> Deviation:
    """Change an open deviation; ``version`` is the one the person's form started from."""
    check_version(locked(deviation), version)
    if deviation.status != Deviation.Status.OPEN or not deviation.audit.is_open:
        raise ValidationError(_("Bara en öppen avvikelse i en pågående revision kan ändras."))
    deviation.severity, deviation.description = severity, description
    return _save(deviation, acting_user)


# Corrective actions --------------------------------------------------------------------------

# The coordinator's own steps (an action the coordinator records for the supplier); a plan the
# supplier proposed is accepted or returned (accept_plan, return_plan), never moved past.
ACTION_STEPS = {
    CorrectiveAction.Status.OPEN: (CorrectiveAction.Status.PLAN_RECEIVED, CorrectiveAction.Status.IMPLEMENTED),
    CorrectiveAction.Status.PROPOSED: (),
    CorrectiveAction.Status.RETURNED: (),
    CorrectiveAction.Status.PLAN_RECEIVED: (CorrectiveAction.Status.IMPLEMENTED,),
    CorrectiveAction.Status.IMPLEMENTED: (),
    CorrectiveAction.Status.VERIFIED: (),
}


@transaction.atomic
def add_action(*, acting_user, deviation: Deviation, action: CorrectiveAction) -> CorrectiveAction:
    """Record the supplier's corrective action for an open deviation; the acting coordinator is
    responsible unless someone else is named. A second submit of the same form (its token in
    ``action.created_with``) raises base.forms.AlreadyCreated with the first action."""
    if locked(deviation).status != Deviation.Status.OPEN:
        raise ValidationError(_("Avvikelsen är redan verifierad åtgärdad."))
    if deviation.audit.status not in (Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS, Status.IN_PROGRESS):
        raise ValidationError(_("Åtgärder registreras när revisionen pågår eller väntar på åtgärder."))
    action.deviation = deviation
    if action.responsible_id is None:
        action.responsible = acting_user
    return save_once(action, lambda: _save(action, acting_user))


@transaction.atomic
def move_action(*, acting_user, action: CorrectiveAction, status: str, seen_version=None) -> CorrectiveAction:
    """Plan received → implemented; "verified" is for a re-audit (``check_deviation``)."""
    _check_seen(locked(action), seen_version, _("åtgärden"))
    if status not in ACTION_STEPS[action.status]:
        raise ValidationError(
            _("En åtgärd med status %(from)s kan inte bli %(to)s.")
            % {"from": action.get_status_display(), "to": CorrectiveAction.Status(status).label}
        )
    action.status = status
    return _save(action, acting_user)


# The supplier's side: plans, implementation and evidence ---------------------------------------

ANSWERABLE_AUDIT_STATES = (Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS)


def _supplier_answers(acting_user, deviation: Deviation) -> None:
    if not access.answers_for_supplier(acting_user, deviation.audit.supplier_id):
        raise ValidationError(_("Du svarar inte för den här leverantören."))


def supplier_page(action_or_deviation) -> str:
    """The supplier's page of a deviation (the link of its messages)."""
    deviation = getattr(action_or_deviation, "deviation", action_or_deviation)
    return reverse("supplier_deviation", args=[deviation.pk])


@transaction.atomic
def propose_plan(
    *, acting_user, deviation: Deviation, description: str, owner: str, due_on, action: CorrectiveAction = None
) -> CorrectiveAction:
    """The supplier's corrective-action plan for an open deviation: what, who, by when. A plan that
    was returned is changed and proposed again (``action``); the coordinators are told.

    A deviation has one plan of the supplier's at a time: the same plan sent again (a second click,
    a form sent twice at once: the deviation's lock orders them) is the first one, returned as it
    is; another new plan while one is under way is refused."""
    _supplier_answers(acting_user, deviation)
    if locked(deviation).status != Deviation.Status.OPEN:
        raise ValidationError(_("Avvikelsen är redan verifierad åtgärdad."))
    if deviation.audit.status not in ANSWERABLE_AUDIT_STATES:
        raise ValidationError(_("Åtgärdsplaner skickas när revisionens rapport är klar."))
    if action is None:
        under_way = list(
            CorrectiveAction._base_manager.filter(
                deviation=deviation, status__in=CorrectiveAction.PLAN_UNDER_WAY
            ).order_by("pk")
        )
        plan = (description, owner, due_on)
        for sent in under_way:
            if sent.status == CorrectiveAction.Status.PROPOSED and (sent.description, sent.owner, sent.due_on) == plan:
                return sent
        if under_way:
            raise ValidationError(_("Det finns redan en åtgärdsplan för avvikelsen; ändra den i stället."))
        action = CorrectiveAction(deviation=deviation)
    else:
        locked(action)
        if action.deviation_id != deviation.pk or action.status not in (
            CorrectiveAction.Status.PROPOSED,
            CorrectiveAction.Status.RETURNED,
        ):
            raise ValidationError(_("Planen är redan godkänd och kan inte ändras."))
    action.description, action.owner, action.due_on = description, owner, due_on
    action.status, action.proposed_by = CorrectiveAction.Status.PROPOSED, acting_user
    _save(action, acting_user)
    enqueue_on_commit("revisioner.tasks.mail_coordinators_of_action", action.pk, "plan_proposed")
    return action


def _review_plan(acting_user, action: CorrectiveAction, seen_version) -> None:
    _check_seen(locked(action), seen_version, _("åtgärdsplanen"))
    check_leads(acting_user, action.deviation.audit.procurement_region)
    if action.status != CorrectiveAction.Status.PROPOSED:
        raise ValidationError(
            _("Planen har status %(status)s och väntar inte på granskning.") % {"status": action.get_status_display()}
        )


@transaction.atomic
def accept_plan(*, acting_user, action: CorrectiveAction, comment: str = "", seen_version=None) -> CorrectiveAction:
    """The coordinator accepts the supplier's plan: the supplier carries it out and reports it done."""
    _review_plan(acting_user, action, seen_version)
    action.status, action.review_comment = CorrectiveAction.Status.PLAN_RECEIVED, comment
    if action.responsible_id is None:
        action.responsible = acting_user
    _save(action, acting_user)
    tell_supplier(
        acting_user=acting_user, supplier_id=action.deviation.audit.supplier_id,
        kind=SupplierMessage.Kind.PLAN_ACCEPTED, subject=str(action.deviation.clause), path=supplier_page(action),
        comment=comment,
    )  # fmt: skip
    return action


@transaction.atomic
def return_plan(*, acting_user, action: CorrectiveAction, comment: str, seen_version=None) -> CorrectiveAction:
    """The coordinator returns the plan with a comment; the supplier changes it and sends it again."""
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv vad leverantören behöver ändra.")})
    _review_plan(acting_user, action, seen_version)
    action.status, action.review_comment = CorrectiveAction.Status.RETURNED, comment.strip()
    _save(action, acting_user)
    tell_supplier(
        acting_user=acting_user, supplier_id=action.deviation.audit.supplier_id,
        kind=SupplierMessage.Kind.PLAN_RETURNED, subject=str(action.deviation.clause), path=supplier_page(action),
        comment=action.review_comment,
    )  # fmt: skip
    return action


@transaction.atomic
def report_implemented(*, acting_user, action: CorrectiveAction, note: str, seen_version=None) -> CorrectiveAction:
    """The supplier reports the accepted plan carried out (with evidence sent alongside). It does not
    close the deviation: a verifier does, at the desk or on site."""
    _supplier_answers(acting_user, action.deviation)
    _check_seen(locked(action), seen_version, _("åtgärden"))
    if action.status != CorrectiveAction.Status.PLAN_RECEIVED:
        raise ValidationError(_("Bara en godkänd plan kan rapporteras genomförd."))
    if not note.strip():
        raise ValidationError({"note": _("Beskriv vad som har gjorts.")})
    action.status, action.implementation_note = CorrectiveAction.Status.IMPLEMENTED, note.strip()
    _save(action, acting_user)
    enqueue_on_commit("revisioner.tasks.mail_coordinators_of_action", action.pk, "implemented")
    return action


@transaction.atomic
def add_action_evidence(*, acting_user, action: CorrectiveAction, upload) -> ActionEvidence:
    """A file the supplier sends with its plan or its implementation (checked: base.uploads)."""
    _supplier_answers(acting_user, action.deviation)
    if locked(action).status in (CorrectiveAction.Status.VERIFIED,):
        raise ValidationError(_("Åtgärden är verifierad; underlag kan inte längre läggas till."))
    if action.deviation.audit.status not in ANSWERABLE_AUDIT_STATES:  # the supplier sees it only once reported
        raise ValidationError(_("Underlag skickas när revisionens rapport är klar."))
    return save_evidence(ActionEvidence(action=action), upload, uploaded_by=acting_user)


@transaction.atomic
def verify_at_desk(*, acting_user, deviation: Deviation, effectiveness_note: str, seen_version=None) -> Deviation:
    """A named verifier closes the deviation on the supplier's evidence: an implemented action with
    at least one file. A critical deviation is verified on site (a re-audit), never at the desk."""
    _check_seen(locked(deviation), seen_version, _("avvikelsen"))
    check_leads(acting_user, deviation.audit.procurement_region)
    if deviation.status != Deviation.Status.OPEN:
        raise ValidationError(_("Avvikelsen är redan verifierad åtgärdad."))
    if deviation.severity == Deviation.Severity.CRITICAL:
        raise ValidationError(_("En kritisk avvikelse verifieras på plats, med en återrevision."))
    implemented = deviation.actions.filter(status=CorrectiveAction.Status.IMPLEMENTED)
    if not implemented.filter(evidence__isnull=False).exists():
        raise ValidationError(
            _("Det finns ingen genomförd åtgärd med underlag att verifiera. Be leverantören skicka underlag.")
        )
    if not effectiveness_note.strip():
        raise ValidationError({"effectiveness_note": _("Skriv din bedömning av åtgärdens effektivitet.")})
    deviation.status, deviation.verified_at = Deviation.Status.VERIFIED, timezone.now()
    deviation.verification_method, deviation.verified_by = Deviation.Verification.DESK, acting_user
    deviation.effectiveness_note, deviation.reopened_in = effectiveness_note.strip(), None
    _save(deviation, acting_user)
    _verify_actions(acting_user, deviation)
    _tell_verified(acting_user, deviation)
    return deviation
