"""allauth's adapters: the identity providers come from IdentityProvider rows, an SSO login only
reaches a person already invited, and a password only where sso.access allows it."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from regions.adapters import AccountAdapter as RegionsAccountAdapter
from regions.models import User
from sso import access
from sso.models import IdentityProvider

security_log = logging.getLogger("hallbar.security")


def social_app(provider: IdentityProvider) -> SocialApp:
    """allauth's app for a provider row (not stored: the row is the one record)."""
    if provider.protocol == IdentityProvider.Protocol.SAML:
        return SocialApp(
            provider="saml",
            provider_id=provider.slug,
            name=provider.name,
            client_id=provider.slug,  # allauth's "organization slug" in the SAML addresses
            settings={
                "idp": {"entity_id": provider.issuer, "metadata_url": provider.metadata_url},
                # The e-mail address from the usual attributes, else from an e-mail NameID.
                "attribute_mapping": {
                    "email": [
                        "urn:oid:0.9.2342.19200300.100.1.3",
                        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                        "email",
                    ]
                },
                "advanced": {"strict": True, "want_assertion_signed": True, "reject_idp_initiated_sso": True},
            },
        )
    return SocialApp(
        provider=provider.protocol,
        provider_id=provider.slug,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.secret,
        settings={
            "server_url": provider.issuer,
            "oauth_pkce_enabled": True,
            # The ID token must name the issuer entered here, whatever the discovery document says.
            "openid_configuration_overrides": {"issuer": provider.issuer},
        },
    )


def claims_of(sociallogin) -> dict:
    """The ID token's claims, with the userinfo's where the token lacks them."""
    data = sociallogin.account.extra_data or {}
    if sociallogin.account.get_provider().id == "saml":  # the assertion's attributes, and its class refs
        return data
    return {**(data.get("userinfo") or {}), **(data.get("id_token") or {})}


def email_of(sociallogin) -> str:
    addresses = [address.email for address in sociallogin.email_addresses if address.email]
    email = addresses[0] if addresses else (sociallogin.user.email or claims_of(sociallogin).get("email", ""))
    return User.objects.normalize_email(email or "").lower()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        providers = IdentityProvider.objects.filter(active=True)
        if provider:
            providers = providers.filter(Q(protocol=provider) | Q(slug=provider))
        if client_id:  # a SAML app's client id is its slug
            providers = providers.filter(
                Q(protocol=IdentityProvider.Protocol.OIDC, client_id=client_id)
                | Q(protocol=IdentityProvider.Protocol.SAML, slug=client_id)
            )
        return [social_app(row) for row in providers]

    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        """Connect the login to the invited person with that e-mail address, or refuse it."""
        provider = IdentityProvider.objects.filter(active=True, slug=sociallogin.account.provider).first()
        email = email_of(sociallogin)
        if provider is None or not access.may_log_in_through(provider, email):
            self._refuse(request, "domain", email, _("Din e-postadress hör inte till den här inloggningen."))
        if sociallogin.is_existing:
            user = sociallogin.user
        else:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None or (user.invited_at is None and not user.memberships.exists()):
                self._refuse(
                    request,
                    "unknown",
                    email,
                    _("Det finns ingen inbjuden person med e-postadressen %(email)s. Be kansliet om en inbjudan.")
                    % {"email": email},
                )
            sociallogin.connect(request, user)
        if not user.is_active:
            self._refuse(request, "inactive", email, _("Ditt konto är inaktiverat."))
        security_log.info("sso login of user %s through %s", user.pk, provider.slug)

    @staticmethod
    def _refuse(request, reason, email, message):
        # The domain says which region's provider answered; the address itself stays out of the log.
        domain = email.rpartition("@")[2] if email else "no e-mail"
        security_log.warning("sso login refused (%s) for an address at %s", reason, domain)
        raise ImmediateHttpResponse(render(request, "sso/refused.html", {"message": message}, status=403))


class AccountAdapter(RegionsAccountAdapter):
    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and "password" in credentials and not access.may_use_password(user):
            security_log.warning("password login of user %s refused: the region logs in through SSO", user.pk)
            provider = access.provider_for_email(user.email)
            raise forms.ValidationError(
                _("Din region loggar in med sin egen inloggning. Välj ”%(provider)s” nedan.")
                % {"provider": provider.name}
            )
        return user

    def get_login_stages(self):
        return [
            "sso.stages.AuthenticateStage" if path == "allauth.mfa.stages.AuthenticateStage" else path
            for path in super().get_login_stages()
        ]
