"""The year's audits as the report's section on the follow-up of suppliers: how many of each kind
(against the year before; a year without records but with an entered total, as a year before the
system, prints that total and its kinds "–"), where the deviations were, how many were verified as corrected, how
many were closed by desk verification, by re-audit and how many are open (the dashboard's figures,
with their labels), and the suppliers audited. Built from aggregates and supplier names only: an
audit's internal notes are never read here."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.charts import bar_chart
from base.formats import swedish_sort_key
from base.registry import Metric, Section, register_section
from revisioner.dashboard import DEVIATION_FIGURES
from revisioner.models import Audit, Deviation
from revisioner.report_figures import audits_by_kind_figure, deviations_by_area_figure
from revisioner.statistics import closure_per_year, deviations_by_clause, performed_per_year_by_kind

# The audits' totals entered by hand for years the records do not cover ({year: total}); the
# programme (hallbar, above this floor) registers where they are kept (hallbar/report.py).
_entered_totals: list[Callable[[list[int]], dict[int, int]]] = []


def register_entered_totals(values: Callable[[list[int]], dict[int, int]]) -> None:
    _entered_totals[:] = [values]


def entered_totals(years: list[int]) -> dict[int, int]:
    return _entered_totals[0](years) if _entered_totals else {}


PHRASES = {
    Audit.Kind.OFFICE: lambda n: ngettext("%(n)d kontorsrevision", "%(n)d kontorsrevisioner", n),
    Audit.Kind.FACTORY: lambda n: ngettext("%(n)d fabriksrevision", "%(n)d fabriksrevisioner", n),
    Audit.Kind.RE_AUDIT: lambda n: ngettext("%(n)d återrevision", "%(n)d återrevisioner", n),
    Audit.Kind.SELF_ASSESSMENT: lambda n: ngettext(
        "%(n)d granskning av självskattning", "%(n)d granskningar av självskattningar", n
    ),
}
HEADINGS = {
    Audit.Kind.OFFICE: _("Kontorsrevisioner"),
    Audit.Kind.FACTORY: _("Fabriksrevisioner"),
    Audit.Kind.RE_AUDIT: _("Återrevisioner"),
    Audit.Kind.SELF_ASSESSMENT: _("Granskningar av självskattningar"),
}


def _in_words(counts: dict[str, int]) -> str:
    """ "44 kontorsrevisioner och 25 återrevisioner", in the order of the kinds."""
    parts = [PHRASES[kind](counts[kind]) % {"n": counts[kind]} for kind in Audit.Kind if counts.get(kind)]
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s och %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _two_columns(names: list[str]) -> list[tuple]:
    """Numbered names in two columns, read down the first and then the second, as printed."""
    numbered = [(number, name) for number, name in enumerate(names, start=1)]
    half = (len(numbered) + 1) // 2
    second = numbered[half:] + [None] * (half - len(numbered[half:]))
    return list(zip(numbered[:half], second, strict=True))


def figure_rows(metrics: list[Metric], year: int) -> list[dict]:
    """Registered figures for the year before and the year, with the dashboard's label and value
    (None where nothing is recorded: printed "–"); empty when none of them has a value."""
    rows = []
    for metric in metrics:
        values = metric.values([year - 1, year])
        rows.append({"label": metric.label, "previous": values.get(year - 1), "value": values.get(year)})
    recorded = any(row["previous"] is not None or row["value"] is not None for row in rows)
    return rows if recorded else []


# The report names the suppliers of each kind of audit, as the published one names its 69; a
# kind performed at more suppliers than this is told by its number only (at national scale the
# names would fill some 40 pages).
LISTED_NAMES = 150


def audited_suppliers(year: int) -> list[dict]:
    """The suppliers each kind of audit was performed at in the year, by name (up to LISTED_NAMES)."""
    pairs = Audit.objects.unscoped().performed().filter(year=year).values_list("kind", "supplier__name").distinct()
    names: dict[str, set[str]] = {}
    for kind, name in pairs:
        names.setdefault(kind, set()).add(name)
    return [
        {
            "heading": HEADINGS[kind],
            "count": len(names[kind]),
            "rows": _two_columns(sorted(names[kind], key=swedish_sort_key)) if len(names[kind]) <= LISTED_NAMES else [],
        }
        for kind in Audit.Kind
        if kind in names
    ]


def audits_context(year: int) -> dict | None:
    """The year against the year before: the two years the report compares. Only those two are
    drawn, so a year outside them never prints a figure of its own."""
    years = [year - 1, year]
    per_year = performed_per_year_by_kind(Audit.objects.unscoped().filter(year__in=years))
    if not per_year.get(year):
        return None
    counts, previous = per_year[year], per_year.get(year - 1)
    totals = {known: sum(kinds.values()) for known, kinds in per_year.items()}
    # A year before the records: its entered total, without a split by kind (printed "–").
    entered = {known: value for known, value in entered_totals(years).items() if known not in per_year}
    totals.update(entered)
    shown = [known for known in years if known in totals]
    deviations = Deviation.objects.unscoped()
    closure = closure_per_year(deviations.filter(audit__year__in=years))
    return {
        "year": year,
        "total": totals[year],
        "previous_total": totals.get(year - 1),
        "in_words": _in_words(counts),
        "kinds": [
            {
                "label": HEADINGS[kind],
                "previous": previous.get(kind, 0) if previous is not None else None,
                "count": counts.get(kind, 0),
            }
            for kind in Audit.Kind
            if counts.get(kind) or (previous or {}).get(kind)
        ],
        "chart": bar_chart(
            [(str(known), totals[known]) for known in shown],
            title=str(_("Genomförda revisioner och granskningar per år")),
            width=420,
            height=170,
        ),
        "first_year": shown[0],
        "clauses": (clauses := deviations_by_clause(deviations.filter(audit__year=year))),
        "figures": [
            figure
            for figure in (
                # Only the years whose audits are recorded have a split by kind to draw.
                audits_by_kind_figure(per_year, [known for known in years if known in per_year]),
                deviations_by_area_figure(clauses, year),
            )
            if figure
        ],
        "closure": [(known, closure[known]) for known in years if known in closure],
        "deviation_figures": figure_rows(DEVIATION_FIGURES, year),
        "suppliers": audited_suppliers(year),
    }


register_section(Section("audits", _("Uppföljning av leverantörer"), "revisioner/report_section.html", audits_context))
