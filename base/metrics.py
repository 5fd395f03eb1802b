"""The metrics at /metrics, in Prometheus's text format (prometheus_client, the reference client).

- ``hallbar_http_requests_total{view,method,status}``, ``hallbar_http_request_duration_seconds{view}``
  and ``hallbar_http_request_queries{view}`` (database queries per request; its ``_sum`` is the total):
  counted by ``base.middleware.RequestLogMiddleware`` from the figures of its log line.
- ``hallbar_jobs_waiting`` and ``hallbar_jobs_oldest_waiting_age_seconds``: the job outbox
  (``base.models.OutboxJob`` not yet handed to the broker), read when the metrics are asked for.
- ``hallbar_beat_last_success_timestamp_seconds{entry,task}``: when each entry of
  ``CELERY_BEAT_SCHEDULE`` last ran to success (``base.jobs`` records it), and
  ``hallbar_worker_heartbeat_timestamp_seconds``.

The request figures live in the process that answered (with several gunicorn workers set
``PROMETHEUS_MULTIPROC_DIR`` to a directory they share, emptied at start: prometheus_client then
adds up every worker's). The page answers only the addresses of ``METRICS_ALLOWED_IPS`` (addresses
or networks; 127.0.0.1 unless set), everyone else gets 404. Behind a proxy the client's address is
read from X-Forwarded-For, trusting ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies; a forwarded request
when no proxy is trusted is refused (its sender is unknown).
"""

import ipaddress
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder

from base.jobs import waiting_summary
from base.models import Heartbeat

# Whatever method a client invents is one label value, so the series stay few.
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNRESOLVED = "<unresolved>"  # a request answered before or without a URL pattern (static files, 404s)
BEAT_PREFIX = "beat:"

REQUESTS = Counter(
    "hallbar_http_requests", "Requests answered, by view, method and status.", ["view", "method", "status"]
)
LATENCY = Histogram(
    "hallbar_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Histogram(
    "hallbar_http_request_queries",
    "Database queries per request, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200, 500),
)


def observe_request(view: str | None, method: str, status: int, seconds: float, queries: int) -> None:
    view = view or UNRESOLVED
    REQUESTS.labels(view, method if method in METHODS else "other", str(status)).inc()
    LATENCY.labels(view).observe(seconds)
    QUERIES.labels(view).observe(queries)


class DatabaseCollector:
    """The figures read from the database when the metrics are asked for: three queries a scrape."""

    def collect(self):
        waiting, oldest = waiting_summary()
        yield GaugeMetricFamily("hallbar_jobs_waiting", "Jobs in the outbox not yet handed to the broker.", waiting)
        yield GaugeMetricFamily(
            "hallbar_jobs_oldest_waiting_age_seconds",
            "Age of the oldest job waiting in the outbox (0 when none waits).",
            oldest.total_seconds() if oldest else 0,
        )
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", {})
        beats = GaugeMetricFamily(
            "hallbar_beat_last_success_timestamp_seconds",
            "When each periodic task last ran to success (Unix time); absent until it first has.",
            labels=["entry", "task"],
        )
        worker = GaugeMetricFamily(
            "hallbar_worker_heartbeat_timestamp_seconds", "When a worker last ran the heartbeat task (Unix time)."
        )
        for name, beat_at in Heartbeat.objects.values_list("name", "beat_at"):
            if name.startswith(BEAT_PREFIX) and name[len(BEAT_PREFIX) :] in schedule:
                entry = name[len(BEAT_PREFIX) :]
                beats.add_metric([entry, schedule[entry]["task"]], beat_at.timestamp())
            elif name == "worker":
                worker.add_metric([], beat_at.timestamp())
        yield beats
        yield worker


class _ProcessCollector:
    """This process's metrics (prometheus_client's default registry) as one collector among others."""

    def collect(self):
        yield from REGISTRY.collect()


def exposition(accept: str = "") -> tuple[bytes, str]:
    """The page and its content type: this process's metrics (with PROMETHEUS_MULTIPROC_DIR, every
    worker's) and the database's, in the format the scraper asks for (Prometheus text, OpenMetrics)."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessCollector())
    registry.register(DatabaseCollector())
    encoder, content_type = choose_encoder(accept)
    return encoder(registry), content_type


def client_address(request) -> str | None:
    """The address the request came from, or None when it cannot be known (a proxy nobody trusts)."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("X-Forwarded-For")
    if not forwarded:
        return request.META.get("REMOTE_ADDR")
    hops = [hop.strip() for hop in forwarded.split(",")]
    if proxies <= 0 or len(hops) < proxies:
        return None
    return hops[-proxies]


def is_allowed(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    allowed = getattr(settings, "METRICS_ALLOWED_IPS", ["127.0.0.1"])
    return any(ip in ipaddress.ip_network(entry, strict=False) for entry in allowed)


def metrics_view(request):
    """/metrics for the addresses of METRICS_ALLOWED_IPS; a 404 for everyone else (it does not exist)."""
    if not is_allowed(client_address(request)):
        raise Http404
    body, content_type = exposition(request.headers.get("Accept", ""))
    return HttpResponse(body, content_type=content_type)
