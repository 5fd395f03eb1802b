import pytest
from django.contrib import admin
from django.urls import reverse

from incidenter import services
from incidenter.models import Incident
from regions.access import Visibility

pytestmark = pytest.mark.django_db


def test_the_secretariat_reads_who_read_a_confidential_case_and_what_was_mailed(
    client, kansliet, anna, kalle, open_case
):
    case = open_case(anna)
    client.force_login(anna)
    client.get(reverse("incident_detail", args=[case.pk]))
    services.make_network(acting_user=anna, incident=case)

    client.force_login(kansliet)
    reads = client.get(reverse("admin:incidenter_incidentread_changelist")).content.decode()
    assert "Anna Samordnare A" in reads
    notifications = client.get(reverse("admin:incidenter_notification_changelist")).content.decode()
    assert kalle.email in notifications or kalle.name in notifications
    # The trail cannot be edited or removed.
    assert client.get(reverse("admin:incidenter_notification_add")).status_code == 403


def test_the_admin_is_the_secretariats_only(client, anna):
    client.force_login(anna)
    response = client.get(reverse("admin:incidenter_incidentread_changelist"))
    assert response.status_code == 404  # as the admin answers every member who is not of the secretariat


def test_an_incident_case_cannot_be_changed_through_the_admin(client, kansliet, anna, open_case):
    """A case closes, opens to the network and names people only through its page (incidenter/services.py)."""
    case = open_case(anna)
    client.force_login(kansliet)
    response = client.post(
        f"/admin/incidenter/incident/{case.pk}/change/",
        {"title": case.title, "status": Incident.Status.CLOSED, "visibility": Visibility.NETWORK},
    )
    assert response.status_code in (403, 404)
    case.refresh_from_db()
    assert case.status == Incident.Status.OPEN and case.visibility == Visibility.CONFIDENTIAL
    assert Incident not in admin.site._registry
