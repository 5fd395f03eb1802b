"""Each role's main journey in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from regions.access import Role
from regions.reference import load_reference_data
from tests.factories import PASSWORD, member, procurement_region

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, email):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Logga in").first.click()
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_coordinator_logs_in_and_reaches_their_procurement_region(live_server, page, screenshot):
    load_reference_data()
    member(
        Role.COORDINATOR, procurement_region=procurement_region("C"), name="Cecilia Ek", email="cecilia@region.example"
    )
    member(Role.REGION_CONTACT, region=procurement_region("C").regions.get(), name="Sara Kontakt")

    _log_in(page, live_server, "cecilia@region.example")

    # The start page is her work ("Mitt arbete", nothing waiting yet) with her procurement region.
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Cecilia Ek")
    page.get_by_role("link", name="Upphandlingsregion C").first.click()
    expect(page).to_have_url(f"{live_server.url}/upphandlingsregioner/C/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upphandlingsregion C")
    expect(page.get_by_text("IT och medicinteknik (bild och funktion)")).to_be_visible()
    expect(page.get_by_role("link", name="Region Stockholm")).to_be_visible()
    expect(page.get_by_role("cell", name="Sara Kontakt")).to_be_visible()
    # The first Tab reaches the skip link, which leads to the main content.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Hoppa till innehållet")
    screenshot("procurement-region")
    # Nothing of the secretariat's in the navigation.
    expect(page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Personer")).to_have_count(0)


def test_the_secretariat_invites_a_coordinator(live_server, page, screenshot):
    load_reference_data()
    member(Role.SECRETARIAT, name="Karin Kansli", email="karin@kansliet.example")

    _log_in(page, live_server, "karin@kansliet.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Karin Kansli")
    page.get_by_role("main").get_by_role("link", name="Programmet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmet")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Personer").click()
    page.get_by_role("link", name="Bjud in en person").click()
    page.get_by_label("Namn").fill("Ida Ny")
    page.get_by_label("E-postadress").fill("ida@region.example")
    page.get_by_role("combobox", name=re.compile(r"^Roll")).select_option(Role.COORDINATOR)
    page.get_by_label("Upphandlingsregion").select_option(label="Upphandlingsregion D")
    screenshot("invite-form")
    page.get_by_role("button", name="Skicka inbjudan").click()

    expect(page.get_by_role("status")).to_contain_text("Inbjudan har skickats till ida@region.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ida Ny")
    expect(page.get_by_role("cell", name="Upphandlingsregion D")).to_be_visible()
    expect(page.get_by_role("button", name="Skicka inbjudan igen")).to_be_visible()
    screenshot("person")


def test_the_steering_group_reaches_its_dashboard_and_switches_language(live_server, page):
    load_reference_data()
    member(Role.STEERING, name="Per Ström", email="per@styrgruppen.example")

    _log_in(page, live_server, "per@styrgruppen.example")
    # The start page is the steering group's work (goals off track); the dashboard is in the menu.
    expect(page.get_by_role("heading", name="Mitt arbete")).to_be_visible()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Styrning").click()
    expect(page).to_have_url(re.compile(r"/styrning/$"))
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Goals and outcomes 20\d\d$"))
