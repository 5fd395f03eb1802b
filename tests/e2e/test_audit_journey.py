"""A coordinator plans an office audit, rates the criteria, two deviations appear, records
corrective actions, and closes the audit after a re-audit verifies them; the secretariat
approves the summary and the public reads it."""

import re

import pytest
from playwright.sync_api import expect

from regions.access import Role
from regions.reference import load_reference_data
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Deviation, Supplier
from riskanalys.models import Category
from tests.e2e.test_journeys import _log_in
from tests.factories import member, procurement_region
from tests.revisioner.builders import adopted_template

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORG_NUMBER = with_check_digit("556677889")


def _rate(page, number, value, comment=""):
    criterion = page.get_by_role("group", name=re.compile(rf"^{re.escape(number)} "))
    criterion.get_by_label(value, exact=True).check()
    if comment:
        criterion.get_by_label("Kommentar").fill(comment)


def _post(page, button):
    page.get_by_role("button", name=button).first.click()
    expect(page.get_by_role("status")).to_be_visible()


def test_an_office_audit_from_plan_to_published_summary(live_server, browser):
    load_reference_data()
    secretariat = member(Role.SECRETARIAT, email="karin@kansliet.example", name="Karin Kansli")
    member(Role.COORDINATOR, procurement_region=procurement_region("A"), email="anna@a.example", name="Anna A")
    adopted_template(secretariat)
    gloves = Category.objects.add_root({"name": "Handskar"})
    gloves.procurement_regions.add(procurement_region("A"))
    Supplier.objects.create(name="Abcur AB", org_number=ORG_NUMBER)

    anna = browser.new_page()
    _log_in(anna, live_server, "anna@a.example")
    anna.get_by_role("link", name="Revisioner").first.click()
    anna.get_by_role("link", name="Planera revision").click()
    anna.get_by_label("Typ").select_option(label="Kontorsrevision")
    anna.get_by_label("Leverantör").fill(ORG_NUMBER)
    anna.get_by_label(re.compile(r"^Inköpskategori( \*)?$")).fill("Handskar")
    anna.get_by_label("Ansvarig upphandlingsregion").select_option(index=1)
    anna.get_by_label("Planerad").fill("2024-03-01")
    anna.get_by_label("Anna A").first.check()
    anna.get_by_role("button", name="Spara").click()
    expect(anna.get_by_role("status")).to_contain_text("Revisionen är planerad")
    audit_url = anna.url

    _post(anna, "Påbörja revisionen")
    anna.get_by_role("link", name="Bedöm kriterierna").click()
    _rate(anna, "1.1", "Uppfyller")
    _rate(anna, "2.1", "Uppfyller delvis", "Riskanalysen täcker inte underleverantörerna.")
    _rate(anna, "3.1", "Uppfyller inte", "Ingen rutin för avvikelser.")
    anna.get_by_role("button", name="Spara bedömningarna").click()
    expect(anna.get_by_role("status")).to_contain_text("2 nya avvikelser")
    deviations = anna.locator("article.deviation")
    expect(deviations).to_have_count(2)
    expect(deviations.first).to_contain_text("Riskanalys av leveranskedjan: Mindre – Öppen")
    expect(deviations.last).to_contain_text("Hantering av avvikelser: Större – Öppen")

    _post(anna, "Rapporten är skriven")
    _post(anna, "Skicka rapporten och invänta åtgärder")
    for index, text in enumerate(["Utökad riskanalys", "Ny avvikelserutin"]):
        deviation = anna.locator("article.deviation").nth(index)
        deviation.get_by_text("Registrera åtgärd").click()
        deviation.get_by_label("Åtgärd").fill(text)
        deviation.get_by_label("Senast").fill("2024-09-30")
        deviation.get_by_role("button", name="Spara åtgärden").click()
        expect(anna.get_by_role("status")).to_contain_text("Åtgärden är registrerad")
        anna.locator("article.deviation").nth(index).get_by_role("button", name="Genomförd").click()
        expect(anna.get_by_role("status")).to_contain_text("Genomförd")

    # Closing is not offered while deviations are open: the page says why instead.
    expect(anna.get_by_role("button", name="Avsluta revisionen")).to_have_count(0)
    expect(anna.get_by_text("Kan avslutas när alla avvikelser är verifierade (2 öppna).")).to_be_visible()

    anna.get_by_role("link", name="Planera återrevision").click()
    expect(anna.get_by_label("Typ")).to_have_value("re_audit")
    anna.get_by_label("Ansvarig upphandlingsregion").select_option(index=1)
    anna.get_by_label("Planerad").fill("2024-10-15")
    anna.get_by_role("button", name="Spara").click()
    expect(anna.get_by_role("status")).to_contain_text("Revisionen är planerad")
    _post(anna, "Påbörja revisionen")
    for _ in range(2):
        unchecked = anna.get_by_role("row").filter(has_text="Ej kontrollerad").first
        unchecked.get_by_role("button", name="Åtgärdad", exact=True).click()
        expect(anna.get_by_role("status")).to_contain_text("verifierad åtgärdad")
    expect(anna.get_by_role("row").filter(has_text="Verifierad åtgärdad")).to_have_count(2)
    _post(anna, "Rapporten är skriven")
    _post(anna, "Avsluta revisionen")
    expect(anna.get_by_role("status")).to_contain_text("är också avslutad")

    anna.goto(audit_url)
    expect(anna.get_by_text("Avslutad", exact=True)).to_be_visible()
    anna.get_by_label("Sammanfattning för publicering").fill(
        "Abcur AB har en uppförandekod och har åtgärdat bristerna i riskanalysen av leveranskedjan."
    )
    anna.get_by_role("button", name="Skicka till kansliet för godkännande").click()
    expect(anna.get_by_role("status")).to_contain_text("skickad till kansliet")

    karin = browser.new_page()
    _log_in(karin, live_server, "karin@kansliet.example")
    karin.goto(audit_url)
    _post(karin, "Godkänn och publicera")

    public = browser.new_page()
    public.goto(f"{live_server.url}/")
    public.get_by_role("link", name="Publicerade sammanfattningar av revisioner av leverantörer").click()
    public.get_by_role("link", name="Abcur AB").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Kontorsrevision: Abcur AB")
    expect(public.get_by_text("har åtgärdat bristerna")).to_be_visible()

    office = Audit.objects.unscoped().get(kind=Audit.Kind.OFFICE)
    assert office.status == Audit.Status.CLOSED
    assert set(office.deviations.values_list("status", flat=True)) == {Deviation.Status.VERIFIED}


