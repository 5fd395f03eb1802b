"""The audits of the demo: the 69 of 2024 as the activity report lists them (44 office audits, 25
re-audits), with no finding of their own since the report gives none; and, to show the work with
deviations, the audits of the plan for 2025 (the suppliers re-audited in 2024, with deviations)
and those of 2026, the current year (office audits rated against the template, re-audits that
verify the deviations of 2025), a few published summaries of 2026. 2023 has no audit records: the
report gives only its total, 42, which the programme's demo enters with its source."""

import csv
import datetime

from simple_history.utils import bulk_create_with_history

from krav.models import Clause, RequirementVersion
from regions.access import Visibility
from revisioner.demo.data import (
    AUDITS_2024,
    CLAUSE_WEIGHTS,
    CLEAN,
    FACTORY_SITES,
    FAILURE_RATES,
    FINDINGS,
    REOPENED,
    SUPPLIERS,
)
from revisioner.demo.seeder import at_noon, historical_dates, spread
from revisioner.models import (
    Audit,
    AuditParticipant,
    AuditPlan,
    CorrectiveAction,
    Deviation,
    PlanEntry,
    Rating,
)
from revisioner.selection import score_of

PUBLISHED_YEAR = 2024  # the year of the published activity report: its audits as it lists them
PLAN_YEAR = 2025  # the national audit plan's year: the audits that found the deviations re-audited in 2026
CURRENT_YEAR = 2026  # the year of the demo's work in progress

# Where the suppliers' actions for the deviations of the current year stand, in turn.
ACTION_STEPS = [
    CorrectiveAction.Status.PLAN_RECEIVED,
    CorrectiveAction.Status.OPEN,
    CorrectiveAction.Status.IMPLEMENTED,
]


