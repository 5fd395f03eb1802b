"""The mails of the supplier loop: messages to the suppliers (Swedish, then English), the
coordinators' news of a plan or an implemented action, and of submitted answers (Swedish)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from revisioner import services as audits
from revisioner.models import SupplierMessage
from revisioner.services.contacts import mail_message
from sjalvskattning import services
from sjalvskattning.models import Answer
from tests import factories

SITE = settings.SITE_URL.rstrip("/")


def _message(supplier, **fields):
    fields = {
        "kind": SupplierMessage.Kind.REQUEST_RETURNED,
        "subject": "Uppförandekod och krav på tillbörlig aktsamhet",
        "path": "/leverantor/1/",
        "comment": "Bifoga er riskanalys av leveranskedjan.",
        **fields,
    }
    return SupplierMessage.objects.create(supplier=supplier, **fields)


def test_a_message_to_the_supplier_is_in_swedish_first_and_english_below(supplier, sara, mailoutbox):
    message = _message(supplier)

    assert mail_message(message.pk) is True

    [mail] = mailoutbox
    assert mail.to == ["sara@abcur.example"]
    assert "Svar att komplettera" in mail.subject and "Uppförandekod" in mail.subject
    swedish, english = mail.body.split("-" * 60)
    for part in (swedish, english):
        assert "Uppförandekod och krav på tillbörlig aktsamhet" in part
        assert "Bifoga er riskanalys av leveranskedjan." in part  # the coordinator's comment
        assert f"{SITE}/leverantor/1/" in part  # the absolute link
        assert "Abcur AB" in part
    assert "Hej," in swedish and "Svar att komplettera" in swedish
    assert "Hello," in english and "Hej," not in english
    html = mail.alternatives[0][0]
    assert '<div lang="sv">' in html and '<div lang="en">' in html
    assert html.index("Hej,") < html.index("Hello,")
    assert html.count(f'href="{SITE}/leverantor/1/"') == 2


def test_the_mail_is_in_swedish_and_english_whatever_language_is_active(supplier, sara, mailoutbox):
    message = _message(supplier, comment="")
    with translation.override("en"):
        mail_message(message.pk)
    [mail] = mailoutbox
    assert "Hej," in mail.body and "Hello," in mail.body
    assert "Kommentar" not in mail.body  # no comment, no heading for it


def test_a_message_is_mailed_once(supplier, sara, mailoutbox):
    message = _message(supplier)
    assert mail_message(message.pk) is True
    assert mail_message(message.pk) is False  # a second run, or a retry
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.mailed_at is not None


def test_every_active_contact_person_gets_it(supplier, sara, mailoutbox):
    second = factories.supplier_contact(supplier, name="Sven Säljare", email="sven@abcur.example")
    gone = factories.supplier_contact(supplier, name="Gun Gått", email="gun@abcur.example")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    mail_message(_message(supplier).pk)
    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([sara.email, second.email])


def test_sending_a_questionnaire_mails_the_supplier_with_the_link(
    supplier, category, template, sara, anna, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        request, _created = services.send_request(
            acting_user=anna,
            supplier=supplier,
            category=category,
            procurement_region=factories.procurement_region("A"),
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    [mail] = mailoutbox
    assert mail.to == [sara.email]
    assert "Självskattning att besvara" in mail.subject
    assert mail.body.count(f"{SITE}{request.get_supplier_url()}") == 2


@pytest.fixture
def deviation(answered_request, anna):
    """The review found the first criterion not met: a deviation of the review's audit."""
    answers = list(answered_request.answers.unscoped().order_by("criterion__number"))
    services.review_answer(
        acting_user=anna, answer=answers[0], review=Answer.Review.NOT_MET, comment="Policyn saknas.", severity="minor"
    )
    for answer in answers[1:]:
        services.review_answer(acting_user=anna, answer=answer, review=Answer.Review.ACCEPTED)
    audit = services.complete_review(acting_user=anna, request=answered_request)
    return audit.deviations.unscoped().get()


def test_the_coordinators_hear_of_a_proposed_plan_and_an_implemented_action(
    deviation, sara, anna, django_capture_on_commit_callbacks, mailoutbox
):
    due_on = timezone.localdate() + datetime.timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        action = audits.propose_plan(
            acting_user=sara, deviation=deviation, description="Vi skriver en policy.", owner="Sara", due_on=due_on
        )
    [proposed] = [mail for mail in mailoutbox if anna.email in mail.to]
    assert proposed.subject.startswith("Abcur AB föreslår en åtgärdsplan")
    assert "Vi skriver en policy." in proposed.body and "Ansvarig hos leverantören: Sara" in proposed.body
    assert f"klausul {deviation.clause.number} i granskning av självskattning" in proposed.body
    assert f"{SITE}{deviation.audit.get_absolute_url()}" in proposed.body
    assert "Granska planen" in proposed.body
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        audits.accept_plan(acting_user=anna, action=action)
        audits.add_action_evidence(acting_user=sara, action=action, upload=factories.upload())
        audits.report_implemented(acting_user=sara, action=action, note="Policyn är antagen av styrelsen.")
    [implemented] = [mail for mail in mailoutbox if anna.email in mail.to]
    assert implemented.subject.startswith("Abcur AB har rapporterat en åtgärd genomförd")
    assert "Policyn är antagen av styrelsen." in implemented.body
    assert "verifiera avvikelsen vid skrivbordet" in implemented.body
    # the supplier heard that its plan was accepted, in both languages
    [accepted] = [mail for mail in mailoutbox if sara.email in mail.to]
    assert "Åtgärdsplanen är godkänd" in accepted.subject and "Hello," in accepted.body


def test_the_submitted_answers_mail_is_in_swedish_even_when_english_is_active(answered_request, anna, mailoutbox):
    from sjalvskattning.reminders import mail_reviewers

    mailoutbox.clear()
    with translation.override("en"):
        assert mail_reviewers(answered_request.pk) == 1
    [mail] = mailoutbox
    assert mail.body.startswith("Hej,")
    assert "Upphandlingsregion A granskar svaren" in mail.body
