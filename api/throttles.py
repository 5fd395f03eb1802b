"""Rate limits on the Django cache: anonymous requests per IP address, token requests per token.
A request over the limit answers 429 with Retry-After (DRF). A signed-in person's browser session
is limited per person."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from api.models import AccessToken


class AnonymousThrottle(AnonRateThrottle):
    scope = "anon"


class TokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, AccessToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class SessionThrottle(UserRateThrottle):
    scope = "session"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, AccessToken):
            return None
        return super().get_cache_key(request, view) if request.user and request.user.is_authenticated else None
