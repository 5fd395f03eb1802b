"""Audits for the steering dashboard (aggregated over every procurement region), and the published
audit summaries as links on the category tree.

Deviations are counted three ways, with one label each wherever they are shown (the dashboard, the
report): closed by desk verification of the supplier's evidence and closed by a re-audit (verified
on site), in the year of the verification; and open at the end of each year (this year: now). A
year with nothing recorded is left out, so it reads "–" (docs/decisions/0006)."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.registry import Metric, register_metric
from revisioner.models import Audit, Deviation
from riskanalys.tree import Link, register_category_links


def _performed(*kinds):
    """Audits performed per year, of ``kinds`` (every kind if none): one query for all the years."""

    def values(years):
        audits = Audit.objects.unscoped().performed().filter(year__in=years)
        if kinds:
            audits = audits.filter(kind__in=kinds)
        return dict(audits.values_list("year").annotate(n=Count("pk")).order_by())

    return values


def published_summaries_per_year(years):
    """Summaries approved for publication per year of approval."""
    published = Audit.objects.unscoped().with_summary_published().filter(summary_approved_at__year__in=years)
    return dict(published.values_list("summary_approved_at__year").annotate(n=Count("pk")).order_by())


def deviations_per_year(years):
    """Deviations found by the audits of each year."""
    found = Deviation.objects.unscoped().filter(audit__year__in=years)
    return dict(found.values_list("audit__year").annotate(n=Count("pk")).order_by())


def closed_per_year(method):
    """Deviations verified closed by ``method`` (desk or on site), per year of the verification."""

    def values(years):
        closed = Deviation.objects.unscoped().filter(
            status=Deviation.Status.VERIFIED, verification_method=method, verified_at__year__in=years
        )
        return dict(closed.values_list("verified_at__year").annotate(n=Count("pk")).order_by())

    return values


def year_ends(years) -> dict[int, datetime.datetime]:
    """The moment each year's figure is read at: the end of the year, or now for this year (a year
    still to come has none)."""
    now, zone = timezone.now(), timezone.get_current_timezone()
    return {
        year: min(datetime.datetime(year + 1, 1, 1, tzinfo=zone), now)
        for year in years
        if datetime.datetime(year, 1, 1, tzinfo=zone) <= now
    }


def open_at_year_end(years):
    """Deviations open at the end of each year (this year: now), for the years in which any deviation
    had been found by then; one query for all the years. A deviation verified after the year's end
    was open at it."""
    ends = year_ends(years)
    if not ends:
        return {}
    counts = Deviation.objects.unscoped().aggregate(
        **{f"found_{year}": Count("pk", filter=Q(created_at__lt=end)) for year, end in ends.items()},
        **{
            f"open_{year}": Count(
                "pk",
                filter=Q(created_at__lt=end) & (Q(status=Deviation.Status.OPEN) | Q(verified_at__gte=end)),
            )
            for year, end in ends.items()
        },
    )
    return {year: counts[f"open_{year}"] for year in ends if counts[f"found_{year}"]}


def _open_deviations(year):
    if year == timezone.localdate().year:
        return f"{reverse('deviation_list')}?status={Deviation.Status.OPEN}"
    return _statistics(year)


def _audits_of(kind=""):
    def link(year):
        return f"{reverse('audit_list')}?year={year}" + (f"&kind={kind}" if kind else "")

    return link


def _statistics(year):
    return f"{reverse('audit_statistics')}?year={year}"


register_metric(
    Metric(
        "follow_ups",
        _("Uppföljningar av leverantörer (revisioner och granskningar)"),
        _performed(),
        link=_statistics,
        in_brief=True,
        order=300,
    )
)
register_metric(
    Metric(
        "office_factory_audits",
        _("Kontors- och fabriksrevisioner"),
        _performed(Audit.Kind.OFFICE, Audit.Kind.FACTORY),
        link=_audits_of(),
        order=301,
    )
)
register_metric(
    Metric(
        "re_audits",
        _("Återrevisioner"),
        _performed(Audit.Kind.RE_AUDIT),
        link=_audits_of(Audit.Kind.RE_AUDIT),
        order=302,
    )
)
# A completed review of a self-assessment (sjalvskattning.services.complete_review) is an audit of
# this kind, performed in the year of the review: the goal "reviewed self-assessments shall
# increase" counts it, with the reviews of self-assessments recorded before the suppliers answered
# in the system.
SELF_ASSESSMENT_REVIEWS = register_metric(
    Metric(
        "self_assessment_reviews",
        _("Granskade självskattningar"),
        _performed(Audit.Kind.SELF_ASSESSMENT),
        link=_audits_of(Audit.Kind.SELF_ASSESSMENT),
        order=303,
    )
)
register_metric(
    Metric("deviations", _("Avvikelser i årets revisioner"), deviations_per_year, link=_statistics, order=304)
)
DEVIATIONS_CLOSED_AT_DESK = register_metric(
    Metric(
        "deviations_closed_at_desk",
        _("Avvikelser stängda genom skrivbordsverifiering"),
        closed_per_year(Deviation.Verification.DESK),
        link=_statistics,
        order=306,
    )
)
DEVIATIONS_CLOSED_ON_SITE = register_metric(
    Metric(
        "deviations_closed_on_site",
        _("Avvikelser stängda genom återrevision (verifierade på plats)"),
        closed_per_year(Deviation.Verification.ON_SITE),
        link=_statistics,
        order=307,
    )
)
DEVIATIONS_OPEN = register_metric(
    Metric(
        "deviations_open",
        _("Öppna avvikelser vid årets slut (i år: i dag)"),
        open_at_year_end,
        link=_open_deviations,
        order=308,
    )
)
# The deviations' figures, in the order the dashboard and the report show them.
DEVIATION_FIGURES = [DEVIATIONS_CLOSED_AT_DESK, DEVIATIONS_CLOSED_ON_SITE, DEVIATIONS_OPEN]
register_metric(
    Metric(
        "published_audit_summaries",
        _("Publicerade sammanfattningar av revisioner"),
        published_summaries_per_year,
        link=lambda year: reverse("public_audit_list"),
        order=305,
    )
)


@register_category_links
def audit_summary_links(user):
    """A category's published audit summaries, on the member's and the public tree alike: an
    approved summary is public, whoever reads the tree. One query."""
    links, url = {}, reverse("public_audit_summary", args=[0]).removesuffix("0/")
    published = (
        Audit.objects.unscoped()
        .with_summary_published()
        .order_by("-year", "supplier__name")
        .values_list("pk", "category_id", "kind", "supplier__name", "year")
    )
    for pk, category_id, kind, supplier, year in published:
        label = f"{Audit.Kind(kind).label}: {supplier} ({year})"
        links.setdefault(category_id, []).append(Link(label, f"{url}{pk}/", "audit_summary"))
    return links
