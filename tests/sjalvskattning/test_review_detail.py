"""The review of a self-assessment answer by answer until it becomes an audit, the answers' evidence,
and who reads or reviews the answers."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from revisioner.models import Audit
from sjalvskattning import services
from sjalvskattning.models import Answer, Request
from tests import factories
from tests.query_counts import SESSION_QUERIES
from tests.sjalvskattning.test_review_pages import _send

pytestmark = pytest.mark.django_db

IN_30_DAYS = datetime.timedelta(days=30)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


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
    assert len(many) == SESSION_QUERIES + DETAIL_QUERIES, sql
