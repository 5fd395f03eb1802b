from base.jobs import reliable_task
from revisioner import reminders


@reliable_task()
def send_action_reminders() -> int:
    """Celery beat, every morning; idempotent: the reminder rows record what was sent."""
    return reminders.send_action_reminders()
