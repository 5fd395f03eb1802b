"""Reminders of corrective actions due within 14 days or overdue: mailed once per action and state."""

import datetime

import pytest
from django.core import mail

from revisioner import services
from revisioner.models import CorrectiveAction, Deviation, Reminder
from revisioner.reminders import send_action_reminders
from revisioner.tasks import send_action_reminders as reminder_task

TODAY = datetime.date(2025, 3, 1)


@pytest.fixture
def deviation(audit_of, anna):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    criterion = audit.template.criteria.first()
    [deviation] = services.rate(acting_user=anna, audit=audit, ratings={criterion: ("does_not_meet", "", "")})
    return deviation


def _action(deviation, user, due_on, **fields):
    action = CorrectiveAction(description="Skriv en policy för leveranskedjan", due_on=due_on, **fields)
    return services.add_action(acting_user=user, deviation=deviation, action=action)


def test_an_overdue_and_a_soon_due_action_are_mailed_to_the_responsible_coordinator_in_one_mail(deviation, anna):
    _action(deviation, anna, TODAY - datetime.timedelta(days=3))
    _action(deviation, anna, TODAY + datetime.timedelta(days=14))
    _action(deviation, anna, TODAY + datetime.timedelta(days=15))  # not yet

    assert send_action_reminders(TODAY) == 1

    [message] = mail.outbox
    assert message.to == [anna.email]
    assert message.subject.startswith("1 försenad åtgärd, 1 åtgärd förfaller inom 14 dagar")
    assert "Abcur AB" in message.body
    assert "26 februari 2025" in message.body and "15 mars 2025" in message.body
    assert "16 mars 2025" not in message.body
    assert f"/revisioner/{deviation.audit_id}/" in message.body
    assert Reminder.objects.count() == 2


def test_a_second_run_sends_nothing_again(deviation, anna):
    _action(deviation, anna, TODAY - datetime.timedelta(days=3))
    send_action_reminders(TODAY)
    mail.outbox.clear()

    assert send_action_reminders(TODAY) == 0
    assert send_action_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_a_due_soon_action_is_reminded_again_when_it_becomes_overdue_and_when_its_state_changes(deviation, anna):
    action = _action(deviation, anna, TODAY + datetime.timedelta(days=5))
    assert send_action_reminders(TODAY) == 1
    assert send_action_reminders(TODAY + datetime.timedelta(days=6)) == 1  # now overdue
    services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.PLAN_RECEIVED)
    assert send_action_reminders(TODAY + datetime.timedelta(days=7)) == 1  # overdue in its new state
    assert send_action_reminders(TODAY + datetime.timedelta(days=8)) == 0
    assert len(mail.outbox) == 3


def test_implemented_and_verified_actions_are_not_reminded_of(deviation, anna):
    action = _action(deviation, anna, TODAY - datetime.timedelta(days=3))
    services.move_action(acting_user=anna, action=action, status=CorrectiveAction.Status.IMPLEMENTED)

    assert send_action_reminders(TODAY) == 0
    assert mail.outbox == []


def test_without_a_responsible_person_the_coordinators_of_the_leading_procurement_region_are_mailed(
    deviation, anna, coordinator_of, bertil
):
    second = coordinator_of("A", name="Alva Samordnare A", email="alva@hallbar.example")
    action = _action(deviation, anna, TODAY - datetime.timedelta(days=1))
    CorrectiveAction.objects.unscoped().filter(pk=action.pk).update(responsible=None)

    send_action_reminders(TODAY)

    [message] = mail.outbox
    assert sorted(message.to) == sorted([anna.email, second.email])
    assert bertil.email not in message.to


def test_the_beat_task_runs_the_reminders(deviation, anna):
    _action(deviation, anna, datetime.date(2000, 1, 1))
    assert reminder_task.delay().get() == 1
    assert Deviation.objects.unscoped().count() == 1


def test_beat_schedules_the_reminders_every_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["corrective-action-reminders"]
    assert entry["task"] == reminder_task.name
    assert entry["schedule"].hour == {6}
