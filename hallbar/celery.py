"""The Celery app. Without REDIS_URL tasks run eagerly in-process (the embedded default)."""

import logging
import os

from celery import Celery, shared_task
from kombu.exceptions import OperationalError as BrokerUnavailable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings")

app = Celery("hallbar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

log = logging.getLogger(__name__)


def reliable_task(**overrides):
    """The decorator of this project's tasks: acknowledged late (delivered again when a worker
    dies mid-way), limited in time, retried with backoff while the database is unreachable.
    Running twice must be harmless: that is each task's service's job (a job or mail row)."""
    from django.conf import settings
    from django.db import OperationalError as DatabaseUnavailable

    options = {
        "acks_late": True,
        "time_limit": settings.CELERY_TASK_TIME_LIMIT,
        "soft_time_limit": settings.CELERY_TASK_TIME_LIMIT - 60,
        "autoretry_for": (DatabaseUnavailable,),
        "retry_backoff": True,
        "max_retries": 3,
    }
    return shared_task(**{**options, **overrides})


def enqueue(task, *args) -> bool:
    """Hand a task to the broker; call it on commit. False when the broker is down: the task's
    row (a job, a notification, a mail) stays queued, and a restart or the hourly beat runs it.

    Run in-process (no REDIS_URL) a task that fails has recorded that on its own row; the
    failure is logged, not raised at the person whose change asked for the task."""
    try:
        task.apply_async(args=args, retry=False)
    except BrokerUnavailable:
        log.exception("%s%s could not be queued", task.name, args)
        return False
    except Exception:
        log.exception("%s%s failed", task.name, args)
    return True
