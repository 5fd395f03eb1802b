"""The report job in production shape: a real Celery worker process, fed through a real Redis broker.

The rest of the suite runs tasks eagerly in the test's own process; these tests prove that the job
also runs where it runs in production, in a separate worker that only shares the database, the
broker and the media directory with the web process.

They need REDIS_URL and a PostgreSQL DATABASE_URL (a worker process cannot see SQLite's in-memory
test database) and skip without them, except when INTEGRATION_REQUIRED is set (CI sets it): then a
missing service fails the test, because a skipped integration test in CI is a test that cannot fail.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.urls import reverse
from kombu.exceptions import ChannelError

from hallbar import services
from hallbar.celery import app as celery_app
from hallbar.models import ReportJob
from hallbar.tasks import build_activity_report
from regions.reference import load_reference_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# A queue of this run only, so no other worker (a developer's `make worker`) takes the task.
QUEUE = f"test-{uuid4().hex[:8]}"
WORKER_NAME = f"{QUEUE}@hallbar-test"
WORKER_READY_SECONDS = 30
JOB_SECONDS = 60
TASK_NAME = build_activity_report.name


def _unavailable(reason: str):
    if os.environ.get("INTEGRATION_REQUIRED"):
        pytest.fail(f"INTEGRATION_REQUIRED is set but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def services_available():
    """Skip (or, with INTEGRATION_REQUIRED, fail) unless there is a broker and a shareable database."""
    if not os.environ.get("REDIS_URL"):
        _unavailable("REDIS_URL is not set: the integration tests need a real Redis broker")
    if connection.vendor != "postgresql":
        _unavailable(
            f"the database is {connection.vendor}, not PostgreSQL (DATABASE_URL): "
            "a worker process cannot see the test run's database"
        )
    assert celery_app.conf.broker_url == os.environ["REDIS_URL"], "the Celery app must use REDIS_URL as its broker"


def _test_database_url() -> str:
    database = connection.settings_dict
    credentials = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}@{database['HOST']}{port}/{quote(database['NAME'], safe='')}"


def _worker_log(log_path: Path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path, media_root: Path):
        self.process, self.log_path, self.media_root = process, log_path, media_root

    @property
    def log(self) -> str:
        return _worker_log(self.log_path)

    def succeeded(self) -> list[str]:
        """The worker's log lines of the report tasks it finished (one ``hallbar.job`` line a run, base/jobs.py)."""
        return [line for line in self.log.splitlines() if f"hallbar.job {TASK_NAME} success " in line]


def _start_worker(app: str, hostname: str, media_root: Path, log_path: Path) -> "Worker":
    """A Celery worker of ``app`` in its own process, on the test database, the test's broker and ``media_root``."""
    environment = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "LOG_FORMAT": "text",  # succeeded() reads the text lines
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [
        sys.executable, "-m", "celery", "-A", app, "worker",
        "--pool=solo", "--concurrency=1", "--without-heartbeat", "--without-gossip", "--without-mingle",
        "-Q", QUEUE, "--hostname", hostname, "--loglevel=info",
    ]  # fmt: skip
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT)
    worker = Worker(process, log_path, media_root)
    _wait_until_ready(process, log_path, hostname)
    return worker


def _stop(worker: "Worker") -> None:
    """Only the process started here; a warm shutdown first, then the hard way."""
    if worker.process.poll() is not None:
        return
    worker.process.terminate()
    try:
        worker.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait(timeout=5)


@pytest.fixture
def media_root(settings, tmp_path):
    media_root = tmp_path / "media"
    media_root.mkdir()
    settings.MEDIA_ROOT = media_root
    return media_root


@pytest.fixture
def worker(services_available, transactional_db, media_root, tmp_path):
    """A Celery worker in its own process, on the test database, the test's broker and a media directory."""
    started = None
    try:
        started = _start_worker("hallbar", WORKER_NAME, media_root, tmp_path / "worker.log")
        yield started
    finally:
        if started:
            _stop(started)
        _delete_queue()


def _wait_until_ready(process: subprocess.Popen, log_path: Path, hostname: str = WORKER_NAME) -> None:
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The worker exited with {process.returncode}:\n{_worker_log(log_path)}", pytrace=False)
        if celery_app.control.ping(destination=[hostname], timeout=0.5):
            return
        time.sleep(0.2)
    pytest.fail(f"The worker was not ready in {WORKER_READY_SECONDS} s:\n{_worker_log(log_path)}", pytrace=False)


def _messages_waiting() -> int:
    with celery_app.connection_for_write() as broker:
        try:
            return broker.default_channel.queue_declare(QUEUE, passive=True).message_count
        except ChannelError:
            return 0  # Redis drops an empty list: no queue is an empty queue.


def _delete_queue() -> None:
    with celery_app.connection_for_write() as broker:
        broker.default_channel.queue_delete(QUEUE)


@pytest.fixture
def tasks_to_the_worker(worker, settings):
    """No eager tasks in the test's process: they are sent through the broker to the worker's queue."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf.task_always_eager, conf.task_default_queue = False, QUEUE
    yield worker
    conf.task_always_eager, conf.task_default_queue = saved


def _wait_until_finished(job: ReportJob, worker: Worker, statuses: list[str]) -> None:
    """Follow the job's row as the browser does, recording each status seen, until it has finished."""
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not statuses or statuses[-1] != job.status:
            statuses.append(job.status)
        if job.finished:
            return
        time.sleep(0.05)
    pytest.fail(f"Job still {job.status} after {JOB_SECONDS} s ({statuses}); worker log:\n{worker.log}")


