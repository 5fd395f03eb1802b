"""The academy's workflows: registering, the waiting list, attendance, inviting newcomers,
issuing diplomas, and the retention of external people's personal data.

Each function is atomic and records the acting user in the change history (None: the system, or
an external person through the public form). E-mails go through Celery once the transaction has
committed; the tasks take ids and call back into this module.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from akademi.access import can_cancel_registration
from akademi.diploma import progress_for
from akademi.documents import certificate_pdf
from akademi.models import Diploma, Event, NewcomerInvitation, Registration
from akademi.resources import AttendanceResource
from base import jobs
from base.forms import AlreadyCreated, already_created, bump, check_version, locked_copy, save_once
from base.history import record_acting_user
from base.mail import send_templated

Status = Registration.Status
log = logging.getLogger(__name__)
PENDING_GRACE = datetime.timedelta(minutes=10)
# An external registration holds no place until its address is confirmed, and its link to confirm
# is valid this long; expire_unconfirmed removes the registrations never confirmed.
CONFIRM_WITHIN = datetime.timedelta(hours=48)
CONFIRM_SALT = "akademi.registration.confirm"
CANCEL_SALT = "akademi.registration.cancel"

MESSAGE_CLOSED = _("Anmälan till %(event)s är stängd.")
MESSAGE_BEGUN = _("Evenemanget har redan börjat; kontakta kansliet för att ändra anmälan.")
MESSAGE_LINK_USED = _("Länken är redan använd: anmälan är avbokad.")
MESSAGE_DUPLICATE = _("%(who)s är redan anmäld till %(event)s.")


def _save(instance, acting_user, **kwargs):
    record_acting_user(instance, acting_user)
    instance.save(**kwargs)
    return instance


@transaction.atomic
def save_event(*, acting_user, event: Event, co_organisers=()) -> Event:
    """Create or change an event. A new one carrying a form's one-time token (``event.created_with``)
    that created one before raises base.forms.AlreadyCreated with it; a change of a row whose
    version is not the one the person saw (``event.version``) raises base.forms.StaleEdit."""
    if event.pk is None:
        event.created_by = acting_user
    else:
        check_version(locked_copy(event), event.version)
        bump(event)

    def save():
        event.full_clean(exclude=["created_with"])  # the token's unique key is save_once's to check
        _save(event, acting_user)

    if event.pk is None:
        save_once(event, save)
    else:
        save()
    event.co_organisers.set(co_organisers)
    return event


@transaction.atomic
def attach_material(*, acting_user, event: Event, material) -> None:
    material.event, material.uploaded_by = event, acting_user
    material.save()


def _locked(event: Event) -> Event:
    """The event row locked for the transaction, so two last registrations cannot both get the last place."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event: Event) -> None:
    if not event.registration_open():
        raise ValidationError(MESSAGE_CLOSED % {"event": event.title}, code="closed")


def _status_for(event: Event) -> str:
    if event.capacity is None:
        return Status.REGISTERED
    taken = Registration.objects.unscoped().filter(event=event, status=Status.REGISTERED).count()
    return Status.REGISTERED if taken < event.capacity else Status.WAITING


def _check_once(once) -> None:
    """A registration form sent again (double click, back and resend) shows the registration the
    first submit made, even one cancelled since: it does not register again."""
    first = already_created(Registration, "registered_with", once)
    if first is not None:
        raise AlreadyCreated(first)


@transaction.atomic
def register_member(*, acting_user, event: Event, once=None) -> Registration:
    """One click: the logged-in member registers, or gets on the waiting list when the event is full.
    A member who cancelled earlier registers again on the same row. ``once``: the button's one-time
    token (base.forms); sent again, base.forms.AlreadyCreated names the first registration."""
    event = _locked(event)
    _check_once(once)
    _check_open(event)
    existing = Registration.objects.unscoped().filter(event=event, user=acting_user).first()
    if existing is not None and existing.status != Status.CANCELLED:
        raise ValidationError(MESSAGE_DUPLICATE % {"who": acting_user.name, "event": event.title}, code="duplicate")
    registration = existing or Registration(event=event, user=acting_user)
    registration.registered_with = once
    registration.status = _status_for(event)
    registration.registered_at = timezone.now()
    return _save(registration, acting_user)


