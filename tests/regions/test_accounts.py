"""Login, rate limits, MFA, sessions and the absence of open sign-up."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from regions.models import User
from tests.factories import PASSWORD


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_a_member_logs_in_by_email_and_lands_on_their_work(client, anna):
    response = _login(client, anna.email.upper(), PASSWORD)
    assert response.status_code == 302 and _logged_in(client)
    # The start page is their work queue ("Mitt arbete"), with the place their role leads to.
    page = client.get(reverse("start"))
    assert page.status_code == 200 and "Mitt arbete" in page.content.decode()
    assert f'href="{reverse("procurement_region_detail", args=["A"])}"' in page.content.decode()


def test_repeated_failed_logins_are_rate_limited_even_with_the_right_password(client, anna, caplog):
    for _ in range(5):
        _login(client, anna.email, "wrong-password")
    assert caplog.text.count(f"failed login for {anna.email}") == 5
    response = _login(client, anna.email, PASSWORD)
    assert not _logged_in(client)
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_the_rate_limit_is_per_account(client, anna, bertil):
    for _ in range(5):
        _login(client, anna.email, "wrong-password")
    _login(client, bertil.email, PASSWORD)
    assert _logged_in(client)


def test_there_is_no_sign_up(client, reference):
    response = client.get(reverse("account_signup"))
    assert 'name="password1"' not in response.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "ny@hallbar.example", "password1": "Ett-langt-losenord-1", "password2": "Ett-langt-losenord-1"},
    )
    assert not User.objects.filter(email="ny@hallbar.example").exists()
    assert "konto/signup" not in client.get(reverse("account_login")).content.decode()


@pytest.fixture
def require_mfa(settings):
    settings.REQUIRE_MFA = True


@pytest.mark.parametrize("persona", ["kansliet", "frida"])
def test_with_require_mfa_secretariat_and_finance_must_set_up_totp_first(client, require_mfa, persona, request):
    user = request.getfixturevalue(persona)
    response = _login(client, user.email, PASSWORD)
    assert response.url == reverse("mfa_activate_totp") or client.get(response.url).url == reverse("mfa_activate_totp")
    for url in (reverse("start"), reverse("region_list"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), url
    # allauth asks for the password again before a second factor is added; then the setup page opens.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_with_require_mfa_other_roles_are_not_forced(client, require_mfa, anna):
    client.force_login(anna)
    assert client.get(reverse("region_list")).status_code == 200


def test_with_totp_set_up_the_secretariat_works_normally(client, require_mfa, kansliet):
    TOTP.activate(kansliet, generate_totp_secret())
    client.force_login(kansliet)
    assert client.get(reverse("programme_overview")).status_code == 200


def test_without_require_mfa_nobody_is_forced(client, kansliet):
    client.force_login(kansliet)
    assert client.get(reverse("programme_overview")).status_code == 200


def test_a_session_ends_after_thirty_idle_minutes(client, anna):
    client.force_login(anna)
    assert client.get(reverse("region_list")).status_code == 200
    session = client.session
    session["session_last_seen_at"] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("region_list"))
    assert response.status_code == 302 and not _logged_in(client)


def test_a_session_ends_twelve_hours_after_login_however_active(client, anna):
    client.force_login(anna)
    client.get(reverse("region_list"))
    session = client.session
    session["session_started_at"] = time.time() - 12 * 3600 - 1
    session.save()
    assert client.get(reverse("region_list")).status_code == 302


def test_the_admin_login_goes_through_allauth(client, reference):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_denied_object_access_is_logged(client, bertil, anna, caplog):
    client.force_login(bertil)
    client.get(reverse("person_detail", args=[anna.pk]))
    assert f"denied /personer/{anna.pk}/" in caplog.text


def test_password_reset_sends_a_link_to_a_known_address_only(client, anna, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": anna.email})
    client.post(reverse("account_reset_password"), {"email": "okand@hallbar.example"})
    assert [mail.to for mail in mailoutbox] == [[anna.email]]
    assert "/konto/password/reset/key/" in mailoutbox[0].body


def test_with_require_mfa_the_steering_group_opens_the_finance_pages_only_with_a_second_factor(
    client, require_mfa, stina
):
    client.force_login(stina)
    # The steering group is not stopped at login: its dashboard opens without a second factor.
    assert client.get(reverse("steering_dashboard")).status_code == 200
    for url in (reverse("finance_home"), reverse("fee_letter_list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), url
    page = client.get(reverse("fiscal_year_detail", args=[2025]), follow=True).content.decode()
    assert "Sidorna om avgifter och ekonomi kräver tvåstegsverifiering" in page


def test_with_totp_set_up_the_steering_group_reads_the_finance_pages(client, require_mfa, stina):
    TOTP.activate(stina, generate_totp_secret())
    client.force_login(stina)
    assert client.get(reverse("finance_home")).status_code == 200
    assert client.get(reverse("fee_letter_list")).status_code == 200


def test_with_require_mfa_a_region_contact_reads_the_own_fee_letters_without_a_second_factor(
    client, require_mfa, kalle
):
    # A region's contact person sees only the region's own fee, not the finances: no second factor asked.
    client.force_login(kalle)
    assert client.get(reverse("fee_letter_list")).status_code == 200


def test_without_require_mfa_the_steering_group_reads_the_finance_pages(client, stina):
    client.force_login(stina)
    assert client.get(reverse("finance_home")).status_code == 200
