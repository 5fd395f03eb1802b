"""The supplier in the loop: a coordinator sends a self-assessment, the supplier's contact person
answers it with evidence, the coordinator asks for one answer to be completed and then finds it
not met; the review becomes the audit "Granskning av självskattning" with one deviation, the
supplier proposes a plan, the coordinator accepts it, the supplier reports it carried out with
evidence, and the coordinator verifies it at the desk. The steering dashboard counts the review
and the deviation closed at the desk."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from regions.access import Role
from regions.reference import load_reference_data
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Deviation, Supplier
from riskanalys.models import Category
from sjalvskattning.models import Request
from tests.e2e.test_journeys import _log_in
from tests.factories import member, procurement_region, supplier_contact
from tests.revisioner.builders import adopted_template

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORG_NUMBER = with_check_digit("556677889")
PDF = b"%PDF-1.4\n% evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
REVIEWS = "Granskade självskattningar"
CLOSED_AT_DESK = "Avvikelser stängda genom skrivbordsverifiering"


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _status(page, text):
    expect(page.get_by_role("status")).to_contain_text(text)


def _answer(page, number):
    """The article of one criterion on the questionnaire or the review page."""
    return page.locator("article.criterion").filter(
        has=page.get_by_role("heading", level=3, name=re.compile(rf"^{re.escape(number)} "))
    )


def _review(page, number, review, comment="", severity=None):
    answer = _answer(page, number)
    answer.get_by_label(review, exact=True).check()
    if comment:
        answer.get_by_label("Kommentar till leverantören").fill(comment)
    if severity:
        answer.get_by_label("Allvarlighetsgrad om kravet inte uppfylls").select_option(label=severity)
    answer.get_by_role("button", name="Spara bedömningen").click()
    _status(page, f"Svaret på {number} är granskat.")


def _figures(page, live_server, year):
    """This year's figure of each chart on the steering dashboard, by its caption (0 when none)."""
    page.goto(f"{live_server.url}/styrning/?year={year}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mål och utfall {year}")
    figures = page.evaluate(
        """year => Object.fromEntries([...document.querySelectorAll("table.chart-table")].map(table => {
            const years = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
            const cells = [...table.querySelectorAll("tbody td")].map(td => td.textContent.trim());
            return [table.caption.textContent.trim(), cells[years.indexOf(String(year))]];
        }))""",
        year,
    )
    return {
        caption: int(figures[caption]) if figures.get(caption, "–") not in ("–", None) else 0
        for caption in (REVIEWS, CLOSED_AT_DESK)
    }


@pytest.fixture
def shoot(request):
    """``shoot(page, name)``: the ``screenshot`` fixture's file, of another person's page."""
    directory = os.path.join("var", "screenshots")
    os.makedirs(directory, exist_ok=True)
    test = request.node.name.split("[")[0]
    return lambda page, name: page.screenshot(path=os.path.join(directory, f"{test}-{name}.png"), full_page=True)


