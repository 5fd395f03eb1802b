"""Reminders to suppliers about their self-assessments, and the coordinators' notice of answers.

Celery beat runs ``send_request_reminders`` every morning (06:40). A request waiting for the
supplier (sent, or returned for completion) is reminded of 7 days before its due date and once the
date has passed, once per kind (due soon, overdue) and state of the request: the ``RequestReminder``
row is the record that it was sent, so a second run the same day, or a retry after a crash, sends
nothing again. Each reminder is a message to the supplier (a ``SupplierMessage`` of kind
"Påminnelse om självskattning", listed on its start page); ``revisioner.services.tell_supplier``
records it in the reminder's transaction and mails it, in Swedish and English, once that commits.

``mail_reviewers`` tells the coordinators of the procurement region that leads the request that the
supplier submitted its answers."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from base.mail import send_templated, site_link
from regions.access import Role
from regions.models import Membership
from revisioner import services as audits
from revisioner.models import SupplierMessage
from sjalvskattning.models import Request, RequestReminder

DUE_SOON_DAYS = 7


def _kind(request: Request, today: datetime.date) -> str:
    return RequestReminder.Kind.OVERDUE if request.due_on < today else RequestReminder.Kind.DUE_SOON


def _pending(today: datetime.date) -> list[Request]:
    """Requests waiting for the supplier, due within the window (or overdue), not yet reminded of in
    their kind and state. One query."""
    requests = (
        Request.objects.unscoped()
        .waiting_for_supplier()
        .filter(due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("template")
        .order_by("due_on", "pk")
    )
    reminded = RequestReminder.objects.filter(request=OuterRef("pk"), request_status=OuterRef("status"))
    requests = requests.annotate(
        overdue_sent=Exists(reminded.filter(kind=RequestReminder.Kind.OVERDUE)),
        due_soon_sent=Exists(reminded.filter(kind=RequestReminder.Kind.DUE_SOON)),
    )
    return [
        request
        for request in requests
        if not (
            request.overdue_sent if _kind(request, today) == RequestReminder.Kind.OVERDUE else request.due_soon_sent
        )
    ]


# Marked for translation here, translated when the reminder is written (in both languages).
OVERDUE_TEXT = gettext_noop("Sista svarsdag var %(date)s. Svara så snart ni kan.")
DUE_SOON_TEXT = gettext_noop("Sista svarsdag är %(date)s.")


def _comment(kind: str, due_on: datetime.date) -> str:
    """The reminder's line in Swedish and in English (the message is stored once and read by
    suppliers in either language; the English line is left out until it is translated)."""
    text = OVERDUE_TEXT if kind == RequestReminder.Kind.OVERDUE else DUE_SOON_TEXT
    lines = []
    for language in ("sv", "en"):
        with translation.override(language):
            translated = _(text)
            if language == "sv" or translated != text:
                lines.append(translated % {"date": date_format(due_on, "j F Y")})
    return "\n".join(lines)


def send_request_reminders(today: datetime.date | None = None) -> int:
    """Remind the suppliers of what is due; returns the number of reminders sent."""
    today = today or timezone.localdate()
    sent = 0
    for request in _pending(today):
        kind = _kind(request, today)
        with transaction.atomic():
            _reminder, created = RequestReminder.objects.get_or_create(
                request=request, kind=kind, request_status=request.status
            )
            if not created:
                continue  # another run got there first
            audits.tell_supplier(
                acting_user=None,
                supplier_id=request.supplier_id,
                kind=SupplierMessage.Kind.REQUEST_REMINDER,
                subject=str(request.template),
                path=request.get_supplier_url(),
                comment=_comment(kind, request.due_on),
            )
            sent += 1
    return sent


def mail_reviewers(request_id: int) -> int:
    """Mail the active coordinators of the procurement region that leads the request that the
    supplier submitted its answers; returns how many people were mailed."""
    request = Request.objects.unscoped().select_related("supplier", "template", "procurement_region").get(pk=request_id)
    recipients = sorted(
        set(
            Membership.objects.unscoped()
            .filter(role=Role.COORDINATOR, procurement_region_id=request.procurement_region_id, user__is_active=True)
            .values_list("user__email", flat=True)
        )
    )
    if recipients:
        context = {"request": request, "url": site_link(request.get_absolute_url())}
        with translation.override("sv"):
            send_templated("self_assessment_submitted", context, recipients)
    return len(recipients)
