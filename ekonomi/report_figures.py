"""The figure of the report's finance chapter: each region's fee of the year, drawn as SVG from the
statement's own lines (no query of its own)."""

from django.utils.translation import gettext as _

from base.charts import horizontal_bar_chart
from base.formats import ksek


def fees_by_region_figure(statement) -> dict | None:
    """The fees in tkr, one bar per region in the statement's order; a fee not recorded is "–"."""
    if not statement.fees or all(line.amount is None for line in statement.fees):
        return None
    rows = [(line.label, ksek(line.amount) if line.amount is not None else None) for line in statement.fees]
    title = _("Regionernas avgifter %(year)s, tkr") % {"year": statement.fiscal_year.year}
    return {"svg": horizontal_bar_chart(rows, title=title, unit="tkr", width=330, row_height=15), "caption": title}
