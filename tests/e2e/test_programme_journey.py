"""The steering group reads the dashboard; the secretariat builds the activity report and downloads it."""

import re

import pytest
from playwright.sync_api import expect

from ekonomi import demo as finance_demo
from hallbar import demo as programme_demo
from regions import demo as regions_demo
from regions.access import Role
from regions.reference import load_reference_data
from tests.e2e.test_journeys import _log_in
from tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_reference_data()
    regions_demo.seed_populations()
    finance_demo.seed()
    programme_demo.seed()


def test_the_steering_group_opens_the_dashboard_for_2024(live_server, page, screenshot, programme):
    member(Role.STEERING, name="Per Ström", email="per@styrgruppen.example")
    _log_in(page, live_server, "per@styrgruppen.example")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Styrning").click()

    page.get_by_label(re.compile(r"^År( \*)?$")).select_option("2024")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål och utfall 2024")
    newsletters = page.get_by_role("row").filter(has_text="Nyhetsbrev med aktuella händelser")
    expect(newsletters).to_contain_text("18")
    expect(newsletters).to_contain_text("Uppfyllt")
    expect(page.get_by_role("img", name="Avgifter från regionerna")).to_be_visible()
    expect(page.get_by_role("table", name="Avgifter från regionerna (tkr)")).to_contain_text("10 538")
    screenshot("dashboard")
    fees = page.get_by_role("figure").filter(has=page.get_by_role("table", name="Avgifter från regionerna (tkr)"))
    fees.get_by_role("link", name="Visa underlaget").click()
    expect(page).to_have_url(re.compile(r"/ekonomi/2024/$"))


def test_the_secretariat_builds_the_report_waits_and_downloads_it(live_server, page, screenshot, programme):
    member(Role.SECRETARIAT, name="Karin Kansli", email="karin@kansliet.example")
    _log_in(page, live_server, "karin@kansliet.example")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    page.get_by_label(re.compile(r"^År( \*)?$")).fill("2024")
    page.get_by_role("button", name="Skapa rapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verksamhetsrapport 2024")
    expect(page.get_by_text("Rapporten är klar.")).to_be_visible(timeout=30_000)
    screenshot("report-job")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner rapporten (PDF)").click()
    assert download.value.suggested_filename == "verksamhetsrapport-2024.pdf"
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
