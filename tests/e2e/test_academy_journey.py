"""An external person registers for a supplier training through the public form; the secretariat
marks attendance; a coordinator with two audits completes the e-learning and the introduction
training, gets the diploma and downloads the certificate."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from akademi.models import Diploma, Event, Registration
from regions.access import Role
from revisioner.models import AuditParticipant
from tests.akademi.builders import audit_with
from tests.e2e.test_journeys import _log_in
from tests.factories import member, procurement_region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _running(kind, title, **fields):
    """An event that has started and still takes registrations (a webinar, an open course)."""
    now = timezone.now()
    return Event.objects.create(
        kind=kind,
        title=title,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
        registration_deadline=now + datetime.timedelta(hours=1),
        **fields,
    )


def _mark_attended(page, live_server, event, name):
    page.goto(f"{live_server.url}/akademi/{event.pk}/deltagare/")
    page.get_by_label(f"{name} närvarade").check()
    page.get_by_role("button", name="Spara närvaro").click()
    expect(page.get_by_role("status")).to_contain_text("Närvaron är sparad")
    page.screenshot(path=f"var/screenshots/academy-participants-{event.pk}.png", full_page=True)


def test_from_public_registration_to_a_downloaded_diploma(live_server, browser, settings, tmp_path, reference):
    settings.MEDIA_ROOT = tmp_path
    member(Role.SECRETARIAT, email="karin@kansliet.example", name="Karin Kansli")
    anna = member(Role.COORDINATOR, procurement_region=procurement_region("A"), email="anna@a.example", name="Anna A")
    audit_with(anna)
    audit_with(anna, role=AuditParticipant.Role.OBSERVER)
    training = _running(
        Event.Kind.SUPPLIER_TRAINING, "Leverantörsutbildning om uppförandekoden", open_to_public=True, capacity=100
    )
    introduction = _running(Event.Kind.INTRODUCTION, "Introduktionsutbildning hösten")
    e_learning = _running(Event.Kind.E_LEARNING, "E-utbildning hållbar upphandling")

    # An external person, without an account
    public = browser.new_page()
    public.goto(f"{live_server.url}/")
    public.get_by_role("link", name="Utbildningar och webinarier med öppen anmälan").click()
    public.get_by_role("link", name="Leverantörsutbildning om uppförandekoden").click()
    public.get_by_role("textbox", name="Namn").fill("Lars Leverantör")
    public.get_by_role("textbox", name="E-postadress").fill("lars@leverantor.example")
    public.get_by_role("textbox", name="Organisation").fill("Leverantören AB")
    public.get_by_label("Jag samtycker").check()
    public.get_by_role("button", name="Anmäl mig").click()
    expect(public.get_by_role("status")).to_contain_text("Tack. Vi har skickat ett e-postmeddelande")
    assert "lars@leverantor.example" in [message.to[0] for message in mail.outbox]

    # The coordinator registers with one click each
    coordinator = browser.new_page()
    _log_in(coordinator, live_server, "anna@a.example")
    for title in ("Introduktionsutbildning hösten", "E-utbildning hållbar upphandling"):
        coordinator.get_by_role("link", name="Akademin").first.click()
        coordinator.get_by_role("link", name=title).click()
        coordinator.get_by_role("button", name="Anmäl mig").click()
        expect(coordinator.get_by_role("status")).to_contain_text("Du är anmäld")
    coordinator.get_by_role("link", name="Akademin").first.click()
    coordinator.get_by_role("link", name="Mitt diplom").click()
    expect(coordinator.get_by_role("row", name="Två revisioner som revisor eller observatör")).to_contain_text("Ja")
    expect(coordinator.get_by_role("row", name="Introduktionsutbildningen")).to_contain_text("Nej")

    # The secretariat marks attendance and issues the diploma
    karin = browser.new_page()
    _log_in(karin, live_server, "karin@kansliet.example")
    _mark_attended(karin, live_server, training, "Lars Leverantör")
    _mark_attended(karin, live_server, introduction, "Anna A")
    _mark_attended(karin, live_server, e_learning, "Anna A")
    karin.get_by_role("link", name="Akademin").first.click()
    karin.get_by_role("link", name="Diplomerade samordnare").click()
    karin.get_by_role("button", name="Utfärda diplom till Anna A").click()
    expect(karin.get_by_role("status")).to_contain_text("Diplomet är utfärdat till Anna A")
    karin.screenshot(path="var/screenshots/academy-diplomas.png", full_page=True)

    # The coordinator downloads the certificate
    coordinator.get_by_role("link", name="Akademin").first.click()
    coordinator.get_by_role("link", name="Mitt diplom").click()
    expect(coordinator.get_by_text("Du är diplomerad sedan")).to_be_visible()
    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("link", name="Ladda ner diplomet (PDF)").click()
    certificate = download_info.value
    assert certificate.suggested_filename.endswith(".pdf")
    with open(certificate.path(), "rb") as file:
        assert file.read(4) == b"%PDF"

    assert Registration.objects.unscoped().get(email="lars@leverantor.example").attended
    assert Diploma.objects.unscoped().get().user == anna
