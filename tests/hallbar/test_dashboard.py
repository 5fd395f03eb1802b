"""The steering dashboard: goals against outcomes, charts with tables, and the figures entered by hand."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from hallbar.dashboard import evaluate
from hallbar.models import Goal, MetricValue, ReportText
from tests.query_counts import SESSION_QUERIES


def _row(html, goal_start):
    """The table row of the goal whose text starts with ``goal_start``, tags stripped."""
    row = re.search(rf"<tr>\s*<td>[^<]*</td>\s*<td>{re.escape(goal_start)}.*?</tr>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", row).replace("\u00a0", " ").split())


@pytest.fixture
def dashboard_2024(client, stina, demo_programme):
    client.force_login(stina)
    return client.get(reverse("steering_dashboard"), {"year": 2024}).content.decode()


def test_goals_show_last_year_this_year_and_whether_they_were_met(dashboard_2024):
    assert _row(dashboard_2024, "Nyhetsbrev med aktuella händelser").endswith("13 18 ✓ Uppfyllt")
    assert _row(dashboard_2024, "Ökat antal nyheter via webb").endswith("5 13 ✓ Uppfyllt")
    assert _row(dashboard_2024, "Ökat antal besökare på webben").endswith("– – Inget utfall ännu")
    assert _row(dashboard_2024, "Kvaliteten på uppföljningarna").endswith("Bedöms i verksamhetsrapporten")
    # measured by the academy: the four webinars of 2024
    assert _row(dashboard_2024, "Webinarier på aktuella teman").endswith("(målvärde: 4) – 4 ✓ Uppfyllt")


def test_a_figure_that_fell_is_not_met(client, stina, demo_programme):
    MetricValue.objects.filter(metric="newsletters", year=2024).update(value=12)
    client.force_login(stina)
    html = client.get(reverse("steering_dashboard"), {"year": 2024}).content.decode()
    assert _row(html, "Nyhetsbrev med aktuella händelser").endswith("13 12 ✗ Ej uppfyllt")


def test_every_chart_is_an_svg_with_a_table_of_the_same_figures(dashboard_2024):
    charts = re.findall(r"<figure class=\"chart\">.*?</figure>", dashboard_2024, re.S)
    # five entered by hand (web visitors: none yet), deepened risk analyses, adopted requirements (their national
    # uptake: no region has answered, so no chart), 3 of audits (follow-ups, office and factory audits, re-audits:
    # the 2024 report gives no deviation, summary or self-assessment review of 2022–2024, so none is recorded and
    # none is drawn), 3 of finance, 4 of incidents (opened, closed, and the two allegations with
    # cases open at the end of 2024: forced labour, debt bondage), 5 of the academy (participants, introduction
    # trainings, webinars, supplier trainings, certified coordinators); no self-assessment was sent through the
    # system by 2024
    assert len(charts) == 5 + 1 + 1 + 3 + 3 + 4 + 5
    for chart in charts:
        assert "<svg" in chart and 'role="img"' in chart and "<table" in chart
    fees = next(chart for chart in charts if "Avgifter från regionerna" in chart)
    assert "<caption>Avgifter från regionerna (tkr)</caption>" in fees
    assert re.search(r"<td class=\"num\">10\u00a0538</td>", fees)  # 2024, in kSEK, as the bars
    assert f'href="{reverse("fiscal_year_detail", args=[2024])}"' in fees


def test_the_dashboard_needs_no_javascript(dashboard_2024):
    assert "<script" not in dashboard_2024.split("</head>")[1]


def test_the_year_can_be_chosen(client, stina, demo_programme):
    client.force_login(stina)
    html = client.get(reverse("steering_dashboard"), {"year": 2023}).content.decode()
    assert "Mål och utfall 2023" in html
    assert _row(html, "Nyhetsbrev med aktuella händelser").endswith("– 13 Inget utfall ännu")
    assert "Mål och utfall 2025" in client.get(reverse("steering_dashboard"), {"year": "x"}).content.decode()


def test_the_dashboards_queries_do_not_grow_with_goals_years_or_figures(client, stina, demo_programme):
    client.force_login(stina)
    url = reverse("steering_dashboard") + "?year=2024"
    client.get(url)
    figures_changed()  # the figures computed, not read from the cache (tests/hallbar/test_dashboard_cache.py)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(2000, 2010):
        MetricValue.objects.create(metric="newsletters", year=year, value=year)
        Goal.objects.create(start_year=2024, end_year=2024, area="akademi", text=f"Mål {year}", kind="increase")
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # the user with memberships; goals; one per registered metric (6 entered by hand, the deepened risk
    # analyses, the adopted requirements, the uptake (regions, adoptions, uses), 9 of audits (6, and the
    # deviations closed at the desk, by re-audit, open at the year's end), 3 finance figures of 3 queries
    # each: years, fees, costs) and the three finance charts checking their year for a link; incidents:
    # opened, closed, and open at the year's end for each of the 7 allegations; 7 of the academy; 3 of
    # the self-assessments (sent, answered, valid at the year's end); and the figures entered for years
    # before the records (one)
    assert len(many) == SESSION_QUERIES + 1 + 6 + 1 + 1 + 3 + 9 + 3 * 3 + 3 + 2 + 7 + 7 + 3 + 1, sql


def test_the_secretariat_enters_the_years_figures(client, kansliet, demo_programme):
    client.force_login(kansliet)
    url = reverse("metric_values", args=[2025])
    assert client.get(url).status_code == 200
    response = client.post(url, {"newsletters": "20", "web_visitors": "15000", "media_articles": ""})
    assert response.status_code == 302
    assert dict(MetricValue.objects.filter(year=2025).values_list("metric", "value")) == {
        "newsletters": 20,
        "web_visitors": 15000,
    }
    assert MetricValue.objects.get(year=2025, metric="newsletters").history.first().history_user == kansliet


def test_a_negative_figure_is_refused(client, kansliet, demo_programme):
    client.force_login(kansliet)
    response = client.post(reverse("metric_values", args=[2025]), {"newsletters": "-1"})
    assert response.status_code == 400 and not MetricValue.objects.filter(year=2025).exists()


def test_the_secretariat_writes_the_reports_texts(client, kansliet, demo_programme):
    client.force_login(kansliet)
    url = reverse("report_texts", args=[2025])
    assert "Nationell och internationell samverkan" in client.get(url).content.decode()
    client.post(url, {"cooperation-text": "Ny text.", "cooperation-internal_note": "Bara för oss."})
    text = ReportText.objects.get(year=2025, section="cooperation")
    assert (text.text, text.internal_note) == ("Ny text.", "Bara för oss.")
    assert not ReportText.objects.filter(year=2025, section="statement").exists()


@pytest.mark.parametrize("persona", ["stina", "frida", "anna"])
def test_only_the_secretariat_edits_figures_and_texts(client, request, persona, demo_programme):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("metric_values", args=[2025]), {"newsletters": "1"}).status_code == 404
    assert client.post(reverse("report_texts", args=[2025]), {"cooperation-text": "x"}).status_code == 404
    assert not MetricValue.objects.filter(year=2025).exists()


@pytest.mark.parametrize(
    ("kind", "target", "value", "previous", "status"),
    [
        ("increase", None, 18, 13, "met"),
        ("increase", None, 13, 13, "not_met"),
        ("increase", None, 13, None, "no_data"),
        ("min_count", 4, 4, None, "met"),
        ("min_count", 4, 3, None, "not_met"),
        ("min_total", 8, None, 8, "no_data"),
        ("all_offered", None, 100, None, "met"),
        ("all_offered", None, 95, None, "not_met"),
        ("qualitative", None, 5, 1, "qualitative"),
    ],
)
def test_goals_are_judged_by_their_kind(kind, target, value, previous, status):
    goal = Goal(kind=kind, target=target, metric="x")
    assert evaluate(goal, value, previous) == status


def test_years_in_links_and_choices_are_not_grouped_like_amounts(client, kansliet, demo_programme):
    client.force_login(kansliet)
    html = client.get(reverse("steering_dashboard"), {"year": 2024}).content.decode()
    assert '<option value="2024" selected>' in html
    assert "2\u00a0024" not in html
    assert "?year=2024" in client.get(reverse("metric_values", args=[2024])).content.decode()


def test_a_year_before_the_records_shows_its_entered_figure_as_the_report_does(client, stina, demo_programme):
    """2023's audits are known only as the published total: the dashboard shows the entered 42, not '–'."""
    MetricValue.objects.update_or_create(metric="follow_ups", year=2023, defaults={"value": 42, "source": "Test"})
    figures_changed()
    client.force_login(stina)
    page = client.get(reverse("steering_dashboard") + "?year=2024").content.decode()
    follow_ups = next(
        chart
        for chart in re.findall(r"<figure class=\"chart\">.*?</figure>", page, re.S)
        if '<td class="num">42</td>' in chart
    )
    assert '<th scope="col" class="num">2023</th>' in follow_ups
