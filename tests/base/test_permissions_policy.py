"""Every response says which browser features no page of ours uses (Permissions-Policy)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def test_a_page_switches_off_the_browser_features_no_page_uses(client, anna):
    client.force_login(anna)
    response = client.get(reverse("supplier_list"))
    assert response.status_code == 200
    assert response["Permissions-Policy"] == POLICY


def test_the_health_check_and_the_login_page_carry_the_policy_too(client):
    assert client.get("/halsa/")["Permissions-Policy"] == POLICY
    assert client.get(reverse("account_login"))["Permissions-Policy"] == POLICY


def test_the_policy_comes_from_the_settings(client, settings):
    settings.PERMISSIONS_POLICY = "camera=()"
    assert client.get(reverse("account_login"))["Permissions-Policy"] == "camera=()"
    settings.PERMISSIONS_POLICY = ""
    assert "Permissions-Policy" not in client.get(reverse("account_login"))
