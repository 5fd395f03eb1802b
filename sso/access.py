"""Who logs in how: the region's identity provider for its people's e-mail domains, a password
only where the secretariat allowed it; and when a login through the provider counts as MFA."""

from django.conf import settings

from sso.models import IdentityProvider, PasswordLogin

# RFC 8176 methods that are a factor besides a password; "mfa" says outright that several were used.
SECOND_FACTOR_AMR = frozenset({"mfa", "otp", "hwk", "swk", "sms", "sc", "fpt", "face", "iris", "retina", "vbm"})


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def provider_for_email(email: str) -> IdentityProvider | None:
    """The active identity provider whose e-mail domains hold ``email``'s domain."""
    domain = domain_of(email)
    for provider in IdentityProvider.objects.filter(active=True, email_domains__icontains=domain):
        if domain in provider.domains:
            return provider
    return None


def may_use_password(user) -> bool:
    """A person whose e-mail domain belongs to an identity provider logs in through it, unless the
    secretariat allowed a password for them."""
    if provider_for_email(user.email) is None:
        return True
    return PasswordLogin.objects.filter(user=user).exists()


def provider_instead_of_password(user) -> str | None:
    """The name of the identity provider ``user`` must sign in through, or None when a password is
    theirs to use (base.registry.sign_in_elsewhere: the invitation says where to sign in)."""
    if may_use_password(user):
        return None
    return provider_for_email(user.email).name


def may_log_in_through(provider: IdentityProvider, email: str) -> bool:
    """The provider answers only for the e-mail domains given to it."""
    return bool(email) and domain_of(email) in provider.domains


def provider_did_mfa(claims: dict) -> bool:
    """Whether the identity provider says the person used more than a password: ``amr`` (OIDC,
    RFC 8176) names a second factor, or ``acr`` (OIDC) or an AuthnContextClassRef (SAML) is one of
    SSO_MFA_ACR_VALUES."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if SECOND_FACTOR_AMR & {str(method).lower() for method in amr}:
        return True
    # OIDC's acr, or the AuthnContextClassRef of a SAML assertion (sso.saml.provider keeps them)
    contexts = [claims.get("acr"), *claims.get("authn_context_class_refs", [])]
    return any(str(context) in settings.SSO_MFA_ACR_VALUES for context in contexts if context)
