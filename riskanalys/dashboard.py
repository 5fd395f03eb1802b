"""Risk analyses for the steering dashboard: the published deepened analyses per year."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.registry import Metric, register_metric
from riskanalys.models import RiskAnalysis


def deepened_per_year(years):
    published = RiskAnalysis.objects.unscoped().filter(
        year__in=years, kind=RiskAnalysis.Kind.DEEPENED, status=RiskAnalysis.Status.PUBLISHED
    )
    return dict(published.values_list("year").annotate(n=Count("pk")).order_by())


register_metric(
    Metric(
        "deepened_risk_analyses",
        _("Fördjupade riskanalyser"),
        deepened_per_year,
        link=lambda year: f"{reverse('risk_analysis_list')}?year={year}&kind=deepened",
        in_brief=True,
        order=100,
    )
)
