from base.jobs import reliable_task
from hallbar import services


@reliable_task()
def build_activity_report(job_id: int) -> None:
    """Build a report job's PDF; thin on purpose: the work and its idempotence are in the service."""
    services.run_report_job(job_id)


@reliable_task()
def fail_stale_report_jobs() -> int:
    """Celery beat, every minute: a job whose worker died is marked failed, with a retry on its page."""
    return services.fail_stale_jobs()
