"""The seeder of the audits demo: reference rows by name, the template, suppliers and contracts,
and the audits, ratings, deviations and actions it collects and writes in bulk (with their history
rows), with the dates given, rather than through the services, which would stamp every step with
today's date."""

import datetime
import random
from contextlib import contextmanager

from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from krav.models import Clause
from regions.access import Role, Visibility
from regions.models import Membership, ProcurementRegion, Region
from revisioner.demo.data import (
    ACTIONS,
    CRITERIA,
    FINDINGS,
    INTERNAL_NOTES,
    SUPPLIERS,
    TEMPLATE_ADOPTED,
    TEMPLATE_NAME,
)
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
    SupplierAlias,
)
from riskanalys.models import Category

FIRST_ORG_NUMBER = with_check_digit("559900000")  # the first of the demo's suppliers


@contextmanager
def historical_dates(*fields):
    """Let bulk inserts keep the dates given for ``auto_now_add`` fields (demo and scale data only)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field, _flag in saved:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, flag in saved:
            field.auto_now_add = flag


def first_contract_start(number: int) -> datetime.date:
    """The day the demo's ``number``-th supplier's contract began: spread over 2021–2023."""
    return datetime.date(2021 + number % 3, 1 + number % 12, 1)


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def spread(year, position, count, first=datetime.date(1, 2, 1), last=datetime.date(1, 11, 30)) -> datetime.date:
    """Day ``position`` of ``count`` spread evenly over the months of the year, weekdays only."""
    start, end = first.replace(year=year), last.replace(year=year)
    day = start + datetime.timedelta(days=(end - start).days * position // max(count - 1, 1))
    return day - datetime.timedelta(days=max(day.weekday() - 4, 0))


class Seeder:
    def __init__(self, clauses):
        self.random = random.Random(2024)  # a fixed seed: the same demo on every run
        self.clauses = clauses  # {number: Clause}
        self.categories = {
            category.name: category
            for category in Category.objects.prefetch_related("procurement_regions").order_by("depth")
        }
        self.procurement_regions = {region.letter: region for region in ProcurementRegion.objects.all()}
        self.regions = {}
        for region in Region.objects.order_by("county_code"):
            self.regions.setdefault(region.procurement_region_id, []).append(region)
        coordinators = Membership.objects.unscoped().filter(role=Role.COORDINATOR).select_related("user")
        self.coordinators = {membership.procurement_region_id: membership.user for membership in coordinators}
        self.audits, self.deviations, self.actions, self.ratings = [], [], [], []

    # Reference --------------------------------------------------------------------------------

    def clause(self, number) -> Clause:
        return self.clauses.get(number) or next(iter(self.clauses.values()))

    def category(self, name) -> Category:
        return self.categories.get(name) or next(iter(self.categories.values()))

    def leader(self, category) -> ProcurementRegion:
        letters = sorted(region.letter for region in category.procurement_regions.all())
        return self.procurement_regions[letters[0] if letters else "A"]

    # Template ---------------------------------------------------------------------------------

    def template(self) -> AssessmentTemplate:
        template = AssessmentTemplate.objects.filter(name=TEMPLATE_NAME).first()
        if template:
            return template
        AssessmentTemplate.objects.filter(status=AssessmentTemplate.Status.ADOPTED).update(
            status=AssessmentTemplate.Status.RETIRED
        )
        version = (AssessmentTemplate.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        template = AssessmentTemplate.objects.create(
            name=TEMPLATE_NAME, version=version, status=AssessmentTemplate.Status.ADOPTED, adopted_at=TEMPLATE_ADOPTED
        )
        Criterion.objects.bulk_create(
            Criterion(
                template=template,
                clause=self.clause(clause),
                number=number,
                text=text,
                guidance=guidance,
                documentation=documentation,
            )
            for number, clause, text, guidance, documentation in CRITERIA
        )
        return template

    # Suppliers and contracts ------------------------------------------------------------------

    def suppliers(self, published_names) -> dict[str, Supplier]:
        """The suppliers, each registered a month before its first contract began (``contracts``)."""
        suppliers, aliases, swedish, foreign = {}, [], 0, 0
        for number, published in enumerate(published_names, start=1):
            name, country, _category, others = SUPPLIERS[published]
            supplier = Supplier(
                name=name,
                normalised_name=normalise_name(name),
                country=country,
                created_at=at_noon(first_contract_start(number) - datetime.timedelta(days=30)),
            )
            if country == "SE":
                supplier.org_number = with_check_digit(f"559900{swedish:03d}")
                swedish += 1
            else:
                supplier.foreign_identifier = f"{country}99{foreign:06d}"
                foreign += 1
            suppliers[published] = supplier
            for alias in (published, *others):
                if normalise_name(alias) != supplier.normalised_name:
                    aliases.append((supplier, alias))
        with historical_dates(Supplier._meta.get_field("created_at")):
            bulk_create_with_history(list(suppliers.values()), Supplier)
        SupplierAlias.objects.bulk_create(
            SupplierAlias(supplier=supplier, name=alias, normalised_name=normalise_name(alias))
            for supplier, alias in aliases
        )
        return suppliers

    def contracts(self, suppliers) -> None:
        contracts = []
        for number, (published, supplier) in enumerate(suppliers.items(), start=1):
            category = self.category(SUPPLIERS[published][2])
            leader = self.leader(category)
            starts_on = first_contract_start(number)
            contracts.append(
                Contract(
                    procurement_region=leader,
                    supplier=supplier,
                    category=category,
                    reference=f"{leader.letter}-{starts_on.year}-{number:03d}",
                    title=f"{category.name}, ramavtal",
                    starts_on=starts_on,
                    ends_on=starts_on.replace(year=starts_on.year + 4) - datetime.timedelta(days=1),
                    yearly_value=(2 + number * 7 % 38) * 1_000_000,
                )
            )
        bulk_create_with_history(contracts, Contract)
        Contract.regions.through.objects.bulk_create(
            Contract.regions.through(contract=contract, region=region)
            for contract in contracts
            for region in self.regions.get(contract.procurement_region_id, [])
        )

    # Audits -----------------------------------------------------------------------------------

    def audit(self, published, supplier, kind, performed_on, **fields) -> Audit:
        category = self.category(SUPPLIERS[published][2])
        closed = fields.get("status", Audit.Status.CLOSED) == Audit.Status.CLOSED
        audit = Audit(
            kind=kind,
            supplier=supplier,
            category=category,
            procurement_region=self.leader(category),
            year=performed_on.year,
            planned_on=performed_on - datetime.timedelta(days=42),
            performed_on=performed_on,
            status=Audit.Status.CLOSED,
            visibility=Visibility.NETWORK if closed else Visibility.RESTRICTED,
            closed_at=at_noon(performed_on + datetime.timedelta(days=21)) if closed else None,
            internal_notes=INTERNAL_NOTES.get((kind, published), ""),
            created_at=at_noon(performed_on - datetime.timedelta(days=60)),
        )
        for field, value in fields.items():
            setattr(audit, field, value)
        self.audits.append(audit)
        return audit

    def deviation(self, audit, clause_number, found_on, *, rating=None, severity=None, description="") -> Deviation:
        deviation = Deviation(
            audit=audit,
            rating=rating,
            clause=self.clause(clause_number),
            severity=severity or Deviation.Severity.MINOR,
            description=description or FINDINGS[clause_number],
            created_at=at_noon(found_on),
        )
        deviation.clause_number = clause_number
        self.deviations.append(deviation)
        return deviation

    def action(self, deviation, due_on, status) -> CorrectiveAction:
        action = CorrectiveAction(
            deviation=deviation,
            description=ACTIONS[deviation.clause_number],
            due_on=due_on,
            status=status,
            responsible=self.coordinators.get(deviation.audit.procurement_region_id),
        )
        self.actions.append(action)
        return action

    def save(self) -> None:
        """Write everything collected, parents before children: the audits that others follow up
        first, since a row can only point at a row that has its id."""
        with historical_dates(Audit._meta.get_field("created_at"), Deviation._meta.get_field("created_at")):
            for following in (False, True):
                bulk_create_with_history([audit for audit in self.audits if bool(audit.follows_up) == following], Audit)
            Rating.objects.bulk_create(self.ratings)
            bulk_create_with_history(self.deviations, Deviation)
        bulk_create_with_history(self.actions, CorrectiveAction)
        Audit.participating_regions.through.objects.bulk_create(
            Audit.participating_regions.through(audit=audit, region=region)
            for audit in self.audits
            for region in self.regions.get(audit.procurement_region_id, [])[:3]
        )