@transaction.atomic
def register_external(
    *, event: Event, name: str, email: str, organisation: str, consent: bool, site_url: str, once=None
):
    """The public form: someone without an account registers with name, e-mail, organisation and
    consent. The answer never tells whether the address was registered before: a new registration
    is held unconfirmed and mailed a link to confirm it (only a confirmed one takes a place); an
    address already registered is mailed that it is, and its row is left as it was. Nothing is
    stored when refused; the same form sent again (``once``, its token) raises
    base.forms.AlreadyCreated with the first registration. Returns the registration mailed."""
    event = _locked(event)
    _check_once(once)
    if not event.open_to_public:
        raise ValidationError(MESSAGE_CLOSED % {"event": event.title}, code="closed")
    _check_open(event)
    email = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Ange en giltig e-postadress.")
    if not (name or "").strip():
        errors["name"] = _("Ange ditt namn.")
    if not consent:
        errors["consent"] = _("Du behöver samtycka till att vi sparar dina uppgifter för att kunna anmäla dig.")
    if errors:
        raise ValidationError(errors)
    registration = Registration.objects.unscoped().filter(event=event, email=email).first()
    if registration is not None and registration.status in (Status.REGISTERED, Status.WAITING):
        jobs.enqueue_on_commit("akademi.tasks.send_already_registered", registration.pk, site_url)
        return registration
    if registration is not None and registration.status == Status.UNCONFIRMED and not _hold_expired(registration):
        # Asked again before confirming: the same hold, its confirmation mailed again.
        registration.confirmation_sent_at = None
        registration.save(update_fields=["confirmation_sent_at"])
        jobs.enqueue_on_commit("akademi.tasks.send_registration_confirmation", registration.pk, site_url)
        return registration
    registration = registration or Registration(event=event, email=email)
    registration.name, registration.organisation = name.strip(), (organisation or "").strip()
    registration.registered_with = once
    registration.consent_at = registration.registered_at = timezone.now()
    registration.status = Status.UNCONFIRMED
    registration.confirmation_sent_at = None
    _save(registration, None)
    # If the broker is down the job waits in the outbox and the row stays unsent (the hourly
    # send_pending_mail sends it too): nothing is lost, and the person is shown no error for it.
    jobs.enqueue_on_commit("akademi.tasks.send_registration_confirmation", registration.pk, site_url)
    return registration


def _hold_expired(registration, now=None) -> bool:
    return registration.registered_at < (now or timezone.now()) - CONFIRM_WITHIN


def _link_value(registration) -> str:
    """What a link names: the registration and the moment it was made, so a link of an earlier
    registration of the same address (cancelled since) does not act on a later one."""
    return f"{registration.pk}:{round(registration.registered_at.timestamp() * 1_000_000)}"


def confirm_link(registration, site_url: str) -> str:
    token = signing.TimestampSigner(salt=CONFIRM_SALT).sign(_link_value(registration))
    return site_url.rstrip("/") + reverse("public_registration_confirm", args=[token])


def cancel_link(registration, site_url: str) -> str:
    token = signing.TimestampSigner(salt=CANCEL_SALT).sign(_link_value(registration))
    return site_url.rstrip("/") + reverse("public_registration_cancel", args=[token])


class LinkRefused(Exception):
    """A confirm or cancel link that was tampered with, has expired, or was used."""

    def __init__(self, message, registration=None):
        super().__init__(message)
        self.registration = registration


def registration_of_link(token: str, *, salt: str, max_age=None) -> Registration:
    """The registration a signed link names, locked; LinkRefused when the signature, its age or the
    registration it names does not hold."""
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkRefused(_("Länken har gått ut. Anmäl dig igen.")) from error
    except signing.BadSignature as error:
        raise LinkRefused(_("Länken är inte giltig.")) from error
    pk, _stamp = value.split(":", 1)
    registration = (
        Registration.objects.unscoped().select_for_update(of=("self",)).select_related("event").filter(pk=pk).first()
    )
    if registration is None or _link_value(registration) != value:
        raise LinkRefused(_("Länken gäller en anmälan som inte finns längre."))
    return registration


@transaction.atomic
def confirm_external(*, token: str) -> Registration:
    """The link of the confirmation e-mail: the address is confirmed, and only now does the
    registration take a place (or a place on the waiting list when the event is full). Valid for
    CONFIRM_WITHIN after registering; confirming twice changes nothing."""
    registration = registration_of_link(token, salt=CONFIRM_SALT, max_age=CONFIRM_WITHIN)
    if registration.status == Status.CANCELLED:
        raise LinkRefused(_("Anmälan är avbokad."), registration)
    if registration.status != Status.UNCONFIRMED:
        return registration
    event = _locked(registration.event)
    registration.status = _status_for(event)
    return _save(registration, None)


