import pytest
from django.urls import reverse

from incidenter import services

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
