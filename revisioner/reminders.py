"""Reminders of corrective actions: due within 14 days, or overdue (a supplier's plan once accepted).

Celery beat runs ``send_action_reminders`` every morning. Each action is reminded of once per
kind (due soon, overdue) and state of the action: the ``Reminder`` row is the record that it was
sent, so a second run the same day, or a retry after a crash, sends nothing again. A person gets
one e-mail listing all their new reminders. The mail goes to the action's responsible coordinator,
or, when nobody is named, to the coordinators of the procurement region that leads the audit."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from base.mail import send_templated, site_link
from regions.access import Role
from regions.models import Membership
from revisioner.models import CorrectiveAction, Reminder

DUE_SOON_DAYS = 14
# The dates the coordinators follow up: an action they recorded and a plan they accepted. A plan the
# supplier has proposed, or must change, has no agreed date yet (the coordinators were mailed when
# it was proposed); it is reminded of once accepted.
REMINDED = (CorrectiveAction.Status.OPEN, CorrectiveAction.Status.PLAN_RECEIVED)


def _kind(action: CorrectiveAction, today: datetime.date) -> str:
    return Reminder.Kind.OVERDUE if action.due_on < today else Reminder.Kind.DUE_SOON


def _pending(today: datetime.date) -> list[CorrectiveAction]:
    """Actions with an agreed date (``REMINDED``) due within the window (or overdue), not yet
    reminded of in their state."""
    actions = (
        CorrectiveAction.objects.unscoped()
        .filter(status__in=REMINDED, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("responsible", "deviation__clause", "deviation__audit__supplier")
        .order_by("due_on", "pk")
    )
    reminded = Reminder.objects.filter(action=OuterRef("pk"), action_status=OuterRef("status"))
    overdue_sent = Exists(reminded.filter(kind=Reminder.Kind.OVERDUE))
    due_soon_sent = Exists(reminded.filter(kind=Reminder.Kind.DUE_SOON))
    actions = actions.annotate(overdue_sent=overdue_sent, due_soon_sent=due_soon_sent)
    return [
        action
        for action in actions
        if not (action.overdue_sent if _kind(action, today) == Reminder.Kind.OVERDUE else action.due_soon_sent)
    ]


def _recipients(actions: list[CorrectiveAction]) -> dict[tuple[str, ...], list[CorrectiveAction]]:
    """The actions grouped by who gets them in one e-mail."""
    coordinators = defaultdict(list)
    leading = {action.deviation.audit.procurement_region_id for action in actions if action.responsible_id is None}
    memberships = Membership.objects.unscoped().filter(
        role=Role.COORDINATOR, procurement_region_id__in=leading, user__is_active=True
    )
    for procurement_region_id, email in memberships.values_list("procurement_region_id", "user__email"):
        coordinators[procurement_region_id].append(email)
    grouped = defaultdict(list)
    for action in actions:
        if action.responsible_id and action.responsible.is_active:
            emails = (action.responsible.email,)
        else:
            emails = tuple(sorted(coordinators[action.deviation.audit.procurement_region_id]))
        if emails:
            grouped[emails].append(action)
    return grouped


def send_action_reminders(today: datetime.date | None = None) -> int:
    """Mail what is due; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for emails, actions in _recipients(_pending(today)).items():
        with transaction.atomic():
            new = []
            for action in actions:
                _reminder, created = Reminder.objects.get_or_create(
                    action=action,
                    kind=_kind(action, today),
                    action_status=action.status,
                    defaults={"sent_to": emails[0]},
                )
                if created:
                    new.append(action)
            if not new:
                continue
            for action in new:
                action.link = site_link(action.deviation.audit.get_absolute_url())
            context = {
                "overdue": [action for action in new if action.due_on < today],
                "due_soon": [action for action in new if action.due_on >= today],
                "list_url": site_link(reverse("action_list") + "?overdue=true"),
            }
            # Sent inside the transaction: if the mail fails, no reminder is recorded and the next run retries.
            send_templated("action_reminder", context, list(emails))
            sent += 1
    return sent
