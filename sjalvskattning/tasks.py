from base.jobs import reliable_task
from sjalvskattning import reminders


@reliable_task()
def send_request_reminders() -> int:
    """Celery beat, every morning; idempotent: the reminder rows record what was sent."""
    return reminders.send_request_reminders()


@reliable_task()
def mail_reviewers(request_id: int) -> int:
    """Tells the leading procurement region's coordinators that a supplier submitted its answers."""
    return reminders.mail_reviewers(request_id)
