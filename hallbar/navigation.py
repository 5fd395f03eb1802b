"""Where each person's work is: the navigation and the start page read this."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from base.cache import cached_figures, reader_of
from base.registry import WORK_KINDS, WorkItem, WorkItemKind, work_kinds_in_order
from regions.access import (
    Capability,
    contact_region_ids_of,
    coordinated_procurement_region_ids_of,
    has_capability,
    is_finance,
    is_steering,
    is_supplier_contact,
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str = ""


MENU = [
    (Capability.VIEW_PROGRAMME, _("Programmet"), "programme_overview"),
    (Capability.VIEW_DASHBOARD, _("Styrning"), "steering_dashboard"),
    (Capability.VIEW_DASHBOARD, _("Rapporter"), "report_list"),
    (Capability.VIEW_FINANCE, _("Ekonomi"), "finance_home"),
    (Capability.MEMBER, _("Kategorier"), "category_tree"),
    (Capability.MEMBER, _("Riskanalyser"), "risk_analysis_list"),
    (Capability.MEMBER, _("Krav"), "requirement_list"),
    (Capability.MEMBER, _("Revisioner"), "audit_list"),
    (Capability.MEMBER, _("Självskattningar"), "self_assessment_list"),
    (Capability.MEMBER, _("Leverantörer"), "supplier_list"),
    (Capability.RECORD_INCIDENTS, _("Incidenter"), "incident_list"),
    (Capability.MEMBER, _("Akademin"), "event_list"),
    (Capability.MEMBER, _("Regioner"), "region_list"),
    (Capability.MEMBER, _("Upphandlingsregioner"), "procurement_region_list"),
    (Capability.MANAGE_PEOPLE, _("Personer"), "person_list"),
    (Capability.MEMBER, _("Avgiftsbrev"), "fee_letter_list"),
    # A supplier's contact person holds none of the capabilities above: the menu shows only their pages.
    (Capability.ANSWER_FOR_SUPPLIER, _("Start"), "supplier_start"),
    (Capability.ANSWER_FOR_SUPPLIER, _("Självskattningar"), "supplier_start#sjalvskattningar"),
    (Capability.ANSWER_FOR_SUPPLIER, _("Avvikelser"), "supplier_deviations"),
]


def _url(name: str) -> str:
    """The URL of a menu entry: a URL name, optionally with an anchor on its page (``name#anchor``)."""
    name, _hash, anchor = name.partition("#")
    return reverse(name) + (f"#{anchor}" if anchor else "")


def menu(user) -> list[Link]:
    links = [Link(label, _url(name)) for capability, label, name in MENU if has_capability(user, capability)]
    if has_work_queue(user):
        links.insert(0, Link(work_label(known_work_count(user)), reverse("start") + f"#{WORK_ANCHOR}"))
    return links


# The work queue ("Mitt arbete") -----------------------------------------------------------------
#
# The apps register the kinds of item (base.registry.register_work, in their work.py); the start
# page lists each kind that applies to the person, most urgent first, with one query per kind.

WORK_ANCHOR = "mitt-arbete"
ROWS_PER_KIND = 5
# The menu of every page shows the count the start page last found: counting there would cost every
# page a query per kind. The start page counts again on its next visit after any record changed
# (and after login, which lands there).
WORK_COUNT_SECONDS = 10 * 60


@dataclass(frozen=True)
class WorkGroup:
    kind: WorkItemKind
    count: int
    items: Sequence[WorkItem]
    more_url: str = ""  # the list of all of them, when the kind names one

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def work_kinds_for(user) -> list[WorkItemKind]:
    """The kinds of item that concern ``user`` (each kind's access predicate); none for a supplier's
    contact person, who has a start page of their own."""
    if not has_capability(user, Capability.MEMBER):
        return []
    return [kind for kind in work_kinds_in_order() if kind.applies(user)]


def has_work_queue(user) -> bool:
    return bool(work_kinds_for(user))


def work_queue(user, limit: int = ROWS_PER_KIND) -> list[WorkGroup]:
    """The person's work, most urgent kind first: the kinds with something to do, each with its
    count and first ``limit`` items. Remembers the total for the menu (``known_work_count``).

    Kept with the cached figures until a record changes (base.cache), and for the day: the kinds
    that look at dates (overdue, due soon) count against today."""
    kinds = work_kinds_for(user)

    def compute():
        found = []
        for kind in kinds:
            count, items = kind.items(user, limit)
            if count:
                more_url = kind.more_url(user) if kind.more_url and count > len(items) else ""
                found.append((kind.key, count, list(items), more_url))
        return found

    day = timezone.localdate().isoformat()
    found = cached_figures(f"work-queue:{reader_of(user)}:{limit}:{get_language()}:{day}", compute)
    # A kind no longer registered (the queue was kept across a deploy) is left out, not an error.
    groups = [
        WorkGroup(WORK_KINDS[key], count, items, more_url) for key, count, items, more_url in found if key in WORK_KINDS
    ]
    cache.set(_work_count_key(user), sum(group.count for group in groups), WORK_COUNT_SECONDS)
    return groups


def known_work_count(user) -> int | None:
    """The total the start page last found for ``user``, None when it is not known (no query)."""
    return cache.get(_work_count_key(user))


def work_label(count: int | None) -> str:
    if count is None:
        return str(_("Mitt arbete"))
    return ngettext("Mitt arbete (%(count)s)", "Mitt arbete (%(count)s)", count) % {"count": count}


def _work_count_key(user) -> str:
    return f"hallbar:work-count:{user.pk}"


def workspaces(user) -> list[Link]:
    """The places a person's roles lead to, in the order of the roles' weight."""
    from regions.models import ProcurementRegion, Region

    links = []
    if is_supplier_contact(user):
        # A supplier's contact person has one place: their supplier's start page.
        links.append(Link(_("Start"), reverse("supplier_start"), _("Det som efterfrågas av er")))
    if has_capability(user, Capability.VIEW_PROGRAMME):
        links.append(
            Link(_("Programmet"), reverse("programme_overview"), _("Hela programmet, personer och inbjudningar"))
        )
    if is_steering(user):
        links.append(Link(_("Styrning"), reverse("steering_dashboard"), _("Mål och utfall för styrgruppen")))
    if is_finance(user):
        links.append(Link(_("Ekonomi"), reverse("finance_home"), _("Avgifter och årsbokslut")))
    coordinated = coordinated_procurement_region_ids_of(user)
    if coordinated:
        for procurement_region in ProcurementRegion.objects.filter(pk__in=coordinated):
            links.append(
                Link(str(procurement_region), procurement_region.get_absolute_url(), _("Din upphandlingsregion"))
            )
    contact_regions = contact_region_ids_of(user)
    if contact_regions:
        for region in Region.objects.filter(pk__in=contact_regions):
            links.append(Link(str(region), region.get_absolute_url(), _("Din region")))
    return links
