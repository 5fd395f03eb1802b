"""Participants recorded as a lower bound ("över 140", as the activity report publishes them) stay
lower bounds in every total: the dashboard's figure, the report's section and the event list's download."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone

from akademi.documents import EVENT_COLUMNS
from akademi.models import Event
from akademi.report import training_context
from akademi.statistics import participants_per_year, with_participants
from base.formats import AtLeast, add_figures, figure
from tests.akademi.builders import event

pytestmark = pytest.mark.django_db


def test_a_lower_bound_prints_over_n_and_a_sum_with_one_stays_a_lower_bound():
    assert figure(AtLeast(1560)) == "över 1\u00a0560" and figure(140) == "140" and figure(None) == "–"
    assert add_figures([70, AtLeast(70)]) == 140 and add_figures([70, AtLeast(70)]).lower_bound
    assert not getattr(add_figures([70, 70]), "lower_bound", False) and add_figures([None, None]) is None
    assert Template("{% load hallbar_format %}{{ n|kr }}").render(Context({"n": AtLeast(560)})) == "över 560"


def test_recorded_lower_bounds_reach_the_dashboard_the_report_and_the_download(reference):
    year = timezone.localdate().year
    event(Event.Kind.INTRODUCTION, days=-3, recorded_participants=70, recorded_participants_lower_bound=True)
    event(Event.Kind.INTRODUCTION, days=-2, recorded_participants=70, recorded_participants_lower_bound=True)
    event(Event.Kind.WEBINAR, days=-1, recorded_participants=40)
    event(Event.Kind.CONFERENCE, days=-1)  # nothing recorded: counts no participant, prints "–"

    total = participants_per_year([year])[year]
    assert total == 180 and total.lower_bound
    context = training_context(year)
    rows = {row["label"]: row["participants"] for row in context["kinds"]}
    assert figure(rows["Introduktionsutbildning"]) == "över 140" and figure(rows["Webinarium"]) == "40"
    html = render_to_string("akademi/report_section.html", context)
    conference = html[html.index("<td>Konferens</td>") :]
    assert conference[: conference.index("</tr>")].endswith('<td class="num">–</td>')  # nothing recorded, not 0
    assert figure(context["internal_participants"]) == "över 140" and figure(context["participants"]) == "över 180"

    column = next(column for column in EVENT_COLUMNS if str(column.label) == "Deltagare som redovisat")
    shown = sorted(column.value(e) for e in with_participants(Event.objects.all()))
    assert shown == ["40", "över 70", "över 70", "–"]


def test_the_event_downloads_sum_row_reads_over_n_when_a_figure_is_a_lower_bound(client, kansliet):
    from django.urls import reverse

    event(Event.Kind.INTRODUCTION, days=-3, recorded_participants=140, recorded_participants_lower_bound=True)
    event(Event.Kind.WEBINAR, days=-1, recorded_participants=40)
    client.force_login(kansliet)
    body = b"".join(client.get(reverse("event_list"), {"format": "csv"}).streaming_content)
    lines = body.decode("utf-8-sig").splitlines()
    heading = lines[0].split(";")
    participants = heading.index("Deltagare")
    total = lines[-1].split(";")
    assert total[participants] == "över 180", lines
    assert sorted(line.split(";")[participants] for line in lines[1:-1]) == ["40", "över 140"]
