"""The ranking the national audit plan is chosen from.

Every supplier × category with a contract in force in the plan's year is one row. Its score is
the sum of six components of 0–10 points each, so at most 60 points; the page shows each one.

=========================  ============================================================================
Component                  Points
=========================  ============================================================================
Prioritised category       10 when the category is prioritised for a period that covers the year, else 0.
Risk                       The highest risk score (likelihood × severity, 1–25) in the category's
                           published risk analyses of the year or earlier, × 0.4 (25 gives 10).
Contract value             1 per million kronor of yearly value of the contracts in force, at most 10.
Regions                    0.5 per region (of 21) with a contract in force, at most 10 (20 regions).
Open deviations            2 per open deviation in any audit of the supplier, at most 10 (five).
Years since last audit     2 per year since the supplier was last audited in the category (audits that
                           took place, up to the plan's year), at most 10: five years or more, or never.
=========================  ============================================================================

Equal scores are ordered by contract value, then by supplier name.

The ranking is one SQL query on ``Contract`` grouped by supplier and category: the contract value
is the group's sum, the other components are correlated subqueries on the group's supplier and
category, and the number of rows comes with every row (``COUNT(*) OVER ()``), so a page of the
ranking and its page count cost one query whatever the size of the data. No audit or deviation
is shown row by row.

The ranking is read by a person (``user``): every component is computed from what that person
may see (``visible_to``: contracts, audits and their deviations, risk analyses), so a figure of
a row the person may not see (another region's restricted audit and its open deviations, a
restricted risk analysis, a contract hidden from them) never enters their ranking, not even
through the total. Blanking the restricted figures instead would not hide them (the total less
the components shown gives them back) and would leave rows without a score to rank by; a
ranking of what one may see keeps every row scored and ordered. The secretariat sees everything
and so ranks the whole network. System code (the demo) passes ``user=None`` for every row.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Least

from revisioner.access import contracts_seen_by
from revisioner.models import Audit, Contract, Deviation, PlanEntry, Supplier
from riskanalys.models import Category, CategoryPriority, RiskAnalysis, RiskAssessment

COMPONENT_MAX = 10.0
PRIORITY_POINTS = 10.0
RISK_POINTS_PER_SCORE = 0.4
VALUE_POINTS_PER_MILLION = 1.0
REGION_POINTS = 0.5
DEVIATION_POINTS = 2.0
YEAR_POINTS = 2.0
YEARS_CAP = 5  # five years or more since the last audit, or never audited, count the same


class OfGroup(Func):
    """An expression of the group's own columns (a subquery on its supplier and category).

    Django would add it to the GROUP BY and so compute it for every contract before grouping; it
    depends only on the grouped columns, so it is left out and computed once for each group."""

    template = "%(expressions)s"

    def get_group_by_cols(self):
        return []


def _capped(expression, per_unit: float):
    return Least(ExpressionWrapper(expression * Value(per_unit), output_field=FloatField()), Value(COMPONENT_MAX))


def _count(queryset: QuerySet, field: str = "pk", *, distinct=False):
    """A subquery counting the rows of ``queryset`` (0 when there are none): no GROUP BY, one row."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(n=Func(F(field), template=template)).values("n")
    return Subquery(counted, output_field=IntegerField())


def _in_force(year: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__year__lte": year}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__year__gte": year})
    )


def _seen(queryset: QuerySet, user) -> QuerySet:
    """The rows of ``queryset`` that ``user`` sees; every row for the system (``user`` None)."""
    return queryset.unscoped() if user is None else queryset.visible_to(user)


def _components(year: int, user) -> dict:
    """The figure behind each component but the contract value, for a group (supplier_id, category_id),
    from the rows ``user`` sees."""
    supplier, category = OuterRef("supplier_id"), OuterRef("category_id")
    regions = Contract.regions.through.objects.filter(
        _in_force(year, "contract__"), contract__supplier_id=supplier, contract__category_id=category
    )
    if user is not None:
        regions = regions.filter(contracts_seen_by(user, "contract__"))
    # "audit in (the supplier's audits)" rather than a join: the database looks up the supplier's
    # few audits, then their open deviations, instead of walking every open deviation.
    audits_of_supplier = _seen(Audit.objects, user).exclude(status=Audit.Status.CANCELLED)
    deviations = _seen(Deviation.objects, user).filter(
        status=Deviation.Status.OPEN,
        audit__in=audits_of_supplier.filter(supplier_id=OuterRef(OuterRef("supplier_id"))).values("pk"),
    )
    last_audit = (
        _seen(Audit.objects, user)
        .performed()
        .filter(supplier_id=supplier, category_id=category, year__lte=year)
        .order_by("-year")
        .values("year")[:1]
    )
    risk = (
        RiskAssessment.objects.filter(
            analysis__category_id=category,
            analysis__status=RiskAnalysis.Status.PUBLISHED,
            analysis__year__lte=year,
        )
        .filter(**({} if user is None else {"analysis__in": RiskAnalysis.objects.visible_to(user).values("pk")}))
        .annotate(score=F("likelihood") * F("severity"))
        .order_by("-score")
        .values("score")[:1]
    )
    priorities = CategoryPriority.objects.filter(category_id=category, start_year__lte=year, end_year__gte=year)
    return {
        "prioritised": Exists(priorities),
        "risk_score": Coalesce(Subquery(risk, output_field=IntegerField()), 0),
        "region_count": _count(regions, "region_id", distinct=True),
        "open_deviations": _count(deviations),
        "last_audit_year": Subquery(last_audit, output_field=IntegerField()),
    }


