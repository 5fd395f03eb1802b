"""A supplier's contact persons on the supplier's page: listed to those who may change the supplier,
invited with the people's invitation (a mail with the link, the role "Leverantörskontakt"), removed
without losing what they sent; everyone else is answered 404."""

import datetime

import pytest
from django.urls import reverse

from regions.access import Role
from regions.models import Membership, User
from revisioner.models import Contract, CorrectiveAction, SupplierContact
from tests import factories
from tests.revisioner import test_supplier_plans as plans

# The fixtures of the plans' tests, shared: Sara of Abcur AB, A's reported audit, her plan.
_media, sara, reported, deviation, proposed = plans._media, plans.sara, plans.reported, plans.deviation, plans.proposed

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(supplier, category):
    """Procurement region A buys from Abcur AB: its coordinators change the supplier."""
    return Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="A-2024-1",
        starts_on=datetime.date(2024, 1, 1),
    )


def supplier_page(client, supplier):
    return client.get(reverse("supplier_detail", args=[supplier.pk])).content.decode()


def invite(client, supplier, **data):
    data = {"name": "Greta Gruppchef", "email": "greta@abcur.example", "title": "Hållbarhetschef", **data}
    return client.post(reverse("supplier_contact_invite", args=[supplier.pk]), data)


def test_the_supplier_page_lists_its_contact_persons_to_those_who_change_it(
    client, anna, kansliet, contract, supplier, sara
):
    for who in (anna, kansliet):
        client.force_login(who)
        page = supplier_page(client, supplier)
        assert "Kontaktpersoner hos leverantören" in page
        assert "Sara Leverantör" in page and "sara@abcur.example" in page and "Aktiv" in page
        assert reverse("supplier_contact_invite", args=[supplier.pk]) in page
        contact = SupplierContact.objects.get(user=sara)
        assert reverse("supplier_contact_remove", args=[supplier.pk, contact.pk]) in page


def test_a_coordinator_without_a_contract_with_the_supplier_sees_no_contacts(client, bertil, contract, supplier, sara):
    client.force_login(bertil)
    page = supplier_page(client, supplier)
    assert "Kontaktpersoner hos leverantören" not in page and "sara@abcur.example" not in page


def test_whoever_writes_audits_is_offered_to_send_a_self_assessment(client, bertil, supplier, kalle):
    client.force_login(bertil)
    assert f"{reverse('self_assessment_send')}?supplier={supplier.pk}" in supplier_page(client, supplier)
    client.force_login(kalle)
    assert reverse("self_assessment_send") not in supplier_page(client, supplier)


def test_an_empty_list_says_so(client, anna, contract, supplier):
    client.force_login(anna)
    assert "Leverantören har inga kontaktpersoner ännu." in supplier_page(client, supplier)


