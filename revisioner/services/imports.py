"""Imports of suppliers, contracts and historical audits.

A small file is imported in the request (the import page's preview is ``import_file`` as a dry run,
its confirmation the same call again). A file of more than ``IMPORT_IN_BACKGROUND_ROWS`` rows is an
``ImportJob``: the file waits in the media storage, a Celery worker runs the dry run and keeps the
preview on the job, and once the person confirms, a second run imports it; all rows or none, as in
the request. The job is enqueued when the transaction commits; if the broker cannot be reached it
stays queued, marked so, and can be started again. A run is harmless twice: a finished step is never
run again, and a run whose heartbeat stopped (its worker died) is taken over.
"""

import logging
import secrets
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import RowResult

from base import jobs
from base.cache import figures_changed
from base.imports import preview_context, problems_context
from revisioner import access
from revisioner.forms_import import read_dataset
from revisioner.models import ImportJob
from revisioner.resources import RESOURCES

log = logging.getLogger(__name__)

WAITING = "imports/revisioner"  # in the media storage, between preview and confirmation
TASK = "revisioner.tasks.run_import_job"
# The share of a run spent checking the whole file, before the rows are gone through one by one.
CHECKED_PERCENT = 40
PROGRESS_EVERY_SECONDS = 1.0
# A file of more rows than this (the setting IMPORT_IN_BACKGROUND_ROWS) is imported by a worker.
DEFAULT_BACKGROUND_ROWS = 2000

# Shown on the job's page.
MISSING_FILE = "Filen finns inte längre i lagringen; läs in den igen."
NOBODY = "Personen som startade inläsningen finns inte längre."

# Imports -------------------------------------------------------------------------------------


def import_file(kind: str, dataset, *, acting_user, dry_run: bool, progress=None):
    """Import a file of ``kind`` (suppliers, contracts or audits; revisioner.resources) with the
    rights of ``acting_user``: every row or none. The import page's preview is this call as a dry
    run, its confirmation the same call again; returns django-import-export's Result.
    ``progress(percent)``, when given, hears how far the run has come."""
    resource = RESOURCES[kind](user=acting_user)
    if progress is not None:
        _follow(resource, len(dataset), progress)
    result = resource.import_data(dataset, dry_run=dry_run)
    if not dry_run and not result.has_errors() and not result.has_validation_errors():
        # The rows are written in bulk, without the signals that retire the cached figures and lists.
        transaction.on_commit(figures_changed)
    return result


