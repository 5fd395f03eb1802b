"""/metrics: request counts and latency by view, queries, the job outbox and the beat tasks, for the
addresses of METRICS_ALLOWED_IPS only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from base.models import OutboxJob

pytestmark = pytest.mark.django_db
URL = "/metrics"


def scrape(client, **headers) -> dict:
    """The page's samples: {(name, frozenset(labels)): value}."""
    response = client.get(URL, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_the_route_is_metrics():
    assert reverse("metrics") == URL


def test_a_scraper_asking_for_openmetrics_gets_it(client):
    response = client.get(URL, HTTP_ACCEPT="application/openmetrics-text; version=1.0.0")
    assert response["Content-Type"].startswith("application/openmetrics-text")
    body = response.content.decode()
    assert body.endswith("# EOF\n") and body.count("# EOF") == 1
    assert "hallbar_jobs_waiting 0" in body and "# TYPE hallbar_http_requests counter" in body


def test_requests_are_counted_and_timed_by_view_with_their_queries(client, anna):
    client.force_login(anna)
    before = scrape(client)
    for _ in range(2):
        assert client.get(reverse("region_list")).status_code == 200
    client.get("/finns-inte/")
    after = scrape(client)
    key = {"view": "region_list", "method": "GET", "status": "200"}
    assert value(after, "hallbar_http_requests_total", **key) - value(before, "hallbar_http_requests_total", **key) == 2
    assert (
        value(after, "hallbar_http_requests_total", view="<unresolved>", method="GET", status="404")
        - value(before, "hallbar_http_requests_total", view="<unresolved>", method="GET", status="404")
        == 1
    )
    count = "hallbar_http_request_duration_seconds_count"
    assert value(after, count, view="region_list") - value(before, count, view="region_list") == 2
    assert value(after, "hallbar_http_request_duration_seconds_sum", view="region_list") > 0
    queries = "hallbar_http_request_queries_sum"
    assert value(after, queries, view="region_list") - value(before, queries, view="region_list") >= 2
    assert (
        "hallbar_http_request_duration_seconds_bucket",
        frozenset({"view": "region_list", "le": "+Inf"}.items()),
    ) in after


def test_the_job_outbox_its_length_and_the_age_of_the_oldest_waiting(client):
    assert value(scrape(client), "hallbar_jobs_waiting") == 0
    assert value(scrape(client), "hallbar_jobs_oldest_waiting_age_seconds") == 0
    old = OutboxJob.objects.create(task="base.tasks.worker_heartbeat")
    OutboxJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    OutboxJob.objects.create(task="base.tasks.worker_heartbeat")
    OutboxJob.objects.create(task="base.tasks.worker_heartbeat", handed_over_at=timezone.now())
    samples = scrape(client)
    assert value(samples, "hallbar_jobs_waiting") == 2
    assert 2 * 3600 <= value(samples, "hallbar_jobs_oldest_waiting_age_seconds") < 2 * 3600 + 60


def test_each_beat_task_shows_its_last_success(client, settings):
    from base.tasks import worker_heartbeat

    entry = {"entry": "worker-heartbeat", "task": "base.tasks.worker_heartbeat"}
    assert value(scrape(client), "hallbar_beat_last_success_timestamp_seconds", **entry) == 0
    worker_heartbeat.delay()
    samples = scrape(client)
    now = timezone.now().timestamp()
    assert now - 60 < value(samples, "hallbar_beat_last_success_timestamp_seconds", **entry) <= now
    assert now - 60 < value(samples, "hallbar_worker_heartbeat_timestamp_seconds") <= now
    settings.CELERY_BEAT_SCHEDULE = {}  # an entry no longer scheduled is not reported
    assert ("hallbar_beat_last_success_timestamp_seconds", frozenset(entry.items())) not in scrape(client)


def test_the_page_takes_three_queries_whatever_it_reports(client, django_assert_num_queries):
    OutboxJob.objects.create(task="base.tasks.worker_heartbeat")
    with django_assert_num_queries(3):  # the waiting count, the oldest waiting, the heartbeats
        client.get(URL)


@pytest.mark.parametrize(
    ("allowed", "address", "status"),
    [
        (["127.0.0.1"], "127.0.0.1", 200),
        (["127.0.0.1"], "10.1.2.3", 404),
        (["10.0.0.0/8", "::1"], "10.1.2.3", 200),
        (["10.0.0.0/8", "::1"], "::1", 200),
        (["10.0.0.0/8"], "127.0.0.1", 404),
        ([], "127.0.0.1", 404),
    ],
)
def test_only_the_allowed_addresses_see_the_page(client, settings, allowed, address, status):
    settings.METRICS_ALLOWED_IPS = allowed
    response = client.get(URL, REMOTE_ADDR=address)
    assert response.status_code == status
    if status == 404:
        assert b"hallbar_" not in response.content


def test_behind_a_proxy_the_forwarded_address_counts(client, settings):
    # A request forwarded by a proxy nobody declared: its sender is unknown, even from 127.0.0.1.
    assert client.get(URL, HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get(URL, HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9").status_code == 404
    assert client.get(URL, HTTP_X_FORWARDED_FOR="203.0.113.9, 127.0.0.1").status_code == 200
    assert client.get(URL, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


def test_a_logged_in_person_elsewhere_is_refused_too(client, kansliet):
    client.force_login(kansliet)
    assert client.get(URL, REMOTE_ADDR="198.51.100.7").status_code == 404


def test_the_page_is_left_out_of_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("health")).status_code == 301
    assert client.get(URL).status_code == 200
