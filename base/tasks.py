"""The kernel's periodic work: drain the job outbox, and record that the worker is alive."""

from celery.signals import worker_ready
from django.utils import timezone

from base import jobs
from base.jobs import reliable_task
from base.models import Heartbeat

WORKER = "worker"


@reliable_task()
def hand_over_outbox() -> int:
    """Celery beat, every minute: jobs that waited for the broker are handed over once it is back."""
    return jobs.hand_over_waiting()


@reliable_task()
def worker_heartbeat() -> None:
    """Celery beat, every minute: run by a worker, so its time says that beat and a worker are alive."""
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"beat_at": timezone.now()})


@worker_ready.connect
def _drain_when_a_worker_starts(**kwargs):
    hand_over_outbox.delay()
