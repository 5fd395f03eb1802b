"""Audits at national scale (DESIGN.md): 50 000 suppliers, 100 000 contracts and 15 years of audits
(about 20 000) with their ratings, deviations and corrective actions, about 100 000 findings in all.

Generated rows are recognisable: suppliers are named "Skalleverantör NNNNN" (organisation numbers
5598…), contracts are numbered "S-NNNNNN" and audits name the firm "Skaldata Revision". Each step
creates only what is missing, so running again tops up instead of duplicating; the same scale
always gives the same rows.
"""

import datetime
import random

from django.db.models import Max
from django.utils import timezone

from krav.models import Clause, Requirement, RequirementVersion
from regions.access import Visibility
from regions.models import ProcurementRegion, Region
from revisioner.demo.audits import draw_rating
from revisioner.demo.data import ACTIONS, CRITERIA, FINDINGS
from revisioner.demo.seeder import at_noon, historical_dates
from revisioner.identifiers import normalise_name, with_check_digit
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    Contract,
    CorrectiveAction,
    Criterion,
    Deviation,
    Rating,
    Supplier,
)
from revisioner.services import adopted_template
from riskanalys.models import Category

SUPPLIERS = {"national": 50_000, "small": 1_000}
CONTRACTS = {"national": 100_000, "small": 2_000}
AUDITS = {"national": 20_000, "small": 400}
YEARS = range(2011, 2026)
TEMPLATE_FROM = 2022  # audits rated criterion by criterion; earlier ones recorded deviations only
BATCH_SIZE = 1000
SUPPLIER_PREFIX, CONTRACT_PREFIX, AUDIT_FIRM = "Skalleverantör", "S-", "Skaldata Revision"
FOREIGN = ["DE", "DK", "FI", "NO", "NL", "CN", "IN", "MY", "PK", "VN"]
CLAUSES = [
    ("1", "Mänskliga rättigheter"), ("2", "Arbetsrätt"), ("3", "Miljö"), ("4", "Affärsetik"),
    ("5", "Riskanalys av leveranskedjan"), ("6", "Åtgärder och uppföljning"), ("7", "Hantering av avvikelser"),
    ("8", "Kommunikation och dokumentation"),
]  # fmt: skip
# The share of each kind among the audits (re-audits need an earlier audit with deviations).
KIND_WEIGHTS = {
    Audit.Kind.SELF_ASSESSMENT: 30,
    Audit.Kind.OFFICE: 40,
    Audit.Kind.FACTORY: 10,
    Audit.Kind.RE_AUDIT: 20,
}
CLAUSE_WEIGHTS = {"5": 10, "7": 8, "6": 4, "2": 3, "8": 2, "1": 2, "4": 1, "3": 1}


def generate_scale_data(scale):
    randomiser = random.Random(5)
    suppliers = _suppliers(SUPPLIERS[scale])
    contracts = _contracts(CONTRACTS[scale], randomiser)
    generated = _Audits(randomiser).generate(AUDITS[scale])
    scale_audits = Audit.objects.unscoped().filter(audit_firm=AUDIT_FIRM)
    return [
        ("suppliers", suppliers, Supplier.objects.count()),
        ("contracts", contracts, Contract.objects.unscoped().count()),
        ("audits", generated["audits"], scale_audits.count()),
        ("ratings", generated["ratings"], Rating.objects.filter(audit__in=scale_audits).count()),
        ("deviations", generated["deviations"], Deviation.objects.unscoped().count()),
        ("corrective actions", generated["actions"], CorrectiveAction.objects.unscoped().count()),
    ]


def _suppliers(target) -> int:
    existing = Supplier.objects.filter(name__startswith=SUPPLIER_PREFIX).count()
    Supplier.objects.bulk_create((_supplier(number) for number in range(existing, target)), batch_size=BATCH_SIZE)
    return max(target - existing, 0)


