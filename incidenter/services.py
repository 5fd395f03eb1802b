"""The workflow of an incident case. Each function is atomic, takes a keyword-only
``acting_user`` that the change history records, and sends its e-mails only once the
transaction commits.

A case opens ``confidential`` (or ``network`` if the lead says so at once) with the person who
opens it as a named participant. Making it ``network``, and every contract termination, mails
the regions' contact persons through a Celery task: the Notification rows are written here, in
the same transaction, one per event and recipient, and the task sends those not yet sent.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base import jobs
from base.forms import bump, check_version, locked, locked_copy, save_once
from base.history import record_acting_user
from base.mail import send_templated, site_link
from incidenter.models import (
    Incident,
    IncidentAllegation,
    IncidentParticipant,
    IncidentRead,
    InvolvedParty,
    Notification,
    Outcome,
    TimelineEntry,
)
from regions.access import Role, Visibility
from regions.models import User

log = logging.getLogger(__name__)


def _save(instance, acting_user):
    """Validate and save; a changed case (its row locked by the caller) gets the next version in
    the same UPDATE."""
    instance.full_clean()
    if instance.pk is not None and isinstance(instance, Incident):
        bump(instance)
    record_acting_user(instance, acting_user)
    instance.save()
    return instance


def _require_open(incident: Incident) -> None:
    if not incident.is_open:
        raise ValidationError(_("Ärendet är avslutat."), code="closed")


@transaction.atomic
def open_case(
    *,
    acting_user,
    incident: Incident,
    allegations=(),
    suppliers=(),
    participating_regions=(),
    partner_organisations=(),
    participants=(),
) -> Incident:
    """Open a case; the person who opens it is a named participant. A form sent twice (its token
    in ``incident.created_with``) raises base.forms.AlreadyCreated with the case opened first."""
    if not allegations:
        raise ValidationError({"allegations": _("Ange minst en misstanke.")})
    incident.status, incident.closed_on, incident.created_by = Incident.Status.OPEN, None, acting_user
    save_once(incident, lambda: _save(incident, acting_user))
    IncidentAllegation.objects.bulk_create(IncidentAllegation(incident=incident, kind=kind) for kind in allegations)
    for supplier in suppliers:
        add_party(acting_user=acting_user, incident=incident, party=InvolvedParty(supplier=supplier))
    incident.participating_regions.set(participating_regions)
    incident.partner_organisations.set(partner_organisations)
    for user in {acting_user, *participants} - {None}:
        IncidentParticipant.objects.get_or_create(incident=incident, user=user)
    if incident.visibility == Visibility.NETWORK:
        _notify(incident, Notification.Kind.NETWORK, f"network:{incident.pk}", exclude=acting_user)
    return incident


@transaction.atomic
def update_case(
    *, acting_user, incident: Incident, allegations, participating_regions=(), partner_organisations=()
) -> Incident:
    """Change what the case is about; its state and confidentiality change only through their own
    steps. Only from the version the person's form started from (``incident.version``; else
    base.forms.StaleEdit), and only while the case, as stored now, is open."""
    current = locked_copy(incident)
    _require_open(current)
    check_version(current, incident.version)
    if not allegations:
        raise ValidationError({"allegations": _("Ange minst en misstanke.")})
    _save(incident, acting_user)
    incident.allegations.exclude(kind__in=allegations).delete()
    IncidentAllegation.objects.bulk_create(
        [IncidentAllegation(incident=incident, kind=kind) for kind in allegations], ignore_conflicts=True
    )
    incident.participating_regions.set(participating_regions)
    incident.partner_organisations.set(partner_organisations)
    return incident


@transaction.atomic
def add_participant(*, acting_user, incident: Incident, user) -> IncidentParticipant:
    _require_open(incident)
    participant, _created = IncidentParticipant.objects.get_or_create(incident=incident, user=user)
    return participant


@transaction.atomic
def add_party(*, acting_user, incident: Incident, party: InvolvedParty) -> InvolvedParty:
    """Name a supplier of the registry, or a sub-supplier or factory by name, country and site."""
    _require_open(incident)
    if party.supplier_id and incident.parties.filter(supplier_id=party.supplier_id).exists():
        raise ValidationError(_("%(supplier)s är redan med i ärendet.") % {"supplier": party.supplier})
    party.incident = incident
    return _save(party, acting_user)


@transaction.atomic
def link_contract(*, acting_user, incident: Incident, contract) -> None:
    """A contract the case touches; its regions become affected regions."""
    _require_open(incident)
    record_acting_user(incident, acting_user)  # the links' history names who
    incident.affected_contracts.add(contract)
    incident.affected_regions.add(*contract.regions.all())


@transaction.atomic
def link_audit(*, acting_user, incident: Incident, audit) -> None:
    _require_open(incident)
    record_acting_user(incident, acting_user)
    incident.audits.add(audit)


@transaction.atomic
def add_timeline_entry(*, acting_user, incident: Incident, entry: TimelineEntry, attachments=()) -> TimelineEntry:
    _require_open(incident)
    entry.incident, entry.created_by = incident, acting_user
    _save(entry, acting_user)
    for attachment in attachments:
        attachment.entry, attachment.uploaded_by = entry, acting_user
        attachment.save()
    return entry


@transaction.atomic
def record_outcome(*, acting_user, incident: Incident, outcome: Outcome) -> Outcome:
    """An outcome of the case; a contract termination also marks the contract and region as
    affected and mails the regions' contact persons."""
    _require_open(incident)
    outcome.incident, outcome.created_by = incident, acting_user
    _save(outcome, acting_user)
    if outcome.kind == Outcome.Kind.CONTRACT_TERMINATED:
        incident.affected_contracts.add(outcome.contract)
        incident.affected_regions.add(outcome.region)
        event = f"termination:{outcome.pk}"
        _notify(incident, Notification.Kind.TERMINATION, event, outcome=outcome, exclude=acting_user)
    return outcome


