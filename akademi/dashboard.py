"""The academy's figures for the steering dashboard: events held per kind against the yearly
targets, certified coordinators, participants, and newcomers offered an introduction training."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akademi import statistics
from akademi.models import Event
from base.registry import Metric, register_metric


def _held(*kinds):
    def values(years):
        return statistics.events_per_year(years, *kinds)

    return values


def _events_of(kind=""):
    def link(year):
        return f"{reverse('event_list')}?year={year}" + (f"&kind={kind}" if kind else "")

    return link


for order, (key, label, kind) in enumerate(
    [
        ("introduction_trainings", _("Introduktionsutbildningar"), Event.Kind.INTRODUCTION),
        ("webinars", _("Webinarier"), Event.Kind.WEBINAR),
        ("supplier_trainings", _("Leverantörsutbildningar"), Event.Kind.SUPPLIER_TRAINING),
        ("auditor_calibrations", _("Kalibreringar av revisorer"), Event.Kind.CALIBRATION),
    ]
):
    register_metric(Metric(key, label, _held(kind), link=_events_of(kind), order=401 + order))

register_metric(
    Metric(
        "academy_participants",
        _("Deltagare i akademins evenemang"),
        statistics.participants_per_year,
        link=_events_of(),
        in_brief=True,
        order=400,
    )
)
register_metric(
    Metric(
        "certified_coordinators",
        _("Diplomerade samordnare (totalt)"),
        statistics.certified_in_all,
        link=lambda year: reverse("diploma_list"),
        order=405,
    )
)
register_metric(
    Metric(
        "newcomers_offered_percent",
        _("Nya i nätverket som erbjudits introduktionsutbildning"),
        statistics.newcomers_offered_percent,
        unit="%",
        link=lambda year: f"{reverse('academy_newcomers')}?year={year}",
        order=406,
    )
)