def _group_points(year: int, components: dict):
    """The points of every component but the contract value (which is the group's sum)."""
    years_since = Coalesce(Value(year) - components["last_audit_year"], Value(YEARS_CAP))
    return (
        ExpressionWrapper(
            Cast(components["prioritised"], IntegerField()) * Value(PRIORITY_POINTS), output_field=FloatField()
        )
        + ExpressionWrapper(components["risk_score"] * Value(RISK_POINTS_PER_SCORE), output_field=FloatField())
        + _capped(components["region_count"], REGION_POINTS)
        + _capped(components["open_deviations"], DEVIATION_POINTS)
        + _capped(years_since, YEAR_POINTS)
    )


def ranking(
    year: int,
    *,
    user,
    category: Category | None = None,
    procurement_region=None,
    search: str = "",
) -> QuerySet:
    """Supplier × category rows of ``year`` as dicts, highest score first; see ``Row`` for reading one.

    Every figure comes from the rows ``user`` sees (None: every row, for the system).
    ``category`` keeps the category and those under it; ``procurement_region`` keeps the rows with
    a contract of that procurement region (the score still counts every contract seen); ``search``
    matches the supplier's name, alias or identifier."""
    contracts = _seen(Contract.objects, user).filter(_in_force(year))
    if category is not None:
        contracts = contracts.filter(category__path__startswith=category.path)
    if search.strip():
        contracts = contracts.filter(supplier__in=Supplier.objects.search(search).values("pk"))
    components = _components(year, user)
    value = Coalesce(Sum("yearly_value"), 0)
    value_points = _capped(Cast(value, FloatField()) / Value(1_000_000.0), VALUE_POINTS_PER_MILLION)
    rows = contracts.values("supplier_id", "supplier__name", "category_id", "category__name")
    if procurement_region is not None:
        rows = rows.annotate(
            in_region=Max(Case(When(procurement_region=procurement_region, then=Value(1)), default=Value(0)))
        ).filter(in_region=1)
    rows = rows.annotate(
        contract_value=value,
        total=OfGroup(_group_points(year, components), output_field=FloatField()) + value_points,
        **{name: OfGroup(expression) for name, expression in components.items()},
        in_plan=OfGroup(
            Exists(
                PlanEntry.objects.unscoped().filter(
                    plan__year=year, supplier_id=OuterRef("supplier_id"), category_id=OuterRef("category_id")
                )
            )
        ),
        row_count=Window(Count("*")),
    )
    return rows.order_by("-total", "-contract_value", "supplier__name", "category__name", "supplier_id", "category_id")


def score_of(year: int, supplier_id: int, category_id: int, *, user) -> "Row | None":
    """The ranking's row of one supplier and category as ``user`` sees it, or None without a
    contract in force (that they see)."""
    rows = ranking(year, user=user).filter(supplier_id=supplier_id, category_id=category_id)
    found = rows.values(*Row.FIELDS).first()
    return Row(year, found) if found else None


class Row:
    """One row of the ranking with the points of each component, for the page."""

    FIELDS = (
        "supplier_id",
        "supplier__name",
        "category_id",
        "category__name",
        "contract_value",
        "total",
        "prioritised",
        "risk_score",
        "region_count",
        "open_deviations",
        "last_audit_year",
        "in_plan",
    )

    def __init__(self, year: int, values: dict):
        self.year = year
        self.supplier_id = values["supplier_id"]
        self.supplier_name = values["supplier__name"]
        self.category_id = values["category_id"]
        self.category_name = values["category__name"]
        self.contract_value = int(values["contract_value"] or 0)
        self.prioritised = bool(values["prioritised"])
        self.risk_score = values["risk_score"] or 0
        self.region_count = values["region_count"] or 0
        self.open_deviations = values["open_deviations"] or 0
        self.last_audit_year = values["last_audit_year"]
        self.in_plan = bool(values["in_plan"])
        self.total = round(values["total"] or 0.0, 1)

    @property
    def years_since_audit(self) -> int | None:
        return None if self.last_audit_year is None else self.year - self.last_audit_year

    @property
    def priority_points(self) -> float:
        return PRIORITY_POINTS if self.prioritised else 0.0

    @property
    def risk_points(self) -> float:
        return round(self.risk_score * RISK_POINTS_PER_SCORE, 1)

    @property
    def value_points(self) -> float:
        return _points(self.contract_value / 1_000_000 * VALUE_POINTS_PER_MILLION)

    @property
    def region_points(self) -> float:
        return _points(self.region_count * REGION_POINTS)

    @property
    def deviation_points(self) -> float:
        return _points(self.open_deviations * DEVIATION_POINTS)

    @property
    def audit_points(self) -> float:
        years = YEARS_CAP if self.years_since_audit is None else self.years_since_audit
        return _points(years * YEAR_POINTS)


def _points(value: float) -> float:
    return round(min(value, COMPONENT_MAX), 1)


def page_rows(year: int, rows) -> list[Row]:
    return [Row(year, values) for values in rows]
