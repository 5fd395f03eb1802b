"""The assessment template and the audit's state machine, with its summary.

An audit: planned → in progress → report drafted → awaiting corrective actions → closed, or
cancelled from any open state. Ratings "partly" and "does not meet" become deviations; a
re-audit verifies or reopens each deviation of the audit it follows up, and an audit closes
only when none of its deviations is open.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.forms import check_version, locked, locked_copy, save_once
from base.history import record_acting_user
from regions.access import Visibility
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    AuditParticipant,
    Deviation,
    Facility,
    PlanEntry,
    Rating,
    SupplierMessage,
)
from revisioner.services.common import Status, _check_seen, _save, check_leads
from revisioner.services.contacts import tell_supplier

# The assessment template ---------------------------------------------------------------------


@transaction.atomic
def adopt_template(*, acting_user, template: AssessmentTemplate) -> AssessmentTemplate:
    """Adopt a draft; the template adopted before it is retired (audits keep the one they used)."""
    if template.status != AssessmentTemplate.Status.DRAFT:
        raise ValidationError(_("Bara ett utkast kan antas."))
    if not template.criteria.exists():
        raise ValidationError(_("Mallen har inga kriterier."))
    for previous in AssessmentTemplate.objects.filter(status=AssessmentTemplate.Status.ADOPTED):
        previous.status = AssessmentTemplate.Status.RETIRED
        _save(previous, acting_user)
    template.status, template.adopted_at = AssessmentTemplate.Status.ADOPTED, timezone.now()
    return _save(template, acting_user)


def adopted_template() -> AssessmentTemplate | None:
    return AssessmentTemplate.objects.filter(status=AssessmentTemplate.Status.ADOPTED).first()


# Audits --------------------------------------------------------------------------------------


def _require(audit: Audit, *states):
    """The audit (locked and read again by the caller) is in one of ``states``."""
    if audit.status not in states:
        raise ValidationError(
            _("Det går inte: revisionen har status %(status)s.") % {"status": audit.get_status_display()}
        )


def _move(audit: Audit, acting_user, to_status, **changes) -> Audit:
    audit.status = to_status
    for field, value in changes.items():
        setattr(audit, field, value)
    return _save(audit, acting_user)


@transaction.atomic
def facility_for(*, name: str, country: str, address: str = "", os_id: str = "") -> Facility:
    """The facility of a factory audit: the one with the Open Supply Hub OS ID when it is given
    (its name and address brought up to date), else the one of that name and country, else a new one."""
    found = (
        Facility.objects.filter(os_id=os_id).first()
        if os_id
        else Facility.objects.filter(os_id="", name__iexact=name, country=country).first()
    )
    facility = found or Facility(os_id=os_id)
    facility.name, facility.country = name, country
    facility.address = address or facility.address
    facility.full_clean(validate_unique=False)
    facility.save()
    return facility


@transaction.atomic
def plan_audit(*, acting_user, audit: Audit, participating_regions=(), participants=(), facility=None) -> Audit:
    """Plan an audit led by the acting coordinator's procurement region (or any, for the
    secretariat). ``participants`` are (user or None, name, role); ``facility`` (name, address,
    country, os_id) names the factory of a factory audit (``facility_for``)."""
    check_leads(acting_user, audit.procurement_region)
    if audit.kind == Audit.Kind.RE_AUDIT:
        if audit.follows_up is None:
            raise ValidationError({"follows_up": _("En återrevision följer upp en tidigare revision.")})
        if audit.follows_up.supplier_id != audit.supplier_id:
            raise ValidationError({"follows_up": _("Revisionen som följs upp gäller en annan leverantör.")})
        # The re-audit reopens or verifies the followed audit's deviations: only its own leads may.
        check_leads(acting_user, audit.follows_up.procurement_region)
        if audit.pk is None and audit.follows_up.status not in (Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS):
            raise ValidationError(
                {"follows_up": _("Bara en revision som väntar på åtgärder kan följas upp med en återrevision.")}
            )
    elif audit.follows_up is not None:
        raise ValidationError({"follows_up": _("Bara en återrevision följer upp en tidigare revision.")})
    if audit.kind == Audit.Kind.FACTORY and not (audit.site and audit.country):
        raise ValidationError({"site": _("En fabriksrevision behöver anläggning och land.")})
    if audit.kind == Audit.Kind.FACTORY:
        audit.facility = facility_for(**(facility or {"name": audit.site, "country": audit.country}))
    if audit.template is None:
        audit.template = adopted_template()
    if audit.planned_on and not audit.year:
        audit.year = audit.planned_on.year
    if audit.pk is None:
        audit.created_by = acting_user
        save_once(audit, lambda: _save(audit, acting_user))
    else:
        # An edit: of a planned audit, and of the version the person's form started from.
        current = locked_copy(audit)
        _require(current, Status.PLANNED)
        check_version(current, audit.version)
        _save(audit, acting_user)
    audit.participating_regions.set(participating_regions)
    _set_participants(audit, participants, acting_user)
    # The plan's entry for this supplier and category, if any, is now planned.
    PlanEntry.objects.unscoped().filter(
        plan__year=audit.year, supplier_id=audit.supplier_id, category_id=audit.category_id, audit=None
    ).update(audit=audit)
    return audit


def _set_participants(audit: Audit, participants, acting_user) -> None:
    """Make the audit's participants those of the form: each addition, change of role and
    removal is a row in the participants' history, naming who made it."""
    wanted = {(user.pk if user else None, "" if user else name): role for user, name, role in participants}
    users = {user.pk: user for user, _name, _role in participants if user}
    for participant in audit.participants.all():
        key = (participant.user_id, participant.name)
        record_acting_user(participant, acting_user)
        if key not in wanted:
            participant.delete()
        elif participant.role != wanted[key] and not (
            # The form knows auditors and observers; an auditor stays the lead if they led.
            participant.role == AuditParticipant.Role.LEAD_AUDITOR and wanted[key] == AuditParticipant.Role.AUDITOR
        ):
            participant.role = wanted[key]
            participant.save(update_fields=["role"])
        wanted.pop(key, None)
    for (user_id, name), role in wanted.items():
        participant = AuditParticipant(audit=audit, user=users.get(user_id), name=name, role=role)
        record_acting_user(participant, acting_user)
        participant.save()


