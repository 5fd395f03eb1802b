from django.apps import AppConfig


class SamlProviderConfig(AppConfig):
    """allauth's SAML provider, keeping the IdP's AuthnContextClassRef (sso.access reads it for MFA)."""

    name = "sso.saml"
    label = "sso_saml"