def test_a_second_click_while_the_server_works_records_no_second_corrective_action(live_server, browser, monkeypatch):
    import datetime
    import time

    from revisioner import services
    from revisioner.models import CorrectiveAction

    add_action = services.add_action

    def slow_add_action(**kwargs):
        time.sleep(0.6)  # a busy server: the person clicks again before the answer comes
        return add_action(**kwargs)

    load_reference_data()
    secretariat = member(Role.SECRETARIAT, email="karin@kansliet.example", name="Karin Kansli")
    anna = member(Role.COORDINATOR, procurement_region=procurement_region("A"), email="anna@a.example", name="Anna A")
    template = adopted_template(secretariat)
    gloves = Category.objects.add_root({"name": "Handskar"})
    audit = services.plan_audit(
        acting_user=anna,
        audit=Audit(
            kind=Audit.Kind.OFFICE,
            supplier=Supplier.objects.create(name="Abcur AB", org_number=ORG_NUMBER),
            category=gloves,
            procurement_region=procurement_region("A"),
            planned_on=datetime.date(2024, 3, 1),
            template=template,
        ),
    )
    services.start_audit(acting_user=anna, audit=audit)
    services.rate(acting_user=anna, audit=audit, ratings={template.criteria.first(): ("does_not_meet", "", "Saknas")})

    page = browser.new_page()
    _log_in(page, live_server, "anna@a.example")
    page.goto(f"{live_server.url}/revisioner/{audit.pk}/")
    deviation = page.locator("article.deviation").first
    deviation.get_by_text("Registrera åtgärd").click()
    deviation.get_by_label("Åtgärd").fill("Ny policy")
    deviation.get_by_label("Senast").fill("2024-09-30")
    monkeypatch.setattr(services, "add_action", slow_add_action)
    save = deviation.get_by_role("button", name="Spara åtgärden").element_handle()
    # Two clicks 150 ms apart, while the first request is still being served.
    page.evaluate("button => { button.click(); setTimeout(() => button.click(), 150); }", save)
    expect(page.get_by_role("status")).to_contain_text("Åtgärden är registrerad")
    page.wait_for_timeout(800)
    assert CorrectiveAction.objects.unscoped().count() == 1
