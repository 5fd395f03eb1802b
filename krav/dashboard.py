"""Harmonised requirements for the steering dashboard, and their links on the category tree."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.registry import Metric, register_metric
from krav.models import Requirement, RequirementVersion
from riskanalys.tree import Link, register_category_links


def adopted_per_year(years):
    adopted = RequirementVersion.objects.filter(adopted_at__year__in=years)
    return dict(adopted.values_list("adopted_at__year").annotate(n=Count("pk")).order_by())


register_metric(
    Metric(
        "requirements_adopted",
        _("Antagna harmoniserade krav"),
        adopted_per_year,
        link=lambda year: reverse("requirement_list"),
        in_brief=True,
        order=200,
    )
)


def national_uptake_percent(years):
    """For each year: of every (adopted version × region) by the year's end, the share in use
    (fully or partly) since that year or earlier. A year for which no region has answered for any
    version adopted by then has no share ("–"), never 0 %. Two queries for all the years."""
    from django.db.models.functions import ExtractYear

    from krav.models import Uptake
    from regions.models import Region

    regions = Region.objects.count()
    adopted = RequirementVersion.objects.filter(adopted_at__isnull=False).annotate(year=ExtractYear("adopted_at"))
    adopted_years = list(adopted.values_list("year", flat=True))
    answers = Uptake.objects.filter(version__adopted_at__isnull=False).annotate(
        adopted_year=ExtractYear("version__adopted_at"), since_year=ExtractYear("since")
    )
    rows = list(answers.values_list("used", "since_year", "adopted_year"))
    used_years = [since for used, since, _adopted in rows if used in ("yes", "partly") and since is not None]
    values = {}
    for year in years:
        possible = regions * sum(1 for adopted_year in adopted_years if adopted_year <= year)
        answered = any(adopted_year <= year for _used, _since, adopted_year in rows)
        if possible and answered:
            values[year] = round(100 * sum(1 for used_year in used_years if used_year <= year) / possible)
    return values


register_metric(
    Metric(
        "requirements_uptake_percent",
        _("Regionernas användning av antagna krav (%)"),
        national_uptake_percent,
        link=lambda year: reverse("uptake_matrix"),
        in_brief=True,
        order=201,
    )
)


@register_category_links
def requirement_links(user):
    """A category's adopted requirements, on the member's and the public tree alike."""
    links = {}
    pairs = Requirement.categories.through.objects.filter(
        requirement__versions__status=RequirementVersion.Status.ADOPTED
    ).values_list("category_id", "requirement_id", "requirement__title")
    url = reverse("public_requirements") if user is None else None
    for category_id, requirement_id, title in pairs:
        target = url or reverse("requirement_detail", args=[requirement_id])
        links.setdefault(category_id, []).append(Link(title, target, "requirement"))
    return links