def _supplier(number) -> Supplier:
    name = f"{SUPPLIER_PREFIX} {number:05d}"
    supplier = Supplier(name=name, normalised_name=normalise_name(name))
    if number % 5 == 4:  # one in five is foreign
        supplier.country = FOREIGN[number // 5 % len(FOREIGN)]
        supplier.foreign_identifier = f"{supplier.country}98{number:07d}"
    else:
        supplier.org_number = with_check_digit(f"5598{number:05d}")
    return supplier


def _categories():
    """Categories with the procurement region that leads each (the first responsible, else one in turn)."""
    regions = list(ProcurementRegion.objects.order_by("letter"))
    led = []
    for position, category in enumerate(Category.objects.prefetch_related("procurement_regions").order_by("pk")):
        responsible = sorted(category.procurement_regions.all(), key=lambda region: region.letter)
        led.append((category, responsible[0] if responsible else regions[position % len(regions)]))
    return led


def _contracts(target, randomiser) -> int:
    existing = Contract.objects.unscoped().filter(reference__startswith=CONTRACT_PREFIX).count()
    if existing >= target:
        return 0
    suppliers = list(Supplier.objects.filter(name__startswith=SUPPLIER_PREFIX).values_list("pk", flat=True))
    categories = _categories()
    regions = {}
    for region in Region.objects.order_by("county_code"):
        regions.setdefault(region.procurement_region_id, []).append(region.pk)
    contracts = []
    for number in range(existing, target):
        category, leader = randomiser.choice(categories)
        starts_on = datetime.date(randomiser.choice(YEARS), randomiser.randint(1, 12), 1)
        contracts.append(
            Contract(
                procurement_region=leader,
                supplier_id=suppliers[number % len(suppliers)],
                category=category,
                reference=f"{CONTRACT_PREFIX}{number:06d}",
                title=f"{category.name}, ramavtal",
                starts_on=starts_on,
                ends_on=starts_on.replace(year=starts_on.year + randomiser.randint(2, 4)),
                yearly_value=randomiser.randint(1, 500) * 100_000,
            )
        )
    Contract.objects.bulk_create(contracts, batch_size=BATCH_SIZE)
    through = Contract.regions.through
    links = []
    for contract in contracts:
        members = regions.get(contract.procurement_region_id) or [pk for pks in regions.values() for pk in pks]
        for region_id in randomiser.sample(members, min(len(members), randomiser.randint(1, 3))):
            links.append(through(contract_id=contract.pk, region_id=region_id))
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(contracts)


def _clauses() -> dict[str, Clause]:
    """The due-diligence clauses audits assess against: the demo's if loaded, or a scale requirement's."""
    adopted = Clause.objects.filter(
        version__status=RequirementVersion.Status.ADOPTED, version__requirement__kind="due_diligence"
    )
    clauses = {}
    for clause in adopted.order_by("pk"):
        clauses.setdefault(clause.number, clause)
    if clauses:
        return clauses
    requirement = Requirement.objects.create(
        title="Skalkrav uppförandekod", kind=Requirement.Kind.DUE_DILIGENCE, responsible="Kansliet"
    )
    version = RequirementVersion.objects.create(
        requirement=requirement, number=1, status=RequirementVersion.Status.ADOPTED, text="Skaldata",
        adopted_at=timezone.now(),
    )  # fmt: skip
    return {number: Clause.objects.create(version=version, number=number, title=title) for number, title in CLAUSES}


def _template(clauses) -> AssessmentTemplate:
    template = adopted_template()
    if template is not None:
        return template
    version = (AssessmentTemplate.objects.aggregate(last=Max("version"))["last"] or 0) + 1
    template = AssessmentTemplate.objects.create(
        name="Skalmall", version=version, status=AssessmentTemplate.Status.ADOPTED, adopted_at=timezone.now()
    )
    fallback = next(iter(clauses.values()))
    Criterion.objects.bulk_create(
        Criterion(template=template, clause=clauses.get(clause, fallback), number=number, text=text)
        for number, clause, text, _guidance, _documentation in CRITERIA
    )
    return template


class _Audits:
    """Fifteen years of audits, more each year, most at a few large suppliers; re-audits follow up
    earlier audits with deviations and verify most of them."""

    def __init__(self, randomiser):
        self.random = randomiser
        self.audits, self.ratings, self.deviations, self.actions = [], [], [], []
        self.pending = []  # audits with deviations that no re-audit has followed up yet
        self.found = {}  # id(audit) → its deviations
        self.re_audit_of = {}  # id(original) → its re-audit

    def generate(self, target) -> dict[str, int]:
        existing = Audit.objects.unscoped().filter(audit_firm=AUDIT_FIRM).count()
        if existing >= target:
            return {"audits": 0, "ratings": 0, "deviations": 0, "actions": 0}
        self.random.seed(5 + existing)
        clauses = _clauses()
        self.clauses = [clauses[number] for number in sorted(clauses)]
        self.clause_by_number = clauses
        self.criteria = list(_template(clauses).criteria.select_related("clause"))
        self.template = self.criteria[0].template if self.criteria else None
        self.suppliers = list(Supplier.objects.filter(name__startswith=SUPPLIER_PREFIX).values_list("pk", flat=True))
        self.categories = _categories()
        for year, count in _per_year(target - existing).items():
            for day in sorted(self._day(year) for _count in range(count)):
                self._audit(day)
        self._settle()
        self._save()
        return {
            "audits": len(self.audits),
            "ratings": len(self.ratings),
            "deviations": len(self.deviations),
            "actions": len(self.actions),
        }

    def _day(self, year) -> datetime.date:
        return datetime.date(year, 1, 10) + datetime.timedelta(days=self.random.randint(0, 330))

    def _audit(self, day) -> None:
        kind = self.random.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        original = self._original_for(day) if kind == Audit.Kind.RE_AUDIT else None
        if kind == Audit.Kind.RE_AUDIT and original is None:
            kind = Audit.Kind.OFFICE
        if original is not None:
            supplier_id, (category, leader) = original.supplier_id, (original.category, original.procurement_region)
        else:
            # A cube skews the choice towards the first suppliers: a few are audited again and again.
            supplier_id = self.suppliers[int(len(self.suppliers) * self.random.random() ** 3)]
            category, leader = self.random.choice(self.categories)
        status = self._status(day)
        performed = status not in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS)
        audit = Audit(
            kind=kind,
            supplier_id=supplier_id,
            category=category,
            procurement_region=leader,
            follows_up=original,
            template=self.template if day.year >= TEMPLATE_FROM else None,
            site="Fabrik" if kind == Audit.Kind.FACTORY else "",
            country=FOREIGN[supplier_id % len(FOREIGN)] if kind == Audit.Kind.FACTORY else "",
            audit_firm=AUDIT_FIRM,
            year=day.year,
            planned_on=day - datetime.timedelta(days=30),
            performed_on=day if performed else None,
            status=status,
            visibility=Visibility.RESTRICTED,
            internal_notes="Intern anteckning (skaldata)." if supplier_id % 7 == 0 else "",
            created_at=at_noon(day - datetime.timedelta(days=45)),
        )
        self.audits.append(audit)
        if original is not None:
            self.re_audit_of[id(original)] = audit
        elif performed:
            self._findings(audit, day)

    def _status(self, day) -> str:
        if day.year < 2025:
            return Audit.Status.CLOSED  # settled below: awaiting actions while deviations are open
        return self.random.choice(
            [Audit.Status.PLANNED, Audit.Status.IN_PROGRESS, Audit.Status.REPORT_DRAFTED, Audit.Status.CLOSED]
        )

    def _original_for(self, day):
        """An earlier audit with deviations, at least four months before, not followed up yet."""
        for _attempt in range(3):
            if not self.pending:
                return None
            index = self.random.randrange(len(self.pending))
            candidate = self.pending[index]
            if (day - candidate.performed_on).days >= 120:
                self.pending[index] = self.pending[-1]
                self.pending.pop()
                return candidate
        return None

    def _findings(self, audit, day) -> None:
        found = []
        if audit.template is not None and audit.kind in (Audit.Kind.OFFICE, Audit.Kind.FACTORY):
            for criterion in self.criteria:
                value = draw_rating(self.random, criterion.number)
                rating = Rating(audit=audit, criterion=criterion, value=value)
                self.ratings.append(rating)
                if value in Rating.DEVIATING:
                    major = value == Rating.Value.DOES_NOT_MEET
                    found.append(self._deviation(audit, criterion.clause, day, rating=rating, major=major))
        else:
            # Before the template, findings per clause; a clause may have several.
            most = 4 if audit.kind == Audit.Kind.SELF_ASSESSMENT else 9
            count = self.random.randint(0 if audit.kind == Audit.Kind.SELF_ASSESSMENT else 1, most)
            for number in self.random.choices(list(CLAUSE_WEIGHTS), weights=list(CLAUSE_WEIGHTS.values()), k=count):
                clause = self.clause_by_number.get(number) or self.random.choice(self.clauses)
                found.append(self._deviation(audit, clause, day, major=number in ("5", "7")))
        if found:
            self.found[id(audit)] = found
            self.pending.append(audit)

    def _deviation(self, audit, clause, day, *, rating=None, major=False) -> Deviation:
        deviation = Deviation(
            audit=audit,
            rating=rating,
            clause=clause,
            severity=Deviation.Severity.MAJOR if major else Deviation.Severity.MINOR,
            description=FINDINGS.get(clause.number, FINDINGS["5"]),
            created_at=at_noon(day),
        )
        self.deviations.append(deviation)
        return deviation

    def _settle(self) -> None:
        """Each audit's deviations verified by its re-audit (one in ten reopened), or, for audits
        before 2024 that no re-audit followed, verified at a later desk review; the audit is closed
        when none is open. Every deviation has a corrective action."""
        for audit in self.audits:
            found = self.found.get(id(audit), [])
            re_audit = self.re_audit_of.get(id(audit))
            checked = re_audit is not None and re_audit.performed_on is not None
            for deviation in found:
                if checked and self.random.random() < 0.1:
                    deviation.reopened_in = re_audit
                elif checked:
                    deviation.status, deviation.verified_in = Deviation.Status.VERIFIED, re_audit
                    deviation.verification_method = Deviation.Verification.ON_SITE
                    deviation.verified_at = at_noon(re_audit.performed_on)
                elif audit.year < 2024:
                    deviation.status = Deviation.Status.VERIFIED
                    deviation.verification_method = Deviation.Verification.DESK
                    deviation.verified_at = at_noon(audit.performed_on + datetime.timedelta(days=200))
                self._action(deviation, audit.performed_on)
            still_open = any(deviation.status == Deviation.Status.OPEN for deviation in found)
            if audit.status == Audit.Status.CLOSED and still_open:
                audit.status = Audit.Status.AWAITING_ACTIONS
            if audit.status == Audit.Status.CLOSED:
                last = max((deviation.verified_at for deviation in found), default=None)
                audit.closed_at = last or at_noon(audit.performed_on + datetime.timedelta(days=30))
                audit.visibility = Visibility.NETWORK
                if self.random.random() < 0.05:
                    audit.summary = "Sammanfattning av revisionen (skaldata)."
                    audit.summary_status = Audit.SummaryStatus.APPROVED
                    audit.summary_approved_at = audit.closed_at

    def _action(self, deviation, performed_on) -> None:
        if deviation.status == Deviation.Status.VERIFIED:
            status = CorrectiveAction.Status.VERIFIED
        else:
            status = self.random.choice(
                [
                    CorrectiveAction.Status.OPEN,
                    CorrectiveAction.Status.PLAN_RECEIVED,
                    CorrectiveAction.Status.IMPLEMENTED,
                ]
            )
        self.actions.append(
            CorrectiveAction(
                deviation=deviation,
                description=ACTIONS.get(deviation.clause.number, ACTIONS["5"]),
                due_on=performed_on + datetime.timedelta(days=self.random.choice([60, 90, 120, 180])),
                status=status,
            )
        )

    def _save(self) -> None:
        with historical_dates(Audit._meta.get_field("created_at"), Deviation._meta.get_field("created_at")):
            for following in (False, True):
                batch = [audit for audit in self.audits if (audit.follows_up is not None) == following]
                Audit.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            Rating.objects.bulk_create(self.ratings, batch_size=BATCH_SIZE)
            Deviation.objects.bulk_create(self.deviations, batch_size=BATCH_SIZE)
        CorrectiveAction.objects.bulk_create(self.actions, batch_size=BATCH_SIZE)


def _per_year(total) -> dict[int, int]:
    """``total`` audits over the years, growing by a sixth of the first year's number each year."""
    weights = {year: 6 + position for position, year in enumerate(YEARS)}
    counts = {year: total * weight // sum(weights.values()) for year, weight in weights.items()}
    counts[YEARS[-1]] += total - sum(counts.values())
    return counts
