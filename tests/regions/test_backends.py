"""The person of a request is read with their memberships in one query (regions.backends), and what
Django's own reading of them guards still holds: a removed role, a deactivated account and a changed
password take effect at the person's next request."""

import pytest
from django.urls import reverse

from regions.access import Role, get_scope
from regions.backends import MemberBackend
from regions.models import Membership, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_person_and_every_role_of_theirs_are_one_query(anna, django_assert_num_queries):
    Membership.objects.create(user=anna, role=Role.REGION_CONTACT, region=factories.region("Kalmar"))
    with django_assert_num_queries(1):
        user = MemberBackend().get_user(anna.pk)
        scope = get_scope(user)
    assert user == anna
    assert scope.roles == {Role.COORDINATOR, Role.REGION_CONTACT}
    assert scope.coordinated_procurement_region_ids == {factories.procurement_region("A").pk}
    assert scope.contact_region_ids == {factories.region("Kalmar").pk}
    # Kalmar belongs to procurement region C: a contact person reads what C owns.
    assert factories.region("Kalmar").procurement_region_id in scope.procurement_region_ids


def test_a_person_without_a_role_is_read_and_has_an_empty_scope(nils, django_assert_num_queries):
    with django_assert_num_queries(2):  # no membership row to read the person with
        user = MemberBackend().get_user(nils.pk)
        scope = get_scope(user)
    assert user == nils and not scope.roles and not scope.capabilities
    assert MemberBackend().get_user(nils.pk + 1000) is None


def test_a_removed_role_is_gone_at_the_next_request(client, anna):
    client.force_login(anna)
    assert client.get(reverse("audit_list")).status_code == 200
    Membership.objects.unscoped().filter(user=anna).delete()
    assert client.get(reverse("audit_list")).status_code == 403


def test_a_deactivated_member_is_logged_out_at_the_next_request(client, anna):
    client.force_login(anna)
    assert client.get(reverse("audit_list")).status_code == 200
    User.objects.filter(pk=anna.pk).update(is_active=False)
    response = client.get(reverse("audit_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_changed_password_ends_the_members_other_sessions(client, anna):
    client.force_login(anna)
    assert client.get(reverse("audit_list")).status_code == 200
    anna.set_password("ett-annat-losenord-2026")
    anna.save()
    response = client.get(reverse("audit_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
