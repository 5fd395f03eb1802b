"""The report's chapter "Mål och utfall": each goal of the strategy in force, its target, the
outcome of the year and of the year before (the dashboard's goal rows, so the two cannot disagree),
whether it is met, and the secretariat's written assessment of the goal for the year. A year the
records do not cover (before the system) takes the figure the secretariat entered for the goal's
metric, with its source (hallbar.models.MetricValue under the metric's key): 42 audits in 2023."""

from django.utils.translation import gettext_lazy as _

from base.registry import Section, register_section
from hallbar.dashboard import evaluate, goal_rows
from hallbar.models import Goal, GoalAssessment, MetricValue

STATUS_LABELS = {
    "met": _("Uppfyllt"),
    "not_met": _("Ej uppfyllt"),
    "no_data": _("Inget utfall registrerat"),
    "qualitative": _("Bedöms i text"),
}


def target_text(goal: Goal) -> str:
    """The goal's target in words: "Öka", "Minst 4 per år", "Minst 8 totalt", "Alla (100 %)"."""
    if goal.kind == Goal.Kind.INCREASE:
        return str(_("Öka"))
    if goal.kind == Goal.Kind.MIN_COUNT:
        return str(_("Minst %(target)s per år") % {"target": goal.target})
    if goal.kind == Goal.Kind.MIN_TOTAL:
        return str(_("Minst %(target)s totalt") % {"target": goal.target})
    if goal.kind == Goal.Kind.ALL_OFFERED:
        return str(_("Alla (100 %)"))
    return str(_("Bedöms kvalitativt"))


def entered_figures(keys, years) -> dict[str, dict[int, int]]:
    """{metric key: {year: figure}} entered by hand for the metrics of records (one query)."""
    figures: dict[str, dict[int, int]] = {}
    for row in MetricValue.objects.filter(metric__in=list(keys), year__in=list(years)):
        figures.setdefault(row.metric, {})[row.year] = row.figure
    return figures


def goals_context(year: int) -> dict | None:
    """The year's goals by area, None when no goal covers the year. Each row keeps the dashboard's
    value (None where nothing is recorded: printed "–") and the assessment ("" when none is written)."""
    rows, _series, _years = goal_rows(year)
    if not rows:
        return None
    assessments = dict(
        GoalAssessment.objects.filter(year=year, goal__in=[row.goal.pk for row in rows]).values_list("goal_id", "text")
    )
    entered = entered_figures({row.goal.metric for row in rows if row.goal.metric}, [year - 1, year])
    areas: dict[str, dict] = {}
    for row in rows:
        figures = entered.get(row.goal.metric, {})
        if (row.previous is None and year - 1 in figures) or (row.value is None and year in figures):
            row.previous = row.previous if row.previous is not None else figures.get(year - 1)
            row.value = row.value if row.value is not None else figures.get(year)
            row.status = evaluate(row.goal, row.value, row.previous)
        area = areas.setdefault(row.goal.area, {"label": row.goal.get_area_display(), "goals": []})
        area["goals"].append(
            {
                "goal": row.goal.label,
                "target": target_text(row.goal),
                "unit": row.metric.unit if row.metric and row.metric.unit != "kr" else "",
                "previous": row.previous,
                "value": row.value,
                "status": row.status,
                "status_label": STATUS_LABELS[row.status],
                "assessment": assessments.get(row.goal.pk, ""),
            }
        )
    goals = [goal for area in areas.values() for goal in area["goals"]]
    return {
        "year": year,
        "areas": list(areas.values()),
        "met": sum(goal["status"] == "met" for goal in goals),
        "measured": sum(goal["status"] in ("met", "not_met") for goal in goals),
        "total": len(goals),
        "period": (rows[0].goal.start_year, rows[0].goal.end_year),
    }


register_section(Section("goals", _("Mål och utfall"), "hallbar/report_goals.html", goals_context))
