"""The project's Celery app for a worker whose report builds stall half-way, so a test can kill it mid-job.

Started as ``celery -A tests.slow_report_worker worker`` by tests/hallbar/test_report_worker.py.
"""

import time

from celery.signals import task_prerun

from hallbar.celery import app

__all__ = ["app"]

STALL_SECONDS = 120


@task_prerun.connect
def _stall_report_builds(task=None, **kwargs):
    if task is None or task.name != "hallbar.tasks.build_activity_report":
        return
    from hallbar import report

    if getattr(report.build_report_pdf, "stalls", False):
        return
    build = report.build_report_pdf

    def stalling(year, progress=None, **options):
        progress(20)
        time.sleep(STALL_SECONDS)
        return build(year, progress=progress, **options)

    stalling.stalls = True
    report.build_report_pdf = stalling
