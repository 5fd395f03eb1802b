import copy

from django.contrib.auth.tokens import PasswordResetTokenGenerator

# How many earlier invitations of a person are looked at to tell a replaced link from a broken one.
EARLIER_INVITATIONS = 20


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time link to set a first password: it stops working once a password is set, when the
    invitation is sent again (the newest link is the only one that works) and after
    PASSWORD_RESET_TIMEOUT (three days)."""

    key_salt = "regions.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # invited_at changes with every invitation sent, so a resent invitation ends the earlier links.
        invited = "" if user.invited_at is None else str(int(user.invited_at.timestamp() * 1_000_000))
        return super()._make_hash_value(user, timestamp) + invited

    def was_replaced(self, user, token) -> bool:
        """Whether ``token`` is the genuine link of an earlier invitation of ``user``, since sent again.

        Only a link that was really sent gets this answer; a made-up one is just invalid."""
        earlier = (
            user.history.exclude(invited_at=None)
            .exclude(invited_at=user.invited_at)
            .order_by("-history_date")
            .values_list("invited_at", flat=True)[:EARLIER_INVITATIONS]
        )
        for invited_at in dict.fromkeys(earlier):
            then = copy.copy(user)
            then.invited_at = invited_at
            if self.check_token(then, token):
                return True
        return False


invitation_token = InvitationTokenGenerator()
