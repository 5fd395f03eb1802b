"""The audits of the demo: 42 in 2023, 69 in 2024 (44 office audits, 25 re-audits), a few
published summaries, and the audit plan for 2025."""

import csv
import datetime

from simple_history.utils import bulk_create_with_history

from krav.models import Clause, RequirementVersion
from regions.access import Visibility
from revisioner.demo.data import (
    AUDITS_2024,
    CLAUSE_WEIGHTS_2023,
    CLEAN_2024,
    FACTORY_SITES_2023,
    FAILURE_RATES,
    FINDINGS,
    RE_AUDITED_2023,
    REOPENED_2024,
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

# Where the suppliers' actions for the 2024 deviations stand, in turn.
ACTION_STEPS_2024 = [
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


def audits_2023(seeder, suppliers, office, re_audited) -> dict[str, Audit]:
    """42 audits: the 25 audits the 2024 re-audits follow up (office or factory), self-assessment
    reviews of 14 suppliers audited at their office in 2024, and three re-audits in November."""
    originals = {}
    for position, published in enumerate(re_audited):
        early = published in RE_AUDITED_2023
        performed_on = spread(2023, position % 4, 12) if early else spread(2023, position, len(re_audited))
        site, country = FACTORY_SITES_2023.get(published, ("", ""))
        kind = Audit.Kind.FACTORY if site else Audit.Kind.OFFICE
        audit = seeder.audit(published, suppliers[published], kind, performed_on, site=site, country=country)
        originals[published] = audit
        clause_numbers = _weighted_clauses(seeder.random, 2 + position % 3)
        for clause_number in clause_numbers:
            severity = Deviation.Severity.MAJOR if clause_number in ("5", "7") else Deviation.Severity.MINOR
            seeder.deviation(audit, clause_number, performed_on, severity=severity)
    for position, published in enumerate(office[::3][:14]):
        performed_on = spread(2023, position, 14, last=datetime.date(1, 6, 15))
        seeder.audit(published, suppliers[published], Audit.Kind.SELF_ASSESSMENT, performed_on)
    for position, published in enumerate(RE_AUDITED_2023):
        performed_on = datetime.date(2023, 11, 6 + 7 * position)
        seeder.audit(
            published, suppliers[published], Audit.Kind.RE_AUDIT, performed_on, follows_up=originals[published]
        )
    return originals


def _weighted_clauses(randomiser, count) -> list[str]:
    chosen = []
    while len(chosen) < count:
        clause = randomiser.choices(list(CLAUSE_WEIGHTS_2023), weights=list(CLAUSE_WEIGHTS_2023.values()))[0]
        if clause not in chosen:
            chosen.append(clause)
    return chosen


def audits_2024(seeder, suppliers, template, office, re_audited, originals) -> list[Audit]:
    """69 audits: 44 office audits rated against the template, and 25 re-audits that verify the
    deviations of the 2023 audits (three find one not yet corrected)."""
    audits = []
    criteria = {criterion.number: criterion for criterion in template.criteria.all()}
    for position, published in enumerate(office):
        performed_on = spread(2024, position, len(office))
        clean = position % 2 == 1 or published in CLEAN_2024
        status = Audit.Status.CLOSED if clean else Audit.Status.AWAITING_ACTIONS
        audit = seeder.audit(
            published, suppliers[published], Audit.Kind.OFFICE, performed_on, template=template, status=status
        )
        audits.append(audit)
        _rate(seeder, audit, criteria, performed_on, clean)
    re_audits_2023 = {audit.follows_up.supplier_id: audit for audit in seeder.audits if audit.follows_up}
    for position, published in enumerate(re_audited):
        performed_on = spread(2024, position, len(re_audited), first=datetime.date(1, 3, 1))
        original = originals[published]
        re_audit = seeder.audit(
            published, suppliers[published], Audit.Kind.RE_AUDIT, performed_on, template=template, follows_up=original
        )
        _check(seeder, original, re_audit, re_audits_2023.get(original.supplier_id), reopen=published in REOPENED_2024)
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
            step = len(seeder.actions) % len(ACTION_STEPS_2024)
            seeder.action(deviation, performed_on + datetime.timedelta(days=90 + 30 * step), ACTION_STEPS_2024[step])


def draw_rating(randomiser, number) -> str:
    """A rating of criterion ``number`` drawn with the failure rates of the 2024 audits with findings."""
    partly, does_not_meet = FAILURE_RATES.get(number, (0.1, 0.0))
    draw = randomiser.random()
    if draw < does_not_meet:
        return Rating.Value.DOES_NOT_MEET
    return Rating.Value.PARTLY if draw < does_not_meet + partly else Rating.Value.MEETS


def _check(seeder, original, re_audit, earlier, *, reopen) -> None:
    """The re-audit's finding on each deviation of the audit it follows up, and their actions."""
    found = [deviation for deviation in seeder.deviations if deviation.audit is original]
    for index, deviation in enumerate(found):
        # Every other one was verified already by the re-audit of November 2023, if there was one.
        checked_by = earlier if earlier is not None and index % 2 == 0 else re_audit
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
    """A few approved summaries, neutral and without internal notes; one waits for approval."""
    closed = [audit for audit in audits if audit.status == Audit.Status.CLOSED]
    re_audits_2024 = [audit for audit in closed if audit.kind == Audit.Kind.RE_AUDIT and audit.year == 2024]
    chosen = [audit for audit in closed if audit.kind == Audit.Kind.RE_AUDIT and audit.year == 2023][:2]
    # ICU Medical's carries an internal note: its published summary shows that the note stays inside.
    chosen += [audit for audit in re_audits_2024 if audit.supplier.name.startswith("ICU")]
    chosen += [audit for audit in re_audits_2024 if audit not in chosen][:2]
    chosen += [audit for audit in closed if audit.kind == Audit.Kind.OFFICE and audit.year == 2024][:2]
    for audit in chosen:
        Audit.objects.unscoped().filter(pk=audit.pk).update(
            summary=_summary_text(audit),
            summary_status=Audit.SummaryStatus.APPROVED,
            summary_approved_at=at_noon(datetime.date(audit.year, 12, 10)),
        )
    waiting = next(audit for audit in re_audits_2024 if audit not in chosen)
    Audit.objects.unscoped().filter(pk=waiting.pk).update(
        summary=_summary_text(waiting), summary_status=Audit.SummaryStatus.SUBMITTED
    )


def observer(audits) -> None:
    """The re-audit of ICU Medical had an observer (the note that once leaked into a published list)."""
    for audit in audits:
        if audit.kind == Audit.Kind.RE_AUDIT and audit.year == 2024 and audit.supplier.name.startswith("ICU"):
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


def plan_2025(seeder, suppliers, template, office_2024, originals) -> None:
    """The national audit plan for 2025: re-audits of 2024 office audits with open deviations, one
    of a 2023 audit still open, factory audits of two manufacturers and a self-assessment review."""
    adopted_at = at_noon(datetime.date(2024, 12, 12))
    plan, _created = AuditPlan.objects.get_or_create(year=2025, defaults={"adopted_at": adopted_at})
    by_supplier = {supplier.pk: published for published, supplier in suppliers.items()}
    awaiting = [audit for audit in office_2024 if audit.status == Audit.Status.AWAITING_ACTIONS][:5]
    planned = [(audit.supplier, Audit.Kind.RE_AUDIT, audit, "", "") for audit in awaiting]
    planned.append((suppliers[REOPENED_2024[0]], Audit.Kind.RE_AUDIT, originals[REOPENED_2024[0]], "", ""))
    planned.append(
        (suppliers["Hultafors Group AB"], Audit.Kind.FACTORY, None, "Tillverkare av arbetskläder, Dhaka", "BD")
    )
    planned.append((suppliers["Swereco AB"], Audit.Kind.FACTORY, None, "Handskfabrik, Selangor", "MY"))
    planned.append((suppliers["Timik AB"], Audit.Kind.SELF_ASSESSMENT, None, "", ""))
    audits = []
    for position, (supplier, kind, follows_up, site, country) in enumerate(planned):
        category = seeder.category(SUPPLIERS[by_supplier[supplier.pk]][2])
        audits.append(
            Audit(
                kind=kind,
                supplier=supplier,
                category=category,
                procurement_region=seeder.leader(category),
                template=template,
                follows_up=follows_up,
                site=site,
                country=country,
                year=2025,
                planned_on=spread(2025, position, len(planned), first=datetime.date(1, 3, 1)),
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
        for audit in audits
    )


def _score(audit):
    row = score_of(audit.year, audit.supplier_id, audit.category_id, user=None)
    return round(row.total, 1) if row else None
