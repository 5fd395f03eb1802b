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

The ranking is one SQL query whatever the size of the data. Each figure is computed once for all
the rows, by a grouped query (a common table expression): the contracts in force grouped by
supplier and category (the contract value), their regions, the open deviations per supplier, the
last audit per supplier and category, the highest risk per category, the prioritised categories
and the plan's entries. The groups are joined on (supplier, category), or on the one of them a
figure depends on, so no figure is looked up row by row (a correlated subquery per row cost a
national-scale page 0.3–0.5 s; the joins cost one pass over each table). The number of rows
comes with every row (``COUNT(*) OVER ()``), so a page of the ranking and its page count are the
same query. Each grouped query is built with the ORM from the models' own visibility rules
(``visible_to``), so the rule lives in one place; only the joins are written as SQL.
No audit or deviation is shown row by row.

The ranking is read by a person (``user``): every component is computed from what that person
may see (``visible_to``: contracts, audits and their deviations, risk analyses), so a figure of
a row the person may not see (another region's restricted audit and its open deviations, a
restricted risk analysis, a contract hidden from them) never enters their ranking, not even
through the total. Blanking the restricted figures instead would not hide them (the total less
the components shown gives them back) and would leave rows without a score to rank by; a
ranking of what one may see keeps every row scored and ordered. The secretariat sees everything
and so ranks the whole network. System code (the demo) passes ``user=None`` for every row.

