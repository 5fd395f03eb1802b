from celery import shared_task
from django.conf import settings
from django.db import OperationalError as DatabaseUnavailable

from hallbar import services


@shared_task(
    acks_late=True,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_TIME_LIMIT - 60,
    autoretry_for=(DatabaseUnavailable,),
    retry_backoff=True,
    max_retries=3,
)
def build_activity_report(job_id: int) -> None:
    """Build a report job's PDF; thin on purpose: the work and its idempotence are in the service."""
    services.run_report_job(job_id)
