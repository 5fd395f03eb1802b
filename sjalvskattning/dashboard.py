"""Self-assessments for the steering dashboard: questionnaires sent and answered per year, and the
reviewed self-assessments still valid at the end of each year (this year: today).

The reviews themselves are audits of the kind "Granskning av självskattning" (``complete_review``
creates one): revisioner's metric ``self_assessment_reviews`` counts them for the goal "reviewed
self-assessments shall increase", together with the reviews recorded before the suppliers answered
in the system, so they are not counted a second time here. A year with nothing recorded is left out
and reads "–" (docs/decisions/0006)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.registry import Metric, register_metric
from revisioner.dashboard import year_ends
from sjalvskattning.models import Request


def sent_per_year(years):
    """Questionnaires sent to suppliers, per year sent (a withdrawn one was sent too)."""
    sent = Request.objects.unscoped().filter(sent_at__year__in=years)
    return dict(sent.values_list("sent_at__year").annotate(n=Count("pk")).order_by())


def answered_per_year(years):
    """Questionnaires the suppliers submitted, per year of the (latest) submission."""
    answered = Request.objects.unscoped().filter(submitted_at__year__in=years)
    return dict(answered.values_list("submitted_at__year").annotate(n=Count("pk")).order_by())


def valid_at_year_end(years):
    """Reviewed self-assessments valid on the last day of each year (this year: today), for the
    years by whose end any self-assessment had been reviewed; one query for all the years."""
    ends = year_ends(years)
    if not ends:
        return {}
    days = {year: timezone.localdate(end - datetime.timedelta(microseconds=1)) for year, end in ends.items()}
    reviewed = Request.objects.unscoped().filter(status=Request.Status.REVIEWED)
    counts = reviewed.aggregate(
        **{f"reviewed_{year}": Count("pk", filter=Q(reviewed_at__lt=end)) for year, end in ends.items()},
        **{
            f"valid_{year}": Count("pk", filter=Q(reviewed_at__lt=end, valid_until__gte=days[year]))
            for year, end in ends.items()
        },
    )
    return {year: counts[f"valid_{year}"] for year in ends if counts[f"reviewed_{year}"]}


SELF_ASSESSMENTS_SENT = register_metric(
    Metric("self_assessments_sent", _("Skickade självskattningar"), sent_per_year, order=310)
)
SELF_ASSESSMENTS_ANSWERED = register_metric(
    Metric("self_assessments_answered", _("Besvarade självskattningar"), answered_per_year, order=311)
)
SELF_ASSESSMENTS_VALID = register_metric(
    Metric(
        "self_assessments_valid",
        _("Giltiga granskade självskattningar vid årets slut (i år: i dag)"),
        valid_at_year_end,
        order=312,
    )
)
