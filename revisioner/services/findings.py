"""Deviations and corrective actions: a re-audit's finding, a changed deviation, the supplier's actions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.forms import check_version, locked, save_once
from revisioner.models import Audit, CorrectiveAction, Deviation
from revisioner.services.audits import _require
from revisioner.services.common import Status, _check_seen, _save, check_leads


@transaction.atomic
def check_deviation(
    *, acting_user, re_audit: Audit, deviation: Deviation, corrected: bool, seen_version=None
) -> Deviation:
    """The re-audit's finding on one deviation of the audit it follows up: corrected (the
    deviation and its actions are verified) or not (it is reopened, its actions open again).
    ``seen_version``: the deviation's version on the page the finding was made on."""
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
        deviation.reopened_in = None
        new_action_status, from_states = CorrectiveAction.Status.VERIFIED, None
    else:
        deviation.status, deviation.verified_in, deviation.verified_at = Deviation.Status.OPEN, None, None
        deviation.reopened_in = re_audit
        new_action_status = CorrectiveAction.Status.OPEN
        from_states = [CorrectiveAction.Status.IMPLEMENTED, CorrectiveAction.Status.VERIFIED]
    _save(deviation, acting_user)
    actions = CorrectiveAction._base_manager.select_for_update().filter(deviation=deviation)
    if from_states is not None:
        actions = actions.filter(status__in=from_states)
    for action in actions:
        action.status = new_action_status
        _save(action, acting_user)
    return deviation


@transaction.atomic
def set_severity(*, acting_user, deviation: Deviation, severity: str, description: str, version=None) -> Deviation:
    """Change an open deviation; ``version`` is the one the person's form started from."""
    check_version(locked(deviation), version)
    if deviation.status != Deviation.Status.OPEN or not deviation.audit.is_open:
        raise ValidationError(_("Bara en öppen avvikelse i en pågående revision kan ändras."))
    deviation.severity, deviation.description = severity, description
    return _save(deviation, acting_user)


# Corrective actions --------------------------------------------------------------------------

ACTION_STEPS = {
    CorrectiveAction.Status.OPEN: (CorrectiveAction.Status.PLAN_RECEIVED, CorrectiveAction.Status.IMPLEMENTED),
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
