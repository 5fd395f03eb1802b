"""A coordinator writes a deepened risk analysis with its matrix and submits it; the secretariat
publishes it; it shows under its category on the public tree page."""

import re

import pytest
from playwright.sync_api import expect

from regions.access import Role
from regions.models import ProcurementRegion
from regions.reference import load_reference_data
from riskanalys.models import Category, CategoryPriority
from tests.e2e.test_journeys import _log_in
from tests.factories import member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def category_tree():
    load_reference_data()
    a = ProcurementRegion.objects.get(letter="A")
    paper = Category.objects.add_root({"name": "Vårdrelaterad papper & plast"})
    paper.procurement_regions.add(a)
    gowns = Category.objects.add_child(paper, {"name": "Skyddsrockar"})
    gowns.procurement_regions.add(a)
    CategoryPriority.objects.create(category=Category.objects.get(pk=paper.pk), start_year=2023, end_year=2025)


def test_a_deepened_analysis_goes_from_a_coordinator_to_the_public_tree(live_server, browser, category_tree):
    member(Role.COORDINATOR, procurement_region=ProcurementRegion.objects.get(letter="A"), email="anna@region.example")
    member(Role.SECRETARIAT, email="karin@kansliet.example")

    coordinator = browser.new_page()
    _log_in(coordinator, live_server, "anna@region.example")
    coordinator.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Riskanalyser").click()
    coordinator.get_by_role("link", name="Ny riskanalys").click()
    coordinator.get_by_label(re.compile(r"^Typ( \*)?$")).select_option("deepened")
    coordinator.get_by_label(re.compile(r"^År( \*)?$")).fill("2024")
    coordinator.get_by_label("Inköpskategori").select_option(label="— Skyddsrockar")
    coordinator.get_by_label("Produkter/område").fill("Skyddsrockar")
    coordinator.get_by_label("Tillverkning", exact=True).check()
    coordinator.get_by_label("Tillverkningsländer").fill("Kina, Vietnam")
    coordinator.get_by_label("Arbetsrätt: sannolikhet").select_option("4")
    coordinator.get_by_label("Arbetsrätt: allvarlighet").select_option("5")
    coordinator.get_by_label("Miljö och klimat: sannolikhet").select_option("2")
    coordinator.get_by_label("Miljö och klimat: allvarlighet").select_option("3")
    coordinator.screenshot(path="var/screenshots/risk-analysis-form.png", full_page=True)
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Skyddsrockar (2024)")
    labour = coordinator.get_by_role("row").filter(has_text="Arbetsrätt").first
    expect(labour).to_contain_text("4")
    expect(labour.get_by_role("cell", name="20", exact=True)).to_be_visible()  # the score
    coordinator.get_by_role("button", name="Skicka för granskning").click()
    expect(coordinator.get_by_role("status")).to_contain_text("skickad för granskning")

    secretariat = browser.new_page()
    _log_in(secretariat, live_server, "karin@kansliet.example")
    secretariat.goto(coordinator.url)
    secretariat.get_by_role("button", name="Publicera offentligt").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Analysen är publicerad.")

    public = browser.new_page()
    public.goto(f"{live_server.url}/offentlig/kategorier/")
    gowns = public.get_by_role("listitem").filter(has_text=re.compile(r"^\s*Skyddsrockar")).first
    expect(gowns.get_by_role("link", name="Skyddsrockar (2024)")).to_be_visible()
    expect(public.get_by_text("★ Prioriterad")).to_be_visible()
    public.screenshot(path="var/screenshots/public-tree.png", full_page=True)
    public.get_by_role("link", name="Skyddsrockar (2024)").click()
    expect(public.get_by_role("table", name=re.compile("Riskkarta"))).to_contain_text("Arbetsrätt")
