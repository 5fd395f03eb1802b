"""The secretariat's page of the regions' identity providers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import Region
from sso.models import IdentityProvider, PasswordLogin


def _form(**changes):
    return {
        "region": Region.objects.get(short_name="Halland").pk, "protocol": "openid_connect",
        "name": "Region Hallands inloggning",
        "slug": "halland", "issuer": "https://login.example/halland/v2.0", "client_id": "hallbar",
        "secret": "very-secret-value", "secret_variable": "", "email_domains": "regionhalland.se\nhalland.se",
        "active": "on", **changes,
    }  # fmt: skip


@pytest.mark.django_db
def test_the_secretariat_adds_a_provider_and_the_secret_is_stored_encrypted(client, kansliet):
    client.force_login(kansliet)
    response = client.post(reverse("identity_provider_create"), _form())
    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.domains == ["regionhalland.se", "halland.se"]
    assert "very-secret-value" not in provider.secret_encrypted
    assert provider.secret == "very-secret-value"
    page = client.get(reverse("identity_provider_edit", args=[provider.pk])).content.decode()
    assert "very-secret-value" not in page
    assert "/konto/oidc/halland/login/callback/" in page


@pytest.mark.django_db
def test_an_empty_secret_keeps_the_stored_one(client, kansliet):
    client.force_login(kansliet)
    client.post(reverse("identity_provider_create"), _form())
    provider = IdentityProvider.objects.get()
    client.post(reverse("identity_provider_edit", args=[provider.pk]), _form(secret="", name="Halland"))
    provider.refresh_from_db()
    assert (provider.name, provider.secret) == ("Halland", "very-secret-value")


@pytest.mark.django_db
def test_the_secret_may_be_named_by_an_environment_variable(client, kansliet, monkeypatch):
    monkeypatch.setenv("HALLAND_OIDC_SECRET", "from-the-environment")
    client.force_login(kansliet)
    client.post(reverse("identity_provider_create"), _form(secret="", secret_variable="HALLAND_OIDC_SECRET"))
    provider = IdentityProvider.objects.get()
    assert (provider.secret_encrypted, provider.secret) == ("", "from-the-environment")
    assert "miljövariabeln HALLAND_OIDC_SECRET" in client.get(reverse("identity_provider_list")).content.decode()


@pytest.mark.django_db
def test_a_provider_needs_a_secret_and_proper_domains(client, kansliet):
    client.force_login(kansliet)
    response = client.post(reverse("identity_provider_create"), _form(secret="", email_domains="inte en domän"))
    assert response.status_code == 400
    assert not IdentityProvider.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) == {"secret", "email_domains"}


@pytest.mark.django_db
def test_a_domain_belongs_to_one_provider_only(client, kansliet):
    client.force_login(kansliet)
    client.post(reverse("identity_provider_create"), _form())
    response = client.post(reverse("identity_provider_create"), _form(slug="halland2", email_domains="halland.se"))
    assert response.status_code == 400
    assert "halland.se" in response.context["form"].errors["email_domains"][0]
    assert IdentityProvider.objects.count() == 1


@pytest.mark.django_db
def test_the_secretariat_withdraws_a_password_exception(client, kansliet, anna):
    client.force_login(kansliet)
    client.post(reverse("password_login_allow"), {"email": anna.email})
    allowance = PasswordLogin.objects.get(user=anna)
    assert anna.email in client.get(reverse("identity_provider_list")).content.decode()
    client.post(reverse("password_login_withdraw", args=[allowance.pk]))
    assert not PasswordLogin.objects.exists()


@pytest.mark.django_db
def test_an_unknown_address_is_not_given_an_exception(client, kansliet):
    client.force_login(kansliet)
    response = client.post(reverse("password_login_allow"), {"email": "ingen@regionhalland.se"})
    assert response.status_code == 400
    assert not PasswordLogin.objects.exists()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("identity_provider_list")).status_code == 200
    return len(context)


@pytest.mark.django_db
def test_the_list_page_takes_the_same_queries_however_many_providers(client, kansliet, anna):
    client.force_login(kansliet)
    halland = Region.objects.get(short_name="Halland")
    for slug in ("a", "b"):
        IdentityProvider.objects.create(
            region=halland, name=slug, slug=slug, issuer="https://x.example", client_id="c", email_domains=f"{slug}.se"
        )
    PasswordLogin.objects.create(user=anna, allowed_by=kansliet)
    client.get(reverse("identity_provider_list"))  # the session and the person's scope, once
    few = _list_queries(client)
    for slug in ("c", "d", "e"):
        IdentityProvider.objects.create(
            region=halland, name=slug, slug=slug, issuer="https://x.example", client_id="c", email_domains=f"{slug}.se"
        )
    PasswordLogin.objects.create(user=kansliet, allowed_by=kansliet)
    assert _list_queries(client) == few
