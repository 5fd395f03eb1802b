from celery import shared_task
from django.conf import settings
from django.db import OperationalError as DatabaseUnavailable

from incidenter import services


@shared_task(
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_TIME_LIMIT - 60,
    autoretry_for=(DatabaseUnavailable,),
    retry_backoff=True,
    max_retries=3,
)
def send_incident_notifications(event: str) -> int:
    """Mail an event's notifications; thin on purpose: the rows make it idempotent (services.py)."""
    return services.send_notifications(event)


@shared_task(acks_late=True, time_limit=settings.CELERY_TASK_TIME_LIMIT)
def send_pending_incident_notifications() -> int:
    """Celery beat, hourly: what could not be queued or sent when its event happened."""
    return services.send_pending_notifications()
