"""Who may see and change what in the academy.

Events are the whole network's (every member reads them). Registrations carry personal data: the
secretariat sees and changes every registration, a member only their own. Diplomas: the
secretariat sees every diploma, a person their own; only the secretariat changes them.

This module imports none of akademi's models (they import it).
"""

from django.db.models import Q
from django.utils import timezone

from regions.access import Capability, Scope, ScopedQuerySet, has_capability


def _own(scope: Scope, user):
    if scope.is_secretariat:
        return None
    return Q(user=user.pk) if scope.roles else Q(pk__in=[])


class RegistrationAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return _own(scope, user)

    def edit_filter(self, scope: Scope, user):
        return _own(scope, user)


class DiplomaAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return _own(scope, user)

    def edit_filter(self, scope: Scope, user):
        return None if scope.is_secretariat else Q(pk__in=[])


def can_manage_academy(user) -> bool:
    """Events, participant lists, attendance, newcomers and diplomas."""
    return has_capability(user, Capability.MANAGE_ACADEMY)


def can_cancel_registration(user, event, now=None) -> bool:
    """A member cancels until the event begins; after that attendance and diploma progress are
    history, and only those who manage the academy change a registration."""
    return event.starts_at > (now or timezone.now()) or can_manage_academy(user)
