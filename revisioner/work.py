"""What the follow-up of suppliers puts in a person's work queue ("Mitt arbete", base.registry):
corrective actions overdue and due soon, the suppliers' plans and evidence to review, audits in
progress without a report, re-audits to book, reminders that could not be sent and summaries to
approve. Who gets which is revisioner.access: the
actions and audits a person may change (``editable_by``: those their procurement region leads,
all for the secretariat)."""

import datetime
from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from base.formats import short_date
from base.registry import WorkItem, WorkItemKind, count_and_first, register_work
from revisioner.access import can_approve_summary, can_write_audits
from revisioner.models import ActionEvidence, Audit, CorrectiveAction, Deviation, Reminder
from revisioner.reminders import REMINDED

DUE_SOON_DAYS = 14


def _date(value) -> str:
    return short_date(value, get_language() or "sv")


def _actions(user):
    return (
        CorrectiveAction.objects.editable_by(user)
        .select_related("deviation__audit__supplier", "deviation__clause")
        .order_by("due_on", "pk")
    )


def _action_item(action, detail: str) -> WorkItem:
    deviation = action.deviation
    label = f"{deviation.audit.supplier} – {deviation.clause.number}: {action!s}"
    return WorkItem(label, action.get_absolute_url(), detail)


def _due(action) -> str:
    return _("Klart senast %(date)s") % {"date": _date(action.due_on)}


def overdue_actions(user, limit):
    today = timezone.localdate()
    count, rows = count_and_first(_actions(user).overdue(today), limit)
    items = []
    for action in rows:
        days = (today - action.due_on).days
        late = ngettext("%(days)s dag försenad", "%(days)s dagar försenad", days) % {"days": days}
        items.append(_action_item(action, f"{_due(action)} · {late}"))
    return count, items


def actions_due_soon(user, limit):
    today = timezone.localdate()
    count, rows = count_and_first(_actions(user).due_within(DUE_SOON_DAYS, today), limit)
    return count, [_action_item(action, _due(action)) for action in rows]


def plans_to_review(user, limit):
    count, rows = count_and_first(_actions(user).filter(status=CorrectiveAction.Status.PROPOSED), limit)
    return count, [_action_item(action, _("Plan föreslagen av leverantören")) for action in rows]


def evidence_to_verify(user, limit):
    """Actions the supplier reports carried out with evidence, whose deviation a desk verification
    may close (open, not critical: a critical one is verified on site)."""
    evidence = ActionEvidence.objects.filter(action=OuterRef("pk"))
    actions = (
        _actions(user)
        .filter(status=CorrectiveAction.Status.IMPLEMENTED, deviation__status=Deviation.Status.OPEN)
        .exclude(deviation__severity=Deviation.Severity.CRITICAL)
        .filter(Exists(evidence))
    )
    count, rows = count_and_first(actions, limit)
    return count, [_action_item(action, _("Genomförd, med underlag att verifiera")) for action in rows]


def _audit_item(audit, detail: str) -> WorkItem:
    return WorkItem(str(audit), audit.get_absolute_url(), detail)


def audits_without_report(user, limit):
    audits = (
        Audit.objects.editable_by(user)
        .filter(status=Audit.Status.IN_PROGRESS)
        .select_related("supplier")
        .order_by("performed_on", "planned_on", "pk")
    )
    count, rows = count_and_first(audits, limit)
    items = []
    for audit in rows:
        if audit.performed_on:
            detail = _("Genomförd %(date)s") % {"date": _date(audit.performed_on)}
        elif audit.planned_on:
            detail = _("Planerad %(date)s") % {"date": _date(audit.planned_on)}
        else:
            detail = ""
        items.append(_audit_item(audit, detail))
    return count, items


