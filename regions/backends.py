"""How a logged-in person is read at each request: allauth's backend, which also reads the person's
memberships in the same query, so a page's access checks (regions.access.get_scope) ask nothing more.

Kept apart from regions.access, which models import: allauth's backend imports its own models."""

from allauth.account.auth_backends import AuthenticationBackend

from regions.access import keep_scope
from regions.models import Membership


class MemberBackend(AuthenticationBackend):
    """allauth's login by e-mail address, and a request's person read with their memberships at once."""

    def get_user(self, user_id):
        # Authentication reads the person's own rows, for no other person: not a read to scope.
        memberships = list(
            Membership.objects.unscoped().filter(user_id=user_id).select_related("user", "region").order_by()
        )
        if memberships:
            user = memberships[0].user
            if not self.user_can_authenticate(user):
                return None
        else:  # a person without a role (a new account, a removed member), or no such person
            user = super().get_user(user_id)
            if user is None:
                return None
        keep_scope(user, memberships)
        return user
