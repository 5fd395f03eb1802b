"""The workflows of suppliers, contracts, the assessment template and audits.

Each function is atomic, checks what the state machine allows, and records the acting user in
the change history. Views and commands call these; they never change states themselves.

An audit: planned → in progress → report drafted → awaiting corrective actions → closed, or
cancelled from any open state. Ratings "partly" and "does not meet" become deviations; a
re-audit verifies or reopens each deviation of the audit it follows up, and an audit closes
only when none of its deviations is open.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import StaleEdit, bump, check_version, locked, locked_copy, save_once
from base.history import record_acting_user
from regions.access import Visibility
from revisioner import access
from revisioner.identifiers import normalise_name
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    AuditParticipant,
    AuditPlan,
    Contract,
    CorrectiveAction,
    Deviation,
    PlanEntry,
    Rating,
    Supplier,
    SupplierAlias,
)
from revisioner.resources import RESOURCES
from revisioner.selection import score_of
from revisioner.uptake import record_uptake

Status = Audit.Status
VERSIONED = (Audit, Deviation, CorrectiveAction)  # rows people edit from forms: base.forms versions


def _save(instance, acting_user, **clean):
    """Validate and save; an existing audit, deviation or action (its row locked by the caller)
    gets the next version in the same UPDATE."""
    instance.full_clean(**clean)
    if instance.pk is not None and isinstance(instance, VERSIONED):
        bump(instance)
    record_acting_user(instance, acting_user)
    instance.save()
    return instance


def _check_seen(current, seen_version, what: str) -> None:
    """A change asked for from a page showing an older version of ``current`` is refused: the
    person decided on what they saw, and the row is no longer that."""
    if seen_version is not None and current.version != seen_version:
        raise StaleEdit(
            current,
            _("Någon annan har ändrat %(what)s sedan du öppnade sidan. Se hur det ser ut nu och försök igen.")
            % {"what": what},
        )


def check_leads(user, procurement_region) -> None:
    """Audits and contracts are written by the coordinators of their procurement region (and the secretariat)."""
    if access.can_write_for(user, procurement_region):
        return
    raise ValidationError(
        {"procurement_region": _("Du är inte samordnare i upphandlingsregion %(letter)s.")
         % {"letter": procurement_region.letter}}
    )  # fmt: skip


# Suppliers -----------------------------------------------------------------------------------

NOT_YOUR_SUPPLIER = gettext_lazy(
    "Leverantören ändras av kansliet och av samordnarna i de upphandlingsregioner som har avtal med den."
)


def possible_duplicates(*, name: str, org_number="", country="SE", foreign_identifier="", exclude=None):
    """Suppliers that may be the same: the same identifier, or a name (or alias) that is the same
    once case, accents, punctuation and legal forms (AB, GmbH …) are set aside."""
    normalised = normalise_name(name)
    same = Q(pk__in=[])
    if org_number:
        same |= Q(org_number=org_number)
    if foreign_identifier:
        same |= Q(country=country, foreign_identifier__iexact=foreign_identifier)
    if normalised:
        same |= Q(normalised_name=normalised) | Q(aliases__normalised_name=normalised)
    found = Supplier.objects.filter(same).distinct()
    return found.exclude(pk=exclude.pk) if exclude is not None and exclude.pk else found


@transaction.atomic
def save_supplier(*, acting_user, supplier: Supplier, aliases=(), allow_similar_name=False) -> Supplier:
    """Create or change a supplier. A supplier with the same identifier is refused; one with a
    near-identical name is refused unless the person confirms it is another company. A known
    supplier is changed only by those ``access.can_edit_supplier`` allows."""
    if supplier.pk is not None and not access.can_edit_supplier(acting_user, supplier):
        raise ValidationError(NOT_YOUR_SUPPLIER, code="not_allowed")
    duplicates = possible_duplicates(
        name=supplier.name,
        org_number=supplier.org_number,
        country=supplier.country,
        foreign_identifier=supplier.foreign_identifier,
        exclude=supplier,
    )
    for duplicate in duplicates:
        same_identifier = (supplier.org_number and duplicate.org_number == supplier.org_number) or (
            supplier.foreign_identifier
            and duplicate.country == supplier.country
            and duplicate.foreign_identifier.lower() == supplier.foreign_identifier.lower()
        )
        if same_identifier:
            raise ValidationError(
                _("%(identifier)s finns redan: %(name)s.")
                % {"identifier": supplier.identifier, "name": duplicate.name},
                code="same_identifier",
            )
        if not allow_similar_name:
            raise ValidationError(
                _("En leverantör med nästan samma namn finns redan: %(name)s (%(identifier)s).")
                % {"name": duplicate.name, "identifier": duplicate.identifier},
                code="similar_name",
            )
    _save(supplier, acting_user)
    for alias in aliases:
        if alias.strip():
            SupplierAlias.objects.get_or_create(supplier=supplier, name=alias.strip())
    return supplier


@transaction.atomic
def merge_suppliers(*, acting_user, source: Supplier, target: Supplier) -> Supplier:
    """Move everything of ``source`` to ``target`` and keep its name as an alias; ``source`` goes."""
    if source.pk == target.pk:
        raise ValidationError(_("En leverantör kan inte slås samman med sig själv."))
    if not (
        access.can_merge_suppliers(acting_user)
        and access.can_edit_supplier(acting_user, source)
        and access.can_edit_supplier(acting_user, target)
    ):
        raise ValidationError(NOT_YOUR_SUPPLIER, code="not_allowed")
    for model in (Contract, Audit):
        for row in model.objects.unscoped().select_for_update().filter(supplier=source):
            row.supplier = target
            record_acting_user(row, acting_user)
            if isinstance(row, Audit):
                bump(row)
                row.save(update_fields=["supplier", "version"])
            else:
                row.save(update_fields=["supplier"])
    taken = set(PlanEntry.objects.unscoped().filter(supplier=target).values_list("plan_id", "category_id"))
    for entry in PlanEntry.objects.unscoped().filter(supplier=source):
        if (entry.plan_id, entry.category_id) in taken:
            entry.delete()
        else:
            entry.supplier = target
            entry.save(update_fields=["supplier"])
    known = set(target.aliases.values_list("name", flat=True)) | {target.name}
    for alias in source.aliases.all():
        if alias.name not in known:
            SupplierAlias.objects.create(supplier=target, name=alias.name)
            known.add(alias.name)
    if source.name not in known:
        SupplierAlias.objects.create(supplier=target, name=source.name)
    Supplier.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)
    record_acting_user(source, acting_user)
    source.delete()
    return target


# Contracts -----------------------------------------------------------------------------------


@transaction.atomic
def save_contract(*, acting_user, contract: Contract, regions, requirement_versions=()) -> Contract:
    """Create or change a contract. The harmonised requirement versions it includes count as
    used by its regions in krav's uptake, where the region has not said otherwise."""
    check_leads(acting_user, contract.procurement_region)
    _save(contract, acting_user)
    contract.regions.set(regions)
    contract.requirement_versions.set(requirement_versions)
    record_uptake(contract, acting_user)
    return contract


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
def plan_audit(*, acting_user, audit: Audit, participating_regions=(), participants=()) -> Audit:
    """Plan an audit led by the acting coordinator's procurement region (or any, for the
    secretariat). ``participants`` are (user or None, name, role)."""
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
    for user, name, role in participants:
        AuditParticipant.objects.get_or_create(
            audit=audit, user=user, name="" if user else name, defaults={"role": role}
        )
    # The plan's entry for this supplier and category, if any, is now planned.
    PlanEntry.objects.unscoped().filter(
        plan__year=audit.year, supplier_id=audit.supplier_id, category_id=audit.category_id, audit=None
    ).update(audit=audit)
    return audit


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
        unchecked = audit.follows_up.deviations.exclude(verified_in=audit).exclude(reopened_in=audit).count()
        if unchecked:
            raise ValidationError(
                _("%(count)d avvikelser i revisionen som följs upp är inte kontrollerade.") % {"count": unchecked}
            )
    else:
        unrated = audit.template.criteria.exclude(ratings__audit=audit).count()
        if unrated:
            raise ValidationError(_("%(count)d kriterier saknar bedömning.") % {"count": unrated})
    return _move(audit, acting_user, Status.REPORT_DRAFTED, performed_on=performed_on or timezone.localdate())


