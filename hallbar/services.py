"""Report jobs, the hand-entered metrics, the goals and their assessments, and the report's texts.

A report is built by a Celery task from a ReportJob row. The job is enqueued when the
transaction commits; the task is idempotent (a finished job is never built again, so a
task that runs twice produces one file); if the broker cannot be reached the job stays
queued, marked so, and can be started again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from base import jobs
from base.history import record_acting_user
from hallbar.models import Goal, GoalAssessment, MetricValue, ReportJob, ReportText

log = logging.getLogger(__name__)

# Shown on the job's page; the person may start it again.
STALE_ERROR = "Arbetet avbröts: arbetsprocessen slutade svara."


@transaction.atomic
def start_report(*, acting_user, year: int, published_on=None) -> ReportJob:
    job = ReportJob.objects.create(year=year, published_on=published_on, requested_by=acting_user)
    enqueue(job)
    return job


@transaction.atomic
def restart_report(*, acting_user, job: ReportJob) -> ReportJob:
    """Queue a job again that could not be queued or that failed."""
    job.status, job.progress, job.error, job.not_enqueued = ReportJob.Status.QUEUED, 0, "", False
    job.save(update_fields=["status", "progress", "error", "not_enqueued"])
    enqueue(job)
    return job


def enqueue(job: ReportJob) -> None:
    """Put the job in the outbox with the change that asked for it; handed to the broker on commit.
    If the broker is down the job says so (the page tells the person) and waits in the outbox."""
    jobs.enqueue_on_commit(
        "hallbar.tasks.build_activity_report",
        job.pk,
        when_refused=lambda: ReportJob.objects.filter(pk=job.pk).update(not_enqueued=True),
    )


def run_report_job(job_id: int) -> ReportJob:
    """Build the job's PDF once. Called by the task; safe to call again for the same job."""
    from hallbar.report import build_report_pdf

    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED) or _being_built(job):
            return job  # built, given up (it waits for a person's retry), or being built right now
        now = timezone.now()
        job.status, job.started_at, job.heartbeat_at, job.progress = ReportJob.Status.RUNNING, now, now, 5
        job.runs, job.not_enqueued = job.runs + 1, False
        job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "runs", "not_enqueued"])
    try:
        pdf = build_report_pdf(
            job.year, progress=lambda percent: _progress(job.pk, percent), published_on=job.published_on
        )
    except Exception as error:
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
        raise
    job.file.save(job.filename, ContentFile(pdf), save=False)
    job.status, job.progress, job.finished_at = ReportJob.Status.DONE, 100, timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    return job


def _being_built(job) -> bool:
    """Running with a recent heartbeat; a run whose heartbeat stopped was abandoned (a killed worker)."""
    if job.status != ReportJob.Status.RUNNING or job.heartbeat_at is None:
        return False
    return timezone.now() - job.heartbeat_at < _stale_after()


def _stale_after() -> timedelta:
    return timedelta(seconds=settings.REPORT_JOB_STALE_SECONDS)


def _progress(job_id, percent):
    ReportJob.objects.filter(pk=job_id).update(progress=percent, heartbeat_at=timezone.now())


def fail_stale_jobs() -> int:
    """A job "running" without a heartbeat past the limit lost its worker: mark it failed, so the page
    offers a retry instead of waiting for an hour. Returns how many were marked."""
    stale = ReportJob.objects.filter(
        status=ReportJob.Status.RUNNING, heartbeat_at__lt=timezone.now() - _stale_after()
    ).select_for_update(skip_locked=True)
    with transaction.atomic():
        ids = list(stale.values_list("pk", flat=True))
        ReportJob.objects.filter(pk__in=ids).update(
            status=ReportJob.Status.FAILED, error=STALE_ERROR, finished_at=timezone.now()
        )
    for job_id in ids:
        log.warning("report job %s lost its worker (no heartbeat for %s); marked failed", job_id, _stale_after())
    return len(ids)


@transaction.atomic
def set_metric_values(*, acting_user, year: int, values: dict[str, int | None], lower_bounds=frozenset()) -> None:
    """Store the year's hand-entered figures; an empty value removes the figure. A metric in
    ``lower_bounds`` is stored as a lower bound (printed "över N")."""
    for metric, value in values.items():
        existing = MetricValue.objects.filter(metric=metric, year=year).first()
        if value is None:
            if existing:
                record_acting_user(existing, acting_user)
                existing.delete()
            continue
        existing = existing or MetricValue(metric=metric, year=year)
        if existing.pk and existing.value == value and existing.lower_bound == (metric in lower_bounds):
            continue  # unchanged: no history row
        existing.value, existing.lower_bound = value, metric in lower_bounds
        record_acting_user(existing, acting_user)
        existing.save()


@transaction.atomic
def set_report_text(*, acting_user, year: int, section: str, text: str, internal_note: str) -> ReportText:
    report_text = ReportText.objects.filter(year=year, section=section).first() or ReportText(
        year=year, section=section
    )
    report_text.text, report_text.internal_note = text, internal_note
    record_acting_user(report_text, acting_user)
    report_text.save()
    return report_text


GOAL_FIELDS = ("area", "text", "text_en", "kind", "target", "metric", "order", "start_year", "end_year")


@transaction.atomic
def save_goal(*, acting_user, goal: Goal, **fields) -> Goal:
    """Create or change a goal of the strategy; the history names who changed it."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Not a goal field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    record_acting_user(goal, acting_user)
    goal.save()
    return goal


@transaction.atomic
def set_goal_assessment(*, acting_user, goal: Goal, year: int, text: str) -> GoalAssessment | None:
    """The secretariat's assessment of a goal for a year; an empty text removes it."""
    assessment = GoalAssessment.objects.filter(goal=goal, year=year).first()
    text = text.strip()
    if not text:
        if assessment:
            record_acting_user(assessment, acting_user)
            assessment.delete()
        return None
    if assessment and assessment.text == text:
        return assessment
    assessment = assessment or GoalAssessment(goal=goal, year=year)
    assessment.text = text
    record_acting_user(assessment, acting_user)
    assessment.save()
    return assessment
