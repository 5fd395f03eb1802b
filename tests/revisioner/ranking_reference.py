"""The ranking as it was first written, kept as the reference the faster one is checked against.

Every component is a correlated subquery on the group's supplier and category: slow at national
scale (each figure looked up once per row), but each figure reads directly as the rule of
revisioner/selection.py says. ``ranking`` returns the same dicts as ``selection.ranking(...).rows()``.
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
from revisioner.selection import (
    COMPONENT_MAX,
    DEVIATION_POINTS,
    PRIORITY_POINTS,
    REGION_POINTS,
    RISK_POINTS_PER_SCORE,
    VALUE_POINTS_PER_MILLION,
    YEAR_POINTS,
    YEARS_CAP,
)
from riskanalys.models import Category, CategoryPriority, RiskAnalysis, RiskAssessment


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