@transaction.atomic
def await_actions(*, acting_user, audit: Audit, seen_version=None) -> Audit:
    """Send the report to the supplier and wait for corrective actions of its open deviations."""
    _check_seen(locked(audit), seen_version, _("revisionen"))
    _require(audit, Status.REPORT_DRAFTED)
    if not audit.deviations.filter(status=Deviation.Status.OPEN).exists():
        raise ValidationError(_("Revisionen har inga öppna avvikelser; avsluta den i stället."))
    return _move(audit, acting_user, Status.AWAITING_ACTIONS)


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
            _("Revisionen har %(count)d öppna avvikelser. De ska verifieras av en återrevision först.")
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


# The national audit plan ---------------------------------------------------------------------


def _check_plan_open(plan: AuditPlan, acting_user) -> None:
    if not access.can_change_plan(acting_user, plan):
        raise ValidationError(
            _("Revisionsplanen för %(year)s är fastställd; kansliet ändrar den.") % {"year": plan.year}
        )


@transaction.atomic
def add_to_plan(*, acting_user, year: int, supplier, category, procurement_region, kind=Audit.Kind.OFFICE) -> PlanEntry:
    """Add a supplier and category from the ranking to the year's plan, with the score it had."""
    check_leads(acting_user, procurement_region)
    plan, _created = AuditPlan.objects.get_or_create(year=year)
    _check_plan_open(plan, acting_user)
    if PlanEntry.objects.unscoped().filter(plan=plan, supplier=supplier, category=category).exists():
        raise ValidationError(
            _("%(supplier)s i %(category)s finns redan i planen för %(year)s.")
            % {"supplier": supplier, "category": category, "year": year}
        )
    row = score_of(year, supplier.pk, category.pk, user=acting_user)  # the score the person saw
    if row is None:
        raise ValidationError(
            _("%(supplier)s har inget avtal i %(category)s som gäller %(year)s.")
            % {"supplier": supplier, "category": category, "year": year}
        )
    entry = PlanEntry(
        plan=plan,
        supplier=supplier,
        category=category,
        procurement_region=procurement_region,
        kind=kind,
        score=round(row.total, 1),
        added_by=acting_user,
    )
    return _save(entry, acting_user)


@transaction.atomic
def remove_from_plan(*, acting_user, entry: PlanEntry) -> None:
    _check_plan_open(entry.plan, acting_user)
    if entry.audit_id is not None:
        raise ValidationError(_("Revisionen är redan planerad; ställ in den i stället."))
    PlanEntry.objects.unscoped().filter(pk=entry.pk).delete()


@transaction.atomic
def adopt_plan(*, acting_user, plan: AuditPlan) -> AuditPlan:
    """The secretariat adopts the year's plan; after that only the secretariat changes it."""
    if plan.adopted_at is not None:
        raise ValidationError(_("Planen är redan fastställd."))
    plan.adopted_at = timezone.now()
    return _save(plan, acting_user)


# Imports -------------------------------------------------------------------------------------


def import_file(kind: str, dataset, *, acting_user, dry_run: bool):
    """Import a file of ``kind`` (suppliers, contracts or audits; revisioner.resources) with the
    rights of ``acting_user``: every row or none. The import page's preview is this call as a dry
    run, its confirmation the same call again; returns django-import-export's Result."""
    return RESOURCES[kind](user=acting_user).import_data(dataset, dry_run=dry_run)
