"""Who may hold and use API tokens, and what a token lets through.

A token acts as its person: every endpoint reads rows through the same ``visible_to`` querysets as
the pages, so a token sees exactly what its person sees. A token is the person's own: they list and
revoke only theirs. Members of the cooperation create tokens; a write token writes only what its
person may write (the contract batch asks ``revisioner.access.can_write_audits``)."""

from django.db import models
from django.utils import timezone

from regions.access import Capability, has_capability


class AccessTokenAccess(models.QuerySet):
    def of(self, user):
        """The tokens ``user`` holds (their own only)."""
        return self.filter(user=user.pk) if user.is_authenticated else self.none()

    def usable(self):
        """Not revoked, not expired, of an active person."""
        return self.filter(revoked_at=None, expires_on__gte=timezone.localdate(), user__is_active=True)


def can_create_token(user) -> bool:
    """Members of the cooperation (not suppliers' contact persons) create personal tokens."""
    return has_capability(user, Capability.MEMBER)


def can_use_token(token) -> bool:
    """A token works while its person is still a member."""
    return can_create_token(token.user)


def token_may(token, method: str) -> bool:
    """A read token reads (GET, HEAD, OPTIONS); a write token also writes."""
    return method in ("GET", "HEAD", "OPTIONS") or token.may_write
