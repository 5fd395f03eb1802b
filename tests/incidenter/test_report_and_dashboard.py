"""The 2024 report prints each case handled in the year from its published summary only; the
dashboard counts cases; the steering group reads no confidential text in either."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from base.registry import METRICS, SECTIONS
from incidenter import demo, services
from incidenter.models import Incident, Outcome
from regions.access import Visibility

pytestmark = pytest.mark.django_db


def _section_html(year):
    section = SECTIONS["incidents"]
    context = section.build(year)
    return render_to_string(section.template, context) if context else ""


def test_the_six_cases_of_2024_are_in_the_report_from_their_summaries(demo_programme):
    html = " ".join(_section_html(2024).split())
    assert "Under 2024 har 6 ärenden hanterats." in html
    for title in demo.SUMMARIES:
        assert title in html
    assert "Region Dalarna hävde ramavtalet med Bake My Day" in html
    assert "isotopanalys" in html and "Electronics Watch" in html
    # the internal description (allegation and outcome so far from the register) is not printed
    assert "Tvångsarbete och skuldslaveri." not in html


def test_the_demo_is_idempotent(demo_programme):
    count = Incident.objects.unscoped().count()
    demo.seed()
    assert count == 6 == Incident.objects.unscoped().count()


def test_no_confidential_text_reaches_the_report_or_the_dashboard(client, stina, anna, open_case):
    secret = open_case(anna, title="HEMLIG RUBRIK", description="HEMLIG BESKRIVNING")
    services.save_summary(acting_user=anna, incident=secret, summary="HEMLIG SAMMANFATTNING")
    shared = open_case(anna, title="Delat ärende", visibility=Visibility.NETWORK)
    services.save_summary(acting_user=anna, incident=shared, summary="Nätverket följer upp leverantören.")
    html = _section_html(2024)
    assert "HEMLIG" not in html
    assert "Nätverket följer upp leverantören." in html and "1 ärende utreds fortfarande under sekretess" in html
    client.force_login(stina)
    dashboard = client.get(reverse("steering_dashboard"), {"year": 2024}).content.decode()
    assert "HEMLIG" not in dashboard and "Inledda incidentärenden" in dashboard
    # … and once closed, its summary is what is published
    services.record_outcome(
        acting_user=anna, incident=secret, outcome=Outcome(kind="dialogue", decided_on=datetime.date(2024, 9, 1))
    )
    services.close_case(acting_user=anna, incident=secret, summary="Ärendet avslutades efter dialog.",
                        closed_on=datetime.date(2024, 10, 1))  # fmt: skip
    html = _section_html(2024)
    assert "Ärendet avslutades efter dialog." in html and "HEMLIG BESKRIVNING" not in html
    # … under a neutral heading: the title of a case never shared was not written for publication
    assert "HEMLIG RUBRIK" not in html and f"Ärende {secret.pk}" in html


def test_the_dashboard_counts_opened_closed_and_open_by_allegation(demo_programme):
    assert METRICS["incidents_opened"].values([2023, 2024]) == {2024: 6}
    assert METRICS["incidents_closed"].values([2024]) == {2024: 2}
    assert METRICS["incidents_open_forced_labour"].values([2024]) == {2024: 4}
    assert METRICS["incidents_open_debt_bondage"].values([2024]) == {2024: 1}
    assert METRICS["incidents_open_corruption"].values([2024]) == {}


def test_a_year_without_cases_has_no_section(demo_programme):
    assert SECTIONS["incidents"].build(2019) is None