@transaction.atomic
def start_audit(*, acting_user, audit: Audit, seen_version=None) -> Audit:
    _check_seen(locked(audit), seen_version, _("revisionen"))
    _require(audit, Status.PLANNED)
    if audit.template is None:
        raise ValidationError(_("Revisionen har ingen bedömningsmall."))
    return _move(audit, acting_user, Status.IN_PROGRESS)


DEFAULT_SEVERITY = {Rating.Value.PARTLY: Deviation.Severity.MINOR, Rating.Value.DOES_NOT_MEET: Deviation.Severity.MAJOR}


@transaction.atomic
def rate(*, acting_user, audit: Audit, ratings: dict) -> list[Deviation]:
    """Save ratings {criterion: (value, evidence, comment)} of an audit in progress.

    A rating of "partly" or "does not meet" gets a deviation against the criterion's clause
    (minor or major until the auditor says otherwise); a rating raised to "meets" or "not
    applicable" removes its deviation if no corrective action hangs on it yet."""
    _require(locked(audit), Status.IN_PROGRESS)
    criteria = {criterion.pk: criterion for criterion in audit.template.criteria.all()}
    existing = {rating.criterion_id: rating for rating in audit.ratings.select_related("deviation")}
    created = []
    for criterion, (value, evidence, comment) in ratings.items():
        if criterion.pk not in criteria:
            raise ValidationError(
                _("Kriteriet %(number)s hör inte till revisionens mall.") % {"number": criterion.number}
            )
        rating = existing.get(criterion.pk)
        deviation = getattr(rating, "deviation", None) if rating else None
        rating = rating or Rating(audit=audit, criterion=criterion)
        rating.value, rating.evidence, rating.comment = value, evidence, comment
        _save(rating, acting_user, exclude=["audit", "criterion"])
        if value in Rating.DEVIATING and deviation is None:
            deviation = Deviation(
                audit=audit,
                rating=rating,
                clause=criterion.clause,
                severity=DEFAULT_SEVERITY[value],
                description=comment or criterion.text,
            )
            created.append(_save(deviation, acting_user))
        elif value not in Rating.DEVIATING and deviation is not None:
            if deviation.actions.exists():
                raise ValidationError(
                    _("Avvikelsen för kriterium %(number)s har åtgärder och kan inte tas bort.")
                    % {"number": criterion.number}
                )
            record_acting_user(deviation, acting_user)
            deviation.delete()
    return created