The page reads the ranking from the cache (``Ranking.page``). On a miss the whole ranking is
computed with the one query and kept as tuples of ``Row.FIELDS``, in entries of
``CACHE_CHUNK_ROWS`` rows (ten pages) plus one holding the row count, all stamped with a token of
the computation; a page reads the count and its entry in one round trip and no SQL, and computes
again when an entry is missing or of another computation. The entries are kept under the figures'
version (``base.cache.figures_key``), which every saved or deleted record of revisioner,
riskanalys and regions replaces (hallbar.dashboard: contracts, audits, deviations, plan entries,
risk analyses, priorities, memberships), so the next view after a change, such as a row added to
the plan from the page, computes it again; writes that send no signal (QuerySet.update,
bulk_create) show at the latest after ``FIGURES_TIMEOUT``. The key names the year, the
filters and the reader: one ranking for those whose rules filter nothing (the system and the
secretariat), else one per person, since what they see follows their memberships and the audits
they are named in. With Redis stopped every view is a miss and is computed from the database.
"""

import functools
import hashlib
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet

from base.cache import FIGURES_TIMEOUT, figures_key
from revisioner.access import follow_up_reader
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
CACHE_CHUNK_ROWS = 500  # rows of the ranking per cache entry: ten pages of the page


def _in_force(year: int) -> Q:
    return Q(starts_on__year__lte=year) & (Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))


def _seen(queryset: QuerySet, user) -> QuerySet:
    """The rows of ``queryset`` that ``user`` sees; every row for the system (``user`` None)."""
    return queryset.unscoped() if user is None else queryset.visible_to(user)


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, tuple(params)


def _figures(year: int, user, contracts: QuerySet) -> list[tuple[str, QuerySet]]:
    """The grouped queries the ranking joins, by name, each from the rows ``user`` sees."""
    audits = _seen(Audit.objects, user)
    deviations = (
        _seen(Deviation.objects, user)
        .filter(
            status=Deviation.Status.OPEN,
            # "audit in (the audits seen)": the same rule as the audit list's, on the deviation's audit.
            audit__in=audits.exclude(status=Audit.Status.CANCELLED).values("pk"),
        )
        .values(of_supplier=F("audit__supplier_id"))
        .annotate(n=Count("pk"))
    )
    last_audits = (
        audits.performed()
        .filter(year__lte=year)
        .values(of_supplier=F("supplier_id"), of_category=F("category_id"))
        .annotate(last_year=Max("year"))
    )
    assessments = RiskAssessment.objects.filter(
        analysis__status=RiskAnalysis.Status.PUBLISHED, analysis__year__lte=year
    )
    if user is not None:
        assessments = assessments.filter(analysis__in=RiskAnalysis.objects.visible_to(user).values("pk"))
    risks = assessments.values(of_category=F("analysis__category_id")).annotate(
        score=Max(F("likelihood") * F("severity"))
    )
    priorities = (
        CategoryPriority.objects.filter(start_year__lte=year, end_year__gte=year)
        .values(of_category=F("category_id"))
        .distinct()
    )
    planned = (
        PlanEntry.objects.unscoped()
        .filter(plan__year=year)
        .values(of_supplier=F("supplier_id"), of_category=F("category_id"))
        .distinct()
    )
    chosen = contracts.values("id", "supplier_id", "category_id", "yearly_value", "procurement_region_id")
    return [
        ("ranking_contracts", chosen),
        ("ranking_deviations", deviations),
        ("ranking_audits", last_audits),
        ("ranking_risks", risks),
        ("ranking_priorities", priorities),
        ("ranking_plan", planned),
    ]


class Ranking:
    """The ranking's rows for a year as one person sees them; ``rows()`` reads a page of them."""

    def __init__(self, year: int, user, contracts: QuerySet, procurement_region=None, cache_name: str = ""):
        self.year = year
        self.user = user
        self.contracts = contracts  # the contracts in force that the rows are grouped from
        self.procurement_region = procurement_region
        self.cache_name = cache_name  # the name ``page`` keeps the rows under (module docstring)

    def _query(self, offset: int, limit: int | None, *, counted: bool = True) -> tuple[str, list]:
        # Only the ORM's SQL and the models' quoted table names are put into the text (S608 below);
        # every value is a parameter.
        quote = connection.ops.quote_name
        least = "LEAST" if connection.vendor == "postgresql" else "MIN"
        ctes, params = [], []
        for name, queryset in _figures(self.year, self.user, self.contracts):
            sql, cte_params = _sql(queryset)
            ctes.append(f"{name} AS ({sql})")
            params += cte_params
        # The contract's columns are named after the model's fields by values().
        regions = Contract.regions.through._meta.db_table
        ctes.append(
            "ranking_regions AS (SELECT c.supplier_id, c.category_id, COUNT(DISTINCT r.region_id) AS n"  # noqa: S608
            f" FROM ranking_contracts c JOIN {quote(regions)} r ON r.contract_id = c.id"
            " GROUP BY c.supplier_id, c.category_id)"
        )
        having = ""
        if self.procurement_region is not None:
            having = " HAVING MAX(CASE WHEN c.procurement_region_id = %s THEN 1 ELSE 0 END) = 1"
        group_params = [] if self.procurement_region is None else [self.procurement_region.pk]
        ctes.append(
            "ranking_groups AS (SELECT c.supplier_id, c.category_id,"  # noqa: S608
            " COALESCE(SUM(c.yearly_value), 0) AS contract_value"
            f" FROM ranking_contracts c GROUP BY c.supplier_id, c.category_id{having})"
        )
        params += group_params
        # The points, in the order and with the constants (as parameters, like the figures' own
        # expressions) of the module's table: equal totals stay equal, so the order is stable.
        total = (
            "((((((CASE WHEN p.of_category IS NULL THEN 0 ELSE 1 END) * %s)"
            " + (COALESCE(k.score, 0) * %s))"
            f" + {least}((COALESCE(r.n, 0) * %s), %s))"
            f" + {least}((COALESCE(d.n, 0) * %s), %s))"
            f" + {least}((COALESCE((%s - a.last_year), %s) * %s), %s))"
            f" + {least}(((CAST(g.contract_value AS DOUBLE PRECISION) / %s) * %s), %s)"
        )
        params += [
            PRIORITY_POINTS,
            RISK_POINTS_PER_SCORE,
            REGION_POINTS,
            COMPONENT_MAX,
            DEVIATION_POINTS,
            COMPONENT_MAX,
            self.year,
            YEARS_CAP,
            YEAR_POINTS,
            COMPONENT_MAX,
            1_000_000.0,
            VALUE_POINTS_PER_MILLION,
            COMPONENT_MAX,
        ]
        suppliers, categories = quote(Supplier._meta.db_table), quote(Category._meta.db_table)
        sql = (
            "WITH " + ", ".join(ctes) + " SELECT g.supplier_id, s.name AS supplier__name, g.category_id,"  # noqa: S608
            " t.name AS category__name, g.contract_value, " + total + " AS total,"
            " CASE WHEN p.of_category IS NULL THEN 0 ELSE 1 END AS prioritised,"
            " COALESCE(k.score, 0) AS risk_score, COALESCE(r.n, 0) AS region_count,"
            " COALESCE(d.n, 0) AS open_deviations, a.last_year AS last_audit_year,"
            " CASE WHEN e.of_supplier IS NULL THEN 0 ELSE 1 END AS in_plan"
            + (", COUNT(*) OVER () AS row_count" if counted else "")
            + f" FROM ranking_groups g JOIN {suppliers} s ON s.id = g.supplier_id"
            f" JOIN {categories} t ON t.id = g.category_id"
            " LEFT JOIN ranking_regions r ON r.supplier_id = g.supplier_id AND r.category_id = g.category_id"
            " LEFT JOIN ranking_deviations d ON d.of_supplier = g.supplier_id"
            " LEFT JOIN ranking_audits a ON a.of_supplier = g.supplier_id AND a.of_category = g.category_id"
            " LEFT JOIN ranking_risks k ON k.of_category = g.category_id"
            " LEFT JOIN ranking_priorities p ON p.of_category = g.category_id"
            " LEFT JOIN ranking_plan e ON e.of_supplier = g.supplier_id AND e.of_category = g.category_id"
            " ORDER BY total DESC, g.contract_value DESC, s.name ASC, t.name ASC, g.supplier_id ASC,"
            " g.category_id ASC"
        )
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        elif offset:
            raise ValueError("An offset needs a limit.")
        return sql, params

    def rows(self, offset: int = 0, limit: int | None = None) -> list[dict]:
        """The rows from ``offset`` (at most ``limit``), highest score first, each a dict of
        ``Row.FIELDS`` and ``row_count`` (how many rows the ranking has in all). One query."""
        sql, params = self._query(offset, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def count(self) -> int:
        first = self.rows(0, 1)
        return first[0]["row_count"] if first else 0

    def page(self, offset: int, limit: int) -> tuple[list[dict], int]:
        """``limit`` rows from ``offset`` (dicts as ``rows`` gives them) and how many rows the
        ranking has in all, read from the cache; on a miss the whole ranking is computed with one
        query and kept for the next pages (the module's docstring). Past the last row: no rows."""
        if not self.cache_name:  # a Ranking built by hand, not by ``ranking``: nothing names its rows
            rows = self._all_rows()
            return _as_dicts(rows[offset : offset + limit], len(rows)), len(rows)
        base = figures_key(self.cache_name)
        first, last = offset // CACHE_CHUNK_ROWS, (offset + limit - 1) // CACHE_CHUNK_ROWS
        keys = [f"{base}:count", *(f"{base}:{n}" for n in range(first, last + 1))]
        found = cache.get_many(keys)
        if keys[0] in found:
            token, count = found[keys[0]]
            if offset >= count:
                return [], count
            needed = keys[1 : (min(offset + limit, count) - 1) // CACHE_CHUNK_ROWS - first + 2]
            chunks = [found.get(key) for key in needed]
            # Every entry of one computation: an entry evicted or written by another computes again.
            if all(chunk is not None and chunk[0] == token for chunk in chunks):
                rows = [row for _token, chunk in chunks for row in chunk]
                start = offset - first * CACHE_CHUNK_ROWS
                return _as_dicts(rows[start : start + limit], count), count
        rows = self._all_rows()
        token = uuid.uuid4().hex
        entries = {keys[0]: (token, len(rows))}
        for n in range(0, len(rows), CACHE_CHUNK_ROWS):
            entries[f"{base}:{n // CACHE_CHUNK_ROWS}"] = (token, rows[n : n + CACHE_CHUNK_ROWS])
        cache.set_many(entries, FIGURES_TIMEOUT)
        return _as_dicts(rows[offset : offset + limit], len(rows)), len(rows)

    def _all_rows(self) -> list[tuple]:
        """Every row, in order, as a tuple of ``Row.FIELDS``. One query."""
        sql, params = self._query(0, None, counted=False)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(values) for values in cursor.fetchall()]


def _as_dicts(rows, row_count: int) -> list[dict]:
    return [{**dict(zip(Row.FIELDS, values, strict=True)), "row_count": row_count} for values in rows]


def ranking(
    year: int,
    *,
    user,
    category: Category | None = None,
    procurement_region=None,
    search: str = "",
) -> Ranking:
    """Supplier × category rows of ``year``, highest score first; see ``Row`` for reading one.

    Every figure comes from the rows ``user`` sees (None: every row, for the system).
    ``category`` keeps the category and those under it; ``procurement_region`` keeps the rows with
    a contract of that procurement region (the score still counts every contract seen); ``search``
    matches the supplier's name, alias or identifier."""
    contracts = _seen(Contract.objects, user).filter(_in_force(year))
    if category is not None:
        contracts = contracts.filter(category__path__startswith=category.path)
    searched = search if search.strip() else ""
    if searched:
        contracts = contracts.filter(supplier__in=Supplier.objects.search(searched).values("pk"))
    name = ":".join(
        [
            f"ranking:{year}:{follow_up_reader(user)}",
            str(procurement_region.pk if procurement_region is not None else ""),
            str(category.pk if category is not None else ""),
            hashlib.sha256(searched.encode()).hexdigest() if searched else "",
        ]
    )
    return Ranking(year, user, contracts, procurement_region, cache_name=name)


def score_of(year: int, supplier_id: int, category_id: int, *, user) -> "Row | None":
    """The ranking's row of one supplier and category as ``user`` sees it, or None without a
    contract in force (that they see)."""
    contracts = _seen(Contract.objects, user).filter(_in_force(year), supplier_id=supplier_id, category_id=category_id)
    found = Ranking(year, user, contracts).rows(0, 1)
    return Row(year, found[0]) if found else None


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

    def __init__(self, year: int, values: dict, separator: str = "."):
        self.year = year
        self.separator = separator  # the decimal separator the points are printed with
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

    @functools.cached_property
    def printed(self) -> dict[str, str]:
        """The points as the page prints them, with one decimal: what ``floatformat:1`` gives for
        the points (already rounded to one decimal) at a tenth of its cost, for the page's 350."""
        points = {
            "priority": self.priority_points,
            "risk": self.risk_points,
            "value": self.value_points,
            "region": self.region_points,
            "deviation": self.deviation_points,
            "audit": self.audit_points,
            "total": self.total,
        }
        return {name: f"{value:.1f}".replace(".", self.separator) for name, value in points.items()}

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


def page_rows(year: int, rows, separator: str = ".") -> list[Row]:
    return [Row(year, values, separator) for values in rows]
