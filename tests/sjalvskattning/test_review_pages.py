"""The coordinators' and the secretariat's pages of self-assessments: the list with its filters and
download, sending to one supplier (merged into an open request), the bulk send from the audit plan
and the ranking, and the review answer by answer until it becomes an audit; who may do what."""

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

from base.forms import new_once_token
from revisioner import services as audit_services
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Contract, Supplier
from sjalvskattning import services
from sjalvskattning.models import Answer, Request
from tests import factories

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
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
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
# category, procurement region, audit and its count of unmet answers; the page's asking regions
LIST_QUERIES = 5


@pytest.mark.parametrize("who", ["kansliet", "anna"])
def test_the_list_takes_the_same_queries_at_10_and_200_rows(client, request, who, category, template):
    client.force_login(request.getfixturevalue(who))
    _grow(10, 0, category=category, template=template)
    url = reverse("self_assessment_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(190, 10, category=category, template=template)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["self_assessments"]) == 25
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # the session and the user with their memberships, then the page
    assert len(many) == 2 + LIST_QUERIES, sql


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


# The review ------------------------------------------------------------------------------------


def _review(client, request, answer, review, comment="", severity=""):
    prefix = f"svar-{answer.pk}"
    return client.post(
        reverse("self_assessment_review_answer", args=[request.pk, answer.pk]),
        {
            f"{prefix}-review": review,
            f"{prefix}-review_comment": comment,
            f"{prefix}-severity": severity,
            f"{prefix}-version": answer.version,
            f"initial-{prefix}-review": answer.review,
            f"initial-{prefix}-review_comment": answer.review_comment,
            f"initial-{prefix}-severity": answer.severity,
        },
    )


def _answers(request):
    return list(request.answers.unscoped().select_related("criterion").order_by("criterion__number"))


def test_the_review_journey_ends_in_an_audit(client, anna, sara, answered_request):
    client.force_login(anna)
    url = answered_request.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["reviewing"]
    assert all(answer.form is not None for answer in page.context["answers"])
    assert "Vi har en uppförandekod." in page.content.decode()
    assert not page.context["can_return"] and not page.context["can_complete"]

    first, second, third = _answers(answered_request)
    assert _review(client, answered_request, first, "accepted").status_code == 302
    response = _review(client, answered_request, second, "needs_completion")
    assert response.status_code == 400
    assert response.context["answers"][1].form.errors["review_comment"] == ["Skriv en kommentar till leverantören."]
    _review(client, answered_request, second, "needs_completion", "Bifoga er uppförandekod.")
    _review(client, answered_request, third, "accepted")
    assert client.get(url).context["can_return"]

    response = client.post(
        reverse("self_assessment_return", args=[answered_request.pk]), {"version": answered_request.version}
    )
    assert response.status_code == 302
    answered_request.refresh_from_db()
    assert answered_request.status == Request.Status.RETURNED
    assert _messages(response) == ["Svaren som ska kompletteras är skickade tillbaka till Abcur AB."]

    # Sara completes the answer and submits again.
    second.refresh_from_db()
    services.save_answer(acting_user=sara, answer=second, value="partly", text="Koden finns på engelska.")
    services.submit_request(acting_user=sara, request=answered_request)
    second.refresh_from_db()
    _review(client, answered_request, second, "not_met", "Koden saknar barnarbete.", "critical")
    assert client.get(url).context["can_complete"]

    answered_request.refresh_from_db()
    response = client.post(
        reverse("self_assessment_complete", args=[answered_request.pk]), {"version": answered_request.version}
    )
    answered_request.refresh_from_db()
    audit = answered_request.audit
    assert answered_request.status == Request.Status.REVIEWED
    assert response["Location"] == audit.get_absolute_url()
    assert audit.kind == Audit.Kind.SELF_ASSESSMENT
    assert "Granskningen är slutförd" in _messages(response)[0]
    [deviation] = audit.deviations.unscoped()
    assert deviation.severity == "critical"

    page = client.get(url)
    assert not page.context["reviewing"]
    assert page.context["deviations"] == [deviation]
    text = page.content.decode()
    assert reverse("audit_detail", args=[audit.pk]) in text
    assert "Utfall" in text
    assert answered_request.valid_until.strftime("%Y") in text
    listed = client.get(reverse("self_assessment_list"), {"status": "reviewed"})
    [row] = listed.context["self_assessments"]
    assert row.not_met_count == 1
    assert f"Revision {audit.pk}" in listed.content.decode()


def test_the_review_refuses_an_answer_changed_meanwhile(client, anna, kansliet, answered_request):
    client.force_login(anna)
    first = _answers(answered_request)[0]
    services.review_answer(acting_user=kansliet, answer=first, review="not_met", comment="Saknas.")
    stale = Answer.objects.unscoped().get(pk=first.pk)
    stale.version, stale.review, stale.review_comment, stale.severity = 0, "pending", "", ""
    response = _review(client, answered_request, stale, "accepted")
    assert response.status_code == 409
    form = response.context["answers"][0].form
    assert any("ändrat" in error for error in form.non_field_errors())
    first.refresh_from_db()
    assert first.review == "not_met"


def test_a_step_on_a_request_changed_meanwhile_shows_it_as_it_is(client, anna, answered_request):
    client.force_login(anna)
    response = client.post(reverse("self_assessment_cancel", args=[answered_request.pk]), {"version": "0"})
    assert response["Location"] == answered_request.get_absolute_url()
    assert "Någon annan har ändrat detta" in _messages(response)[0]
    answered_request.refresh_from_db()
    assert answered_request.status == Request.Status.SUBMITTED
    # Nothing marked for completion: refused with a message.
    response = client.post(
        reverse("self_assessment_return", args=[answered_request.pk]), {"version": answered_request.version}
    )
    assert _messages(response)[-1] == "Inget svar är markerat att kompletteras."


def test_the_reviewer_cancels_an_open_request(client, anna, sent_request):
    client.force_login(anna)
    page = client.get(sent_request.get_absolute_url())
    assert page.context["can_cancel"] and not page.context["reviewing"]
    response = client.post(reverse("self_assessment_cancel", args=[sent_request.pk]), {"version": sent_request.version})
    sent_request.refresh_from_db()
    assert sent_request.status == Request.Status.CANCELLED
    assert _messages(response) == ["Självskattningen är återkallad."]
    statuses = [record.status for record in client.get(sent_request.get_absolute_url()).context["history"]]
    assert statuses == ["sent", "cancelled"]


def test_a_region_that_only_asked_reads_the_answers_but_does_not_review(client, bertil, answered_request, category):
    _send(bertil, answered_request.supplier, category, "B")
    client.force_login(bertil)
    page = client.get(answered_request.get_absolute_url())
    assert page.status_code == 200
    assert page.context["reads_answers"] and not page.context["reviewing"]
    assert all(answer.form is None for answer in page.context["answers"])
    text = page.content.decode()
    assert "Vi har en uppförandekod." in text
    assert "Slutför granskningen" not in text and "Återkalla" not in text
    first = _answers(answered_request)[0]
    assert _review(client, answered_request, first, "accepted").status_code == 404
    for name in ("self_assessment_return", "self_assessment_complete", "self_assessment_cancel"):
        assert client.post(reverse(name, args=[answered_request.pk]), {"version": "0"}).status_code == 404
    first.refresh_from_db()
    assert first.review == "pending"


def test_a_coordinator_who_did_not_ask_sees_the_request_but_not_the_answers(client, bertil, answered_request):
    client.force_login(bertil)
    page = client.get(answered_request.get_absolute_url())
    assert page.status_code == 200
    assert not page.context["reads_answers"] and page.context["answers"] == []
    assert "Vi har en uppförandekod." not in page.content.decode()


def test_a_region_contact_reads_the_list_but_not_the_answers(client, kalle, answered_request):
    client.force_login(kalle)
    assert client.get(reverse("self_assessment_list")).status_code == 200
    page = client.get(answered_request.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Abcur AB" in text
    assert "Vi har en uppförandekod." not in text
    assert "Svaren och underlagen läses av kansliet" in text
    assert 'name="svar-' not in text
    # Not a writer of audits: the review's steps are not there for them (404 on an object's URL).
    assert client.post(reverse("self_assessment_complete", args=[answered_request.pk])).status_code == 404
    answered_request.refresh_from_db()
    assert answered_request.status == Request.Status.SUBMITTED


def test_the_answers_link_their_evidence(client, anna, sara, sent_request):
    answer = _answers(sent_request)[0]
    evidence = services.add_answer_evidence(acting_user=sara, answer=answer, upload=factories.upload())
    client.force_login(anna)
    page = client.get(sent_request.get_absolute_url()).content.decode()
    assert reverse("answer_evidence_download", args=[evidence.pk]) in page
    assert "intyg.pdf" in page


# detail: the request with its relations; its asking regions; its answers with criterion and
# clause; their evidence; the history of its status; the companies above the supplier (one query
# per level: none here) and whether it or one of them has a contact person
DETAIL_QUERIES = 7


def _evidence(request, count):
    for answer in _answers(request):
        for _n in range(count):
            answer.evidence.create(
                file=factories.upload(), name="intyg.pdf", size=10, content_type="application/pdf", sha256="0" * 64
            )


def test_the_detail_page_takes_the_same_queries_with_more_files(client, anna, answered_request):
    client.force_login(anna)
    url = answered_request.get_absolute_url()
    _evidence(answered_request, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _evidence(answered_request, 5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("intyg.pdf") == 3 * 6
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    assert len(many) == 2 + DETAIL_QUERIES, sql
