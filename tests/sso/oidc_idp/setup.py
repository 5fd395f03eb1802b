"""Prepare the test provider's database: its tables, the client for Hållbar Upphandling and its
people. Run as ``python -m tests.sso.oidc_idp.setup <client_id> <secret> <redirect_uri> <user:scenario>...``."""

import os
import sys

import django


def main(client_id, secret, redirect_uri, *people):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.sso.oidc_idp.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="Hållbar Upphandling",
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for entry in people:
        email, _, scenario = entry.partition(":")
        get_user_model().objects.create_user(username=email, email=email, first_name=email, last_name=scenario)


if __name__ == "__main__":
    main(*sys.argv[1:])
