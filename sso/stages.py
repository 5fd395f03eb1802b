"""allauth's second-factor step at login, skipped when the identity provider already did MFA."""

from allauth.mfa.stages import AuthenticateStage as MfaAuthenticateStage
from allauth.socialaccount.models import SocialLogin

from sso.access import provider_did_mfa
from sso.adapters import claims_of


def sociallogin_of(login) -> SocialLogin | None:
    sociallogin = (login.signal_kwargs or {}).get("sociallogin") if login else None
    if isinstance(sociallogin, dict):
        sociallogin = SocialLogin.deserialize(sociallogin)
    return sociallogin


def login_did_mfa(sociallogin) -> bool:
    return sociallogin is not None and provider_did_mfa(claims_of(sociallogin))


class AuthenticateStage(MfaAuthenticateStage):
    def _should_handle(self, request) -> bool:
        if login_did_mfa(sociallogin_of(self.login)):
            return False
        return super()._should_handle(request)
