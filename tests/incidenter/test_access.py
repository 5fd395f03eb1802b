"""Confidential cases are seen by the secretariat and their named participants only; every read is
recorded; the steering group reads no case at all."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidenter import services
from incidenter.models import Incident, IncidentRead, TimelineAttachment, TimelineEntry
from regions.access import Visibility
from revisioner.models import Audit
from riskanalys.models import Category
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(case_of_anna, anna, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = TimelineEntry(
        kind=TimelineEntry.Kind.REQUEST, occurred_on=datetime.date(2024, 3, 5), who="Region Dalarna", text="Frågor"
    )
    file = TimelineAttachment(file=SimpleUploadedFile("brev.pdf", b"%PDF-1.4 hemligt"), name="Brev")
    services.add_timeline_entry(acting_user=anna, incident=case_of_anna, entry=entry, attachments=[file])
    return file


def test_a_coordinator_not_named_in_a_confidential_case_gets_404_on_it_and_its_files(
    client, bertil, case_of_anna, attachment
):
    client.force_login(bertil)
    assert client.get(reverse("incident_detail", args=[case_of_anna.pk])).status_code == 404
    assert client.get(reverse("incident_attachment", args=[case_of_anna.pk, attachment.pk])).status_code == 404
    assert client.post(reverse("incident_make_network", args=[case_of_anna.pk])).status_code == 404


def test_a_confidential_case_is_no_row_of_the_list_or_its_downloads(client, bertil, case_of_anna, open_case):
    open_case(bertil, title="Bertils eget ärende")
    client.force_login(bertil)
    page = client.get(reverse("incident_list")).content.decode()
    assert "Bertils eget ärende" in page and case_of_anna.title not in page
    for export in ("csv", "xlsx"):
        body = client.get(reverse("incident_list"), {"format": export}).getvalue()
        if export == "csv":
            text = body.decode("utf-8-sig")
            assert "Bertils eget ärende" in text and case_of_anna.title not in text
    assert client.get(reverse("supplier_detail", args=[case_of_anna.parties.get().supplier_id])).status_code == 200


@pytest.mark.parametrize("first", ["anna", "bertil"])
def test_a_confidential_case_does_not_reach_another_reader_through_the_cached_list(
    client, anna, bertil, case_of_anna, first
):
    """The list's rows are kept per reader (base.lists): whoever read the list first, twice."""
    readers = {"anna": anna, "bertil": bertil}
    seen = {}
    for name in sorted(readers, key=lambda name: name != first):
        client.force_login(readers[name])
        for _ in range(2):
            seen[name] = client.get(reverse("incident_list")).content.decode()
    assert case_of_anna.title in seen["anna"] and case_of_anna.title not in seen["bertil"]


def test_named_participants_and_the_secretariat_read_it_and_each_read_is_recorded(
    client, anna, kansliet, case_of_anna, attachment
):
    for user in (anna, kansliet):
        client.force_login(user)
        page = client.get(reverse("incident_detail", args=[case_of_anna.pk]))
        assert page.status_code == 200 and "HEMLIG UPPGIFT" in page.content.decode()
    download = client.get(reverse("incident_attachment", args=[case_of_anna.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    reads = IncidentRead.objects.filter(incident=case_of_anna)
    assert [(r.user, r.what) for r in reads.order_by("pk")] == [
        (anna, "ärendet"),
        (kansliet, "ärendet"),
        (kansliet, "bilaga Brev"),
    ]
    log = client.get(reverse("incident_detail", args=[case_of_anna.pk])).content.decode()
    assert "Läsningar" in log and "Anna Samordnare A" in log


def test_a_named_coordinator_of_another_region_sees_it(client, anna, bertil, case_of_anna):
    services.add_participant(acting_user=anna, incident=case_of_anna, user=bertil)
    client.force_login(bertil)
    assert client.get(reverse("incident_detail", args=[case_of_anna.pk])).status_code == 200


def test_a_network_case_is_read_by_every_coordinator_and_contact_and_not_logged(
    client, anna, bertil, kalle, case_of_anna
):
    services.make_network(acting_user=anna, incident=case_of_anna)
    for user in (bertil, kalle):
        client.force_login(user)
        assert client.get(reverse("incident_detail", args=[case_of_anna.pk])).status_code == 200
    assert not IncidentRead.objects.exists()
    # … but only the named participants change it
    response = client.post(reverse("incident_close", args=[case_of_anna.pk]), {"close-summary": "Klart"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["steering", "finance", "no_role"])
def test_the_steering_group_finance_and_people_without_role_read_no_case(client, personas, anna, case_of_anna, who):
    services.make_network(acting_user=anna, incident=case_of_anna)
    client.force_login(personas[who])
    assert client.get(reverse("incident_detail", args=[case_of_anna.pk])).status_code == 404
    assert client.get(reverse("incident_list")).status_code == 403
    assert not Incident.objects.visible_to(personas[who]).exists()


def test_visibility_in_one_table(personas, anna, open_case):
    confidential = open_case(anna)
    network = open_case(anna, title="Delat", visibility=Visibility.NETWORK)
    expected = {
        "secretariat": {confidential, network},
        "coordinator": {confidential, network},  # anna is named
        "other_coordinator": {network},
        "region_contact": {network},
        "steering": set(),
        "finance": set(),
        "no_role": set(),
    }
    for who, cases in expected.items():
        assert set(Incident.objects.visible_to(personas[who])) == cases, who


def test_a_shared_case_does_not_reveal_a_linked_audit_the_reader_may_not_see(client, anna, kalle, open_case, supplier):
    draft = Audit.objects.create(
        kind=Audit.Kind.FACTORY,
        supplier=supplier,
        category=Category.objects.add_root({"name": "Textil"}),
        procurement_region=factories.procurement_region("A"),
        year=2024,
        site="Fabrik i Dhaka",
        country="BD",
    )
    case = open_case(anna, visibility=Visibility.NETWORK)
    services.link_audit(acting_user=anna, incident=case, audit=draft)
    url = reverse("incident_detail", args=[case.pk])

    client.force_login(anna)
    assert reverse("audit_detail", args=[draft.pk]) in client.get(url).content.decode()
    client.force_login(kalle)  # a contact of Kalmar: reads the case, not A's draft audit
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("audit_detail", args=[draft.pk]) not in page.content.decode()