def _follow(resource, rows: int, progress) -> None:
    """Tell ``progress`` when the file is checked, then as its rows are gone through (the library's
    import has no callback of its own: the resource's hooks are wrapped for this one run)."""
    check_dataset, after_import_row = resource.check_dataset, resource.after_import_row

    def checked(dataset):
        problems = check_dataset(dataset)
        progress(CHECKED_PERCENT)
        return problems

    def after_row(row, row_result, **kwargs):
        after_import_row(row, row_result, **kwargs)
        progress(CHECKED_PERCENT + (99 - CHECKED_PERCENT) * kwargs.get("row_number", 0) // max(rows, 1))

    resource.check_dataset, resource.after_import_row = checked, after_row


def in_background(dataset) -> bool:
    """Whether a file is large enough to be imported by a worker rather than in the request."""
    return len(dataset) > getattr(settings, "IMPORT_IN_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def keep_file(filename: str, content: bytes) -> str:
    """Store an uploaded file until it is confirmed; returns its path in the storage."""
    extension = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
    return default_storage.save(f"{WAITING}/{secrets.token_urlsafe(16)}.{extension}", ContentFile(content))


# Imports in the background ---------------------------------------------------------------------


@transaction.atomic
def start_import(*, acting_user, kind: str, filename: str, content: bytes, rows: int) -> ImportJob:
    """The dry run of a large file as a job; its preview is kept on the job."""
    job = ImportJob.objects.create(
        kind=kind, filename=filename, path=keep_file(filename, content), rows=rows, requested_by=acting_user
    )
    enqueue(job)
    return job


@transaction.atomic
def confirm_import(*, acting_user, job: ImportJob) -> ImportJob:
    """The import itself, after the person read the preview; once (a second confirmation does nothing)."""
    job = _locked(job, acting_user)
    if not job.awaiting_confirmation:
        return job
    job.step = ImportJob.Step.IMPORT
    return _requeue(job, "step")


@transaction.atomic
def restart_import(*, acting_user, job: ImportJob) -> ImportJob:
    """Queue a step again that could not be queued, that failed, or whose worker died."""
    job = _locked(job, acting_user)
    if not job.restartable:
        return job
    return _requeue(job)


def _requeue(job: ImportJob, *changed: str) -> ImportJob:
    """Queue ``job`` afresh (its step as set, and the fields ``changed`` beside the run's own)."""
    job.status, job.progress, job.error, job.not_enqueued = ImportJob.Status.QUEUED, 0, "", False
    job.save(update_fields=[*changed, "status", "progress", "error", "not_enqueued"])
    enqueue(job)
    return job


def _locked(job: ImportJob, acting_user) -> ImportJob:
    if not access.can_confirm_import(acting_user, job):
        raise PermissionDenied
    return ImportJob.objects.editable_by(acting_user).select_for_update().get(pk=job.pk)


def enqueue(job: ImportJob) -> None:
    """Put the job in the outbox with the change that asked for it; handed to the broker on commit.
    If the broker is down the job says so (the page tells the person) and waits in the outbox."""
    jobs.enqueue_on_commit(
        TASK, job.pk, when_refused=lambda: ImportJob.objects.unscoped().filter(pk=job.pk).update(not_enqueued=True)
    )


def run_import_job(job_id: int) -> ImportJob:
    """Run the job's step (the dry run or the import) once. Called by the task; safe to call again."""
    with transaction.atomic():
        job = ImportJob.objects.unscoped().select_for_update().get(pk=job_id)
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED) or _being_run(job):
            return job  # run, given up (it waits for a person), or being run right now
        now = timezone.now()
        job.status, job.started_at, job.heartbeat_at, job.finished_at = ImportJob.Status.RUNNING, now, now, None
        job.progress, job.runs, job.not_enqueued = 1, job.runs + 1, False
        job.save(
            update_fields=["status", "started_at", "heartbeat_at", "finished_at", "progress", "runs", "not_enqueued"]
        )
    beat = _Heartbeat(job.pk)
    try:
        result = _run(job, beat)
    except _Impossible as reason:
        return _finish(job, ImportJob.Status.FAILED, error=str(reason))
    except Exception as error:
        _finish(job, ImportJob.Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    finally:
        beat.close()
    return _record(job, result)


class _Impossible(Exception):
    """The step cannot run (the file or the person is gone); the page says why."""


def _run(job: ImportJob, beat):
    if job.requested_by is None:
        raise _Impossible(_(NOBODY))
    try:
        with default_storage.open(job.path, "rb") as file:
            dataset = read_dataset(job.filename, file.read())
    except FileNotFoundError:
        raise _Impossible(_(MISSING_FILE)) from None
    dry_run = job.step == ImportJob.Step.PREVIEW
    return import_file(job.kind, dataset, acting_user=job.requested_by, dry_run=dry_run, progress=beat)


def _record(job: ImportJob, result) -> ImportJob:
    """The step's outcome on the job: the preview, what was imported, or why the file was refused."""
    totals = result.totals
    counts = {
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
        "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
    }
    if result.has_errors() or result.has_validation_errors():
        problems = problems_context(result)
        job.result = {**problems, "errors": len(problems["problems"]) + problems["more_problems"]}
        _discard(job)
        return _finish(job, ImportJob.Status.FAILED)
    if job.step == ImportJob.Step.PREVIEW:
        job.result = {**preview_context(result, {}), **counts}  # the import types are named by the page
    else:
        job.result = {**counts, "warnings": job.result.get("warnings", [])}
        _discard(job)
    return _finish(job, ImportJob.Status.DONE)


def _discard(job: ImportJob) -> None:
    """The file is no longer needed: imported, or refused (a corrected file is read in anew)."""
    if job.path:
        default_storage.delete(job.path)
        job.path = ""


def _finish(job: ImportJob, status, *, error: str = "") -> ImportJob:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.progress = 100 if status == ImportJob.Status.DONE else job.progress
    job.save(update_fields=["status", "error", "finished_at", "progress", "result", "path"])
    return job


def _being_run(job: ImportJob) -> bool:
    """Running with a recent heartbeat; a run whose heartbeat stopped was abandoned (a killed worker)."""
    return job.status == ImportJob.Status.RUNNING and job.heartbeat_at is not None and not job.lost


class _Heartbeat:
    """Writes a running job's progress and heartbeat, at most once a second.

    The import runs in one transaction (all or nothing; a dry run is rolled back), so a write in it
    would be seen by nobody until the end, and by nobody at all after a dry run: a worker writes
    on a connection of its own instead. Run inside a transaction already (in-process, the tests)
    it writes on the caller's. A write that fails is logged and skipped: progress is only shown."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, 0.0
        self.own = (
            None if connections[DEFAULT_DB_ALIAS].in_atomic_block else connections.create_connection(DEFAULT_DB_ALIAS)
        )

    def __call__(self, percent: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        try:
            self._write(min(max(percent, 1), 99), timezone.now())
        except DatabaseError:
            log.warning("import job %s: progress not written", self.job_id, exc_info=True)

    def _write(self, percent: int, now) -> None:
        if self.own is None:
            ImportJob.objects.unscoped().filter(pk=self.job_id).update(progress=percent, heartbeat_at=now)
            return
        table = self.own.ops.quote_name(ImportJob._meta.db_table)
        with self.own.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s, heartbeat_at = %s WHERE id = %s",  # noqa: S608 (our own table)
                [percent, self.own.ops.adapt_datetimefield_value(now), self.job_id],
            )

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
