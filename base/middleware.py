import time

from django.conf import settings
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
