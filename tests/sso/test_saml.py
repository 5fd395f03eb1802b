"""Logging in through a region's SAML provider (a real one, pysaml2, started on 127.0.0.1)."""

import time
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from regions.access import IDP_MFA_SESSION_KEY, Role
from tests import factories
from tests.sso.conftest import SAML_HOST


@pytest.fixture
def client(settings):
    """python3-saml reads the host from HTTP_HOST, which Django's test client leaves out."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SAML_HOST]
    return Client(HTTP_HOST=SAML_HOST)


def saml_login(client, username, slug="halland"):
    """Press the region's button, sign in at the provider as ``username``, and post its answer back."""
    response = client.post(reverse("saml_login", kwargs={"organization_slug": slug}))
    assert response.status_code == 302, response
    answer = requests.get(response["Location"] + "&" + f"username={username}", timeout=10).json()
    acs = urlsplit(answer["acs"])
    assert acs.netloc == SAML_HOST, answer["acs"]
    response = client.post(acs.path, {"SAMLResponse": answer["SAMLResponse"], "RelayState": answer["RelayState"]})
    assert response.status_code == 302, response  # allauth finishes the login on a page of our own site
    return client.get(response["Location"])


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_an_invited_person_logs_in_through_the_regions_saml_provider(client, halland_saml, hanna):
    response = saml_login(client, "hanna@regionhalland.example")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(hanna.pk)
    assert SocialAccount.objects.get(user=hanna).provider == "halland"
    assert client.get(reverse("incident_list")).status_code == 200
    assert client.session[IDP_MFA_SESSION_KEY] is False


@pytest.mark.django_db
def test_a_person_not_invited_is_refused_by_saml(client, halland_saml):
    response = saml_login(client, "okand@regionhalland.example")
    assert response.status_code == 403
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "reason"),
    [("ivar@regionhalland.example", "issuer"), ("aron@regionhalland.example", "audience")],
    ids=["wrong issuer", "wrong audience"],
)
def test_a_spoilt_assertion_is_refused(client, halland_saml, reference, username, reason, caplog):
    factories.member(Role.REGION_CONTACT, region=halland_saml.region, email=username)
    response = saml_login(client, username)
    assert response.status_code == 401  # allauth's page of a failed login at the provider
    assert reason in caplog.text.lower()
    assert logged_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_an_expired_assertion_is_refused(client, halland_saml, reference, monkeypatch, caplog):
    ella = factories.member(Role.REGION_CONTACT, region=halland_saml.region, email="ella@regionhalland.example")
    later = int(time.time()) + 3600  # the assertion (valid 5 minutes) arrives an hour late
    monkeypatch.setattr(OneLogin_Saml2_Utils, "now", staticmethod(lambda: later))
    response = saml_login(client, ella.email)
    assert response.status_code == 401
    assert "expired" in caplog.text.lower()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_the_saml_providers_mfa_counts_for_require_mfa(client, halland_saml, reference, settings):
    settings.REQUIRE_MFA = True
    maja = factories.member(Role.SECRETARIAT, email="maja@regionhalland.example")
    saml_login(client, "maja@regionhalland.example")
    assert logged_in_user_id(client) == str(maja.pk)
    assert client.session[IDP_MFA_SESSION_KEY] is True
    assert client.get(reverse("person_list")).status_code == 200


@pytest.mark.django_db
def test_logout_after_a_saml_login_ends_the_session(client, halland_saml, hanna):
    saml_login(client, "hanna@regionhalland.example")
    client.post(reverse("account_logout"))
    assert logged_in_user_id(client) is None
    assert client.get(reverse("incident_list")).status_code == 302
