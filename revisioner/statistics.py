"""Audit statistics: audits performed per year by kind, where the deviations are (by clause), and
how many of them were verified as corrected and how fast.

Every figure is one aggregate query over a scoped QuerySet, so a page's queries do not grow with
the audits counted. Members see figures of the audits visible to them; those who read the
steering dashboard see the figures of the whole cooperation (DESIGN.md: aggregated figures of
everything), never the content behind them.
"""

from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from base.cache import cached_figures, reader_of
from base.charts import bar_chart
from regions.access import Capability
from revisioner import access
from revisioner.models import Audit, Deviation

KINDS = list(Audit.Kind)
YEARS_SHOWN = 10  # the trend on the page: the chosen year and up to nine before it


class DaysBetween(Func):
    """Whole days from ``start`` to ``end``, two datetimes, computed by the database."""

    arity = 2
    output_field = IntegerField()

    def _compiled(self, compiler):
        (start, start_params), (end, end_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return start, end, (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        start, end, params = self._compiled(compiler)
        return f"CAST(JULIANDAY({end}) - JULIANDAY({start}) AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        start, end, params = self._compiled(compiler)
        return f"CAST(DATE_PART('day', {end} - {start}) AS INTEGER)", params


@dataclass(frozen=True)
class ClauseRow:
    title: str
    total: int
    open: int


@dataclass(frozen=True)
class Closure:
    total: int
    verified: int
    median_days: int | None

    @property
    def percent(self) -> int | None:
        return round(100 * self.verified / self.total) if self.total else None


def performed_per_year_by_kind(audits) -> dict[int, dict[str, int]]:
    """{year: {kind: number of audits performed}} for every year with an audit; one query."""
    per_year: dict[int, dict[str, int]] = {}
    rows = audits.performed().values_list("year", "kind").annotate(n=Count("pk")).order_by()
    for year, kind, count in rows:
        per_year.setdefault(year, {})[kind] = count
    return per_year


def deviations_by_clause(deviations) -> list[ClauseRow]:
    """Deviations per clause title, most first: where the suppliers' gaps are. One query."""
    rows = (
        deviations.values("clause__title")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status=Deviation.Status.OPEN)))
        .order_by("-total", "clause__title")
    )
    return [ClauseRow(row["clause__title"], row["total"], row["open"]) for row in rows]


def closure_per_year(deviations) -> dict[int, Closure]:
    """For the deviations found in each year's audits: how many there were, how many were verified
    as corrected (by a re-audit on site or, since suppliers send their evidence, at the desk: the
    dashboard's figures "closed by desk verification" and "closed by re-audit" tell them apart, by
    the year of verification), and the median days from finding to verification. Two queries."""
    counts = (
        deviations.values_list("audit__year")
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=Deviation.Status.VERIFIED)))
        .order_by()
    )
    medians = median_days_to_closure(deviations)
    return {year: Closure(total, verified, medians.get(year)) for year, total, verified in counts if year is not None}


def median_days_to_closure(deviations) -> dict[int, int]:
    """{year: median days from finding to verification} of the verified deviations of each year's
    audits. The database counts the deviations per year and number of days, so the answer has a
    few thousand rows at most (years × days) whatever the number of deviations."""
    histogram: dict[int, list[tuple[int, int]]] = {}
    rows = (
        deviations.filter(status=Deviation.Status.VERIFIED, verified_at__isnull=False)
        .annotate(days=DaysBetween("created_at", "verified_at"))
        .values_list("audit__year", "days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for year, days, count in rows:
        histogram.setdefault(year, []).append((days, count))
    return {year: _median(counts) for year, counts in histogram.items()}


def _median(counts: list[tuple[int, int]]) -> int:
    """The median of values given as (value, how many times)."""
    total = sum(count for _value, count in counts)
    middle = {(total - 1) // 2, total // 2}  # the positions of the middle one or two, from 0
    found, seen = [], 0
    for value, count in sorted(counts):
        found += [value for position in middle if seen <= position < seen + count]
        seen += count
    return round(sum(found) / len(found))


def counted_for(user):
    """The audits and deviations whose figures ``user`` may read."""
    if access.can_read_national_figures(user):
        return Audit.objects.unscoped(), Deviation.objects.unscoped()
    return Audit.objects.visible_to(user), Deviation.objects.visible_to(user)


def chosen_year(request, years) -> int:
    """The year asked for, or the latest year with audits up to this one."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is not None and 2000 <= year <= 2100:
        return year
    this_year = timezone.localdate().year
    past = [known for known in years if known <= this_year]
    return max(past) if past else this_year - 1


class AuditStatisticsView(TemplateView):
    """Audits per year and kind, deviations by clause and their closure, as charts and tables."""

    capability = Capability.MEMBER
    template_name = "revisioner/statistics.html"

    def get_context_data(self, **kwargs):
        # Aggregates over every audit and deviation: kept with the cached figures until a record
        # changes, one copy for the readers of national figures and one for each other member.
        user = self.request.user
        reader = "national" if access.can_read_national_figures(user) else reader_of(user)
        audits, deviations = counted_for(user)
        per_year, closure = cached_figures(
            f"audit-statistics:{reader}",
            lambda: (performed_per_year_by_kind(audits), closure_per_year(deviations)),
        )
        known_years = sorted(set(per_year) | set(closure))
        year = chosen_year(self.request, known_years)
        first = max(min(known_years, default=year), year - YEARS_SHOWN + 1)
        years = list(range(first, year + 1))
        kind_rows = [
            {
                "year": shown,
                "counts": [per_year.get(shown, {}).get(kind, 0) for kind in KINDS],
                "total": sum(per_year.get(shown, {}).values()),
            }
            for shown in reversed(years)
        ]
        closure_rows = [{"year": shown, "closure": closure[shown]} for shown in reversed(years) if shown in closure]
        return super().get_context_data(
            year=year,
            year_choices=sorted(set(known_years) | {year}, reverse=True),
            national=access.can_read_national_figures(self.request.user),
            kinds=[kind.label for kind in KINDS],
            kind_rows=kind_rows,
            audits_chart=bar_chart(
                [(str(shown), sum(per_year.get(shown, {}).values())) for shown in years],
                title=_("Genomförda revisioner och granskningar per år"),
            ),
            clauses=cached_figures(
                f"audit-statistics:{reader}:clauses:{year}",
                lambda: deviations_by_clause(deviations.filter(audit__year=year)),
            ),
            closure_rows=closure_rows,
            closure_chart=bar_chart(
                [(str(shown), closure[shown].percent if shown in closure else None) for shown in years],
                title=_("Andel avvikelser verifierade som åtgärdade (%)"),
                unit="%",
            ),
            **kwargs,
        )
