"""Background jobs: the decorator of the project's tasks and the one way to hand a task to the broker.

A service never imports its app's ``tasks`` module: it names the task (``enqueue("akademi.tasks.x", id)``)
and the Celery app looks it up, so ``tasks`` imports ``services`` and never the other way. The Celery app
itself is the project's (``hallbar/celery.py``); this module reaches it as Celery's current app.
"""

import logging

from celery import current_app, shared_task
from django.conf import settings
from django.db import OperationalError as DatabaseUnavailable
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

log = logging.getLogger(__name__)


def reliable_task(**overrides):
    """The decorator of this project's tasks: acknowledged late (delivered again when a worker
    dies mid-way), limited in time, retried with backoff while the database is unreachable.
    Running twice must be harmless: that is each task's service's job (a job or mail row)."""
    options = {
        "acks_late": True,
        "time_limit": settings.CELERY_TASK_TIME_LIMIT,
        "soft_time_limit": settings.CELERY_TASK_TIME_LIMIT - 60,
        "autoretry_for": (DatabaseUnavailable,),
        "retry_backoff": True,
        "max_retries": 3,
    }
    return shared_task(**{**options, **overrides})


def enqueue(task_name: str, *args) -> bool:
    """Hand the task named ``task_name`` to the broker; call it on commit (``enqueue_on_commit``).
    False when the broker is down: the task's row (a job, a notification, a mail) stays queued,
    and a restart or the hourly beat runs it.

    Run in-process (no REDIS_URL) a task that fails has recorded that on its own row; the
    failure is logged, not raised at the person whose change asked for the task."""
    task = current_app.tasks[task_name]  # a name no app registered is a mistake: it raises
    try:
        task.apply_async(args=args, retry=False)
    except BrokerUnavailable:
        log.exception("%s%s could not be queued", task_name, args)
        return False
    except Exception:
        log.exception("%s%s failed", task_name, args)
    return True


def enqueue_on_commit(task_name: str, *args) -> None:
    """Enqueue the task once the current transaction commits, so a worker never looks for rows
    that are not committed yet (or were rolled back)."""
    transaction.on_commit(lambda: enqueue(task_name, *args))
