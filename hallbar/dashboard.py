"""The steering dashboard: goals against outcomes, and hallbar's own, hand-entered metrics."""

import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from base.cache import cached_figures, invalidate_figures_on_changes
from base.registry import METRICS, Metric, metrics_in_order, register_metric
from hallbar.models import Goal, MetricValue

FIRST_YEAR = 2022  # the trend is shown from the year before the strategy 2023–2025

# Figures no record gives: the secretariat enters them once a year.
MANUAL_METRICS = [
    ("media_articles", _("Artiklar i media")),
    ("newsletters", _("Nyhetsbrev")),
    ("newsletter_subscribers", _("Prenumeranter på nyhetsbrevet")),
    ("linkedin_followers", _("Följare på LinkedIn")),
    ("web_visitors", _("Besökare på webben")),
    ("secretariat_staff", _("Medarbetare på kansliet")),
]
# The channels of the report's communication table; the staff belong to the organisation.
COMMUNICATION_METRICS = [(key, label) for key, label in MANUAL_METRICS if key != "secretariat_staff"]


def _entered(key):
    def values(years):
        # A figure entered as a lower bound comes as base.formats.AtLeast: printed "över N" everywhere.
        rows = MetricValue.objects.filter(metric=key, year__in=years).only("year", "value", "lower_bound")
        return {row.year: row.figure for row in rows}

    return values


for position, (key, label) in enumerate(MANUAL_METRICS):
    register_metric(Metric(key, label, _entered(key), in_brief=key != "web_visitors", order=500 + position))


@dataclass
class GoalRow:
    goal: Goal
    metric: Metric | None
    year: int
    value: int | None
    previous: int | None
    status: str
    series: list[tuple[str, int | None]]

    @property
    def link(self):
        return self.metric.link(self.year) if self.metric and self.metric.link else None


def series_for(years) -> dict[str, dict[int, int]]:
    """Every registered metric's values for the years: one call per metric, whatever the years.
    Kept in the cache until a record of an app with metrics changes (base.cache.cached_figures)."""
    years = list(years)

    def compute():
        series = {metric.key: metric.values(years) for metric in metrics_in_order()}
        # A year before the records (2023's audits: the published total only) takes the figure the
        # secretariat entered for the metric, as the report's chapters do; a recorded year keeps its own.
        manual = {key for key, _label in MANUAL_METRICS}
        entered = MetricValue.objects.filter(year__in=years).exclude(metric__in=manual)
        for row in entered.only("metric", "year", "value", "lower_bound"):
            if row.metric in series and row.year not in series[row.metric]:
                series[row.metric][row.year] = row.figure
        return series

    return cached_figures(f"dashboard-series:{','.join(map(str, years))}", compute)


@functools.cache
def figure_apps() -> frozenset[str]:
    """The apps whose records the metrics are computed from: those registering them, and regions
    (the number of regions is a denominator)."""
    return frozenset({metric.values.__module__.split(".")[0] for metric in METRICS.values()} | {"regions"})


invalidate_figures_on_changes(figure_apps)


def goal_rows(year: int) -> tuple[list[GoalRow], dict[str, dict[int, int]], list[int]]:
    years = list(range(FIRST_YEAR, year + 1))
    series = series_for(years)
    rows = []
    for goal in Goal.objects.filter(start_year__lte=year, end_year__gte=year):
        values = series.get(goal.metric, {})
        value, previous = values.get(year), values.get(year - 1)
        rows.append(
            GoalRow(
                goal=goal,
                metric=METRICS.get(goal.metric),
                year=year,
                value=value,
                previous=previous,
                status=evaluate(goal, value, previous),
                series=[(str(y), values.get(y)) for y in years],
            )
        )
    return rows, series, years


def evaluate(goal: Goal, value: int | None, previous: int | None) -> str:
    """met, not_met, no_data or qualitative."""
    if goal.kind == Goal.Kind.QUALITATIVE or not goal.metric:
        return "qualitative"
    if value is None or (goal.kind == Goal.Kind.INCREASE and previous is None):
        return "no_data"
    if goal.kind == Goal.Kind.INCREASE:
        return "met" if value > previous else "not_met"
    target = 100 if goal.kind == Goal.Kind.ALL_OFFERED else goal.target
    return "met" if value >= target else "not_met"