@transaction.atomic
def add_deviation(*, acting_user, audit: Audit, deviation: Deviation) -> Deviation:
    """A deviation the auditor records directly, not from a rating."""
    _require(locked(audit), Status.IN_PROGRESS, Status.REPORT_DRAFTED)
    deviation.audit = audit
    return _save(deviation, acting_user)


@transaction.atomic
def draft_report(*, acting_user, audit: Audit, performed_on=None, seen_version=None) -> Audit:
    """The audit took place and its report is written: every criterion is rated (a re-audit has
    instead checked every deviation of the audit it follows up)."""
    _check_seen(locked(audit), seen_version, _("revisionen"))
    _require(audit, Status.IN_PROGRESS)
    if audit.kind == Audit.Kind.RE_AUDIT:
        # A deviation verified at the desk meanwhile needs no check on site (a critical one never is).
        unchecked = (
            audit.follows_up.deviations.exclude(verified_in=audit)
            .exclude(reopened_in=audit)
            .exclude(status=Deviation.Status.VERIFIED, verification_method=Deviation.Verification.DESK)
            .count()
        )
        if unchecked:
            raise ValidationError(
                ngettext(
                    "%(count)d avvikelse i revisionen som följs upp är inte kontrollerad.",
                    "%(count)d avvikelser i revisionen som följs upp är inte kontrollerade.",
                    unchecked,
                )
                % {"count": unchecked}
            )
    else:
        unrated = audit.template.criteria.exclude(ratings__audit=audit).count()
        if unrated:
            raise ValidationError(
                ngettext("%(count)d kriterium saknar bedömning.", "%(count)d kriterier saknar bedömning.", unrated)
                % {"count": unrated}
            )
    return _move(audit, acting_user, Status.REPORT_DRAFTED, performed_on=performed_on or timezone.localdate())


@transaction.atomic
def await_actions(*, acting_user, audit: Audit, seen_version=None) -> Audit:
    """Send the report to the supplier and wait for corrective actions of its open deviations."""
    _check_seen(locked(audit), seen_version, _("revisionen"))
    _require(audit, Status.REPORT_DRAFTED)
    if not audit.deviations.filter(status=Deviation.Status.OPEN).exists():
        raise ValidationError(_("Revisionen har inga öppna avvikelser; avsluta den i stället."))
    _move(audit, acting_user, Status.AWAITING_ACTIONS)
    tell_supplier(
        acting_user=acting_user, supplier_id=audit.supplier_id, kind=SupplierMessage.Kind.DEVIATION_OPENED,
        subject=str(audit), path=reverse("supplier_deviations"),
    )  # fmt: skip
    return audit


def why_not_closable(audit: Audit, open_deviations: int) -> str:
    """What keeps an audit whose report is written from closing now, in words ("" when it may
    close): its open deviations, which are verified first. ``close_audit`` refuses the same; the
    audit's page shows this instead of the step (it counts ``open_deviations`` from the rows it has)."""
    if audit.status not in (Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS) or not open_deviations:
        return ""
    return ngettext(
        "Kan avslutas när alla avvikelser är verifierade (%(count)d öppen).",
        "Kan avslutas när alla avvikelser är verifierade (%(count)d öppna).",
        open_deviations,
    ) % {"count": open_deviations}