def _wait_for(condition, what: str, worker: Worker, seconds: float = JOB_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"Waited {seconds} s for {what}; worker log:\n{worker.log}")


def test_a_report_job_goes_queued_running_done_in_a_worker_and_downloads(client, kansliet, tasks_to_the_worker):
    worker = tasks_to_the_worker
    load_reference_data()
    client.force_login(kansliet)
    statuses = []

    def created(sender, instance, created, **kwargs):
        if created:
            statuses.append(instance.status)

    post_save.connect(created, sender=ReportJob, weak=False, dispatch_uid=QUEUE)
    try:
        response = client.post(reverse("report_start"), {"year": 2024})
    finally:
        post_save.disconnect(sender=ReportJob, dispatch_uid=QUEUE)

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert statuses == [ReportJob.Status.QUEUED]
    _wait_until_finished(job, worker, statuses)

    assert statuses[0] == ReportJob.Status.QUEUED and statuses[-1] == ReportJob.Status.DONE, (statuses, job.error)
    assert statuses in (["queued", "done"], ["queued", "running", "done"])  # "running" if the poll caught it
    assert job.progress == 100
    assert job.started_at is not None and job.finished_at is not None
    # Nothing ran in this process (eager is off): the worker took the job, once.
    assert job.runs == 1
    assert not job.not_enqueued and job.error == ""
    # The row says done inside the task; the worker logs the run's end just after the task returns.
    _wait_for(lambda: worker.succeeded(), "the worker to log the finished task", worker)
    assert len(worker.succeeded()) == 1
    assert (worker.media_root / job.file.name).is_file()

    download = client.get(reverse("report_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="verksamhetsrapport-2024.pdf"' in download["Content-Disposition"]
    download.close()

    status = client.get(reverse("report_job_status", args=[job.pk]))
    assert status.status_code == 200
    assert "Rapporten är klar." in status.content.decode()
    assert reverse("report_download", args=[job.pk]) in status.content.decode()


def test_a_job_whose_task_runs_twice_produces_one_file(kansliet, tasks_to_the_worker):
    worker = tasks_to_the_worker
    with transaction.atomic():
        job = services.start_report(acting_user=kansliet, year=2024)
    # The same job delivered a second time, as a broker may redeliver an unacknowledged message.
    again = build_activity_report.apply_async(args=[job.pk], queue=QUEUE)

    statuses = []
    _wait_until_finished(job, worker, statuses)
    assert job.status == ReportJob.Status.DONE, (statuses, job.error)
    _wait_for(lambda: _messages_waiting() == 0, f"the queue {QUEUE} to be empty", worker)
    # Taken from the queue is not yet run: wait until the worker says the second task has finished.
    _wait_for(lambda: len(worker.succeeded()) == 2, "both tasks to finish", worker)
    assert any(f"job_id={again.id}" in line for line in worker.succeeded())
    time.sleep(0.5)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    assert job.runs == 1
    files = sorted((worker.media_root / "reports").iterdir())
    assert files == [worker.media_root / job.file.name], files
    assert files[0].read_bytes().startswith(b"%PDF-")


def test_a_worker_killed_mid_job_leaves_no_hung_job_and_the_retry_builds_it_once(
    client, kansliet, tasks_to_the_worker, settings, tmp_path
):
    """The first worker builds slowly (tests/slow_report_worker.py) and is killed while the job is running.
    The job's heartbeat stops, it is marked failed with a retry; a second worker builds it, once, with
    one file; the same task delivered once more afterwards builds nothing."""
    first = tasks_to_the_worker
    _stop(first)  # the ordinary worker of the fixture steps aside for a slow one
    slow = _start_worker("tests.slow_report_worker", f"slow-{WORKER_NAME}", first.media_root, tmp_path / "slow.log")
    try:
        with transaction.atomic():
            job = services.start_report(acting_user=kansliet, year=2024)
        _wait_for(
            lambda: ReportJob.objects.filter(pk=job.pk, status="running", progress__gte=20).exists(),
            "the slow worker to be building",
            slow,
        )
        slow.process.kill()  # SIGKILL: no warm shutdown, the task is neither finished nor acknowledged
        slow.process.wait(timeout=10)
    finally:
        _stop(slow)

    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING and not job.file
    settings.REPORT_JOB_STALE_SECONDS = 1
    time.sleep(1.5)
    assert services.fail_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED

    second = _start_worker("hallbar", f"second-{WORKER_NAME}", first.media_root, tmp_path / "second.log")
    try:
        settings.REPORT_JOB_STALE_SECONDS = 300
        client.force_login(kansliet)
        with transaction.atomic():
            assert client.post(reverse("report_restart", args=[job.pk])).status_code == 302
        statuses = []
        _wait_until_finished(job, second, statuses)
        assert job.status == ReportJob.Status.DONE, (statuses, job.error, second.log)
        # The killed run's message, should the broker deliver it again: the job is built, nothing happens.
        build_activity_report.apply_async(args=[job.pk], queue=QUEUE)
        _wait_for(lambda: len(second.succeeded()) == 2, "the second delivery to finish", second)
    finally:
        _stop(second)
    job.refresh_from_db()
    assert (job.status, job.runs) == (ReportJob.Status.DONE, 2)
    files = sorted((first.media_root / "reports").iterdir())
    assert files == [first.media_root / job.file.name], files
    assert files[0].read_bytes().startswith(b"%PDF-")
