import logging
import re
import time
import uuid
from contextlib import ExitStack

from django.conf import settings
from django.contrib.auth import logout
from django.db import connections
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.functional import empty

from base import logs, metrics

request_log = logging.getLogger("hallbar.request")

# An X-Request-ID a proxy (or a client) sent is kept when it is a plain token; anything else is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
REQUEST_ID_HEADER = "X-Request-ID"


class RequestLogMiddleware:
    """Outermost: gives the request its id and writes one line when it is answered.

    The id is the request's ``X-Request-ID`` when that is a plain token (a proxy's), else a new one; it
    is bound to every line written meanwhile (``base.logs``), tagged on an error sent to Sentry and
    returned in the response's ``X-Request-ID``. The line (logger ``hallbar.request``) holds the method,
    the view's name, the status, the duration in ms, the number of database queries and the user's id
    (never the path, the e-mail address or anything sent). Queries are counted with an execute wrapper,
    so nothing is added; the user is read only if the request already loaded it. The same figures
    feed the metrics at /metrics (``base.metrics``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = sent if SANE_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        bound = logs.bind(request_id=request.request_id)
        counter = logs.QueryCounter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for database in connections.all():
                    stack.enter_context(database.execute_wrapper(counter))
                response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = request.request_id
            self._log(request, response, seconds, counter.count)
            return response
        finally:
            logs.reset(bound)

    @staticmethod
    def _log(request, response, seconds: float, queries: int) -> None:
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else None
        status = response.status_code
        duration_ms = round(seconds * 1000, 1)
        request_log.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "%s %s %s %s ms %s queries",
            request.method, view or "-", status, duration_ms, queries,
            extra={
                "event": "request",
                "request_id": request.request_id,
                "user_id": _user_id(request),
                "method": request.method,
                "view": view,
                "status": status,
                "duration_ms": duration_ms,
                "queries": queries,
            },
        )  # fmt: skip
        metrics.observe_request(view, request.method, status, seconds, queries)


def _user_id(request):
    """The id of the person the request was answered for, read only if the request loaded it already."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:  # a SimpleLazyObject not yet loaded
        return None
    return user.pk if user.is_authenticated else None


class SessionTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT without requests or SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault("session_started_at", now)
            last_seen = request.session.setdefault("session_last_seen_at", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
            elif now - last_seen > 60:
                # Written at most once a minute, so that most requests do not write the session.
                request.session["session_last_seen_at"] = now
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the ``Permissions-Policy`` header of ``settings.PERMISSIONS_POLICY`` to every response:
    the browser features (camera, microphone, location, payment, USB …) no page of ours uses are
    switched off, also for anything a page might embed. A response that set its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish for everyone unless the person picked another language with the switch.

    The browser's Accept-Language is not consulted: the service is Swedish first, and the
    same page should read the same for every user until they choose otherwise.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
