"""A personal access token in ``Authorization: Bearer …`` makes the request its person's.

``TokenMiddleware`` (after Django's authentication) replaces ``request.user`` with the token's
person before the declared capability is checked (regions.middleware.DeclaredAccessMiddleware), so
the API's views declare and fetch exactly as the pages do. A token that is unknown, revoked,
expired or of someone no longer a member answers 401; a read token refuses a write with 403. DRF
reads the same token through ``TokenAuthentication``."""

import hashlib
import secrets

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, permissions

from api.access import can_use_token, token_may
from api.models import AccessToken

PREFIX = "hu_"
API_PATH = "/api/"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(request) -> str | None:
    kind, _space, value = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return value.strip() if kind.lower() == "bearer" and value.strip() else None


def _refuse(message: str, status: int = 401) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


class TokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        presented = bearer_token(request) if request.path.startswith(API_PATH) else None
        if presented is None:
            return self.get_response(request)
        token = AccessToken.objects.usable().select_related("user").filter(digest=digest_of(presented)).first()
        if token is None or not can_use_token(token):
            return _refuse(_("API-nyckeln är okänd, återkallad eller har gått ut."))
        if not token_may(token, request.method):
            return _refuse(_("API-nyckeln får bara läsa."), status=403)
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        request.user = token.user
        request.api_token = token
        return self.get_response(request)


class TokenAuthentication(authentication.BaseAuthentication):
    """The token the middleware accepted; ``request.auth`` is the AccessToken."""

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        return (token.user, token) if token is not None else None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class WriteScope(permissions.BasePermission):
    """Writes need a signed-in person's session or a write token (the middleware refused read tokens)."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)
