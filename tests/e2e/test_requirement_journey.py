"""The secretariat opens a consultation, two region contacts answer, the secretariat adopts;
the uptake matrix shows the new version."""

import pytest
from playwright.sync_api import expect

from krav import services
from krav.models import Requirement
from regions.access import Role
from regions.models import Region
from regions.reference import load_reference_data
from tests.e2e.test_journeys import _log_in
from tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_consultation_is_answered_and_the_requirement_adopted(live_server, browser):
    load_reference_data()
    secretariat = member(Role.SECRETARIAT, email="karin@kansliet.example")
    member(Role.REGION_CONTACT, region=Region.objects.get(short_name="Kalmar"), email="kalle@kalmar.example")
    member(Role.REGION_CONTACT, region=Region.objects.get(short_name="Skåne"), email="sara@skane.example")
    requirement = Requirement(title="Skyddsrockar", kind=Requirement.Kind.CHEMICALS, responsible="Upphandlingsregion A")
    version = services.propose(acting_user=secretariat, requirement=requirement, text="Inga PFAS i skyddsrockar.")

    kansli = browser.new_page()
    _log_in(kansli, live_server, "karin@kansliet.example")
    kansli.goto(f"{live_server.url}{version.get_absolute_url()}")
    kansli.get_by_role("button", name="Skicka på remiss").click()
    expect(kansli.get_by_text("21 regioner har inte svarat.")).to_be_visible()

    for email, answer in (("kalle@kalmar.example", "Instämmer"), ("sara@skane.example", "Instämmer med synpunkter")):
        contact = browser.new_page()
        _log_in(contact, live_server, email)
        contact.goto(f"{live_server.url}{version.get_absolute_url()}")
        contact.get_by_label(answer, exact=True).check()
        contact.get_by_role("textbox", name="Synpunkter").fill("Bra förslag.")
        contact.get_by_role("button", name="Skicka svaret").click()
        expect(contact.get_by_role("status")).to_contain_text("är sparat")
        expect(contact.get_by_role("button", name="Skicka svaret")).to_have_count(0)  # one answer per region
        contact.close()

    kansli.reload()
    expect(kansli.get_by_text("19 regioner har inte svarat.")).to_be_visible()
    kansli.get_by_role("button", name="Anta versionen").click()
    expect(kansli.get_by_text("Antagen", exact=True)).to_be_visible()

    kansli.get_by_role("link", name="Harmoniserade krav").first.click()
    kansli.get_by_role("link", name="Regionernas användning").click()
    row = kansli.get_by_role("row").filter(has_text="Skyddsrockar")
    expect(row).to_contain_text("v1")
    expect(row.get_by_role("cell").last).to_have_text("–")  # no region has answered yet: not 0 %
