"""Opening, recording and closing a case through its pages and services; notifications go once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidenter import services
from incidenter.models import Incident, IncidentParticipant, Notification, Outcome
from incidenter.tasks import send_pending_incident_notifications
from regions.access import Visibility
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_region_contact_opens_a_confidential_case_naming_the_supplier(client, kalle, supplier):
    client.force_login(kalle)
    form = client.get(reverse("incident_create")).context["form"]
    assert [str(region) for region in form.fields["lead_region"].queryset] == ["Region Kalmar län"]
    response = client.post(
        reverse("incident_create"),
        {
            "title": "Bageri anlitar papperslösa",
            "allegations": ["labour_law"],
            "source": "media",
            "source_reference": "Barometern 2024-02-12",
            "supplier": supplier.org_number,
            "lead_region": form.fields["lead_region"].queryset.get().pk,
            "visibility": "confidential",
            "opened_on": "2024-02-12",
            "description": "Artikel om bageriets anställda.",
            "once": form["once"].value(),
        },
    )
    incident = Incident.objects.unscoped().get()
    assert response.status_code == 302 and response.url == incident.get_absolute_url()
    assert incident.visibility == Visibility.CONFIDENTIAL and incident.created_by == kalle
    assert [party.supplier for party in incident.parties.all()] == [supplier]
    assert list(IncidentParticipant.objects.values_list("user", flat=True)) == [kalle.pk]
    assert incident.history.get().history_user == kalle
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_a_case_needs_an_allegation(anna):
    incident = Incident(title="x", source="media", description="x", opened_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.open_case(acting_user=anna, incident=incident, allegations=[])


def test_making_a_case_network_mails_every_region_contact_once(
    django_capture_on_commit_callbacks, anna, kalle, contacts, case_of_anna
):
    with django_capture_on_commit_callbacks(execute=True):
        services.make_network(acting_user=anna, incident=case_of_anna)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in [kalle, *contacts])
    assert "Bröd från bageri" in mail.outbox[0].subject
    assert f"/incidenter/{case_of_anna.pk}/" in mail.outbox[0].body
    assert "HEMLIG" not in mail.outbox[0].body
    # The task runs again (a redelivered message): nobody gets a second mail.
    assert services.send_notifications(f"network:{case_of_anna.pk}") == 0
    assert len(mail.outbox) == 3
    with pytest.raises(ValidationError):
        services.make_network(acting_user=anna, incident=case_of_anna)
    assert Notification.objects.filter(sent_at__isnull=False).count() == 3


def test_every_contract_termination_mails_the_contacts_once_each_and_not_the_actor(
    django_capture_on_commit_callbacks, kalle, contacts, open_case, supplier, contract
):
    incident = open_case(kalle, suppliers=[supplier])
    kalmar = contract.regions.get(short_name="Kalmar")
    for decided_on in (datetime.date(2024, 4, 1), datetime.date(2024, 5, 1)):
        with django_capture_on_commit_callbacks(execute=True):
            services.terminate_contract(
                acting_user=kalle, incident=incident, contract=contract, region=kalmar, decided_on=decided_on
            )
    assert len(mail.outbox) == 2 * len(contacts)
    assert kalle.email not in {message.to[0] for message in mail.outbox}
    assert "hävt ett avtal med Bake My Day AB" in mail.outbox[0].subject
    # A confidential case is not named in the mail.
    assert incident.title not in mail.outbox[0].body and "konfidentiellt" in mail.outbox[0].body
    assert set(incident.affected_contracts.all()) == {contract}
    assert kalmar in incident.affected_regions.all()
    assert Notification.objects.count() == 4


def test_a_termination_needs_the_contract_and_the_region(client, anna, case_of_anna, contract):
    client.force_login(anna)
    url = reverse("incident_outcome_add", args=[case_of_anna.pk])
    response = client.post(url, {"outcome-kind": "contract_terminated", "outcome-decided_on": "2024-04-01"})
    assert response.status_code == 400
    errors = response.context["outcome_form"].errors
    assert "contract" in errors and "region" in errors
    uppsala = contract.regions.model.objects.get(short_name="Uppsala")
    response = client.post(
        url,
        {
            "outcome-kind": "contract_terminated",
            "outcome-decided_on": "2024-04-01",
            "outcome-contract": contract.pk,
            "outcome-region": uppsala.pk,
        },
    )
    assert response.status_code == 400 and "inte part i avtalet" in response.content.decode()
    assert not Outcome.objects.exists()


def test_closing_needs_an_outcome_and_a_summary(client, anna, case_of_anna):
    with pytest.raises(ValidationError) as error:
        services.close_case(acting_user=anna, incident=case_of_anna, summary="")
    assert set(error.value.message_dict) == {"outcome", "summary"}
    client.force_login(anna)
    response = client.post(reverse("incident_close", args=[case_of_anna.pk]), {"close-summary": "Sammanfattning"})
    assert response.status_code == 400
    assert "Registrera minst ett utfall" in response.content.decode()
    services.record_outcome(
        acting_user=anna,
        incident=case_of_anna,
        outcome=Outcome(kind=Outcome.Kind.DIALOGUE, decided_on=datetime.date(2024, 5, 1)),
    )
    response = client.post(reverse("incident_close", args=[case_of_anna.pk]), {"close-summary": "  "})
    assert response.status_code == 400 and "Skriv en sammanfattning" in response.content.decode()
    response = client.post(
        reverse("incident_close", args=[case_of_anna.pk]),
        {"close-summary": "Leverantören har rättat sig.", "close-closed_on": "2024-06-30"},
    )
    assert response.status_code == 302
    case_of_anna.refresh_from_db()
    assert case_of_anna.status == Incident.Status.CLOSED and case_of_anna.closed_on == datetime.date(2024, 6, 30)
    assert case_of_anna.summary == "Leverantören har rättat sig."
    with pytest.raises(ValidationError):
        services.close_case(acting_user=anna, incident=case_of_anna, summary="igen")


def test_a_closed_case_takes_no_more_entries(anna, case_of_anna):
    services.record_outcome(
        acting_user=anna,
        incident=case_of_anna,
        outcome=Outcome(kind=Outcome.Kind.NO_BREACH, decided_on=datetime.date(2024, 5, 1)),
    )
    services.close_case(acting_user=anna, incident=case_of_anna, summary="Inget brott.")
    with pytest.raises(ValidationError):
        services.record_outcome(
            acting_user=anna,
            incident=case_of_anna,
            outcome=Outcome(kind=Outcome.Kind.DIALOGUE, decided_on=datetime.date(2024, 6, 1)),
        )


def test_the_case_page_steps_add_parties_entries_contracts_and_people(client, anna, bertil, case_of_anna, contract):
    client.force_login(anna)
    url = case_of_anna.get_absolute_url()
    steps = [
        ("incident_party_add", {"party-role": "factory", "party-name": "Fabrik 3", "party-country": "my"}),
        (
            "incident_timeline_add",
            {"timeline-kind": "contact", "timeline-occurred_on": "2024-03-04", "timeline-who": "A",
             "timeline-text": "Ringde leverantören"},
        ),
        ("incident_contract_link", {"contract-contract": contract.pk}),
        ("incident_participant_add", {"participant-user": bertil.pk}),
    ]  # fmt: skip
    for name, data in steps:
        response = client.post(reverse(name, args=[case_of_anna.pk]), data)
        assert response.status_code == 302, (name, response.context and response.context.get("form"))
    page = client.get(url).content.decode()
    assert "Fabrik 3" in page and "MY" in page and "Ringde leverantören" in page and "A-2023-001" in page
    assert case_of_anna.participants.filter(user=bertil).exists()
    assert set(case_of_anna.affected_regions.values_list("short_name", flat=True)) == {"Kalmar", "Västerbotten"}


def test_the_supplier_page_lists_the_cases_the_reader_may_see(client, anna, bertil, case_of_anna, supplier):
    client.force_login(anna)
    assert case_of_anna.title in client.get(supplier.get_absolute_url()).content.decode()
    client.force_login(bertil)
    assert case_of_anna.title not in client.get(supplier.get_absolute_url()).content.decode()


def test_a_participant_writes_the_summary_and_finds_the_cases_of_their_regions(client, kalle, open_case, contract):
    incident = open_case(kalle, title="Berör Kalmar")
    open_case(kalle, title="Berör ingen")
    services.link_contract(acting_user=kalle, incident=incident, contract=contract)
    client.force_login(kalle)
    response = client.post(reverse("incident_summary", args=[incident.pk]), {"summary-summary": " Följs upp. "})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.summary == "Följs upp." and incident.history.first().history_user == kalle
    mine = client.get(reverse("incident_list"), {"mine": "true"}).context["incidents"]
    assert [case.title for case in mine] == ["Berör Kalmar"]


def test_a_closed_case_changes_no_more_through_its_pages(client, anna, case_of_anna, contract):
    services.record_outcome(
        acting_user=anna,
        incident=case_of_anna,
        outcome=Outcome(kind=Outcome.Kind.NO_BREACH, decided_on=datetime.date(2024, 5, 1)),
    )
    services.close_case(acting_user=anna, incident=case_of_anna, summary="Inget brott.")
    client.force_login(anna)
    page = client.get(case_of_anna.get_absolute_url()).content.decode()
    assert "Registrera händelse" not in page and "Inget brott." in page
    posts = {
        "incident_party_add": {"party-role": "factory", "party-name": "Fabrik"},
        "incident_contract_link": {"contract-contract": contract.pk},
        "incident_summary": {"summary-summary": "Ändrad"},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[case_of_anna.pk]), data).status_code == 400, name
    case_of_anna.refresh_from_db()
    assert case_of_anna.summary == "Inget brott." and not case_of_anna.affected_contracts.exists()


def test_a_participant_changes_what_the_case_is_about_and_uploads_a_file(
    client, anna, case_of_anna, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(anna)
    url = reverse("incident_edit", args=[case_of_anna.pk])
    form = client.get(url).context["form"]
    assert "visibility" not in form.fields and form["allegations"].value() == ["labour_law"]
    data = {
        "title": "Nytt namn",
        "allegations": ["forced_labour", "debt_bondage"],
        "source": "civil_society",
        "lead_region": factories.region("Västerbotten").pk,
        "opened_on": "2024-03-01",
        "description": "Ny beskrivning",
        "version": form["version"].value(),
    }
    assert client.post(url, data).status_code == 302
    case_of_anna.refresh_from_db()
    assert case_of_anna.title == "Nytt namn" and case_of_anna.visibility == Visibility.CONFIDENTIAL
    assert sorted(case_of_anna.allegations.values_list("kind", flat=True)) == ["debt_bondage", "forced_labour"]
    entry = {
        "timeline-kind": "analysis",
        "timeline-occurred_on": "2024-03-10",
        "timeline-who": "Anna",
        "timeline-text": "Analys av lönelistor",
    }
    script = SimpleUploadedFile("x.exe", b"MZ not a document")
    response = client.post(
        reverse("incident_timeline_add", args=[case_of_anna.pk]), {**entry, "timeline-attachment": script}
    )
    assert response.status_code == 400 and not case_of_anna.timeline.exists()
    pdf = SimpleUploadedFile("lonelistor.pdf", b"%PDF-1.4 lista")
    response = client.post(
        reverse("incident_timeline_add", args=[case_of_anna.pk]), {**entry, "timeline-attachment": pdf}
    )
    assert response.status_code == 302
    attachment = case_of_anna.timeline.get().attachments.get()
    assert attachment.name == "lonelistor.pdf" and attachment.uploaded_by == anna


def test_a_mail_server_that_fails_leaves_the_notifications_unsent_for_the_next_run(
    django_capture_on_commit_callbacks, monkeypatch, anna, kalle, case_of_anna
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("incidenter.services.send_templated", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.make_network(acting_user=anna, incident=case_of_anna)
    assert Notification.objects.get().sent_at is None and mail.outbox == []
    monkeypatch.undo()
    assert send_pending_incident_notifications.delay().get() == 1  # the hourly beat task
    assert [message.to for message in mail.outbox] == [[kalle.email]]
    assert services.send_notifications(f"network:{case_of_anna.pk}") == 0


def test_the_pending_notifications_are_sent_by_beat_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["incident-send-pending-notifications"]
    assert entry["task"] == send_pending_incident_notifications.name
    assert entry["schedule"].minute == {20}


@pytest.mark.django_db(transaction=True)  # commits as a real request does, so on_commit runs in the view
def test_with_the_broker_down_the_lead_is_told_and_beat_sends_the_mail_later(client, anna, kalle, case_of_anna):
    from unittest import mock

    from kombu.exceptions import OperationalError

    client.force_login(anna)
    refused = OperationalError("connection refused")
    with mock.patch("incidenter.tasks.send_incident_notifications.apply_async", side_effect=refused):
        response = client.post(reverse("incident_make_network", args=[case_of_anna.pk]))
    page = client.get(response.url).content.decode()
    assert "kunde inte köas just nu" in page
    assert mail.outbox == [] and Notification.objects.get().sent_at is None

    assert send_pending_incident_notifications.delay().get() == 1
    assert [message.to for message in mail.outbox] == [[kalle.email]]