@transaction.atomic
def cancel_external(*, token: str) -> Registration:
    """The cancel link of the confirmation e-mail: used once, it cancels the registration it was sent
    for (the first on the waiting list gets the place); used again, or for a registration made again
    since, it is refused."""
    registration = registration_of_link(token, salt=CANCEL_SALT)
    if registration.status == Status.CANCELLED:
        raise LinkRefused(MESSAGE_LINK_USED, registration)
    event = _locked(registration.event)
    if not can_cancel_registration(AnonymousUser(), event):
        raise ValidationError(MESSAGE_BEGUN)
    _cancel(registration, event, None)
    registration.refresh_from_db()
    return registration


def _mail_context(registration, site_url: str) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "waiting": registration.status == Status.WAITING,
        "url": site_url.rstrip("/") + reverse("public_event_registration", args=[event.pk]),
        "cancel_url": cancel_link(registration, site_url),
        "confirm_url": confirm_link(registration, site_url),
        "confirm_hours": int(CONFIRM_WITHIN.total_seconds() // 3600),
    }


def send_confirmation(registration_id: int, site_url: str) -> bool:
    """Mail the link that confirms a registration once; False when there was nothing to send."""
    with transaction.atomic():
        registration = (
            Registration.objects.unscoped()
            .select_for_update(of=("self",))
            .select_related("event", "user")
            .filter(pk=registration_id, confirmation_sent_at__isnull=True, anonymised_at__isnull=True)
            .first()
        )
        if registration is None:
            return False
        send_templated("academy_confirmation", _mail_context(registration, site_url), [registration.contact_email])
        registration.confirmation_sent_at = timezone.now()
        registration.save(update_fields=["confirmation_sent_at"])
    return True


