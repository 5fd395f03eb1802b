"""Background jobs: the decorator of the project's tasks, and the outbox that hands them to the broker.

A change that asks for a job writes an ``OutboxJob`` row in its own transaction
(``enqueue_on_commit``); once the transaction commits the row is handed to Celery. If the broker is
down the row waits and nothing is lost: ``hand_over_waiting`` (beat, every minute, and a worker as it
starts) hands it over when the broker is back.

A service never imports its app's ``tasks`` module: it names the task (``"akademi.tasks.x"``) and the
Celery app looks it up, so ``tasks`` imports ``services`` and never the other way. The Celery app itself
is the project's (``hallbar/celery.py``); this module reaches it as Celery's current app.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.db import OperationalError as DatabaseUnavailable
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from base.models import OutboxJob

log = logging.getLogger(__name__)

# A row this young is still being handed over by the transaction that wrote it.
HAND_OVER_GRACE = timedelta(seconds=30)


def reliable_task(**overrides):
    """The decorator of this project's tasks: acknowledged late and given back to the queue when the
    worker dies mid-way, limited in time, retried with backoff while the database is unreachable.
    Running twice must be harmless: that is each task's service's job (a job or mail row)."""
    options = {
        "acks_late": True,
        "reject_on_worker_lost": True,
        "time_limit": settings.CELERY_TASK_TIME_LIMIT,
        "soft_time_limit": settings.CELERY_TASK_TIME_LIMIT - 60,
        "autoretry_for": (DatabaseUnavailable,),
        "retry_backoff": True,
        "max_retries": 3,
    }
    return shared_task(**{**options, **overrides})


def enqueue(task_name: str, *args) -> bool:
    """Hand the task named ``task_name`` to the broker now. False when the broker is down.

    Run in-process (no REDIS_URL) a task that fails has recorded that on its own row; the
    failure is logged, not raised at the person whose change asked for the task."""
    task = current_app.tasks[task_name]  # a name no app registered is a mistake: it raises
    try:
        task.apply_async(args=args, retry=False)
    except BrokerUnavailable:
        log.warning("%s%s could not be queued: the broker is down; it waits in the outbox", task_name, args)
        return False
    except Exception:
        log.exception("%s%s failed", task_name, args)
    return True


def enqueue_on_commit(task_name: str, *args, when_refused: Callable[[], None] | None = None) -> OutboxJob:
    """Write the job to the outbox in the current transaction and hand it over once that commits.

    ``when_refused`` runs after the commit if the broker could not take the job (to tell the person
    that it waits); the row stays in the outbox and is handed over when the broker is back."""
    current_app.tasks[task_name]  # fail at once, inside the caller's transaction, on a name no app registered
    job = OutboxJob.objects.create(task=task_name, args=list(args))

    def hand_over_now():
        if not hand_over(job) and when_refused:
            when_refused()

    transaction.on_commit(hand_over_now)
    return job


def hand_over(job: OutboxJob) -> bool:
    """Hand one outbox row to the broker and mark it handed over; False (and the row waits) if refused."""
    if enqueue(job.task, *job.args):
        OutboxJob.objects.filter(pk=job.pk).update(handed_over_at=timezone.now(), attempts=job.attempts + 1)
        return True
    OutboxJob.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, last_error="broker unavailable")
    return False


def hand_over_waiting(limit: int = 500) -> int:
    """Hand over what the outbox holds (oldest first); stops at the first refusal. Returns how many."""
    handed = 0
    cutoff = timezone.now() - HAND_OVER_GRACE
    for job in OutboxJob.objects.waiting().filter(created_at__lte=cutoff)[:limit]:
        if not hand_over(job):
            break
        handed += 1
    return handed


def waiting_summary() -> tuple[int, timedelta | None]:
    """How many jobs wait in the outbox, and the age of the oldest (for the health page)."""
    waiting = OutboxJob.objects.waiting()
    oldest = waiting.values_list("created_at", flat=True).first()
    return waiting.count(), (timezone.now() - oldest) if oldest else None
