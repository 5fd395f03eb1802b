"""The life of a harmonised requirement: proposal → consultation → adopted → superseded or retired.

Adopted versions never change; a change is a new version, and adopting it supersedes the old one.
Each function is atomic and records the acting user in the change history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from base.forms import AlreadyCreated, already_created, bump, check_version, locked, save_once
from base.history import record_acting_user
from krav.models import Clause, ConsultationResponse, PriorityEntry, Requirement, RequirementVersion, Uptake
from regions.access import speaks_for_region

Status = RequirementVersion.Status


def _expect(version, *statuses):
    if version.status not in statuses:
        raise ValidationError(_("Versionen har status %(status)s.") % {"status": version.get_status_display()})


@transaction.atomic
def propose(
    *,
    acting_user,
    requirement: Requirement,
    text: str,
    verification="",
    guidance="",
    clauses=(),
    categories=None,
    once=None,
):
    """A new requirement's first version, or the next version of an existing one, as a proposal;
    ``categories``, when given, are the requirement's categories.

    A new requirement carrying a form's one-time token (``requirement.created_with``), or a next
    version asked for with a button's token (``once``), that made one before raises
    base.forms.AlreadyCreated with the first requirement or version."""
    record_acting_user(requirement, acting_user)
    if requirement.pk is None:
        save_once(requirement, requirement.save)
    else:
        locked(requirement)  # two next versions at once: one after the other, each its own number
    if categories is not None:
        requirement.categories.set(categories)
    number = (requirement.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = RequirementVersion(
        requirement=requirement,
        number=number,
        text=text,
        verification=verification,
        guidance=guidance,
        created_with=once,
    )
    record_acting_user(version, acting_user)
    save_once(version, version.save)
    for clause_number, title, clause_text in clauses:
        Clause.objects.create(version=version, number=clause_number, title=title, text=clause_text)
    return version


@transaction.atomic
def new_version(*, acting_user, requirement: Requirement, once=None) -> RequirementVersion:
    """A proposal that starts as a copy of the latest version, clauses included; asked for twice
    with the same one-time token (``once``), it raises base.forms.AlreadyCreated with the first."""
    first = already_created(RequirementVersion, "created_with", once)
    if first is not None:
        raise AlreadyCreated(first)
    latest = requirement.versions.order_by("-number").first()
    clauses = [(c.number, c.title, c.text) for c in latest.clauses.all()] if latest else []
    return propose(
        acting_user=acting_user,
        requirement=requirement,
        text=latest.text if latest else "",
        verification=latest.verification if latest else "",
        guidance=latest.guidance if latest else "",
        clauses=clauses,
        once=once,
    )


@transaction.atomic
def update_version(*, acting_user, version: RequirementVersion, seen_version=None, **fields) -> RequirementVersion:
    """Change a version not yet adopted; ``seen_version``, when given, is the version the person's
    form started from: a row changed since raises base.forms.StaleEdit."""
    check_version(locked(version), seen_version)
    if version.frozen:
        raise ValidationError(_("En antagen version ändras aldrig; skapa en ny version."))
    for field, value in fields.items():
        setattr(version, field, value)
    record_acting_user(version, acting_user)
    bump(version).save()
    return version


@transaction.atomic
def open_consultation(*, acting_user, version: RequirementVersion) -> RequirementVersion:
    _expect(locked(version), Status.PROPOSAL)
    version.status, version.consultation_opened_at = Status.CONSULTATION, timezone.now()
    record_acting_user(version, acting_user)
    bump(version).save()
    return version


@transaction.atomic
def respond(*, acting_user, version: RequirementVersion, region, answer: str, text="") -> ConsultationResponse:
    """A region's one answer to a consultation, given by its contact person or the secretariat."""
    if not speaks_for_region(acting_user, region):
        raise Http404
    _expect(version, Status.CONSULTATION)
    if version.responses.filter(region=region).exists():
        raise ValidationError(_("%(region)s har redan svarat på remissen.") % {"region": region.short_name})
    response = ConsultationResponse(version=version, region=region, answer=answer, text=text, responded_by=acting_user)
    response.full_clean()
    record_acting_user(response, acting_user)
    response.save()
    return response


@transaction.atomic
def adopt(*, acting_user, version: RequirementVersion) -> RequirementVersion:
    """Adopt a version after consultation; the requirement's previously adopted version is superseded."""
    _expect(locked(version), Status.CONSULTATION)
    for previous in version.requirement.versions.filter(status=Status.ADOPTED).select_for_update():
        previous.status = Status.SUPERSEDED
        record_acting_user(previous, acting_user)
        bump(previous).save()
    version.status, version.adopted_at = Status.ADOPTED, timezone.now()
    record_acting_user(version, acting_user)
    bump(version).save()
    return version


@transaction.atomic
def retire(*, acting_user, version: RequirementVersion) -> RequirementVersion:
    _expect(locked(version), Status.ADOPTED)
    version.status = Status.RETIRED
    record_acting_user(version, acting_user)
    bump(version).save()
    return version


@transaction.atomic
def set_checklist(*, acting_user, version: RequirementVersion, done: list[str]) -> RequirementVersion:
    """Tick the handbook's steps; the only thing of an adopted version that may still change."""
    locked(version)
    version.checklist = dict.fromkeys(done, True)
    record_acting_user(version, acting_user)
    bump(version).save(update_fields=["checklist", "version"])
    return version


@transaction.atomic
def record_uptake(*, acting_user, version: RequirementVersion, region, used: str, since=None, comment="") -> Uptake:
    """A region's use of an adopted version in new contracts: by its contact persons or the secretariat."""
    if not speaks_for_region(acting_user, region):
        raise Http404
    _expect(version, Status.ADOPTED)
    uptake = Uptake.objects.filter(version=version, region=region).first() or Uptake(version=version, region=region)
    uptake.used, uptake.since, uptake.comment = used, since, comment
    uptake.full_clean()
    record_acting_user(uptake, acting_user)
    uptake.save()
    return uptake


@transaction.atomic
def record_contract_uptake(*, acting_user, versions, regions, since, comment: str) -> int:
    """Versions that a contract requires count as used by the contract's regions from its start, unless
    a region has already answered for a version (its own answer stands). Returns the answers created."""
    versions = [version for version in versions if version.status != Status.PROPOSAL]
    answered = set(
        Uptake.objects.filter(version__in=versions, region__in=regions).values_list("region_id", "version_id")
    )
    created = 0
    for version in versions:
        for region in regions:
            if (region.pk, version.pk) in answered:
                continue
            uptake = Uptake(region=region, version=version, used=Uptake.Used.YES, since=since, comment=comment)
            record_acting_user(uptake, acting_user)
            uptake.save()
            created += 1
    return created


@transaction.atomic
def attach(*, acting_user, version: RequirementVersion, attachment) -> None:
    """Guidance files belong to the version: they are added before it is adopted, never after."""
    if version.frozen:
        raise ValidationError(_("En antagen version ändras aldrig; skapa en ny version."))
    attachment.version, attachment.uploaded_by = version, acting_user
    attachment.save()


@transaction.atomic
def save_priority_entry(*, acting_user, entry: PriorityEntry) -> PriorityEntry:
    """Add or change a place on the priority list; the history names who did it."""
    entry.full_clean()
    record_acting_user(entry, acting_user)
    entry.save()
    return entry


@transaction.atomic
def remove_priority_entry(*, acting_user, entry: PriorityEntry) -> None:
    """Take a requirement off the priority list; the history keeps the place and who removed it."""
    record_acting_user(entry, acting_user)
    entry.delete()