def reaudits_to_book(user, limit):
    """Audits with open deviations whose agreed date has passed and whose actions the supplier
    reports carried out, that only a visit can verify (critical, or sent without evidence; the
    others are verified at the desk), and no re-audit booked yet (planned or under way)."""
    today = timezone.localdate()
    unfinished = CorrectiveAction.objects.filter(deviation=OuterRef("pk"), status__in=CorrectiveAction.UNFINISHED)
    with_evidence = ActionEvidence.objects.filter(
        action__deviation=OuterRef("pk"), action__status=CorrectiveAction.Status.IMPLEMENTED
    )
    past_its_date = CorrectiveAction.objects.filter(deviation=OuterRef("pk"), due_on__lt=today)
    to_visit = (
        Deviation.objects.filter(status=Deviation.Status.OPEN)
        .filter(Exists(past_its_date))
        .exclude(Exists(unfinished))
        .filter(Q(severity=Deviation.Severity.CRITICAL) | ~Exists(with_evidence))
    )
    # How many of an audit's deviations are to be verified, asked only for the audits shown.
    past_due = (
        to_visit.filter(audit=OuterRef("pk"))
        .order_by()
        .values("audit")
        .annotate(count=Count("pk", distinct=True))
        .values("count")
    )
    booked = Audit.objects.unscoped().filter(
        follows_up=OuterRef("pk"), status__in=(Audit.Status.PLANNED, Audit.Status.IN_PROGRESS)
    )
    audits = (
        Audit.objects.editable_by(user)
        # "among the audits of those deviations": one set, read once, not a count per audit.
        .filter(pk__in=to_visit.values("audit"))
        .exclude(Exists(booked))
        .annotate(past_due=Subquery(past_due))
        .select_related("supplier")
        .order_by("performed_on", "pk")
    )
    count, rows = count_and_first(audits, limit)
    items = []
    for audit in rows:
        detail = ngettext(
            "%(count)s avvikelse att verifiera på plats",
            "%(count)s avvikelser att verifiera på plats",
            audit.past_due,
        ) % {"count": audit.past_due}
        items.append(_audit_item(audit, detail))
    return count, items


# The morning run reminds of an action the day after its date at the latest; one still without its
# reminder a day later was not sent (nobody to send it to, or the mail failed).
REMINDER_GRACE = datetime.timedelta(days=1)  # the action's date, then one morning's run


def reminders_not_sent(user, limit):
    """Overdue actions with an agreed date whose overdue reminder has not been recorded as sent."""
    today = timezone.localdate()
    sent = Reminder.objects.filter(action=OuterRef("pk"), kind=Reminder.Kind.OVERDUE, action_status=OuterRef("status"))
    actions = _actions(user).filter(status__in=REMINDED, due_on__lt=today - REMINDER_GRACE).exclude(Exists(sent))
    count, rows = count_and_first(actions, limit)
    items = []
    for action in rows:
        nobody = action.responsible_id is None
        detail = _("Ingen ansvarig är angiven") if nobody else _("Påminnelsen har inte skickats")
        items.append(_action_item(action, f"{_due(action)} · {detail}"))
    return count, items


def _list(name: str, **filters) -> Callable[[object], str]:
    return lambda user: f"{reverse(name)}?{urlencode(filters)}"


def summaries_to_approve(user, limit):
    audits = (
        Audit.objects.visible_to(user)
        .filter(summary_status=Audit.SummaryStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("pk")
    )
    count, rows = count_and_first(audits, limit)
    return count, [WorkItem(str(audit), audit.get_absolute_url(), _("Inväntar godkännande")) for audit in rows]


register_work(
    WorkItemKind(
        "actions_overdue",
        gettext_lazy("Försenade åtgärder"),
        overdue_actions,
        can_write_audits,
        order=10,
        more_url=_list("action_list", overdue="true", sort="due_on"),
    )
)
register_work(
    WorkItemKind(
        "action_plans",
        gettext_lazy("Åtgärdsplaner att granska"),
        plans_to_review,
        can_write_audits,
        order=20,
        more_url=_list("action_list", status=CorrectiveAction.Status.PROPOSED, sort="due_on"),
    )
)
register_work(
    WorkItemKind(
        "action_evidence",
        gettext_lazy("Genomförda åtgärder att verifiera"),
        evidence_to_verify,
        can_write_audits,
        order=25,
        more_url=_list("action_list", status=CorrectiveAction.Status.IMPLEMENTED, sort="due_on"),
    )
)
register_work(
    WorkItemKind(
        "reaudits_to_book",
        gettext_lazy("Återrevisioner att boka"),
        reaudits_to_book,
        can_write_audits,
        order=30,
    )
)
register_work(
    WorkItemKind(
        "reminders_not_sent",
        gettext_lazy("Påminnelser som inte kunde skickas"),
        reminders_not_sent,
        can_write_audits,
        order=35,
    )
)
register_work(
    WorkItemKind(
        "actions_due_soon",
        gettext_lazy("Åtgärder som ska vara klara inom 14 dagar"),
        actions_due_soon,
        can_write_audits,
        order=40,
        more_url=_list("action_list", overdue="false", sort="due_on"),
    )
)
register_work(
    WorkItemKind(
        "summaries", gettext_lazy("Sammanfattningar att godkänna"), summaries_to_approve, can_approve_summary, order=50
    )
)
register_work(
    WorkItemKind(
        "audits_in_progress",
        gettext_lazy("Pågående revisioner utan rapport"),
        audits_without_report,
        can_write_audits,
        order=60,
        more_url=_list("audit_list", status=Audit.Status.IN_PROGRESS),
    )
)
