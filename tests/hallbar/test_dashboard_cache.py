"""The steering dashboard's figures come from the cache until a record they are computed from
changes: a page shows the saved figure at once, and a page read from the cache asks a few queries
whatever the size of the data. The goals and charts are kept rendered, per year and language."""

import pytest
from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallbar.dashboard import series_for
from hallbar.models import Goal, MetricValue
from regions.access import Visibility
from riskanalys.models import Category, RiskAnalysis
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db

YEARS = [2022, 2023, 2024]


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_dashboard_from_the_cache_asks_only_for_the_person_at_two_sizes_of_data(client, stina, demo_programme):
    client.force_login(stina)
    url = reverse("steering_dashboard") + "?year=2024"
    client.get(url)  # the session's first touch is not the page's
    computed = _queries(client, url)  # the figures were cached by the first request
    MetricValue.objects.create(metric="newsletters", year=2015, value=1)  # a change: computed again
    recomputed = _queries(client, url)
    cached = _queries(client, url)
    # the user with their memberships: the goals and charts are kept rendered with the figures
    assert len(cached) == SESSION_QUERIES, "\n".join(cached)
    assert len(recomputed) > 30 and len(computed) == len(cached)

    for year in range(2000, 2010):
        MetricValue.objects.create(metric="newsletters", year=year, value=year)
        Goal.objects.create(start_year=2024, end_year=2024, area="akademi", text=f"Mål {year}", kind="increase")
    assert len(_queries(client, url)) == len(recomputed)
    assert len(_queries(client, url)) == SESSION_QUERIES


def test_a_saved_or_deleted_figure_is_shown_at_once(reference):
    assert series_for(YEARS)["newsletters"] == {}
    figure = MetricValue.objects.create(metric="newsletters", year=2024, value=12)
    assert series_for(YEARS)["newsletters"] == {2024: 12}
    figure.value = 14
    figure.save()
    assert series_for(YEARS)["newsletters"] == {2024: 14}
    figure.delete()
    assert series_for(YEARS)["newsletters"] == {}


def test_a_record_of_another_app_changes_its_figure_at_once(reference):
    category = Category.objects.add_root({"name": "Handskar"})
    assert series_for(YEARS)["deepened_risk_analyses"] == {}
    analysis = RiskAnalysis.objects.create(
        category=category,
        year=2024,
        kind=RiskAnalysis.Kind.DEEPENED,
        product_area="Handskar",
        procurement_region=factories.procurement_region("A"),
        status=RiskAnalysis.Status.PUBLISHED,
        visibility=Visibility.NETWORK,
    )
    assert series_for(YEARS)["deepened_risk_analyses"] == {2024: 1}
    analysis.year = 2023
    analysis.save()
    assert series_for(YEARS)["deepened_risk_analyses"] == {2023: 1}


def test_the_rendered_figures_follow_the_language_and_a_change_at_once(client, stina, demo_programme):
    client.force_login(stina)
    url = reverse("steering_dashboard") + "?year=2024"
    assert "Programmets mål" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Programmets mål" not in english and "Utvecklingen sedan 2022" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    MetricValue.objects.update_or_create(metric="newsletters", year=2024, defaults={"value": 987})
    assert ">987<" in client.get(url).content.decode()


def test_a_login_keeps_the_cached_figures(client, stina, kansliet, demo_programme):
    client.force_login(stina)
    url = reverse("steering_dashboard") + "?year=2024"
    client.get(url)
    assert len(_queries(client, url)) == SESSION_QUERIES
    update_last_login(None, kansliet)  # what a successful login saves
    assert len(_queries(client, url)) == SESSION_QUERIES
