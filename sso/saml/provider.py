from allauth.socialaccount.providers.saml.provider import SAMLProvider


class HallbarSAMLProvider(SAMLProvider):
    """allauth's SAML provider; the extra data also keeps the assertion's AuthnContextClassRef."""

    def extract_extra_data(self, data):
        return {**data.get_attributes(), "authn_context_class_refs": list(data.get_last_authn_contexts() or [])}


provider_classes = [HallbarSAMLProvider]
