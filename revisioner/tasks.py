from celery import shared_task
from django.conf import settings
from django.db import OperationalError as DatabaseUnavailable

from revisioner import reminders


@shared_task(
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_TIME_LIMIT - 60,
    autoretry_for=(DatabaseUnavailable,),
    retry_backoff=True,
    max_retries=3,
)
def send_action_reminders() -> int:
    """Celery beat, every morning; idempotent: the reminder rows record what was sent."""
    return reminders.send_action_reminders()
