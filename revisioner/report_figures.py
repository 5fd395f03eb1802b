"""The figures of the report's chapter on the follow-up of suppliers, drawn as SVG from the figures the
chapter already has (no query of their own): the audits per year and kind, and the deviations per
area of the code (the clause) and state."""

from django.utils.translation import gettext as _

from base.charts import grouped_bar_chart, horizontal_bar_chart
from revisioner.models import Audit


def audits_by_kind_figure(per_year: dict[int, dict[str, int]], years: list[int]) -> dict | None:
    """Bars per year, one per kind of audit performed in any of the years; a year without an audit
    of a kind has 0 of it only when the year has any audit at all, else "–"."""
    kinds = [kind for kind in Audit.Kind if any(per_year.get(year, {}).get(kind) for year in years)]
    if not kinds:
        return None
    groups = [
        (str(year), [per_year[year].get(kind, 0) if year in per_year else None for kind in kinds]) for year in years
    ]
    first, last = years[0], years[-1]
    if first == last:
        title = _("Genomförda revisioner och granskningar per typ %(year)s") % {"year": first}
    else:
        title = _("Genomförda revisioner och granskningar per år och typ %(first)s–%(last)s") % {
            "first": first,
            "last": last,
        }
    svg = grouped_bar_chart(groups, [str(kind.label) for kind in kinds], title=title)
    return {"svg": svg, "caption": title}


def deviations_by_area_figure(clauses, year: int) -> dict | None:
    """Per clause: the deviations verified as corrected and those still open, stacked."""
    if not clauses:
        return None
    rows = [(clause.title, [clause.total - clause.open, clause.open]) for clause in clauses]
    title = _("Avvikelser i revisionerna %(year)s per område och status") % {"year": year}
    svg = horizontal_bar_chart(rows, title=title, series=[_("Verifierad åtgärdad"), _("Öppen")])
    return {"svg": svg, "caption": title}
