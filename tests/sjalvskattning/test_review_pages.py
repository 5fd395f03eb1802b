"""The coordinators' and the secretariat's pages of self-assessments: the list with its filters and
download, sending to one supplier (merged into an open request), the bulk send from the audit plan
and the ranking; who may send (the review is in test_review_detail.py)."""

import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from base.cache import figures_changed
from base.forms import new_once_token
from revisioner import services as audit_services
from revisioner.identifiers import with_check_digit
from revisioner.models import Contract, Supplier
from sjalvskattning import services
from sjalvskattning.models import Request
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db

IN_30_DAYS = datetime.timedelta(days=30)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _send(user, supplier, category, letter="A"):
    request, _created = services.send_request(
        acting_user=user,
        supplier=supplier,
        category=category,
        procurement_region=factories.procurement_region(letter),
        due_on=timezone.localdate() + IN_30_DAYS,
    )
    return request


def _grow(count, start, *, category, template):
    """``count`` more requests, to new suppliers, half of them led by A and half by B."""
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Leverantör {n}", normalised_name=f"leverantor {n}", org_number=with_check_digit(f"55{n:07d}"))
        for n in range(start, start + count)
    )
    regions = [factories.procurement_region("A"), factories.procurement_region("B")]
    requests = Request.objects.bulk_create(
        Request(
            supplier=supplier,
            template=template,
            category=category,
            procurement_region=regions[n % 2],
            due_on=timezone.localdate() + IN_30_DAYS,
            status=Request.Status.SENT if n % 3 else Request.Status.SUBMITTED,
        )
        for n, supplier in enumerate(suppliers)
    )
    Request.asked_by.through.objects.bulk_create(
        Request.asked_by.through(request=request, procurementregion=request.procurement_region) for request in requests
    )


# The list --------------------------------------------------------------------------------------


