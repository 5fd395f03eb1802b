"""The test provider's claims, bent by each person's scenario (their ``last_name``): "mfa" adds
``amr: ["pwd", "mfa"]``; "expired", "wrong_iss" and "wrong_aud" spoil the ID token."""

import time

from oauth2_provider.oauth2_validators import OAuth2Validator


class ScenarioValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        claims = {"email": user.email, "email_verified": True, "name": user.first_name}
        if user.last_name == "mfa":
            claims["amr"] = ["pwd", "mfa"]
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        scenario = request.user.last_name
        if scenario == "expired":
            claims["exp"] = int(time.time()) - 600
        elif scenario == "wrong_iss":
            claims["iss"] = "http://127.0.0.1:9/another-issuer"
        elif scenario == "wrong_aud":
            claims["aud"] = "another-client"
        return claims, expiration_time
