"""The invitation of a person whose region signs in through its identity provider: no password to
choose, the way to the region's login instead; and once signed in, the invitation is accepted."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode

from regions import services
from regions.access import Role
from regions.models import Membership, Region, User
from regions.tokens import invitation_token
from sso import services as sso_services
from tests.sso.test_oidc import sso_login

pytestmark = pytest.mark.django_db(transaction=False)


def _invite(kansliet, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invite_person(
            acting_user=kansliet,
            email=email,
            name="Henrik Halland",
            membership=Membership(role=Role.REGION_CONTACT, region=Region.objects.get(short_name="Halland")),
            site_url="https://hallbar.example",
        )


def _link(message):
    return re.search(r"https://hallbar\.example(/\S+)", message.body).group(1)


def test_the_invitation_sends_the_person_to_the_regions_login_not_to_a_password(
    client, kansliet, halland, django_capture_on_commit_callbacks
):
    person = _invite(kansliet, "henrik@regionhalland.example", django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert "välj ”Region Hallands inloggning”" in message.body
    assert "lösenord här (länken" not in message.body
    assert _link(message) == reverse("account_login")
    assert "Välj ditt lösenord" not in message.alternatives[0][0]
    # An older link to choose a password (from before the region used its provider) chooses none.
    url = services.invitation_url(person, "")
    page = client.get(url)
    assert page.status_code == 200
    assert "välj ”Region Hallands inloggning”" in page.content.decode()
    assert 'name="new_password1"' not in page.content.decode()
    assert (
        client.post(url, {"new_password1": "Ett långt lösenord 1", "new_password2": "Ett långt lösenord 1"}).status_code
        == 404
    )
    assert not User.objects.get(pk=person.pk).has_usable_password()


def test_a_person_allowed_a_password_is_invited_to_choose_one(
    client, kansliet, halland, django_capture_on_commit_callbacks
):
    invited = User(email="henrik@regionhalland.example", name="Henrik Halland")
    invited.set_unusable_password()
    invited.save()
    sso_services.allow_password_login(acting_user=kansliet, email="henrik@regionhalland.example")
    person = User.objects.get(email="henrik@regionhalland.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitation(person, site_url="https://hallbar.example")

    (message,) = mail.outbox
    assert "Välj ditt lösenord här" in message.body
    # The link names the person and carries a token valid for them. The token holds the second it was
    # made, so it is checked, not compared with one made now.
    uidb64, token = _link(message).strip("/").split("/")[-2:]
    assert _link(message) == reverse("accept_invitation", kwargs={"uidb64": uidb64, "token": token})
    assert urlsafe_base64_decode(uidb64) == str(person.pk).encode()
    assert invitation_token.check_token(person, token)
    assert 'name="new_password1"' in client.get(_link(message)).content.decode()


def test_signing_in_through_the_provider_accepts_the_invitation(client, kansliet, halland, hanna):
    assert User.objects.with_status("invited").filter(pk=hanna.pk).exists()
    sso_login(client, "hanna@regionhalland.example")
    hanna.refresh_from_db()
    assert hanna.has_accepted_invitation
    assert User.objects.with_status("active").filter(pk=hanna.pk).exists()
    assert not User.objects.with_status("invited").filter(pk=hanna.pk).exists()
