from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from regions.access import IDP_MFA_SESSION_KEY
from sso.stages import login_did_mfa


@receiver(user_logged_in)
def remember_provider_mfa(sender, request, user, sociallogin=None, **kwargs):
    """A login through an identity provider that did MFA counts as MFA for this session (REQUIRE_MFA)."""
    if request is not None and hasattr(request, "session"):
        request.session[IDP_MFA_SESSION_KEY] = login_did_mfa(sociallogin)