def test_a_supplier_answers_a_self_assessment_and_closes_its_deviation_at_the_desk(
    live_server, browser, page, screenshot, shoot
):
    load_reference_data()
    secretariat = member(Role.SECRETARIAT, email="karin@kansliet.example", name="Karin Kansli")
    member(Role.COORDINATOR, procurement_region=procurement_region("A"), email="anna@a.example", name="Anna A")
    adopted_template(secretariat)
    gloves = Category.objects.add_root({"name": "Handskar"})
    gloves.procurement_regions.add(procurement_region("A"))
    supplier = Supplier.objects.create(name="Abcur AB", org_number=ORG_NUMBER)
    supplier_contact(supplier, email="sara@abcur.example", name="Sara Svensson")
    year = timezone.localdate().year
    in_two_months = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()

    karin = browser.new_page()
    _log_in(karin, live_server, "karin@kansliet.example")
    before = _figures(karin, live_server, year)

    # 1. Anna sends the questionnaire.
    anna = page
    _log_in(anna, live_server, "anna@a.example")
    anna.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Självskattningar").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Självskattningar")
    anna.get_by_role("link", name="Skicka självskattning").click()
    anna.get_by_label("Leverantör").fill(ORG_NUMBER)
    anna.get_by_label(re.compile(r"^Inköpskategori( \*)?$")).fill("Handskar")
    anna.get_by_label("Granskande upphandlingsregion").select_option(label="Upphandlingsregion A")
    screenshot("send")
    anna.get_by_role("button", name="Skicka", exact=True).click()
    _status(anna, "Självskattningen är skickad till Abcur AB.")
    expect(anna.get_by_role("heading", level=1)).to_have_text("Självskattning: Abcur AB")
    request_url = anna.url

    # 2. Sara answers every criterion, sends a file with one answer and submits.
    sara = browser.new_page()
    _log_in(sara, live_server, "sara@abcur.example")
    expect(sara).to_have_url(f"{live_server.url}/leverantor/")
    expect(sara.get_by_role("heading", level=1)).to_have_text("Välkommen, Sara Svensson")
    shoot(sara, "supplier-start")
    sara.get_by_role("link", name="Svara", exact=True).click()
    expect(sara.locator("article.criterion")).to_have_count(3)
    for number in ("1.1", "2.1", "3.1"):
        answer = _answer(sara, number)
        answer.get_by_label("Uppfyller", exact=True).check()
        answer.get_by_label("Beskrivning").fill(f"Vi har en dokumenterad rutin för {number}.")
        answer.get_by_role("button", name="Spara svaret").click()
        _status(sara, f"Svaret på kriterium {number} är sparat.")
    _answer(sara, "1.1").get_by_label("Skicka en fil som underlag").set_input_files(_pdf("policy.pdf"))
    _answer(sara, "1.1").get_by_role("button", name="Skicka filen").click()
    _status(sara, "Filen policy.pdf är sparad som underlag.")
    expect(_answer(sara, "1.1").get_by_role("link", name="policy.pdf")).to_be_visible()
    shoot(sara, "questionnaire")
    sara.get_by_role("button", name="Skicka in för granskning").click()
    _status(sara, "Självskattningen är inskickad")
    expect(sara.get_by_text("Besvarad, väntar på granskning", exact=True)).to_be_visible()

    # 3. Anna asks for one answer to be completed.
    anna.goto(request_url)
    expect(anna.get_by_text("Besvarad, väntar på granskning", exact=True)).to_be_visible()
    expect(_answer(anna, "1.1").get_by_role("link", name="policy.pdf")).to_be_visible()
    _review(anna, "1.1", "Godkänt")
    _review(anna, "2.1", "Godkänt")
    _review(anna, "3.1", "Behöver kompletteras", "Beskriv hur ni följer upp avvikelserna.")
    screenshot("review")
    anna.get_by_role("button", name="Begär komplettering").click()
    _status(anna, "Svaren som ska kompletteras är skickade tillbaka till Abcur AB.")

    # 4. Sara reads the comment, completes the answer and sends it again.
    sara.get_by_role("link", name="Start", exact=True).first.click()
    sara.get_by_role("link", name="Komplettera").click()
    returned = _answer(sara, "3.1")
    expect(returned.get_by_role("note")).to_contain_text("Beskriv hur ni följer upp avvikelserna.")
    expect(_answer(sara, "1.1").get_by_role("button", name="Spara svaret")).to_have_count(0)
    returned.get_by_label("Beskrivning").fill("Avvikelserna följs upp varje kvartal av kvalitetschefen.")
    returned.get_by_role("button", name="Spara svaret").click()
    _status(sara, "Svaret på kriterium 3.1 är sparat.")
    shoot(sara, "completion")
    sara.get_by_role("button", name="Skicka in kompletteringen").click()
    _status(sara, "Självskattningen är inskickad")

    # 5. Anna finds the answer not met and completes the review: the audit with one deviation.
    anna.goto(request_url)
    expect(_answer(anna, "3.1")).to_contain_text("kvalitetschefen")
    _review(anna, "3.1", "Uppfylls inte", "Ingen dokumenterad uppföljning av avvikelserna.", severity="Mindre")
    anna.get_by_role("button", name="Slutför granskningen").click()
    _status(anna, "Granskningen är slutförd")
    expect(anna.get_by_role("heading", level=1)).to_have_text(f"Granskning av självskattning: Abcur AB ({year})")
    deviation = anna.locator("article.deviation")
    expect(deviation).to_have_count(1)
    expect(deviation).to_contain_text("Hantering av avvikelser: Mindre – Öppen")
    screenshot("audit")
    audit_url = anna.url

    # 6. Sara proposes a plan, Anna accepts it, Sara reports it carried out with evidence.
    sara.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Avvikelser").click()
    expect(sara.get_by_role("heading", level=1)).to_have_text("Era avvikelser")
    shoot(sara, "supplier-deviations")
    sara.get_by_role("link", name="3 Hantering av avvikelser").click()
    expect(sara.get_by_text("Ingen dokumenterad uppföljning av avvikelserna.")).to_be_visible()
    plan = sara.locator("section.card", has=sara.get_by_role("heading", name="Skicka en åtgärdsplan"))
    plan.get_by_label("Vad ni gör").fill("En skriftlig rutin för uppföljning av avvikelser, med kvartalsvis genomgång.")
    plan.get_by_label("Vem som ansvarar").fill("Lars Larsson, kvalitetschef")
    plan.get_by_label("Klart senast").fill(in_two_months)
    shoot(sara, "plan")
    plan.get_by_role("button", name="Skicka planen").click()
    _status(sara, "Åtgärdsplanen är skickad till samordnaren")
    expect(sara.get_by_role("heading", level=3, name="Plan föreslagen")).to_be_visible()

    anna.goto(audit_url)
    proposal = anna.locator("section.supplier-plan")
    expect(proposal).to_contain_text("Lars Larsson, kvalitetschef")
    expect(proposal).to_contain_text("Sara Svensson")
    screenshot("plan-review")
    proposal.get_by_role("button", name="Godkänn").click()
    _status(anna, "Planen är godkänd.")

    sara.reload()
    action = sara.locator("article.card").filter(has=sara.get_by_role("heading", level=3, name="Plan mottagen"))
    action.get_by_label("Skicka en fil som underlag").set_input_files(_pdf("rutin-avvikelser.pdf"))
    action.get_by_role("button", name="Skicka filen").click()
    _status(sara, "Filen rutin-avvikelser.pdf är sparad som underlag.")
    action.get_by_label("Vad ni har gjort").fill("Rutinen är antagen och den första genomgången är gjord.")
    action.get_by_role("button", name="Rapportera genomförd").click()
    _status(sara, "Åtgärden är rapporterad genomförd.")
    expect(sara.get_by_role("heading", level=3, name="Genomförd")).to_be_visible()
    shoot(sara, "implemented")

    # 7. Anna verifies at the desk.
    anna.goto(audit_url)
    expect(anna.get_by_role("link", name="rutin-avvikelser.pdf")).to_be_visible()
    anna.get_by_role("link", name="Verifiera vid skrivbordet").click()
    anna.get_by_label("Bedömning av åtgärdens effektivitet").fill(
        "Rutinen och protokollet från genomgången visar att den fungerar."
    )
    screenshot("desk-verification")
    anna.get_by_role("button", name="Verifiera avvikelsen åtgärdad").click()
    _status(anna, "Avvikelsen är verifierad åtgärdad vid skrivbordet.")
    verification = anna.locator("article.deviation dl.verification")
    expect(verification).to_contain_text("Skrivbordsverifiering")
    expect(verification.locator("div", has_text="Verifierad av")).to_contain_text("Anna A")
    expect(verification).to_contain_text("protokollet från genomgången")
    screenshot("verified")

    sara.reload()
    expect(sara.locator("dl.facts").first).to_contain_text("skrivbordsverifiering")
    expect(sara.get_by_text("protokollet från genomgången")).to_be_visible()

    # 8. The steering dashboard counts the review and the deviation closed at the desk.
    after = _figures(karin, live_server, year)
    assert after[REVIEWS] == before[REVIEWS] + 1
    assert after[CLOSED_AT_DESK] == before[CLOSED_AT_DESK] + 1
    shoot(karin, "dashboard")

    request = Request.objects.unscoped().get()
    assert request.status == Request.Status.REVIEWED
    audit = Audit.objects.unscoped().get(kind=Audit.Kind.SELF_ASSESSMENT)
    assert request.audit == audit
    (closed,) = audit.deviations.unscoped().all()
    assert closed.status == Deviation.Status.VERIFIED
    assert closed.verification_method == Deviation.Verification.DESK
    assert closed.verified_by.email == "anna@a.example"
