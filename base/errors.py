"""Errors an operator hears of: Sentry (sentry-sdk, switched on by SENTRY_DSN) and the 500 page.

``init_sentry`` is called by the settings only when ``SENTRY_DSN`` is set. The SDK's Django and
Celery integrations report the exceptions of requests and jobs; nothing personal goes with them
(``send_default_pii`` at its default, off: no user, no address, no cookies; no request bodies, no local variables, no
command-line arguments),
the request's URL and the breadcrumbs are masked as the log is (``base.logs``), and each event is
tagged with the ``request_id`` (or ``job_id``) the log lines carry, which the 500 page shows the
person so they can quote it.
"""

import sentry_sdk
from django.http import HttpResponseServerError
from django.template import loader
from sentry_sdk.integrations.argv import ArgvIntegration
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

from base import logs

# Their lines repeat what the SDK reports itself, or say nothing of an error (a 500 line, a job's outcome).
QUIET_LOGGERS = ("hallbar.request", "hallbar.job")


def init_sentry(dsn: str, *, environment: str = "", release: str = "", traces_sample_rate: float = 0.0, **extra):
    """Start the SDK with the project's options; ``extra`` for tests (a transport of their own)."""
    for name in QUIET_LOGGERS:
        ignore_logger(name)
    options = {
        "dsn": dsn,
        "environment": environment or None,
        "release": release or None,
        "integrations": [DjangoIntegration(transaction_style="url"), CeleryIntegration()],
        # A command's arguments may name a person (`manage.py invite name@region.se`).
        "disabled_integrations": [ArgvIntegration()],
        # send_default_pii stays at its default, off (2.x's newest releases deprecate passing it at all):
        # no user, no client address, no cookies.
        "include_local_variables": False,
        "max_request_body_size": "never",
        "traces_sample_rate": traces_sample_rate,
        "before_send": tag_and_mask,
        "before_breadcrumb": mask_breadcrumb,
        **extra,
    }
    sentry_sdk.init(**options)
    return options


def tag_and_mask(event, hint):
    """Each event gets the request's (or job's) id as a tag; its URL is masked, its query string dropped."""
    tags = event.setdefault("tags", {})
    for key in ("request_id", "job_id", "task"):
        value = logs.current().get(key)
        if value:
            tags[key] = value
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("query_string", None)
        request.pop("data", None)
        request.pop("cookies", None)
        if isinstance(request.get("url"), str):
            request["url"] = logs.redact_path(request["url"])
    return event


def mask_breadcrumb(crumb, hint):
    if isinstance(crumb.get("message"), str):
        crumb["message"] = logs.redact_path(crumb["message"])
    return crumb


def server_error(request, template_name="500.html"):
    """handler500: the error page, with the request id the person can quote (nothing else of the request)."""
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"request_id": getattr(request, "request_id", "")}))