def terminate_contract(*, acting_user, incident: Incident, contract, region, decided_on, description="") -> Outcome:
    outcome = Outcome(
        kind=Outcome.Kind.CONTRACT_TERMINATED,
        contract=contract,
        region=region,
        decided_on=decided_on,
        description=description,
    )
    return record_outcome(acting_user=acting_user, incident=incident, outcome=outcome)


@transaction.atomic
def make_network(*, acting_user, incident: Incident) -> Incident:
    """The lead shares the case with every member of the network; the regions' contacts are told once."""
    if locked(incident).visibility == Visibility.NETWORK:
        raise ValidationError(_("Ärendet delas redan med nätverket."), code="already_network")
    incident.visibility = Visibility.NETWORK
    record_acting_user(incident, acting_user)
    bump(incident)
    incident.save(update_fields=["visibility", "version"])
    _notify(incident, Notification.Kind.NETWORK, f"network:{incident.pk}", exclude=acting_user)
    return incident


@transaction.atomic
def save_summary(*, acting_user, incident: Incident, summary: str) -> Incident:
    _require_open(locked(incident))  # a closed case's summary is the one published at closing
    incident.summary = summary.strip()
    record_acting_user(incident, acting_user)
    bump(incident)
    incident.save(update_fields=["summary", "version"])
    return incident


def why_not_closable(incident: Incident, outcome_count: int) -> str:
    """What keeps an open case from closing now, in words ("" when it may close): an outcome,
    which ``close_case`` asks for as well. The case page shows this instead of the close form."""
    if not incident.is_open or outcome_count:
        return ""
    return _("Kan avslutas när minst ett utfall är registrerat.")


@transaction.atomic
def close_case(*, acting_user, incident: Incident, summary: str, closed_on=None) -> Incident:
    """Close a case: it needs at least one outcome and a summary that may be published."""
    _require_open(locked(incident))
    errors = {}
    if not incident.outcomes.exists():
        errors["outcome"] = _("Registrera minst ett utfall innan ärendet avslutas.")
    if not (summary or "").strip():
        errors["summary"] = _("Skriv en sammanfattning för publicering innan ärendet avslutas.")
    if errors:
        raise ValidationError(errors)
    incident.status, incident.summary = Incident.Status.CLOSED, summary.strip()
    incident.closed_on = closed_on or timezone.localdate()
    _save(incident, acting_user)
    return incident


def record_read(incident: Incident, user, what: str = "") -> None:
    """Every read of a confidential case is recorded: who and when."""
    if incident.is_confidential:
        IncidentRead.objects.create(incident=incident, user=user, what=what[:200])


# Notifications -------------------------------------------------------------------------------


def region_contacts():
    """The regions' contact persons: active people with a region_contact membership."""
    return User.objects.filter(is_active=True, memberships__role=Role.REGION_CONTACT).distinct()


def _notify(incident: Incident, kind: str, event: str, *, outcome=None, exclude=None) -> None:
    recipients = region_contacts()
    if exclude is not None:
        recipients = recipients.exclude(pk=exclude.pk)
    Notification.objects.bulk_create(
        [
            Notification(event=event, kind=kind, incident=incident, outcome=outcome, recipient=user)
            for user in recipients
        ],
        ignore_conflicts=True,
    )

    def delayed():
        # The view tells the person that the mail waits for the broker (the outbox and beat send it).
        incident.notifications_delayed = True

    jobs.enqueue_on_commit("incidenter.tasks.send_incident_notifications", event, when_refused=delayed)


def send_notifications(event: str) -> int:
    """Mail the event's unsent notifications; each once, whoever calls this and how often."""
    sent = 0
    pending = Notification.objects.filter(event=event, sent_at__isnull=True).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("incident__lead_region", "outcome__contract__supplier", "outcome__region", "recipient")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if notification is None:
                continue  # sent meanwhile by another worker
            _mail(notification)
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
            sent += 1
    return sent


def send_pending_notifications() -> int:
    """Celery beat, hourly: the notifications whose event could not be queued (the broker was
    down) or whose mail failed."""
    events = Notification.objects.filter(sent_at__isnull=True).values_list("event", flat=True).distinct()
    return sum(send_notifications(event) for event in list(events))


def _mail(notification: Notification) -> None:
    incident = notification.incident
    context = {
        "notification": notification,
        "incident": incident,
        "outcome": notification.outcome,
        "recipient": notification.recipient,
        # A confidential case is named only to its participants; the termination itself is news for every region.
        "shared": incident.visibility == Visibility.NETWORK,
        "url": site_link(incident.get_absolute_url()),
    }
    send_templated(f"incident_{notification.kind}", context, [notification.recipient.email])
