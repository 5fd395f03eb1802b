"""The supplier's own pages of self-assessments, through the test client: its start page, answering
a questionnaire with evidence files, submitting it, completing returned answers; another supplier's
rows answer 404; the pages' query counts do not grow with the rows."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from regions.access import Role
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, CorrectiveAction, Deviation, Supplier, SupplierMessage
from sjalvskattning import services
from sjalvskattning.models import Answer, AnswerEvidence, Request
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _answers(request):
    return list(request.answers.unscoped().select_related("criterion").order_by("criterion__number"))


def _answer_data(answer, value="meets", text="Vi har en policy.", version=None):
    prefix = f"svar-{answer.pk}"
    return {
        f"{prefix}-value": value,
        f"{prefix}-text": text,
        f"{prefix}-version": answer.version if version is None else version,
    }


def _save(client, answer, **data):
    url = reverse("supplier_answer", args=[answer.request_id, answer.pk])
    return client.post(url, _answer_data(answer, **data))


def _upload(client, answer, upload):
    url = reverse("supplier_answer_evidence", args=[answer.request_id, answer.pk])
    return client.post(url, {"file": upload}, follow=True)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


# The start page --------------------------------------------------------------------------------


def test_start_page_shows_the_questionnaire_to_answer_with_its_due_date_and_only_its_own_supplier(
    client, sara, sent_request, supplier, other_supplier, otto
):
    client.force_login(sara)
    response = client.get(reverse("supplier_start"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Abcur AB" in page and supplier.org_number in page
    assert str(sent_request.template) in page
    assert reverse("supplier_request", args=[sent_request.pk]) in page
    assert "3 av 3 kriterier obesvarade" in page
    day = sent_request.due_on
    assert f"{day.day} " in page and str(day.year) in page
    # Nothing of the other supplier, nothing of the members' navigation.
    assert "Medline" not in page and other_supplier.foreign_identifier not in page
    for member_page in ("audit_list", "supplier_list", "deviation_list", "self_assessment_list", "category_tree"):
        assert f'href="{reverse(member_page)}"' not in page
    assert f'href="{reverse("supplier_deviations")}"' in page
    # The message of the request sent is the history's first row.
    assert "Självskattning att besvara" in page


def test_start_page_without_anything_asked_shows_its_empty_states(client, sara):
    client.force_login(sara)
    page = client.get(reverse("supplier_start")).content.decode()
    assert "Inget väntar på er just nu" in page
    assert "Inga självskattningar att besvara." in page
    assert "Inga avvikelser väntar på en åtgärdsplan." in page
    assert "Ni har inte skickat in någon självskattning ännu." in page
    assert "Inga meddelanden ännu." in page


def test_the_start_page_of_the_site_takes_a_supplier_contact_to_their_page(client, sara):
    client.force_login(sara)
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response.url == reverse("supplier_start")


def test_start_page_lists_a_submitted_questionnaire_and_the_history_newest_first(client, sara, answered_request):
    SupplierMessage.objects.create(
        supplier=answered_request.supplier, kind=SupplierMessage.Kind.REQUEST_REMINDER, subject="Senare", path="/"
    )
    client.force_login(sara)
    page = client.get(reverse("supplier_start")).content.decode()
    assert "Inskickade självskattningar" in page
    assert "Besvarad, väntar på granskning" in page
    assert page.index("Senare") < page.index("Självskattning att besvara")


def test_start_page_pages_through_a_long_history(client, sara, supplier):
    SupplierMessage.objects.bulk_create(
        SupplierMessage(
            supplier=supplier, kind=SupplierMessage.Kind.REQUEST_REMINDER, subject=f"Meddelande {n:02d}", path="/"
        )
        for n in range(25)
    )
    client.force_login(sara)
    first = client.get(reverse("supplier_start")).content.decode()
    assert "Meddelande 24" in first and "Meddelande 14" not in first
    assert "?sida=2" in first
    third = client.get(reverse("supplier_start"), {"sida": 3}).content.decode()
    assert "Meddelande 00" in third and "Meddelande 24" not in third


def test_members_and_people_without_a_role_do_not_reach_the_supplier_pages(client, anna, nils, sent_request):
    for person in (anna, nils):
        client.force_login(person)
        assert client.get(reverse("supplier_start")).status_code == 403
        assert client.get(reverse("supplier_request", args=[sent_request.pk])).status_code == 404


# Answering -------------------------------------------------------------------------------------


def test_the_questionnaire_shows_each_criterion_with_guidance_documentation_and_a_form(client, sara, sent_request):
    client.force_login(sara)
    response = client.get(reverse("supplier_request", args=[sent_request.pk]))
    page = response.content.decode()
    for answer in _answers(sent_request):
        assert f'id="svar-{answer.pk}"' in page
        assert answer.criterion.number in page and answer.criterion.text in page
        assert reverse("supplier_answer", args=[sent_request.pk, answer.pk]) in page
        assert reverse("supplier_answer_evidence", args=[sent_request.pk, answer.pk]) in page
    assert "Fråga efter dokumentet." in page and "Exempel på dokumentation" in page
    assert "Policy, riskanalys, avvikelselogg." in page
    for label in ("Uppfyller", "Uppfyller delvis", "Uppfyller inte", "Ej tillämplig"):
        assert f" {label}</label>" in page
    assert "3 kriterier saknar svar" in page


def test_an_answer_is_saved_on_its_own_and_the_page_returns_to_it(client, sara, sent_request):
    answer, other = _answers(sent_request)[:2]
    client.force_login(sara)
    response = _save(client, answer, value="partly", text="Policyn är under arbete.")
    assert response.status_code == 302
    assert response.url == reverse("supplier_request", args=[sent_request.pk]) + f"#svar-{answer.pk}"
    answer.refresh_from_db()
    other.refresh_from_db()
    assert (answer.value, answer.text, answer.answered_by) == ("partly", "Policyn är under arbete.", sara)
    assert other.value == ""
    page = client.get(reverse("supplier_request", args=[sent_request.pk])).content.decode()
    assert "Policyn är under arbete." in page and "2 kriterier saknar svar" in page


def test_an_answer_changed_in_another_tab_is_not_overwritten_unseen(client, sara, sent_request):
    answer = _answers(sent_request)[0]
    client.force_login(sara)
    _save(client, answer, value="meets", text="Första fliken.", version=0)
    response = _save(client, answer, value="does_not_meet", text="Andra fliken.", version=0)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan har ändrat detta" in page
    assert "Andra fliken." in page  # the person's input is kept
    answer.refresh_from_db()
    assert (answer.value, answer.text) == ("meets", "Första fliken.")


def test_an_answer_with_a_control_character_is_refused_next_to_the_field(client, sara, sent_request):
    answer = _answers(sent_request)[0]
    client.force_login(sara)
    response = _save(client, answer, text="Fel\x00tecken")
    assert response.status_code == 400
    assert "U+0000" in response.content.decode()
    answer.refresh_from_db()
    assert answer.text == ""


def test_a_file_is_uploaded_listed_downloaded_and_removed(
    client, sara, sent_request, _media, django_capture_on_commit_callbacks
):
    answer = _answers(sent_request)[0]
    client.force_login(sara)
    response = _upload(client, answer, factories.upload("uppförandekod.pdf"))
    assert "Filen uppförandekod.pdf är sparad som underlag." in _messages(response)
    evidence = AnswerEvidence.objects.get(answer=answer)
    assert (evidence.name, evidence.content_type, evidence.uploaded_by) == (
        "uppförandekod.pdf",
        "application/pdf",
        sara,
    )
    page = client.get(reverse("supplier_request", args=[sent_request.pk])).content.decode()
    assert reverse("answer_evidence_download", args=[evidence.pk]) in page
    assert reverse("supplier_answer_evidence_remove", args=[evidence.pk]) in page

    download = client.get(reverse("answer_evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"] and "uppf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    with django_capture_on_commit_callbacks(execute=True):  # the stored file goes once the removal commits
        removed = client.post(reverse("supplier_answer_evidence_remove", args=[evidence.pk]), follow=True)
    assert "Filen uppförandekod.pdf är borttagen." in _messages(removed)
    assert not AnswerEvidence.objects.filter(answer=answer).exists()
    assert _stored_files(_media) == []


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("anteckning.txt", b"bara text", "filtypen tas inte emot"),
        ("tom.pdf", b"", "filen är tom"),
        ("del:1.pdf", b"%PDF-1.4\n%%EOF\n", "sökvägar"),
        ("stor.pdf", b"%PDF-1.4\n" + b"x" * 200, "den får vara högst"),
    ],
)
def test_a_refused_upload_names_the_file_and_stores_nothing(
    client, sara, sent_request, settings, _media, name, content, problem
):
    settings.EVIDENCE_MAX_BYTES = 100
    answer = _answers(sent_request)[0]
    client.force_login(sara)
    response = _upload(client, answer, factories.upload(name, content))
    assert response.status_code == 200
    shown = " ".join(_messages(response))
    assert f"Filen {name}" in shown and problem in shown
    assert not AnswerEvidence.objects.exists()
    assert _stored_files(_media) == []


def test_an_upload_without_a_file_asks_for_one(client, sara, sent_request):
    answer = _answers(sent_request)[0]
    client.force_login(sara)
    response = client.post(reverse("supplier_answer_evidence", args=[sent_request.pk, answer.pk]), follow=True)
    assert "Välj en fil att skicka." in _messages(response)


# Submitting ------------------------------------------------------------------------------------


def test_submitting_with_unanswered_criteria_is_refused_with_their_count(client, sara, sent_request):
    client.force_login(sara)
    _save(client, _answers(sent_request)[0])
    response = client.post(
        reverse("supplier_request_submit", args=[sent_request.pk]), {"version": sent_request.version}, follow=True
    )
    assert "2 kriterier saknar svar. Svara på alla innan ni skickar in." in _messages(response)
    sent_request.refresh_from_db()
    assert sent_request.status == Request.Status.SENT


def test_a_submitted_questionnaire_is_read_only(client, sara, sent_request, _media):
    client.force_login(sara)
    answers = _answers(sent_request)
    for answer in answers:
        _save(client, answer, value="meets", text=f"Svar {answer.criterion.number}")
    _upload(client, answers[0], factories.upload())
    response = client.post(
        reverse("supplier_request_submit", args=[sent_request.pk]), {"version": sent_request.version}, follow=True
    )
    assert any("inskickad" in message for message in _messages(response))
    sent_request.refresh_from_db()
    assert sent_request.status == Request.Status.SUBMITTED

    page = response.content.decode()
    assert "Svaren kan inte längre ändras" in page
    assert "<form" not in page.split('id="main"')[1].split("</main>")[0].replace('class="language"', "")
    evidence = AnswerEvidence.objects.get()
    assert reverse("answer_evidence_download", args=[evidence.pk]) in page
    assert reverse("supplier_answer_evidence_remove", args=[evidence.pk]) not in page

    # Posting anyway changes nothing.
    refused = client.post(
        reverse("supplier_answer", args=[sent_request.pk, answers[0].pk]),
        _answer_data(Answer.objects.unscoped().get(pk=answers[0].pk), value="does_not_meet"),
        follow=True,
    )
    assert "Svaret är inskickat och kan inte ändras." in _messages(refused)
    assert Answer.objects.unscoped().get(pk=answers[0].pk).value == "meets"
    client.post(reverse("supplier_answer_evidence_remove", args=[evidence.pk]))
    assert AnswerEvidence.objects.filter(pk=evidence.pk).exists()
    again = client.post(reverse("supplier_request_submit", args=[sent_request.pk]), follow=True)
    assert "Självskattningen är redan inskickad." in _messages(again)


@pytest.fixture
def returned_request(answered_request, anna):
    """Anna accepted two answers and asked for the first to be completed, then returned it."""
    answers = _answers(answered_request)
    services.review_answer(
        acting_user=anna, answer=answers[0], review=Answer.Review.NEEDS_COMPLETION, comment="Bifoga er policy."
    )
    for answer in answers[1:]:
        services.review_answer(acting_user=anna, answer=answer, review=Answer.Review.ACCEPTED)
    return services.return_for_completion(acting_user=anna, request=answered_request)


def test_a_returned_questionnaire_opens_only_the_answers_asked_for_with_the_comment(client, sara, returned_request):
    first, second, third = _answers(returned_request)
    client.force_login(sara)
    page = client.get(reverse("supplier_request", args=[returned_request.pk])).content.decode()
    assert "Bifoga er policy." in page
    assert page.index("Bifoga er policy.") > page.index(f'id="svar-{first.pk}"')
    assert page.index("Bifoga er policy.") < page.index(f'id="svar-{second.pk}"')
    assert reverse("supplier_answer", args=[returned_request.pk, first.pk]) in page
    assert reverse("supplier_answer_evidence", args=[returned_request.pk, first.pk]) in page
    for closed in (second, third):
        assert reverse("supplier_answer", args=[returned_request.pk, closed.pk]) not in page
        assert reverse("supplier_answer_evidence", args=[returned_request.pk, closed.pk]) not in page
    assert "Skicka in kompletteringen" in page

    refused = _save(client, second, value="partly")
    assert refused.status_code == 302
    assert Answer.objects.unscoped().get(pk=second.pk).value == "meets"

    assert _save(client, first, value="meets", text="Policyn bifogas.").status_code == 302
    _upload(client, first, factories.upload("policy.pdf"))
    client.post(reverse("supplier_request_submit", args=[returned_request.pk]), {"version": returned_request.version})
    returned_request.refresh_from_db()
    assert returned_request.status == Request.Status.SUBMITTED
    first.refresh_from_db()
    assert (first.text, first.review) == ("Policyn bifogas.", Answer.Review.PENDING)


# Another supplier's rows -----------------------------------------------------------------------


def test_another_suppliers_request_answer_and_evidence_answer_404(client, sara, otto, sent_request, _media):
    answer = _answers(sent_request)[0]
    evidence = services.add_answer_evidence(acting_user=sara, answer=answer, upload=factories.upload())
    client.force_login(otto)
    assert client.get(reverse("supplier_request", args=[sent_request.pk])).status_code == 404
    assert _save(client, answer).status_code == 404
    assert _upload(client, answer, factories.upload()).status_code == 404
    assert client.post(reverse("supplier_answer_evidence_remove", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("supplier_request_submit", args=[sent_request.pk])).status_code == 404
    assert client.get(reverse("answer_evidence_download", args=[evidence.pk])).status_code == 404
    page = client.get(reverse("supplier_start")).content.decode()
    assert "Abcur" not in page and str(sent_request.template) not in page
    assert Answer.objects.unscoped().get(pk=answer.pk).value == ""
    assert AnswerEvidence.objects.filter(pk=evidence.pk).exists()


def test_an_answer_of_another_request_is_not_reached_through_ones_own(client, sara, sent_request, supplier, template):
    subsidiary_of_other = Supplier.objects.create(name="Annan AB", org_number=with_check_digit("556111222"))
    other_request = Request.objects.create(
        supplier=subsidiary_of_other,
        template=template,
        category=sent_request.category,
        procurement_region=sent_request.procurement_region,
        due_on=sent_request.due_on,
    )
    foreign = Answer.objects.create(request=other_request, criterion=_answers(sent_request)[0].criterion)
    client.force_login(sara)
    assert (
        client.post(reverse("supplier_answer", args=[sent_request.pk, foreign.pk]), _answer_data(foreign)).status_code
        == 404
    )


def test_the_evidence_download_is_for_the_supplier_and_the_members_who_read_the_answers(
    client, sara, sent_request, anna, bertil, kansliet, nils, _media
):
    evidence = services.add_answer_evidence(
        acting_user=sara, answer=_answers(sent_request)[0], upload=factories.upload()
    )
    url = reverse("answer_evidence_download", args=[evidence.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous.url
    for person, status in ((sara, 200), (anna, 200), (kansliet, 200), (bertil, 404), (nils, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(sara)
    assert client.get(reverse("answer_evidence_download", args=[evidence.pk + 1000])).status_code == 404


# Query counts ----------------------------------------------------------------------------------


def _grow(size, *, supplier, template, category, sent_request):
    """``size`` subsidiaries of ``supplier``, each with a questionnaire (to answer or submitted), a
    message, and an audit awaiting actions with a deviation whose plan was returned and one whose
    plan was accepted."""
    subsidiaries = Supplier.objects.bulk_create(
        Supplier(
            name=f"Dotterbolag {n}",
            normalised_name=f"dotterbolag {n}",
            org_number=with_check_digit(f"5590{size:02d}{n:03d}"),
            parent=supplier,
        )
        for n in range(size)
    )
    region = sent_request.procurement_region
    requests = Request.objects.bulk_create(
        Request(
            supplier=subsidiary,
            template=template,
            category=category,
            procurement_region=region,
            due_on=timezone.localdate() + datetime.timedelta(days=10 + n),
            status=Request.Status.SUBMITTED if n % 2 else Request.Status.SENT,
            submitted_at=timezone.now() if n % 2 else None,
        )
        for n, subsidiary in enumerate(subsidiaries)
    )
    Answer.objects.bulk_create(
        Answer(request=request, criterion=criterion) for request in requests for criterion in template.criteria.all()
    )
    SupplierMessage.objects.bulk_create(
        SupplierMessage(supplier=subsidiary, kind=SupplierMessage.Kind.REQUEST_SENT, subject="Frågor", path="/")
        for subsidiary in subsidiaries
    )
    audits = Audit.objects.bulk_create(
        Audit(
            kind=Audit.Kind.OFFICE,
            supplier=subsidiary,
            category=category,
            procurement_region=region,
            year=2024,
            template=template,
            status=Audit.Status.AWAITING_ACTIONS,
        )
        for subsidiary in subsidiaries
    )
    clause = template.criteria.first().clause
    deviations = Deviation.objects.bulk_create(
        Deviation(audit=audit, clause=clause, severity=Deviation.Severity.MINOR, description="Fynd")
        for audit in audits
        for _kind in range(2)
    )
    due = timezone.localdate() + datetime.timedelta(days=30)
    CorrectiveAction.objects.bulk_create(
        CorrectiveAction(
            deviation=deviation,
            description="Plan",
            due_on=due,
            status=CorrectiveAction.Status.RETURNED if n % 2 else CorrectiveAction.Status.PLAN_RECEIVED,
        )
        for n, deviation in enumerate(deviations)
    )


@pytest.mark.parametrize("size", [2, 12])
def test_the_start_page_makes_as_many_queries_with_many_rows_as_with_few(
    client, django_assert_num_queries, sara, sent_request, supplier, template, category, size
):
    _grow(size, supplier=supplier, template=template, category=category, sent_request=sent_request)
    client.force_login(sara)
    # The user with memberships (the scope); the contacts and two levels of subsidiaries; the suppliers;
    # to answer; to plan and their returned plans; to implement; the messages (count, page); the
    # submitted ones; the session's last activity written (a savepoint, the update, its release).
    with django_assert_num_queries(SESSION_QUERIES + 14):
        response = client.get(reverse("supplier_start"))
    assert response.status_code == 200
    context = response.context
    assert len(context["to_answer"]) == 1 + (size + 1) // 2
    assert len(context["to_plan"]) == size and len(context["to_implement"]) == size
    assert len(context["submitted"]) == size // 2


@pytest.mark.parametrize("files", [1, 6])
def test_the_questionnaire_makes_as_many_queries_with_many_files_as_with_few(
    client, django_assert_num_queries, sara, sent_request, files, _media
):
    for answer in _answers(sent_request):
        for n in range(files):
            services.add_answer_evidence(acting_user=sara, answer=answer, upload=factories.upload(f"fil-{n}.pdf"))
    client.force_login(sara)
    # The user with memberships; the contacts, the subsidiaries; the request; its answers; their files;
    # the session's last activity written (a savepoint, the update, its release).
    with django_assert_num_queries(SESSION_QUERIES + 8):
        response = client.get(reverse("supplier_request", args=[sent_request.pk]))
    assert response.content.decode().count("fil-") >= 3 * files * 2


def test_a_supplier_contact_menu_shows_only_their_pages(client, sara):
    client.force_login(sara)
    page = client.get(reverse("supplier_start")).content.decode()
    nav = page.split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert reverse("supplier_start") in nav and reverse("supplier_deviations") in nav
    assert nav.count("<li>") == 3
    member = factories.member(Role.COORDINATOR, procurement_region=factories.procurement_region("A"))
    client.force_login(member)
    page = client.get(reverse("audit_list")).content.decode()
    nav = page.split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert reverse("self_assessment_list") in nav and reverse("supplier_start") not in nav
