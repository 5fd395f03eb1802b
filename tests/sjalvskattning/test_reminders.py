"""Reminders of self-assessments: 7 days before the due date and once it has passed, mailed once
per request, kind and state; and the coordinators told of a submitted questionnaire."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from revisioner.models import SupplierMessage
from sjalvskattning import services
from sjalvskattning.models import Answer, Request, RequestReminder
from sjalvskattning.reminders import mail_reviewers, send_request_reminders
from sjalvskattning.tasks import send_request_reminders as reminder_task

DAY = datetime.timedelta(days=1)


@pytest.fixture
def remind(django_capture_on_commit_callbacks, mailoutbox):
    """Run the reminders as of ``today`` and let the mails go out as the transaction commits."""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return send_request_reminders(today)

    return run


def _reminders():
    return SupplierMessage.objects.filter(kind=SupplierMessage.Kind.REQUEST_REMINDER)


def test_the_due_soon_reminder_goes_seven_days_before_the_due_date_not_eight(sent_request, remind, mailoutbox):
    due_on = sent_request.due_on
    assert remind(due_on - 8 * DAY) == 0
    assert mailoutbox == [] and not _reminders().exists()

    assert remind(due_on - 7 * DAY) == 1

    [message] = _reminders()
    assert message.supplier_id == sent_request.supplier_id and message.path == sent_request.get_supplier_url()
    assert message.subject == str(sent_request.template)
    [reminder] = RequestReminder.objects.all()
    assert (reminder.kind, reminder.request_status) == (RequestReminder.Kind.DUE_SOON, Request.Status.SENT)
    [mail] = mailoutbox
    assert mail.to == ["sara@abcur.example"]
    assert settings.SITE_URL.rstrip("/") + sent_request.get_supplier_url() in mail.body


def test_the_overdue_reminder_goes_the_day_after_the_due_date(sent_request, remind, mailoutbox):
    due_on = sent_request.due_on
    assert remind(due_on) == 1  # the due date itself: still "due soon"
    assert RequestReminder.objects.get().kind == RequestReminder.Kind.DUE_SOON

    assert remind(due_on + DAY) == 1

    assert list(RequestReminder.objects.order_by("pk").values_list("kind", flat=True)) == ["due_soon", "overdue"]
    overdue = _reminders().order_by("pk").last()
    assert "Sista svarsdag var" in overdue.comment
    assert len(mailoutbox) == 2


def test_a_request_first_seen_overdue_gets_the_overdue_reminder_only(sent_request, remind):
    assert remind(sent_request.due_on + 10 * DAY) == 1
    assert RequestReminder.objects.get().kind == RequestReminder.Kind.OVERDUE


def test_running_twice_sends_one_mail_per_kind(sent_request, remind, mailoutbox):
    due_on = sent_request.due_on
    for today in (due_on - 7 * DAY, due_on - 7 * DAY, due_on - 3 * DAY, due_on):
        remind(today)
    for today in (due_on + DAY, due_on + DAY, due_on + 5 * DAY):
        remind(today)

    assert len(mailoutbox) == 2
    assert _reminders().count() == 2
    assert RequestReminder.objects.count() == 2


def test_the_task_runs_the_same_reminders(sent_request, django_capture_on_commit_callbacks, mailoutbox):
    Request.objects.unscoped().filter(pk=sent_request.pk).update(due_on=timezone.localdate() - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_task.delay().get() == 1
        assert reminder_task.delay().get() == 0
    assert len(mailoutbox) == 1


def test_a_reminder_already_recorded_is_not_sent_again(sent_request, remind, mailoutbox):
    """A retry after a crash, or another run that got there first: the row decides."""
    RequestReminder.objects.create(
        request=sent_request, kind=RequestReminder.Kind.DUE_SOON, request_status=Request.Status.SENT
    )
    assert remind(sent_request.due_on - DAY) == 0
    assert mailoutbox == [] and not _reminders().exists()


def test_submitted_reviewed_and_withdrawn_requests_are_not_reminded_of(answered_request, anna, remind, mailoutbox):
    due_on = answered_request.due_on
    assert remind(due_on - DAY) == 0 and remind(due_on + DAY) == 0  # submitted: the coordinator's turn

    for answer in answered_request.answers.unscoped():
        services.review_answer(acting_user=anna, answer=answer, review=Answer.Review.ACCEPTED)
    services.complete_review(acting_user=anna, request=answered_request)
    assert remind(due_on + 2 * DAY) == 0  # reviewed

    assert mailoutbox == [] and not RequestReminder.objects.exists()


def test_a_withdrawn_request_is_not_reminded_of(sent_request, anna, remind, mailoutbox):
    services.cancel_request(acting_user=anna, request=sent_request)
    assert remind(sent_request.due_on + DAY) == 0
    assert mailoutbox == []


def test_a_request_returned_for_completion_is_reminded_of_again_in_its_new_state(sent_request, sara, anna, remind):
    due_on = sent_request.due_on
    assert remind(due_on - 5 * DAY) == 1  # while it is sent
    for answer in sent_request.answers.unscoped():
        services.save_answer(acting_user=sara, answer=answer, value="meets", text="Ja.")
    services.submit_request(acting_user=sara, request=sent_request)
    answer = sent_request.answers.unscoped().first()
    services.review_answer(acting_user=anna, answer=answer, review="needs_completion", comment="Bifoga policyn.")
    services.return_for_completion(acting_user=anna, request=sent_request)

    assert remind(due_on - 4 * DAY) == 1  # due soon again, now that it is returned
    assert remind(due_on - 3 * DAY) == 0
    assert set(RequestReminder.objects.values_list("kind", "request_status")) == {
        ("due_soon", "sent"),
        ("due_soon", "returned"),
    }


def test_the_reviewers_are_the_active_coordinators_of_the_leading_procurement_region(
    answered_request, anna, bertil, coordinator_of, mailoutbox
):
    alva = coordinator_of("A", name="Alva Samordnare A", email="alva@hallbar.example")
    coordinator_of("A", name="Gunnar Gått", email="gunnar@hallbar.example", is_active=False)
    mailoutbox.clear()

    assert mail_reviewers(answered_request.pk) == 2

    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([anna.email, alva.email])
    assert bertil.email not in mail.to
    assert mail.subject.startswith("Abcur AB har besvarat självskattningen")
    link = settings.SITE_URL.rstrip("/") + reverse("self_assessment_detail", args=[answered_request.pk])
    assert link in mail.body and link in mail.alternatives[0][0]


def test_submitting_tells_the_reviewers_once_the_answers_are_saved(
    sent_request, sara, anna, django_capture_on_commit_callbacks, mailoutbox
):
    for answer in sent_request.answers.unscoped():
        services.save_answer(acting_user=sara, answer=answer, value="meets", text="Ja.")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_request(acting_user=sara, request=sent_request)
    reviewer_mails = [mail for mail in mailoutbox if "har besvarat självskattningen" in mail.subject]
    assert [mail.to for mail in reviewer_mails] == [[anna.email]]


def test_a_region_without_coordinators_mails_nobody(answered_request, anna, mailoutbox):
    anna.is_active = False
    anna.save(update_fields=["is_active"])
    mailoutbox.clear()
    assert mail_reviewers(answered_request.pk) == 0
    assert mailoutbox == []


def test_the_supplier_without_contact_persons_gets_the_reminder_on_its_page(sent_request, sara, remind, mailoutbox):
    sara.is_active = False
    sara.save(update_fields=["is_active"])
    assert remind(sent_request.due_on - DAY) == 1
    assert _reminders().count() == 1 and mailoutbox == []
