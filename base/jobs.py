"""Background jobs: the decorator of the project's tasks, and the outbox that hands them to the broker.

A change that asks for a job writes an ``OutboxJob`` row in its own transaction
(``enqueue_on_commit``); once the transaction commits the row is handed to Celery. If the broker is
down the row waits and nothing is lost: ``hand_over_waiting`` (beat, every minute, and a worker as it
starts) hands it over when the broker is back.

A service never imports its app's ``tasks`` module: it names the task (``"akademi.tasks.x"``) and the
Celery app looks it up, so ``tasks`` imports ``services`` and never the other way. The Celery app itself
is the project's (``hallbar/celery.py``); this module reaches it as Celery's current app.

Every run of a task writes one line (logger ``hallbar.job``): the job's id, the task, the attempt,
the outcome (success, retry, failure), its duration and database queries, and the id of the request
that asked for it. A run to success of a task of ``CELERY_BEAT_SCHEDULE`` is recorded as a
``Heartbeat`` row ``beat:<entry>``, which /metrics reports (``base.metrics``).
"""

import logging
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from celery import current_app, shared_task
from celery.exceptions import Retry
from celery.signals import task_postrun, task_prerun
from django.conf import settings
from django.db import OperationalError as DatabaseUnavailable
from django.db import connections, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from base import logs
from base.models import Heartbeat, OutboxJob

log = logging.getLogger(__name__)
job_log = logging.getLogger("hallbar.job")
BEAT_PREFIX = "beat:"

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


def enqueue(task_name: str, *args, request_id: str | None = None) -> bool:
    """Hand the task named ``task_name`` to the broker now. False when the broker is down.

    The id of the request that asked for it (``request_id``, else the one of the request running)
    goes with it, for the job's log line. Run in-process (no REDIS_URL) a task that fails has
    recorded that on its own row; the failure is logged, not raised at the person whose change asked."""
    task = current_app.tasks[task_name]  # a name no app registered is a mistake: it raises
    request_id = request_id or logs.current().get("request_id")
    try:
        task.apply_async(args=args, retry=False, headers={"request_id": request_id} if request_id else None)
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
    asked_by = logs.current().get("request_id")

    def hand_over_now():
        if not hand_over(job, request_id=asked_by) and when_refused:
            when_refused()

    transaction.on_commit(hand_over_now)
    return job


def hand_over(job: OutboxJob, *, request_id: str | None = None) -> bool:
    """Hand one outbox row to the broker and mark it handed over; False (and the row waits) if refused."""
    if enqueue(job.task, *job.args, request_id=request_id):
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


# The runs going on in this thread, by task id: a list, since an eager retry runs inside its first try.
_running: dict[str, list] = defaultdict(list)
OUTCOMES = {
    "SUCCESS": ("success", logging.INFO),
    "RETRY": ("retry", logging.WARNING),
    "IGNORED": ("ignored", logging.INFO),
    "REJECTED": ("rejected", logging.WARNING),
}


@task_prerun.connect
def _job_started(task_id=None, task=None, **kwargs):
    counter = logs.QueryCounter()
    for database in connections.all():
        database.execute_wrappers.append(counter)
    request_id = task.request.get("request_id") or (task.request.headers or {}).get("request_id")
    fields = {"job_id": task_id, "task": task.name} | ({"request_id": request_id} if request_id else {})
    _running[task_id].append((time.perf_counter(), counter, logs.bind(**fields)))


@task_postrun.connect
def _job_finished(task_id=None, task=None, state=None, **kwargs):
    if not _running.get(task_id):
        return
    started, counter, bound = _running[task_id].pop()
    if not _running[task_id]:
        del _running[task_id]
    for database in connections.all():
        if counter in database.execute_wrappers:
            database.execute_wrappers.remove(counter)
    if state is None:  # run in-process, the exception is on its way to the caller (and states are not set)
        state = "RETRY" if isinstance(sys.exc_info()[1], Retry) else "FAILURE"
    try:
        outcome, level = OUTCOMES.get(state, ("failure", logging.ERROR))
        attempt = (task.request.retries or 0) + 1
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        job_log.log(
            level,
            "%s %s (attempt %s) %s ms %s queries",
            task.name, outcome, attempt, duration_ms, counter.count,
            extra={
                "event": "job",
                "job_id": task_id,
                "task": task.name,
                "attempt": attempt,
                "outcome": outcome,
                "duration_ms": duration_ms,
                "queries": counter.count,
            },
        )  # fmt: skip
        if state == "SUCCESS":
            record_beat_success(task.name)
    finally:
        logs.reset(bound)


def record_beat_success(task_name: str) -> None:
    """Note that the periodic task ``task_name`` ran to success (one query a beat entry, two the first time)."""
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", {})
    for entry in [key for key, value in schedule.items() if value.get("task") == task_name]:
        name, now = BEAT_PREFIX + entry, timezone.now()
        if not Heartbeat.objects.filter(name=name).update(beat_at=now):
            Heartbeat.objects.get_or_create(name=name, defaults={"beat_at": now})
