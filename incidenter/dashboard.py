"""Incident cases for the steering dashboard: counts only, over every case whatever its
confidentiality (the steering group never reads a case itself, so no figure links to the cases)."""

import datetime

from django.db.models import Count, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.registry import Metric, register_metric
from incidenter.models import Allegation, Incident, IncidentAllegation


def opened_per_year(years):
    opened = Incident.objects.unscoped().filter(opened_on__year__in=years)
    return dict(opened.values_list("opened_on__year").annotate(n=Count("pk")).order_by())


def closed_per_year(years):
    closed = Incident.objects.unscoped().filter(closed_on__year__in=years)
    return dict(closed.values_list("closed_on__year").annotate(n=Count("pk")).order_by())


def open_at_year_end(kind):
    """Cases about ``kind`` still open at the end of each year: one query for all the years."""

    def values(years):
        if not years:
            return {}
        allegations = IncidentAllegation.objects.filter(kind=kind)
        counts = allegations.aggregate(
            **{
                str(year): Count(
                    "incident",
                    filter=Q(incident__opened_on__lte=datetime.date(year, 12, 31))
                    & (Q(incident__closed_on__isnull=True) | Q(incident__closed_on__gt=datetime.date(year, 12, 31))),
                )
                for year in years
            }
        )
        return {int(year): n for year, n in counts.items() if n}

    return values


register_metric(Metric("incidents_opened", _("Inledda incidentärenden"), opened_per_year, order=400))
register_metric(Metric("incidents_closed", _("Avslutade incidentärenden"), closed_per_year, order=401))
for position, (kind, label) in enumerate(Allegation.choices):
    register_metric(
        Metric(
            f"incidents_open_{kind}",
            format_lazy("{}: {}", _("Pågående ärenden vid årets slut"), label),
            open_at_year_end(kind),
            order=410 + position,
        )
    )
