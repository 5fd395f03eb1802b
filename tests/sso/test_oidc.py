"""Logging in through a region's OpenID Connect provider (a real one, started on 127.0.0.1)."""

from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from regions.access import IDP_MFA_SESSION_KEY, Role
from regions.models import Region
from tests import factories
from tests.factories import PASSWORD


def sso_login(client, username, slug="halland"):
    """Press the region's button, sign in at the provider as ``username``, and come back."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": slug}))
    assert response.status_code == 302, response
    authorize = response["Location"]
    browser = requests.Session()
    at_provider = browser.get(
        authorize.split("/o/")[0] + "/login-as/", params={"username": username, "next": authorize}, timeout=10,
        allow_redirects=False,
    )  # fmt: skip
    back = browser.get(at_provider.headers["Location"], timeout=10, allow_redirects=False)
    callback = urlsplit(back.headers["Location"])
    assert callback.netloc == "testserver", back.headers["Location"]
    return client.get(f"{callback.path}?{callback.query}")


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_an_invited_person_logs_in_through_the_region_and_keeps_the_invited_role(client, halland, hanna):
    response = sso_login(client, "hanna@regionhalland.example")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(hanna.pk)
    assert SocialAccount.objects.get(user=hanna).provider == "halland"
    # the role from the invitation: a contact person records incidents, and sees no people pages
    assert client.get(reverse("incident_list")).status_code == 200
    assert client.get(reverse("person_list")).status_code == 403


@pytest.mark.django_db
def test_the_second_login_finds_the_connected_account(client, halland, hanna):
    sso_login(client, "hanna@regionhalland.example")
    client.post(reverse("account_logout"))
    sso_login(client, "hanna@regionhalland.example")
    assert logged_in_user_id(client) == str(hanna.pk)
    assert SocialAccount.objects.filter(user=hanna).count() == 1


@pytest.mark.django_db
def test_a_person_not_invited_is_refused_and_no_account_is_made(client, halland, django_user_model, caplog):
    people_before = django_user_model.objects.count()
    response = sso_login(client, "okand@regionhalland.example")
    # The security log says which provider refused whom by domain, never the address.
    assert "sso login refused (unknown) for an address at regionhalland.example" in caplog.text
    assert "okand@" not in caplog.text
    assert response.status_code == 403
    assert "Be kansliet om en inbjudan" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert django_user_model.objects.count() == people_before


@pytest.mark.django_db
def test_an_address_outside_the_regions_domains_is_refused(client, halland, reference):
    factories.member(
        Role.REGION_CONTACT, region=Region.objects.get(short_name="Skåne"), email="nora@annanregion.example"
    )
    response = sso_login(client, "nora@annanregion.example")
    assert response.status_code == 403
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username",
    ["ella@regionhalland.example", "ivar@regionhalland.example", "aron@regionhalland.example"],
    ids=["expired token", "wrong issuer", "wrong audience"],
)
def test_a_spoilt_id_token_is_refused(client, halland, reference, username):
    factories.member(Role.REGION_CONTACT, region=halland.region, email=username)
    response = sso_login(client, username)
    assert response.status_code == 401  # allauth's page of a failed login at the provider
    assert logged_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_the_providers_mfa_counts_for_require_mfa(client, halland, reference, settings):
    settings.REQUIRE_MFA = True
    maja = factories.member(Role.SECRETARIAT, email="maja@regionhalland.example")
    sso_login(client, "maja@regionhalland.example")
    assert logged_in_user_id(client) == str(maja.pk)
    assert client.session[IDP_MFA_SESSION_KEY] is True
    # the secretariat's pages open without the app's own second factor
    assert client.get(reverse("person_list")).status_code == 200


@pytest.mark.django_db
def test_without_the_providers_mfa_the_app_asks_its_own(client, halland, hanna, settings):
    settings.REQUIRE_MFA = True
    hanna.memberships.create(role=Role.SECRETARIAT)
    sso_login(client, "hanna@regionhalland.example")
    assert logged_in_user_id(client) == str(hanna.pk)
    assert client.session[IDP_MFA_SESSION_KEY] is False
    response = client.get(reverse("person_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_logout_ends_the_session(client, halland, hanna):
    sso_login(client, "hanna@regionhalland.example")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert logged_in_user_id(client) is None
    assert client.get(reverse("incident_list")).status_code == 302


@pytest.mark.django_db
def test_a_person_of_an_sso_region_cannot_log_in_with_a_password(client, halland, reference):
    factories.member(Role.REGION_CONTACT, region=halland.region, email="lisa@regionhalland.example")
    response = client.post(reverse("account_login"), {"login": "lisa@regionhalland.example", "password": PASSWORD})
    assert response.status_code == 200
    assert "Region Hallands inloggning" in response.content.decode()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_the_secretariat_may_allow_a_password_for_one_person(client, halland, kansliet, reference):
    lisa = factories.member(Role.REGION_CONTACT, region=halland.region, email="lisa@regionhalland.example")
    client.force_login(kansliet)
    client.post(reverse("password_login_allow"), {"email": "lisa@regionhalland.example"})
    client.logout()
    client.post(reverse("account_login"), {"login": "lisa@regionhalland.example", "password": PASSWORD})
    assert logged_in_user_id(client) == str(lisa.pk)


@pytest.mark.django_db
def test_the_login_page_offers_the_regions_button(client, halland):
    page = client.get(reverse("account_login")).content.decode()
    assert "Region Hallands inloggning" in page
    assert reverse("openid_connect_login", kwargs={"provider_id": "halland"}) in page


def _with_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


@pytest.mark.django_db
def test_a_person_with_totp_is_not_asked_for_it_when_the_provider_did_mfa(client, halland, reference):
    maja = factories.member(Role.REGION_CONTACT, region=halland.region, email="maja@regionhalland.example")
    _with_totp(maja)
    response = sso_login(client, "maja@regionhalland.example")
    assert response["Location"] != reverse("mfa_authenticate")
    assert logged_in_user_id(client) == str(maja.pk)


@pytest.mark.django_db
def test_a_person_with_totp_is_asked_for_it_when_the_provider_did_not(client, halland, hanna):
    _with_totp(hanna)
    response = sso_login(client, "hanna@regionhalland.example")
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None
