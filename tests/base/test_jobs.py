"""Services hand tasks to the broker by name: every process that enqueues must know every task."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from celery import current_app

from base import jobs

ROOT = Path(__file__).resolve().parents[2]
# The tasks the services enqueue by name (the beat schedule's are checked in tests/hallbar/test_settings.py).
ENQUEUED = [
    "akademi.tasks.send_registration_confirmation",
    "akademi.tasks.send_newcomer_invitation",
    "incidenter.tasks.send_incident_notifications",
    "hallbar.tasks.build_activity_report",
]


def test_a_fresh_web_process_knows_every_task_a_service_enqueues():
    """A new process, as gunicorn starts one: nothing but Django's start-up has imported a tasks module."""
    script = (
        "import json, django; django.setup(); from celery import current_app; "
        "print(json.dumps(sorted(current_app.tasks.keys())))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "hallbar.settings", "PATH": "/usr/bin:/bin"},
    )
    registered = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert set(ENQUEUED) <= registered, f"not registered in a web process: {sorted(set(ENQUEUED) - registered)}"


def test_enqueueing_a_task_no_app_registered_is_a_mistake_that_raises():
    with pytest.raises(KeyError):
        jobs.enqueue("akademi.tasks.no_such_task", 1)


def test_a_broker_that_is_down_leaves_the_task_queued(monkeypatch):
    from kombu.exceptions import OperationalError

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(current_app.tasks[ENQUEUED[0]], "apply_async", refused)
    assert jobs.enqueue(ENQUEUED[0], 1, "http://127.0.0.1") is False