def test_inviting_a_contact_person_mails_the_link_and_gives_the_role(
    client, anna, contract, supplier, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    form = client.get(reverse("supplier_contact_invite", args=[supplier.pk]))
    assert form.status_code == 200 and 'name="email"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, supplier)
    assert response.status_code == 302
    assert response["Location"] == f"{supplier.get_absolute_url()}#kontaktpersoner"
    greta = User.objects.get(email="greta@abcur.example")
    assert (greta.name, greta.title, greta.invited_by) == ("Greta Gruppchef", "Hållbarhetschef", anna)
    assert list(Membership.objects.unscoped().filter(user=greta).values_list("role", flat=True)) == [
        Role.SUPPLIER_CONTACT
    ]
    contact = SupplierContact.objects.get(user=greta)
    assert (contact.supplier, contact.invited_by) == (supplier, anna)
    assert [mail.to for mail in mailoutbox] == [["greta@abcur.example"]]
    assert "http://testserver/inbjudan/" in mailoutbox[0].body
    page = supplier_page(client, supplier)
    assert "Greta Gruppchef" in page and "har inte valt lösenord än" in page


def test_the_secretariat_invites_for_any_supplier(client, kansliet, supplier):
    client.force_login(kansliet)
    assert invite(client, supplier).status_code == 302
    assert SupplierContact.objects.filter(supplier=supplier, user__email="greta@abcur.example").exists()


def test_a_coordinator_without_a_contract_with_the_supplier_is_refused(client, bertil, contract, supplier):
    client.force_login(bertil)
    assert client.get(reverse("supplier_contact_invite", args=[supplier.pk])).status_code == 404
    assert invite(client, supplier).status_code == 404
    assert not User.objects.filter(email="greta@abcur.example").exists()


def test_a_person_without_write_rights_is_refused(client, kalle, supplier):
    client.force_login(kalle)
    assert invite(client, supplier).status_code == 404
    assert not User.objects.filter(email="greta@abcur.example").exists()


def test_the_form_shows_its_errors_at_the_fields(client, anna, contract, supplier):
    client.force_login(anna)
    response = invite(client, supplier, name="", email="inte-en-adress")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_name_error"' in page and 'id="id_email_error"' in page


def test_an_address_already_in_use_is_refused_at_the_field(client, anna, contract, supplier):
    client.force_login(anna)
    response = invite(client, supplier, email=anna.email)
    assert response.status_code == 400
    assert 'id="id_email_error"' in response.content.decode()
    assert not SupplierContact.objects.exists()


def test_the_form_sent_twice_invites_once(client, anna, contract, supplier):
    client.force_login(anna)
    invite(client, supplier)
    response = invite(client, supplier)
    assert response.status_code == 302
    assert SupplierContact.objects.filter(supplier=supplier).count() == 1


def test_removing_a_contact_person_deactivates_them_and_keeps_their_plan(
    client, anna, contract, supplier, sara, proposed
):
    contact = SupplierContact.objects.get(user=sara)
    url = reverse("supplier_contact_remove", args=[supplier.pk, contact.pk])
    client.force_login(anna)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Sara Leverantör" in confirm.content.decode()
    assert SupplierContact.objects.filter(pk=contact.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert not SupplierContact.objects.filter(pk=contact.pk).exists()
    sara.refresh_from_db()
    assert not sara.is_active
    assert not Membership.objects.unscoped().filter(user=sara).exists()
    plan = CorrectiveAction.objects.unscoped().get(pk=proposed.pk)
    assert (plan.proposed_by, plan.description) == (sara, "Ny rutin för riskanalys")
    page = supplier_page(client, supplier)
    assert "sara@abcur.example" not in page and "Leverantören har inga kontaktpersoner ännu." in page


def test_a_person_answering_for_two_suppliers_keeps_the_other(client, kansliet, supplier, other_supplier, sara):
    SupplierContact.objects.create(user=sara, supplier=other_supplier)
    contact = SupplierContact.objects.get(user=sara, supplier=supplier)
    client.force_login(kansliet)
    client.post(reverse("supplier_contact_remove", args=[supplier.pk, contact.pk]))
    sara.refresh_from_db()
    assert sara.is_active
    assert list(SupplierContact.objects.filter(user=sara).values_list("supplier", flat=True)) == [other_supplier.pk]


def test_removing_is_refused_to_others_and_for_another_suppliers_contact(
    client, anna, bertil, contract, supplier, other_supplier, sara
):
    contact = SupplierContact.objects.get(user=sara)
    client.force_login(bertil)
    assert client.post(reverse("supplier_contact_remove", args=[supplier.pk, contact.pk])).status_code == 404
    client.force_login(anna)
    Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=other_supplier,
        category=contract.category,
        reference="A-2024-2",
        starts_on=datetime.date(2024, 1, 1),
    )
    assert client.post(reverse("supplier_contact_remove", args=[other_supplier.pk, contact.pk])).status_code == 404
    assert SupplierContact.objects.filter(pk=contact.pk).exists()
    sara.refresh_from_db()
    assert sara.is_active


# A person already known: answering for one more supplier, or again -------------------------------


def test_a_removed_contact_person_is_invited_again_and_told(
    client, kansliet, supplier, sara, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    contact = SupplierContact.objects.get(user=sara)
    client.post(reverse("supplier_contact_remove", args=[supplier.pk, contact.pk]))
    sara.refresh_from_db()
    assert not sara.is_active
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, supplier, email="Sara@Abcur.example")
    assert response.status_code == 302
    sara.refresh_from_db()
    assert sara.is_active and sara.has_usable_password()
    assert list(Membership.objects.unscoped().filter(user=sara).values_list("role", flat=True)) == [
        Role.SUPPLIER_CONTACT
    ]
    assert SupplierContact.objects.get(user=sara).invited_by == kansliet
    [notice] = mailoutbox
    assert notice.to == ["sara@abcur.example"]
    assert "Du svarar nu för Abcur AB" in notice.subject
    assert "/inbjudan/" not in notice.body and "http://testserver/leverantor/" in notice.body  # she has a password


def test_one_person_answers_for_two_suppliers(
    client, kansliet, supplier, other_supplier, sara, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, other_supplier, email=sara.email).status_code == 302
    assert set(SupplierContact.objects.filter(user=sara).values_list("supplier", flat=True)) == {
        supplier.pk,
        other_supplier.pk,
    }
    assert Membership.objects.unscoped().filter(user=sara).count() == 1
    sara.refresh_from_db()
    assert sara.name == "Sara Leverantör"  # the person as she is, not the form's name
    assert "Abcur AB" in mailoutbox[0].body and "Medline GmbH" in mailoutbox[0].body


def test_a_person_who_never_chose_a_password_gets_the_invitation_again(
    client, kansliet, supplier, other_supplier, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, supplier)
    first_link = mailoutbox[0].body.split("/inbjudan/")[1].split()[0]
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, other_supplier).status_code == 302
    again = mailoutbox[1]
    assert again.to == ["greta@abcur.example"] and "/inbjudan/" in again.body
    assert again.body.split("/inbjudan/")[1].split()[0] != first_link  # a new link, the first one ends
    assert "Abcur AB" in again.body and "Medline GmbH" in again.body


def test_a_member_of_the_cooperation_is_never_made_a_suppliers_contact(client, kansliet, supplier, anna):
    client.force_login(kansliet)
    response = invite(client, supplier, email=anna.email)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_email_error"' in page and "roll i samarbetet" in page
    assert not SupplierContact.objects.exists()
    assert list(Membership.objects.unscoped().filter(user=anna).values_list("role", flat=True)) == [Role.COORDINATOR]