def published_names():
    with open(AUDITS_2024, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    office = [row["supplier_name_as_published"] for row in rows if row["audit_type"] == Audit.Kind.OFFICE]
    re_audited = [row["supplier_name_as_published"] for row in rows if row["audit_type"] == Audit.Kind.RE_AUDIT]
    return office, re_audited


def demo_clauses() -> dict[str, Clause]:
    """The clauses of the adopted code of conduct and due-diligence terms (krav's demo), by number;
    failing those, the clauses of any adopted version."""
    adopted = Clause.objects.filter(version__status=RequirementVersion.Status.ADOPTED).order_by("pk")
    clauses = {}
    for clause in adopted.filter(version__requirement__kind="due_diligence") or adopted:
        clauses.setdefault(clause.number, clause)
    return clauses


def audits_published(seeder, suppliers, office, re_audited) -> None:
    """The 69 audits of 2024 as the report lists them: kind and supplier. The report gives no
    rating, deviation or earlier audit of theirs, so none is recorded (the dates are the demo's)."""
    for position, published in enumerate(office):
        performed_on = spread(PUBLISHED_YEAR, position, len(office))
        seeder.audit(published, suppliers[published], Audit.Kind.OFFICE, performed_on)
    for position, published in enumerate(re_audited):
        performed_on = spread(PUBLISHED_YEAR, position, len(re_audited), first=datetime.date(1, 3, 1))
        seeder.audit(published, suppliers[published], Audit.Kind.RE_AUDIT, performed_on)


def audits_plan_year(seeder, suppliers, re_audited) -> dict[str, Audit]:
    """The audits of 2025 at the 25 suppliers re-audited in 2024 (office or factory), with the
    deviations the re-audits of 2026 follow up."""
    originals = {}
    for position, published in enumerate(re_audited):
        performed_on = spread(PLAN_YEAR, position, len(re_audited))
        site, country = FACTORY_SITES.get(published, ("", ""))
        kind = Audit.Kind.FACTORY if site else Audit.Kind.OFFICE
        audit = seeder.audit(published, suppliers[published], kind, performed_on, site=site, country=country)
        originals[published] = audit
        clause_numbers = _weighted_clauses(seeder.random, 2 + position % 3)
        for clause_number in clause_numbers:
            severity = Deviation.Severity.MAJOR if clause_number in ("5", "7") else Deviation.Severity.MINOR
            seeder.deviation(audit, clause_number, performed_on, severity=severity)
    return originals


def _weighted_clauses(randomiser, count) -> list[str]:
    chosen = []
    while len(chosen) < count:
        clause = randomiser.choices(list(CLAUSE_WEIGHTS), weights=list(CLAUSE_WEIGHTS.values()))[0]
        if clause not in chosen:
            chosen.append(clause)
    return chosen


def audits_current_year(seeder, suppliers, template, office, re_audited, originals) -> list[Audit]:
    """The current year's audits: office audits rated against the template, and re-audits that
    verify the deviations of the audits of 2025 (three find one not yet corrected)."""
    audits = []
    criteria = {criterion.number: criterion for criterion in template.criteria.all()}
    for position, published in enumerate(office):
        performed_on = spread(CURRENT_YEAR, position, len(office))
        clean = position % 2 == 1 or published in CLEAN
        status = Audit.Status.CLOSED if clean else Audit.Status.AWAITING_ACTIONS
        audit = seeder.audit(
            published, suppliers[published], Audit.Kind.OFFICE, performed_on, template=template, status=status
        )
        audits.append(audit)
        _rate(seeder, audit, criteria, performed_on, clean)
    for position, published in enumerate(re_audited):
        performed_on = spread(CURRENT_YEAR, position, len(re_audited), first=datetime.date(1, 3, 1))
        original = originals[published]
        re_audit = seeder.audit(
            published, suppliers[published], Audit.Kind.RE_AUDIT, performed_on, template=template, follows_up=original
        )
        _check(seeder, original, re_audit, reopen=published in REOPENED)
    return audits


def _rate(seeder, audit, criteria, performed_on, clean) -> None:
    values = {number: Rating.Value.MEETS if clean else draw_rating(seeder.random, number) for number in criteria}
    if not clean and not any(value in Rating.DEVIATING for value in values.values()):
        values["5.2"] = Rating.Value.PARTLY
    if clean and audit.supplier.country != "SE":
        values["8.1"] = Rating.Value.NOT_APPLICABLE
    for number, value in values.items():
        criterion, clause_number = criteria[number], number.split(".")[0]
        deviating = value in Rating.DEVIATING
        rating = Rating(
            audit=audit,
            criterion=criterion,
            value=value,
            evidence=criterion.documentation.split(",")[0] if value == Rating.Value.MEETS else "",
            comment=FINDINGS[clause_number] if deviating else "",
        )
        seeder.ratings.append(rating)
        if deviating:
            severity = Deviation.Severity.MAJOR if value == Rating.Value.DOES_NOT_MEET else Deviation.Severity.MINOR
            deviation = seeder.deviation(audit, clause_number, performed_on, rating=rating, severity=severity)
            step = len(seeder.actions) % len(ACTION_STEPS)
            seeder.action(deviation, performed_on + datetime.timedelta(days=90 + 30 * step), ACTION_STEPS[step])


def draw_rating(randomiser, number) -> str:
    """A rating of criterion ``number`` drawn with the failure rates of the template's audits with findings."""
    partly, does_not_meet = FAILURE_RATES.get(number, (0.1, 0.0))
    draw = randomiser.random()
    if draw < does_not_meet:
        return Rating.Value.DOES_NOT_MEET
    return Rating.Value.PARTLY if draw < does_not_meet + partly else Rating.Value.MEETS


def _check(seeder, original, re_audit, *, reopen) -> None:
    """The re-audit's finding on each deviation of the audit it follows up, and their actions."""
    found = [deviation for deviation in seeder.deviations if deviation.audit is original]
    for index, deviation in enumerate(found):
        checked_by = re_audit
        due_on = original.performed_on + datetime.timedelta(days=90)
        if reopen and index == 0:
            deviation.reopened_in = re_audit
            seeder.action(deviation, re_audit.performed_on + datetime.timedelta(days=120), CorrectiveAction.Status.OPEN)
            continue
        deviation.status, deviation.verification_method = Deviation.Status.VERIFIED, Deviation.Verification.ON_SITE
        deviation.verified_in, deviation.verified_at = checked_by, at_noon(checked_by.performed_on)
        seeder.action(deviation, due_on, CorrectiveAction.Status.VERIFIED)
    if reopen:
        original.status, original.visibility, original.closed_at = (
            Audit.Status.AWAITING_ACTIONS,
            Visibility.RESTRICTED,
            None,
        )
    else:
        original.closed_at = at_noon(re_audit.performed_on + datetime.timedelta(days=14))


def summaries(audits) -> None:
    """A few approved summaries of the current year, neutral and without internal notes; one waits
    for approval. The 2024 report gives no number of published summaries, so 2024 has none."""
    closed = [audit for audit in audits if audit.status == Audit.Status.CLOSED and audit.year == CURRENT_YEAR]
    re_audits = [audit for audit in closed if audit.kind == Audit.Kind.RE_AUDIT]
    # ICU Medical's carries an internal note: its published summary shows that the note stays inside.
    chosen = [audit for audit in re_audits if audit.supplier.name.startswith("ICU")]
    chosen += [audit for audit in re_audits if audit not in chosen][:3]
    chosen += [audit for audit in closed if audit.kind == Audit.Kind.OFFICE][:2]
    for audit in chosen:
        Audit.objects.unscoped().filter(pk=audit.pk).update(
            summary=_summary_text(audit),
            summary_status=Audit.SummaryStatus.APPROVED,
            summary_approved_at=at_noon(datetime.date(audit.year, 12, 10)),
        )
    waiting = next(audit for audit in re_audits if audit not in chosen)
    Audit.objects.unscoped().filter(pk=waiting.pk).update(
        summary=_summary_text(waiting), summary_status=Audit.SummaryStatus.SUBMITTED
    )


def observer(audits) -> None:
    """The re-audit of ICU Medical had an observer (the note that once leaked into a published list)."""
    for audit in audits:
        if audit.kind == Audit.Kind.RE_AUDIT and audit.year == PUBLISHED_YEAR and audit.supplier.name.startswith("ICU"):
            AuditParticipant.objects.create(
                audit=audit, name="Observatör från Adda Inköpscentral", role=AuditParticipant.Role.OBSERVER
            )


def _summary_text(audit) -> str:
    if audit.kind == Audit.Kind.RE_AUDIT:
        return (
            f"Återrevisionen {audit.year} följde upp avvikelserna från revisionen {audit.follows_up.year}. "
            "Leverantören har dokumenterat en riskanalys av leveranskedjan och infört rutiner för att hantera "
            "avvikelser hos underleverantörer. De avvikelser som kontrollerades bedömdes som åtgärdade."
        )
    return (
        f"Kontorsrevisionen {audit.year} omfattade uppförandekoden och villkoren för hållbara leveranskedjor. "
        "Leverantören uppfyllde de bedömda kriterierna och inga avvikelser konstaterades."
    )


def plan_2025(seeder, suppliers, template, originals) -> None:
    """The national audit plan for 2025: the audits of 2025 at the suppliers re-audited in 2024,
    factory audits of two manufacturers and a self-assessment review (still to be performed)."""
    adopted_at = at_noon(datetime.date(2024, 12, 12))
    plan, _created = AuditPlan.objects.get_or_create(year=PLAN_YEAR, defaults={"adopted_at": adopted_at})
    by_supplier = {supplier.pk: published for published, supplier in suppliers.items()}
    planned = [
        (suppliers["Hultafors Group AB"], Audit.Kind.FACTORY, "Tillverkare av arbetskläder, Dhaka", "BD"),
        (suppliers["Swereco AB"], Audit.Kind.FACTORY, "Handskfabrik, Selangor", "MY"),
        (suppliers["Timik AB"], Audit.Kind.SELF_ASSESSMENT, "", ""),
    ]
    audits = []
    for position, (supplier, kind, site, country) in enumerate(planned):
        category = seeder.category(SUPPLIERS[by_supplier[supplier.pk]][2])
        audits.append(
            Audit(
                kind=kind,
                supplier=supplier,
                category=category,
                procurement_region=seeder.leader(category),
                template=template,
                site=site,
                country=country,
                year=PLAN_YEAR,
                planned_on=spread(PLAN_YEAR, position, len(planned), first=datetime.date(1, 9, 1)),
                created_at=adopted_at,  # planned when the plan was adopted
            )
        )
    with historical_dates(Audit._meta.get_field("created_at")):
        bulk_create_with_history(audits, Audit)
    PlanEntry.objects.bulk_create(
        PlanEntry(
            plan=plan,
            supplier=audit.supplier,
            category=audit.category,
            procurement_region=audit.procurement_region,
            kind=audit.kind,
            score=_score(audit),
            audit=audit,
        )
        for audit in [*originals.values(), *audits]
    )


def _score(audit):
    row = score_of(audit.year, audit.supplier_id, audit.category_id, user=None)
    return round(row.total, 1) if row else None
