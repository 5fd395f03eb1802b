"""A region contact opens a confidential case from a media report, names the supplier, adds a
timeline entry and records that the region terminated the contract; the other regions' contacts
are mailed once; the case closes with a summary that the 2024 report prints."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from hallbar.report import build_report_pdf
from incidenter.models import Incident, Notification
from regions.access import Role, Visibility
from regions.reference import load_reference_data
from revisioner.identifiers import with_check_digit
from revisioner.models import Contract, Supplier
from riskanalys.models import Category
from tests.e2e.test_journeys import _log_in
from tests.factories import member, procurement_region, region
from tests.hallbar.test_report import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORG_NUMBER = with_check_digit("556677889")
SUMMARY = "Region Kalmar hävde ramavtalet med Bake My Day efter brott mot utlänningslagen."


def _step(page, summary, button, fields):
    """Open the case page's <details> named ``summary``, fill its form and send it."""
    section = page.locator("details", has=page.locator("summary", has_text=summary))
    section.locator("summary").click()
    for label, value in fields:
        field = section.get_by_label(re.compile(rf"^{re.escape(label)}"))
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    section.get_by_role("button", name=button).click()


def test_a_region_contact_follows_a_case_from_media_report_to_the_annual_report(live_server, browser, tmp_path):
    load_reference_data()
    member(Role.REGION_CONTACT, region=region("Kalmar"), email="kalle@kalmar.example", name="Kalle Kalmar")
    others = [
        member(Role.REGION_CONTACT, region=region("Dalarna"), email="dagny@dalarna.example", name="Dagny Dalarna"),
        member(Role.REGION_CONTACT, region=region("Uppsala"), email="ulf@uppsala.example", name="Ulf Uppsala"),
    ]
    bread = Category.objects.add_root({"name": "Livsmedel"})
    supplier = Supplier.objects.create(name="Bake My Day AB", org_number=ORG_NUMBER)
    contract = Contract.objects.create(
        procurement_region=procurement_region("F"), supplier=supplier, category=bread, reference="F-2022-BROD",
        starts_on=datetime.date(2022, 9, 1),
    )  # fmt: skip
    contract.regions.add(region("Kalmar"))

    kalle = browser.new_page()
    _log_in(kalle, live_server, "kalle@kalmar.example")
    kalle.get_by_role("link", name="Incidenter").first.click()
    kalle.get_by_role("link", name="Öppna ärende").click()
    kalle.get_by_label("Rubrik").fill("Bageri anlitar arbetare utan arbetstillstånd")
    kalle.get_by_label("Brott mot arbetsrätt eller utlänningslagen").check()
    kalle.get_by_label(re.compile("^Källa")).select_option(label="Media")
    kalle.get_by_label("Referens till källan").fill("Barometern 12 februari 2024")
    kalle.get_by_label(re.compile("^Leverantör")).fill(ORG_NUMBER)
    kalle.get_by_label("Ansvarig region").select_option(label="Region Kalmar län")
    kalle.get_by_label("Inlett").fill("2024-02-12")
    kalle.get_by_label("Beskrivning").fill("Tips om att bageriets anställda saknar arbetstillstånd.")
    kalle.get_by_role("button", name="Öppna ärendet").click()
    expect(kalle.get_by_role("status")).to_contain_text("Ärendet är öppnat")
    expect(kalle.get_by_role("heading", level=1)).to_have_text("Bageri anlitar arbetare utan arbetstillstånd")
    expect(kalle.get_by_text("Konfidentiellt ärende")).to_be_visible()
    expect(kalle.get_by_role("link", name="Bake My Day AB")).to_be_visible()

    _step(kalle, "Registrera händelse", "Spara händelsen", [
        ("Typ", "Begäran om information"),
        ("Datum", "2024-02-20"),
        ("Vem", "Region Kalmar län"),
        ("Vad hände", "Begäran om anställningsavtal och arbetstillstånd."),
        ("Följs upp", "2024-03-15"),
    ])  # fmt: skip
    expect(kalle.get_by_role("status")).to_contain_text("Händelsen är registrerad")
    expect(kalle.locator("article.timeline-entry")).to_contain_text("Begäran om anställningsavtal")

    _step(kalle, "Registrera utfall", "Spara utfallet", [
        ("Utfall", "Avtal hävt"),
        ("Datum", "2024-04-22"),
        ("Hävt avtal", "F-2022-BROD Bake My Day AB"),
        ("Region som hävde avtalet", "Region Kalmar län"),
    ])  # fmt: skip
    expect(kalle.get_by_role("status")).to_contain_text("Utfallet är registrerat")
    expect(kalle.get_by_text(re.compile("Region Kalmar län hävde avtal F-2022-BROD"))).to_be_visible()

    # The other regions' contacts are mailed once; the contact who recorded it is not.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in others)
    assert all("Bake My Day AB" in message.subject for message in mail.outbox)
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2

    _step(
        kalle, "Avsluta ärendet", "Avsluta", [("Sammanfattning för publicering", SUMMARY), ("Avslutat", "2024-06-30")]
    )
    expect(kalle.get_by_role("status")).to_contain_text("Ärendet är avslutat")
    expect(kalle.get_by_text("Avslutat", exact=True).first).to_be_visible()

    incident = Incident.objects.unscoped().get()
    assert incident.status == Incident.Status.CLOSED and incident.visibility == Visibility.CONFIDENTIAL
    report = " ".join(pdf_text(build_report_pdf(2024), tmp_path, layout=False).split())
    assert SUMMARY in report
    assert "Tips om att bageriets anställda" not in report and "anställningsavtal" not in report
    assert len(mail.outbox) == 2
