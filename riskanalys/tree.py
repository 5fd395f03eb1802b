"""The category tree as a page: every category once, in tree order, with what hangs on it.

A fixed number of queries whatever the size of the tree. Later apps add their links
(harmonised requirements, published audit summaries) through ``register_category_links``.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from regions.access import Visibility
from riskanalys.models import ActionPlan, Activity, Category, CategoryPriority, RiskAnalysis


@dataclass
class Link:
    label: str
    url: str
    kind: str  # risk_analysis, action_plan, requirement, audit_summary


@dataclass
class Node:
    category: Category
    depth: int
    letters: list[str]
    prioritised: bool
    links: list[Link] = field(default_factory=list)
    opens: bool = False  # a nested list opens before this item (it is a first child)
    leave_open: bool = False  # its children follow inside its list item
    closes: range = range(0)  # the nested lists that end after this item


# Each provider gets (user or None for the public page) and returns {category id: [Link, ...]}.
CATEGORY_LINK_PROVIDERS: list[Callable] = []


def register_category_links(provider: Callable) -> Callable:
    CATEGORY_LINK_PROVIDERS.append(provider)
    return provider


def latest_period() -> tuple[int, int] | None:
    return CategoryPriority.objects.order_by("-start_year").values_list("start_year", "end_year").first()


def build_tree(user, *, public: bool) -> tuple[list[Node], tuple[int, int] | None]:
    period = latest_period()
    prioritised = set()
    if period:
        prioritised = set(
            CategoryPriority.objects.filter(start_year=period[0], end_year=period[1]).values_list("category", flat=True)
        )
    links = defaultdict(list)
    for provider in [_risk_analysis_links, _action_plan_links, *CATEGORY_LINK_PROVIDERS]:
        for category_id, category_links in provider(None if public else user).items():
            links[category_id].extend(category_links)
    # One flat query for the letters: prefetching 2 000 categories' relations costs more than the SQL.
    letters = defaultdict(list)
    pairs = Category.procurement_regions.through.objects.values_list("category_id", "procurementregion__letter")
    for category_id, letter in pairs.order_by("procurementregion__letter"):
        letters[category_id].append(letter)
    categories = Category.objects.get_tree().filter(active=True).only("pk", "name", "path", "depth")
    nodes = [
        Node(category, category.depth, letters[category.pk], category.pk in prioritised, links.get(category.pk, []))
        for category in categories
    ]
    _nest(nodes)
    return nodes, period


def _nest(nodes: list[Node]) -> None:
    """Mark where nested lists open and close, so the template writes a real nested list."""
    for index, node in enumerate(nodes):
        following = nodes[index + 1].depth if index + 1 < len(nodes) else 1
        node.opens = index > 0 and node.depth > nodes[index - 1].depth
        node.leave_open = following > node.depth
        node.closes = range(max(node.depth - following, 0))


def _risk_analysis_links(user) -> dict[int, list[Link]]:
    if user is None:  # the public page: published and public only
        analyses = RiskAnalysis.objects.unscoped().filter(
            status=RiskAnalysis.Status.PUBLISHED, visibility=Visibility.PUBLIC
        )
        url_name = "public_risk_analysis"
    else:
        analyses = RiskAnalysis.objects.visible_to(user)
        url_name = "risk_analysis_detail"
    links = defaultdict(list)
    for pk, category_id, product_area, year in analyses.values_list("pk", "category_id", "product_area", "year"):
        links[category_id].append(Link(f"{product_area} ({year})", reverse(url_name, args=[pk]), "risk_analysis"))
    return links


def _action_plan_links(user) -> dict[int, list[Link]]:
    """A category's action plans: those with an activity for the category."""
    if user is None:
        return {}
    plans = {plan.pk: plan for plan in ActionPlan.objects.visible_to(user).select_related("procurement_region")}
    links = defaultdict(list)
    pairs = Activity.categories.through.objects.filter(activity__plan__in=list(plans)).values_list(
        "category_id", "activity__plan_id"
    )
    for category_id, plan_id in sorted(set(pairs)):
        plan = plans[plan_id]
        links[category_id].append(Link(str(plan), plan.get_absolute_url(), "action_plan"))
    return links


def render_tree(nodes: list[Node], *, public: bool) -> SafeString:
    """The tree as nested lists. Written here rather than in a template loop: at 2 000 categories
    the template engine's per-node lookups cost more than everything else on the page."""
    prioritised_label, region_label = _("Prioriterad"), _("Upphandlingsregion")
    detail_url = reverse("category_detail", args=[0]).removesuffix("0/")
    parts = ['<ul class="tree">']
    for node in nodes:
        if node.opens:
            parts.append("<ul>")
        name = (
            escape(node.category.name)
            if public
            else format_html('<a href="{}{}/">{}</a>', detail_url, node.category.pk, node.category.name)
        )
        badge = format_html(' <strong class="badge">★ {}</strong>', prioritised_label) if node.prioritised else ""
        letters = format_html_join(
            "",
            ' <abbr class="letter" title="{} {}">{}</abbr>',
            ((region_label, letter, letter) for letter in node.letters),
        )
        links = ""
        if node.links:
            items = format_html_join(
                "",
                '<li><a href="{}" data-kind="{}">{}</a></li>',
                ((link.url, link.kind, link.label) for link in node.links),
            )
            links = format_html('<ul class="tree-links">{}</ul>', items)
        item = '<li class="prioritised">' if node.prioritised else "<li>"
        parts.append(format_html(item + '<span class="tree-name">{}</span>{}{}{}', name, badge, letters, links))
        if not node.leave_open:
            parts.append("</li>" + "</ul></li>" * len(node.closes))
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece above is escaped by format_html)
