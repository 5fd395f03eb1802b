"""The secretariat invites a person; the invitee sets a password through a one-time link."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regions import services
from regions.access import Role
from regions.models import Membership, User
from revisioner.models import Supplier
from tests import factories
from tests.factories import procurement_region, region

NEW_PASSWORD = "Granskning-av-leverantor-7"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what services send on commit (the invitation e-mail), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invite(client, committed, **overrides):
    data = {
        "name": "Ida Inbjuden",
        "email": "Ida.Inbjuden@Region.example",
        "title": "Miljöstrateg",
        "role": Role.COORDINATOR,
        "procurement_region": procurement_region("D").pk,
        **overrides,
    }
    with committed():
        return client.post(reverse("person_invite"), data)


def _link(mail):
    return re.search(r"https?://\S+/inbjudan/\S+/", mail.body).group(0)


def test_an_invitation_goes_end_to_end_from_secretariat_to_first_login(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    response = _invite(client, committed)
    invitee = User.objects.get(email="ida.inbjuden@region.example")
    assert response.status_code == 302 and response["Location"] == invitee.get_absolute_url()
    assert not invitee.has_usable_password()
    assert Membership.objects.unscoped().get(user=invitee).procurement_region.letter == "D"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ida.inbjuden@region.example"]
    link = _link(mailoutbox[0])

    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")

    response = client.post(reverse("account_login"), {"login": "ida.inbjuden@region.example", "password": NEW_PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("start"))  # their work queue, with the place their role leads to
    assert page.status_code == 200
    assert f'href="{reverse("procurement_region_detail", args=["D"])}"' in page.content.decode()


def test_an_invitation_link_works_once(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    _invite(client, committed)
    link = _link(mailoutbox[0])
    client.logout()
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link)
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()
    assert client.post(link, {"new_password1": "x" * 12, "new_password2": "x" * 12}).status_code == 404


def test_a_tampered_link_is_refused(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    _invite(client, committed)
    client.logout()
    assert client.get(_link(mailoutbox[0])[:-3] + "xx/").status_code == 404


def test_a_weak_password_is_refused_with_a_message(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    _invite(client, committed)
    client.logout()
    response = client.post(_link(mailoutbox[0]), {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert not User.objects.get(email="ida.inbjuden@region.example").has_usable_password()
    assert 'class="error"' in response.content.decode()


def test_inviting_an_existing_address_changes_nothing(client, kansliet, anna, mailoutbox, committed):
    client.force_login(kansliet)
    response = _invite(client, committed, email=anna.email.upper())
    assert response.status_code == 400
    assert "finns redan" in response.content.decode()
    assert User.objects.count() == 2 and not mailoutbox


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"procurement_region": ""}, "En regional samordnare behöver en upphandlingsregion."),
        ({"role": Role.REGION_CONTACT, "procurement_region": ""}, "En kontaktperson behöver en region."),
        ({"role": Role.STEERING}, "Rollen gäller hela samarbetet och har ingen region."),
        ({"email": "inte-en-adress"}, "Fyll i en giltig e-postadress."),
    ],
)
def test_an_invalid_invitation_names_the_field_and_creates_nobody(
    client, kansliet, mailoutbox, committed, overrides, field_message
):
    client.force_login(kansliet)
    response = _invite(client, committed, **overrides)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not User.objects.filter(name="Ida Inbjuden").exists() and not mailoutbox


def test_the_secretariat_resends_an_invitation_until_it_is_accepted(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    _invite(client, committed)
    invitee = User.objects.get(email="ida.inbjuden@region.example")
    with committed():
        client.post(reverse("person_resend", args=[invitee.pk]))
    assert len(mailoutbox) == 2
    invitee.set_password(NEW_PASSWORD)
    invitee.save()
    response = client.post(reverse("person_resend", args=[invitee.pk]), follow=True)
    assert len(mailoutbox) == 2
    assert "har redan tagit emot inbjudan" in response.content.decode()


def test_a_resent_invitation_ends_the_first_link_with_a_message_saying_so(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    _invite(client, committed)
    invitee = User.objects.get(email="ida.inbjuden@region.example")
    with committed():
        client.post(reverse("person_resend", args=[invitee.pk]))
    first, newest = _link(mailoutbox[0]), _link(mailoutbox[1])
    assert first != newest
    client.logout()

    response = client.get(first)
    assert response.status_code == 404
    assert "Du har fått en nyare inbjudan" in response.content.decode()
    assert client.post(first, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 404
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()

    assert client.get(newest).status_code == 200
    response = client.post(newest, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    # Once the password is set, no link of either invitation works, and none claims to be replaced.
    for link in (first, newest):
        response = client.get(link)
        assert response.status_code == 404 and "nyare inbjudan" not in response.content.decode()


def test_a_made_up_link_is_not_taken_for_a_replaced_one(client, kansliet, mailoutbox, committed):
    client.force_login(kansliet)
    _invite(client, committed)
    invitee = User.objects.get(email="ida.inbjuden@region.example")
    with committed():
        client.post(reverse("person_resend", args=[invitee.pk]))
    client.logout()
    first = _link(mailoutbox[0])
    made_up = first.rstrip("/")[:-3] + "abc/"
    response = client.get(made_up)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Länken fungerar inte" in page and "nyare inbjudan" not in page


def test_the_secretariat_changes_roles(client, kansliet, anna):
    client.force_login(kansliet)
    response = client.post(
        reverse("membership_add", args=[anna.pk]), {"role": Role.REGION_CONTACT, "region": region("Kalmar").pk}
    )
    assert response.status_code == 302
    assert set(anna.memberships.values_list("role", flat=True)) == {Role.COORDINATOR, Role.REGION_CONTACT}
    coordinator = anna.memberships.get(role=Role.COORDINATOR)
    client.post(reverse("membership_remove", args=[coordinator.pk]))
    assert list(anna.memberships.values_list("role", flat=True)) == [Role.REGION_CONTACT]


def test_the_same_role_twice_in_one_place_is_refused(client, kansliet, anna):
    client.force_login(kansliet)
    response = client.post(
        reverse("membership_add", args=[anna.pk]),
        {"role": Role.COORDINATOR, "procurement_region": procurement_region("A").pk},
    )
    assert response.status_code == 400
    assert anna.memberships.count() == 1


def test_a_deactivated_person_can_no_longer_log_in_and_is_recorded(client, kansliet, anna):
    client.force_login(kansliet)
    client.post(reverse("person_deactivate", args=[anna.pk]))
    anna.refresh_from_db()
    assert not anna.is_active
    assert anna.history.first().history_user == kansliet
    client.logout()
    response = client.post(reverse("account_login"), {"login": anna.email, "password": "correct-horse-battery-9"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    client.force_login(kansliet)
    client.post(reverse("person_reactivate", args=[anna.pk]))
    anna.refresh_from_db()
    assert anna.is_active


def test_the_secretariat_cannot_deactivate_itself(client, kansliet):
    client.force_login(kansliet)
    response = client.post(reverse("person_deactivate", args=[kansliet.pk]), follow=True)
    kansliet.refresh_from_db()
    assert kansliet.is_active
    assert "Du kan inte inaktivera dig själv." in response.content.decode()


def test_the_first_secretariat_member_is_invited_from_the_command_line(reference, mailoutbox, capsys):
    from django.core.management import call_command

    call_command("invite", "forsta@kansliet.example", name="Första Kanslist", site_url="https://hallbar.example")
    user = User.objects.get(email="forsta@kansliet.example")
    assert Membership.objects.unscoped().get(user=user).role == Role.SECRETARIAT
    assert "https://hallbar.example/inbjudan/" in capsys.readouterr().out


def test_the_invite_command_refuses_a_coordinator_without_procurement_region(reference):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="upphandlingsregion"):
        call_command("invite", "x@region.example", name="X", role=Role.COORDINATOR)
    assert not User.objects.exists()


def test_a_suppliers_contact_person_is_given_no_role_in_the_cooperation(client, kansliet, reference):
    sara = factories.supplier_contact(Supplier.objects.create(name="Abcur AB", country="DK", foreign_identifier="1"))
    client.force_login(kansliet)
    response = client.post(
        reverse("membership_add", args=[sara.pk]),
        {"role": Role.COORDINATOR, "procurement_region": procurement_region("A").pk},
    )
    assert response.status_code == 400
    assert "är kontaktperson för en leverantör och kan inte få en roll i samarbetet" in response.content.decode()
    assert list(sara.memberships.values_list("role", flat=True)) == [Role.SUPPLIER_CONTACT]


def test_a_member_is_not_made_a_suppliers_contact_person_by_a_role_either(kansliet, anna):
    with pytest.raises(ValidationError, match="har en roll i samarbetet"):
        services.add_membership(acting_user=kansliet, membership=Membership(user=anna, role=Role.SUPPLIER_CONTACT))
    assert list(anna.memberships.values_list("role", flat=True)) == [Role.COORDINATOR]