@transaction.atomic
def close_audit(*, acting_user, audit: Audit, seen_version=None) -> list[Audit]:
    """Close an audit without open deviations; it becomes readable by the whole network.

    Closing a re-audit also closes the audit it follows up when the re-audit verified its last
    open deviation. Returns the audits closed."""
    _check_seen(locked(audit), seen_version, _("revisionen"))
    _require(audit, Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS)
    still_open = audit.deviations.filter(status=Deviation.Status.OPEN).count()
    if still_open:
        raise ValidationError(
            ngettext(
                "Revisionen har %(count)d öppen avvikelse. Den ska verifieras först, vid skrivbordet eller "
                "med en återrevision.",
                "Revisionen har %(count)d öppna avvikelser. De ska verifieras först, vid skrivbordet eller "
                "med en återrevision.",
                still_open,
            )
            % {"count": still_open}
        )
    closed = [_move(audit, acting_user, Status.CLOSED, closed_at=timezone.now(), visibility=Visibility.NETWORK)]
    followed = locked(audit.follows_up) if audit.follows_up_id else None
    if (
        followed is not None
        and followed.status in (Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS)
        and not followed.deviations.filter(status=Deviation.Status.OPEN).exists()
    ):
        closed.append(
            _move(followed, acting_user, Status.CLOSED, closed_at=timezone.now(), visibility=Visibility.NETWORK)
        )
    return closed


@transaction.atomic
def cancel_audit(*, acting_user, audit: Audit, seen_version=None) -> Audit:
    _check_seen(locked(audit), seen_version, _("revisionen"))
    _require(audit, *Audit.OPEN_STATES)
    if audit.deviations.exists() and audit.status != Status.PLANNED:
        raise ValidationError(_("En revision med avvikelser kan inte ställas in."))
    return _move(audit, acting_user, Status.CANCELLED)


# Summaries -----------------------------------------------------------------------------------


@transaction.atomic
def submit_summary(*, acting_user, audit: Audit, summary: str, seen_version=None) -> Audit:
    """The text other buyers may read, sent to the secretariat for approval. Internal notes are
    a separate field and never part of it."""
    _check_seen(locked(audit), seen_version, _("revisionen"))
    if audit.status in (Status.PLANNED, Status.IN_PROGRESS, Status.CANCELLED):
        raise ValidationError(_("En sammanfattning skrivs när rapporten är klar."))
    if not summary.strip():
        raise ValidationError({"summary": _("Skriv sammanfattningen.")})
    audit.summary, audit.summary_status = summary.strip(), Audit.SummaryStatus.SUBMITTED
    audit.summary_approved_at = audit.summary_approved_by = None
    return _save(audit, acting_user)


@transaction.atomic
def approve_summary(*, acting_user, audit: Audit) -> Audit:
    """Publish the summary of a closed audit on the public pages and under its category."""
    locked(audit)
    if audit.summary_status != Audit.SummaryStatus.SUBMITTED:
        raise ValidationError(_("Det finns ingen sammanfattning som väntar på godkännande."))
    if audit.status != Status.CLOSED:
        raise ValidationError(_("Sammanfattningen publiceras när revisionen är avslutad."))
    audit.summary_status = Audit.SummaryStatus.APPROVED
    audit.summary_approved_at, audit.summary_approved_by = timezone.now(), acting_user
    return _save(audit, acting_user)


@transaction.atomic
def withdraw_summary(*, acting_user, audit: Audit) -> Audit:
    locked(audit)
    if audit.summary_status == Audit.SummaryStatus.NONE:
        raise ValidationError(_("Det finns ingen sammanfattning."))
    audit.summary_status = Audit.SummaryStatus.NONE
    audit.summary_approved_at = audit.summary_approved_by = None
    return _save(audit, acting_user)
