"""The figure of the report's chapter on risks: the category tree with the categories prioritised for
the year marked, drawn as SVG (base.charts.tree_chart) with the prioritised ones named in its text."""

from django.utils.translation import gettext as _

from base.charts import tree_chart
from riskanalys.models import Category


def category_tree_figure(year: int, prioritised_ids: set[int]) -> dict | None:
    """The tree's two upper levels, one query; None when there is no tree."""
    roots: list[tuple[str, bool, list]] = []
    for category in Category.objects.get_tree().filter(depth__lte=2, active=True).only("name", "depth", "path"):
        if category.depth == 1:
            roots.append((category.name, category.pk in prioritised_ids, []))
        elif roots:
            roots[-1][2].append((category.name, category.pk in prioritised_ids))
    if not roots:
        return None
    marked = _("Prioriterad för %(year)s") % {"year": year}
    caption = _("Regionernas gemensamma kategoriträd; de inköpskategorier som är prioriterade %(year)s är röda.") % {
        "year": year
    }
    title = _("Kategoriträdet med prioriterade inköpskategorier %(year)s") % {"year": year}
    return {"svg": tree_chart(roots, title=title, marked_label=marked), "caption": caption}
