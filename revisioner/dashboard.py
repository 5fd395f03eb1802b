"""Audits for the steering dashboard (aggregated over every procurement region), and the published
audit summaries as links on the category tree."""

from django.db.models import Count
from django.urls import reverse
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
register_metric(
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