def test_every_member_reads_the_list_with_its_columns(client, kalle, sent_request, answered_request):
    client.force_login(kalle)
    response = client.get(reverse("self_assessment_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Abcur AB" in page
    assert "Besvarad, väntar på granskning" in page
    assert "Bedömningsmall v1" in page
    # Not a sender: no button to send, no "to review" quick filter.
    assert reverse("self_assessment_send") not in page
    assert "?to_review=true" not in page


def test_the_list_has_an_empty_state(client, anna, template):
    client.force_login(anna)
    page = client.get(reverse("self_assessment_list")).content.decode()
    assert "Inga självskattningar är skickade ännu." in page
    assert reverse("self_assessment_send") in page
    page = client.get(reverse("self_assessment_list"), {"status": "reviewed"}).content.decode()
    assert "Inga självskattningar matchar filtret." in page


def test_the_list_filters(client, anna, bertil, kansliet, answered_request, other_supplier, category, template):
    waiting = _send(bertil, other_supplier, category, "B")
    late = _send(kansliet, Supplier.objects.create(name="Sen AB", org_number=with_check_digit("556000111")), category)
    Request.objects.unscoped().filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(anna)
    url = reverse("self_assessment_list")

    def rows(**query):
        return {row.pk for row in client.get(url, query).context["self_assessments"]}

    assert rows() == {answered_request.pk, waiting.pk, late.pk}
    assert rows(status="submitted") == {answered_request.pk}
    assert rows(to_review="true") == {answered_request.pk}
    assert rows(procurement_region=factories.procurement_region("B").pk) == {waiting.pk}
    assert rows(template=template.pk) == {answered_request.pk, waiting.pk, late.pk}
    assert rows(overdue="true") == {late.pk}
    assert rows(overdue="false") == {answered_request.pk, waiting.pk}
    assert rows(q="medline") == {waiting.pk}
    by_supplier = [row.pk for row in client.get(url, {"sort": "supplier"}).context["self_assessments"]]
    assert by_supplier == [answered_request.pk, waiting.pk, late.pk]
    # Bertil leads none of A's: nothing of theirs to review.
    client.force_login(bertil)
    assert rows(to_review="true") == set()


def test_the_download_has_the_matched_rows(client, anna, bertil, answered_request, other_supplier, category):
    _send(bertil, other_supplier, category, "B")
    _send(bertil, answered_request.supplier, category, "B")
    client.force_login(anna)
    response = client.get(reverse("self_assessment_list"), {"status": "submitted", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('sjalvskattningar.csv"')
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    header, [row] = rows[0], rows[1:]
    assert header[:3] == ["Nummer", "Leverantör", "Organisationsnummer eller identitet"]
    values = dict(zip(header, row, strict=True))
    assert values["Leverantör"] == "Abcur AB"
    assert values["Status"] == "Besvarad, väntar på granskning"
    assert values["Granskande upphandlingsregion"] == "A"
    assert values["Efterfrågad av"] == "A, B"
    assert values["Svar senast"] == answered_request.due_on.isoformat()
    xlsx = client.get(reverse("self_assessment_list"), {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


# page size: count; the filter's procurement regions and templates; the page with supplier, template,
# category, procurement region, audit and its count of unmet answers; the page's asking regions; the
# page's ids, read first (base.lists)
LIST_QUERIES = 5 + 1


@pytest.mark.parametrize("who", ["kansliet", "anna"])
def test_the_list_takes_the_same_queries_at_10_and_200_rows(client, request, who, category, template):
    client.force_login(request.getfixturevalue(who))
    _grow(10, 0, category=category, template=template)
    url = reverse("self_assessment_list")
    client.get(url)
    figures_changed()  # the list's rows are kept until a record changes (base.lists): count their making
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(190, 10, category=category, template=template)  # in bulk: no signal
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["self_assessments"]) == 25
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # the user with their memberships, then the page
    assert len(many) == SESSION_QUERIES + LIST_QUERIES, sql


# Sending to one supplier -----------------------------------------------------------------------


def test_the_send_form_starts_from_the_supplier_page(client, anna, supplier, sara, template, category):
    client.force_login(anna)
    response = client.get(reverse("self_assessment_send"), {"supplier": supplier.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["supplier"].value() == supplier.identifier
    assert form["due_on"].value() == timezone.localdate() + IN_30_DAYS
    assert [region.letter for region in form.fields["procurement_region"].queryset] == ["A"]
    assert form["procurement_region"].value() == factories.procurement_region("A").pk
    assert "har ingen kontaktperson" not in response.content.decode()


def test_the_send_form_warns_of_a_supplier_without_contact_person(client, anna, other_supplier, template):
    client.force_login(anna)
    page = client.get(reverse("self_assessment_send"), {"supplier": other_supplier.pk}).content.decode()
    assert "Medline GmbH har ingen kontaktperson ännu" in page


def _send_form(supplier, category, letter, **fields):
    return {
        "supplier": f"#{supplier.pk}",
        "category": category.pk,
        "procurement_region": factories.procurement_region(letter).pk,
        "due_on": (timezone.localdate() + IN_30_DAYS).isoformat(),
        "once": new_once_token(),
        **fields,
    }


def test_sending_creates_the_request_and_a_second_region_is_merged_into_it(
    client, anna, bertil, supplier, sara, category, template
):
    client.force_login(anna)
    response = client.post(reverse("self_assessment_send"), _send_form(supplier, category, "A"))
    sent = Request.objects.unscoped().get()
    assert response.status_code == 302
    assert response["Location"] == sent.get_absolute_url()
    assert _messages(response) == ["Självskattningen är skickad till Abcur AB."]
    assert sent.answers.unscoped().count() == template.criteria.count()

    client.force_login(bertil)
    response = client.post(reverse("self_assessment_send"), _send_form(supplier, category, "B"))
    assert response["Location"] == sent.get_absolute_url()
    assert _messages(response)[-1] == (
        "Leverantören har redan en öppen självskattning efter mallen; din upphandlingsregion läggs till."
    )
    assert Request.objects.unscoped().count() == 1
    sent.refresh_from_db()
    assert sorted(region.letter for region in sent.asked_by.all()) == ["A", "B"]
    assert sent.procurement_region.letter == "A"


def test_the_send_form_sent_twice_sends_once(client, anna, supplier, sara, category, template):
    client.force_login(anna)
    data = _send_form(supplier, category, "A")
    client.post(reverse("self_assessment_send"), data)
    response = client.post(reverse("self_assessment_send"), data)
    sent = Request.objects.unscoped().get()
    assert response["Location"] == sent.get_absolute_url()
    assert "Formuläret var redan skickat" in _messages(response)[-1]


def test_sending_warns_when_the_supplier_has_no_contact_person(client, kansliet, other_supplier, category, template):
    client.force_login(kansliet)
    response = client.post(reverse("self_assessment_send"), _send_form(other_supplier, category, "A"))
    assert response.status_code == 302
    assert any("Medline GmbH har ingen kontaktperson ännu" in message for message in _messages(response))
    page = client.get(response["Location"]).content.decode()
    assert "Medline GmbH har ingen kontaktperson ännu" in page
    assert reverse("supplier_contact_invite", args=[other_supplier.pk]) in page


def test_a_subsidiary_answered_for_by_its_parents_contact_is_not_without_contact(
    client, anna, supplier, sara, category, template
):
    subsidiary = Supplier.objects.create(
        name="Abcur Lager AB", org_number=with_check_digit("556000005"), parent=supplier
    )
    client.force_login(anna)
    response = client.post(reverse("self_assessment_send"), _send_form(subsidiary, category, "A"))
    assert response.status_code == 302
    assert not any("ingen kontaktperson" in message for message in _messages(response))
    page = client.get(response["Location"]).content.decode()
    assert "ingen kontaktperson" not in page
    # The parent's contact person gone, nobody answers for the subsidiary any more.
    type(sara).objects.filter(pk=sara.pk).update(is_active=False)
    assert "Abcur Lager AB har ingen kontaktperson ännu" in client.get(response["Location"]).content.decode()


def test_a_coordinator_sends_only_for_a_region_they_lead(client, bertil, supplier, category, template):
    client.force_login(bertil)
    response = client.post(reverse("self_assessment_send"), _send_form(supplier, category, "A"))
    assert response.status_code == 400
    assert response.context["form"].errors["procurement_region"]
    past = _send_form(supplier, category, "B", due_on="2020-01-01")
    response = client.post(reverse("self_assessment_send"), past)
    assert response.context["form"].errors["due_on"] == ["Sista svarsdag kan inte ha passerat."]
    assert not Request.objects.unscoped().exists()


def test_the_send_pages_are_for_those_who_write_audits(client, kalle, sara, template):
    client.force_login(kalle)
    assert client.get(reverse("self_assessment_send")).status_code == 403
    assert client.post(reverse("self_assessment_bulk_send"), {"supplier": ["1"]}).status_code == 403
    client.force_login(sara)
    assert client.get(reverse("self_assessment_list")).status_code == 403


# The bulk send ---------------------------------------------------------------------------------


@pytest.fixture
def picked(anna, bertil, supplier, other_supplier, sara, category, template):
    """Three suppliers picked on the plan: Abcur (already asked by B, with Sara), Medline (no
    contact person) and Nord AB (no contact person)."""
    _send(bertil, supplier, category, "B")
    nord = Supplier.objects.create(name="Nord AB", org_number=with_check_digit("556000222"))
    return [supplier, other_supplier, nord]


def _rows(suppliers, category):
    return [f"{supplier.pk}:{category.pk}" for supplier in suppliers]


def test_the_bulk_send_shows_who_gets_it_before_sending(client, anna, picked, category):
    client.force_login(anna)
    response = client.post(
        reverse("self_assessment_bulk_send"), {"supplier": _rows(picked, category), "next": "/revisionsplan/2025/"}
    )
    assert response.status_code == 200
    lines = [
        (recipient.supplier.name, recipient.merged, recipient.contacts) for recipient, _c in response.context["lines"]
    ]
    assert lines == [("Abcur AB", True, 1), ("Medline GmbH", False, 0), ("Nord AB", False, 0)]
    page = response.content.decode()
    assert "1 läggs till en öppen" in page
    assert "2 nya självskattningar" in page
    assert "2 utan kontaktperson" in page
    assert Request.objects.unscoped().count() == 1  # nothing sent yet
    form, a = response.context["form"], factories.procurement_region("A")
    assert (form["due_on"].value(), form["procurement_region"].value()) == (timezone.localdate() + IN_30_DAYS, a.pk)


def test_the_bulk_send_sends_to_all_with_counts(client, anna, picked, category):
    client.force_login(anna)
    response = client.post(
        reverse("self_assessment_bulk_send"),
        {
            "supplier": _rows(picked, category),
            "procurement_region": factories.procurement_region("A").pk,
            "due_on": (timezone.localdate() + IN_30_DAYS).isoformat(),
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "2 självskattningar är skickade.",
        "1 leverantör hade redan en öppen självskattning efter mallen; din upphandlingsregion är tillagd.",
    ]
    assert Request.objects.unscoped().count() == 3
    abcur = Request.objects.unscoped().get(supplier=picked[0])
    assert sorted(region.letter for region in abcur.asked_by.all()) == ["A", "B"]


def test_the_bulk_send_sends_nothing_when_a_row_is_refused(client, anna, picked, category, monkeypatch):
    real = services.send_request

    def refuse_nord(**kwargs):
        if kwargs["supplier"].name == "Nord AB":
            raise ValidationError("Nord AB går inte att fråga.")
        return real(**kwargs)

    monkeypatch.setattr(services, "send_request", refuse_nord)
    client.force_login(anna)
    response = client.post(
        reverse("self_assessment_bulk_send"),
        {
            "supplier": _rows(picked, category),
            "procurement_region": factories.procurement_region("A").pk,
            "due_on": (timezone.localdate() + IN_30_DAYS).isoformat(),
            "confirm": "1",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert "Nord AB går inte att fråga." in errors
    assert "Ingen självskattning är skickad." in errors
    assert Request.objects.unscoped().count() == 1
    assert sorted(region.letter for region in Request.objects.unscoped().get().asked_by.all()) == ["B"]


def test_the_bulk_send_asks_for_the_missing_pieces(client, anna, bertil, picked, category):
    client.force_login(anna)
    url = reverse("self_assessment_bulk_send")
    # Nothing picked: back to the page it came from.
    response = client.post(url, {"next": "/revisionsplan/2025/"})
    assert response["Location"] == "/revisionsplan/2025/"
    assert _messages(response) == ["Välj minst en leverantör."]
    # A row without category, a past due date, another's procurement region.
    response = client.post(
        url,
        {
            "supplier": [str(picked[1].pk)],
            "procurement_region": factories.procurement_region("B").pk,
            "due_on": "2020-01-01",
            "confirm": "1",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"category", "procurement_region", "due_on"}
    assert Request.objects.unscoped().count() == 1
    # Somewhere else than this site: the list instead.
    response = client.post(url, {"next": "https://example.com/"})
    assert response["Location"] == reverse("self_assessment_list")


@pytest.fixture
def planned(anna, supplier, other_supplier, category, template):
    for picked in (supplier, other_supplier):
        Contract.objects.create(
            procurement_region=factories.procurement_region("A"),
            supplier=picked,
            category=category,
            reference=f"A-{picked.pk}",
            starts_on=datetime.date(2023, 1, 1),
        )
        audit_services.add_to_plan(
            acting_user=anna,
            year=2025,
            supplier=picked,
            category=category,
            procurement_region=factories.procurement_region("A"),
        )


def test_the_plan_and_the_ranking_have_the_bulk_send_controls(client, anna, kalle, planned, supplier, category):
    client.force_login(anna)
    row = f'value="{supplier.pk}:{category.pk}"'
    for url in (reverse("audit_plan", args=[2025]), reverse("audit_selection", args=[2025])):
        page = client.get(url).content.decode()
        assert reverse("self_assessment_bulk_send") in page, url
        assert "Skicka självskattning till valda" in page
        assert 'form="bulk-send"' in page and row in page
    client.force_login(kalle)
    page = client.get(reverse("audit_plan", args=[2025])).content.decode()
    assert "Skicka självskattning till valda" not in page
    assert 'form="bulk-send"' not in page