def send_already_registered(registration_id: int, site_url: str) -> bool:
    """Mail an address registered again that it already is (the form's answer did not say so),
    with its cancel link. False when the registration is gone or no longer holds a place."""
    registration = (
        Registration.objects.unscoped()
        .select_related("event")
        .filter(pk=registration_id, status__in=[Status.REGISTERED, Status.WAITING], anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        return False
    send_templated("academy_already_registered", _mail_context(registration, site_url), [registration.contact_email])
    return True


@transaction.atomic
def expire_unconfirmed(now=None) -> int:
    """Registrations never confirmed within CONFIRM_WITHIN are removed with their personal data
    (they never held a place). Returns how many."""
    stale = Registration.objects.unscoped().filter(
        status=Status.UNCONFIRMED, registered_at__lt=(now or timezone.now()) - CONFIRM_WITHIN
    )
    count = 0
    for registration in stale:
        record_acting_user(registration, None)
        registration.delete()
        count += 1
    return count


@transaction.atomic
def cancel(*, acting_user, registration: Registration) -> Registration | None:
    """Cancel a place; the first on the waiting list gets it. Returns the promoted registration."""
    event = _locked(registration.event)
    if not can_cancel_registration(acting_user, event):
        raise ValidationError(MESSAGE_BEGUN)
    return _cancel(registration, event, acting_user)


def _cancel(registration, event, acting_user) -> Registration | None:
    registration = Registration.objects.unscoped().select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return None
    had_place = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    registration.attended = False
    _save(registration, acting_user)
    if not had_place:
        return None
    return _promote_first_waiting(event, acting_user)


def _promote_first_waiting(event, acting_user) -> Registration | None:
    if _status_for(event) != Status.REGISTERED:
        return None
    first = Registration.objects.unscoped().filter(event=event, status=Status.WAITING).order_by("registered_at", "pk")
    promoted = first.first()
    if promoted is not None:
        promoted.status = Status.REGISTERED
        _save(promoted, acting_user)
    return promoted


@transaction.atomic
def mark_attendance(*, acting_user, event: Event, shown_ids, attended_ids) -> int:
    """Attendance after the event: of the registrations in ``shown_ids`` (a page of the list), those
    in ``attended_ids`` attended and the others did not. Returns how many of them attended."""
    if event.starts_at > timezone.now():
        raise ValidationError(_("Närvaro kan markeras först när evenemanget har börjat."))
    attended_ids = {int(pk) for pk in attended_ids}
    count = 0
    for registration in Registration.objects.unscoped().filter(event=event, pk__in=[int(pk) for pk in shown_ids]):
        attended = registration.pk in attended_ids and registration.status != Status.CANCELLED
        count += attended
        if registration.attended != attended:
            registration.attended = attended
            if attended and registration.status == Status.WAITING:
                registration.status = Status.REGISTERED  # came anyway
            _save(registration, acting_user)
    return count


def import_attendance(*, acting_user, event: Event, dataset, dry_run: bool):
    """Attendance from a participant list (akademi/resources.py): all rows or none, each problem
    naming line and column. Returns django-import-export's result (``problems_of`` reads it)."""
    return AttendanceResource(event, user=acting_user).import_data(dataset, dry_run=dry_run)


# Newcomers -----------------------------------------------------------------------------------


@transaction.atomic
def invite_newcomers(*, acting_user, event: Event, users, site_url: str) -> int:
    """Offer ``event`` (an introduction training) to each of ``users`` not invited to it yet; the
    e-mails go through Celery. Returns how many were invited."""
    if event.kind != Event.Kind.INTRODUCTION:
        raise ValidationError(_("Nya i nätverket bjuds in till en introduktionsutbildning."))
    _check_open(event)
    already = set(NewcomerInvitation.objects.filter(event=event).values_list("user_id", flat=True))
    invitations = NewcomerInvitation.objects.bulk_create(
        NewcomerInvitation(user=user, event=event, invited_by=acting_user) for user in users if user.pk not in already
    )
    for invitation in invitations:
        jobs.enqueue_on_commit("akademi.tasks.send_newcomer_invitation", invitation.pk, site_url)
    return len(invitations)


def send_invitation(invitation_id: int, site_url: str) -> bool:
    with transaction.atomic():
        invitation = (
            NewcomerInvitation.objects.select_for_update(of=("self",))
            .select_related("event", "user", "invited_by")
            .filter(pk=invitation_id, sent_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        context = {
            "invitation": invitation,
            "user": invitation.user,
            "event": invitation.event,
            "url": site_url.rstrip("/") + invitation.event.get_absolute_url(),
        }
        send_templated("academy_invitation", context, [invitation.user.email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def send_pending_mail(now=None) -> int:
    """Confirmations and invitations that could not be sent when they were due (broker or mail
    server down), sent now; those of the last minutes are left to their own task."""
    settled = (now or timezone.now()) - PENDING_GRACE
    site_url = settings.SITE_URL
    registrations = Registration.objects.unscoped().filter(
        confirmation_sent_at__isnull=True, anonymised_at__isnull=True, registered_at__lt=settled
    )
    sent = 0
    for pk in registrations.external().exclude(status=Status.CANCELLED).values_list("pk", flat=True):
        sent += send_confirmation(pk, site_url)
    invitations = NewcomerInvitation.objects.filter(sent_at__isnull=True, invited_at__lt=settled)
    for pk in invitations.values_list("pk", flat=True):
        sent += send_invitation(pk, site_url)
    return sent


# Diplomas ------------------------------------------------------------------------------------


@transaction.atomic
def issue_diploma(*, acting_user, user, issued_at: datetime.date | None = None) -> Diploma:
    """Issue the diploma to a coordinator who meets every requirement, with its PDF certificate."""
    if Diploma.objects.unscoped().filter(user=user).exists():
        raise ValidationError(_("%(name)s har redan diplomet.") % {"name": user.name}, code="duplicate")
    progress = progress_for(user)
    if not progress.complete:
        missing = ", ".join(str(step.requirement.label) for step in progress.steps if not step.complete)
        raise ValidationError(
            _("%(name)s uppfyller inte kraven för diplomet än: %(missing)s.")
            % {"name": user.name, "missing": missing or _("inga krav finns")},
            code="incomplete",
        )
    diploma = Diploma(user=user, issued_at=issued_at or timezone.localdate(), issued_by=acting_user)
    _save(diploma, acting_user)
    diploma.certificate.save(f"diplom-{diploma.pk}.pdf", ContentFile(certificate_pdf(diploma, progress)), save=False)
    return _save(diploma, acting_user, update_fields=["certificate"])


# Retention -----------------------------------------------------------------------------------


def retention_cutoff(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.ACADEMY_RETENTION_DAYS)


@transaction.atomic
def anonymise_expired(now=None) -> int:
    """External people's name, e-mail and organisation are removed from registrations of events
    that ended more than ACADEMY_RETENTION_DAYS ago; the counts of registrations and attendance
    stay. The history never held those fields. Returns how many were anonymised."""
    cutoff = retention_cutoff(now)
    expired = (
        Registration.objects.unscoped()
        .external()
        .filter(anonymised_at__isnull=True)
        .filter(event__starts_at__lt=cutoff)
        .exclude(event__ends_at__gte=cutoff)
    )
    return expired.update(name="", email="", organisation="", anonymised_at=now or timezone.now())
