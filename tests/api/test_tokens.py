"""Personal access tokens: created on the profile page and shown once, stored hashed, with an expiry
and a scope; a token's requests see exactly what its person sees (the permission matrix)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.authentication import digest_of
from api.models import AccessToken
from tests.api.conftest import bearer, token_for


def test_a_member_creates_a_token_on_the_profile_page_and_sees_it_once(client, anna):
    client.force_login(anna)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("api_tokens"), {"name": "Avtalssystemet", "scope": "read", "expires_on": expires})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("hu_") and secret in response.content.decode()
    token = AccessToken.objects.get(user=anna)
    assert token.digest == digest_of(secret) and secret not in (token.digest, token.prefix)
    again = client.get(reverse("api_tokens")).content.decode()
    assert secret not in again and token.prefix in again


def test_a_token_longer_than_a_year_is_refused(client, anna):
    client.force_login(anna)
    expires = (timezone.localdate() + datetime.timedelta(days=800)).isoformat()
    response = client.post(reverse("api_tokens"), {"name": "X", "scope": "read", "expires_on": expires})
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_a_token_opens_the_api_as_its_person_and_nothing_once_revoked_or_expired(client, anna, register):
    token, secret = token_for(anna)
    assert client.get("/api/v1/audits/", **bearer(secret)).status_code == 200
    assert client.get("/api/v1/audits/", **bearer("hu_wrong")).status_code == 401
    AccessToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert client.get("/api/v1/audits/", **bearer(secret)).status_code == 401
    token, secret = token_for(anna)
    client.force_login(anna)
    client.post(reverse("api_token_revoke", args=[token.pk]))
    client.logout()
    assert client.get("/api/v1/audits/", **bearer(secret)).status_code == 401


def test_a_person_revokes_only_their_own_tokens(client, anna, bertil):
    token, _secret = token_for(anna)
    client.force_login(bertil)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None


def test_a_read_token_does_not_write(client, anna, register):
    _token, secret = token_for(anna, scope="read")
    response = client.post(
        "/api/v1/contracts/batch/", {"contracts": []}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 403


# The permission matrix: each persona's token sees exactly the rows of their pages.
@pytest.mark.parametrize(
    "persona, audits",
    [
        ("secretariat", {"published", "in_progress", "other"}),
        ("coordinator", {"published", "in_progress", "other"}),  # A's own restricted audit in progress
        ("other_coordinator", {"other"}),  # B: A's audits are restricted until closed
        ("region_contact", {"other"}),
    ],
)
def test_a_token_sees_the_audits_its_person_sees(client, personas, register, persona, audits):
    from revisioner.models import Audit

    person = personas[persona]
    _token, secret = token_for(person)
    seen = {row["id"] for row in client.get("/api/v1/audits/", **bearer(secret)).json()["results"]}
    expected = {register[name].pk for name in audits}
    assert seen == expected
    assert seen == set(Audit.objects.visible_to(person).values_list("pk", flat=True))


@pytest.mark.parametrize("persona", ["no_role"])
def test_a_person_without_a_role_gets_no_token(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("api_tokens")).status_code == 403


def test_a_supplier_contact_gets_no_token_page(client, register):
    from tests import factories

    sara = factories.supplier_contact(register["abcur"], name="Sara", email="sara@abcur.example")
    client.force_login(sara)
    assert client.get(reverse("api_tokens")).status_code == 403


def test_tokens_are_limited_per_token_with_retry_after(client, anna, register):
    from api.throttles import TokenThrottle

    TokenThrottle.THROTTLE_RATES = {"token": "2/min"}
    try:
        _first, one = token_for(anna)
        _second, two = token_for(anna)
        statuses = [client.get("/api/v1/categories/", **bearer(one)).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert int(client.get("/api/v1/categories/", **bearer(one))["Retry-After"]) > 0
        assert client.get("/api/v1/categories/", **bearer(two)).status_code == 200
    finally:
        del TokenThrottle.THROTTLE_RATES


def test_every_members_page_links_to_their_tokens(client, anna, nils):
    client.force_login(anna)
    assert reverse("api_tokens") in client.get(reverse("public_audit_list")).content.decode()
    client.force_login(nils)
    assert reverse("api_tokens") not in client.get(reverse("public_audit_list")).content.decode()
