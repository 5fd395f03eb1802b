"""The figure of the report's chapter on risks: the category tree with the categories prioritised for
the year marked, drawn as SVG (base.charts.tree_chart) with the prioritised ones named in its text."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.charts import tree_chart
from base.formats import grouped
from riskanalys.models import Category

# A tree of more nodes than this would not fit on a page (a national tree has about 2 000): the
# figure then shows the main categories that hold a prioritised category, with only those named.
FIGURE_NODES = 120


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
    nodes = len(roots) + sum(len(children) for _name, _marked, children in roots)
    if nodes > FIGURE_NODES:
        caption = _(
            "De huvudkategorier i regionernas gemensamma kategoriträd (%(roots)s huvudkategorier och "
            "%(nodes)s kategorier i två nivåer) som har en inköpskategori som är prioriterad %(year)s; "
            "de prioriterade är röda."
        ) % {"roots": grouped(len(roots)), "nodes": grouped(nodes), "year": year}
        roots = _prioritised_only(roots)
    title = _("Kategoriträdet med prioriterade inköpskategorier %(year)s") % {"year": year}
    return {"svg": tree_chart(roots, title=title, marked_label=marked), "caption": caption}


def _prioritised_only(roots):
    """The main categories that are prioritised or hold a prioritised category, each with only its
    prioritised categories and how many others it has."""
    shown = []
    for name, is_marked, children in roots:
        chosen = [child for child in children if child[1]]
        if not is_marked and not chosen:
            continue
        others = len(children) - len(chosen)
        if others:
            more = ngettext("och %(count)s kategori till", "och %(count)s kategorier till", others)
            chosen.append((more % {"count": others}, False))
        shown.append((name, is_marked, chosen))
    return shown
