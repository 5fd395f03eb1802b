from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time link to set a first password: it stops working once a password is set,
    and after PASSWORD_RESET_TIMEOUT (three days)."""

    key_salt = "regions.tokens.InvitationTokenGenerator"


invitation_token = InvitationTokenGenerator()
