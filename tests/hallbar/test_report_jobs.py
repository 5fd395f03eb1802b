"""Report jobs in the browser, with tasks run in-process (the worker itself: test_report_worker.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from base import jobs
from base.models import OutboxJob
from hallbar import services
from hallbar.models import ReportJob


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _start(client, django_capture_on_commit_callbacks, year=2024):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("report_start"), {"year": year})


def test_the_secretariat_starts_a_report_and_downloads_it(
    client, kansliet, demo_programme, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    response = _start(client, django_capture_on_commit_callbacks)
    job = ReportJob.objects.get()
    assert response.url == reverse("report_job_detail", args=[job.pk])
    assert (job.status, job.progress, job.runs, job.requested_by) == ("done", 100, 1, kansliet)
    assert "Rapporten är klar." in client.get(reverse("report_job_status", args=[job.pk])).content.decode()
    download = client.get(reverse("report_download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="verksamhetsrapport-2024.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_unfinished_job_page_polls_for_progress(client, stina, kansliet):
    job = ReportJob.objects.create(year=2024, requested_by=kansliet, progress=40, status="running")
    client.force_login(stina)
    html = client.get(reverse("report_job_detail", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("report_job_status", args=[job.pk])}"' in html
    assert 'value="40"' in html and "Pågår: 40 %" in html
    assert '<meta http-equiv="refresh" content="3">' in html  # without JavaScript, the page reloads
    assert "Starta igen" not in html


@pytest.mark.parametrize(("persona", "view", "start"), [("stina", 200, 403), ("frida", 200, 403), ("anna", 403, 403)])
def test_the_steering_group_and_finance_read_reports_but_only_the_secretariat_starts_them(
    client, request, persona, view, start
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("report_list")).status_code == view
    assert client.post(reverse("report_start"), {"year": 2024}).status_code == start
    assert not ReportJob.objects.exists()


def test_with_the_broker_down_the_job_stays_queued_and_can_be_started_again(
    client, kansliet, demo_programme, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with mock.patch("hallbar.tasks.build_activity_report.apply_async", side_effect=OperationalError("refused")):
        _start(client, django_capture_on_commit_callbacks)
    job = ReportJob.objects.get()
    assert (job.status, job.not_enqueued) == ("queued", True)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "kunde inte lämnas till kön" in html and "Starta igen" in html and "hx-get" not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_restart", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.not_enqueued, job.runs) == ("done", False, 1)


def test_a_job_built_twice_produces_one_file(kansliet, demo_programme, settings):
    job = ReportJob.objects.create(year=2024, requested_by=kansliet)
    services.run_report_job(job.pk)
    services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.runs == 1
    assert len(list((settings.MEDIA_ROOT / "reports").iterdir())) == 1


def test_a_job_another_worker_is_building_is_left_alone_but_an_abandoned_one_is_rebuilt(kansliet, demo_programme):
    """ "Being built" is a recent heartbeat: a redelivered task takes over a run whose worker went silent."""
    now = timezone.now()
    busy = ReportJob.objects.create(year=2024, status="running", started_at=now, heartbeat_at=now, runs=1)
    abandoned = ReportJob.objects.create(
        year=2024, status="running", started_at=now - timedelta(hours=1), heartbeat_at=now - timedelta(hours=1), runs=1
    )
    assert services.run_report_job(busy.pk).status == "running"
    assert services.run_report_job(abandoned.pk).status == "done"


def test_a_running_job_whose_worker_went_silent_is_marked_failed_and_offers_a_retry(
    client, kansliet, demo_programme, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_JOB_STALE_SECONDS = 120
    started = timezone.now() - timedelta(minutes=10)
    silent = ReportJob.objects.create(
        year=2024, status="running", started_at=started, heartbeat_at=timezone.now() - timedelta(minutes=3), runs=1
    )
    alive = ReportJob.objects.create(year=2024, status="running", started_at=started, heartbeat_at=timezone.now())

    assert services.fail_stale_jobs() == 1
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert (silent.status, alive.status) == ("failed", "running")
    assert silent.error == services.STALE_ERROR

    # The message of the killed run, delivered again, builds nothing: the job waits for a person.
    assert services.run_report_job(silent.pk).status == "failed"
    client.force_login(kansliet)
    html = client.get(silent.get_absolute_url()).content.decode()
    assert "arbetsprocessen slutade svara" in html and "Starta igen" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_restart", args=[silent.pk]))
    silent.refresh_from_db()
    assert (silent.status, silent.runs) == ("done", 2)
    assert len(list((settings.MEDIA_ROOT / "reports").iterdir())) == 1


def test_a_job_is_written_to_the_outbox_with_its_start_and_waits_there_while_the_broker_is_down(
    client, kansliet, demo_programme, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with mock.patch("hallbar.tasks.build_activity_report.apply_async", side_effect=OperationalError("refused")):
        _start(client, django_capture_on_commit_callbacks)
    job = ReportJob.objects.get()
    waiting = OutboxJob.objects.waiting().get()
    assert (waiting.task, waiting.args, waiting.attempts) == ("hallbar.tasks.build_activity_report", [job.pk], 1)

    # The broker is back: the next drain hands it over, once, and the job is built.
    OutboxJob.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert jobs.hand_over_waiting() == 1
    assert jobs.hand_over_waiting() == 0
    job.refresh_from_db()
    assert (job.status, job.not_enqueued, job.runs) == ("done", False, 1)
    assert not OutboxJob.objects.waiting().exists()


def test_a_failing_build_is_recorded_with_its_error(kansliet):
    job = ReportJob.objects.create(year=2024, requested_by=kansliet)
    failing = mock.patch("hallbar.report.build_report_pdf", side_effect=RuntimeError("the disk is full"))
    with failing, pytest.raises(RuntimeError):
        services.run_report_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "RuntimeError: the disk is full"


def test_a_failed_job_page_names_the_error_and_offers_a_restart(client, kansliet):
    job = ReportJob.objects.create(year=2024, status="failed", error="RuntimeError: the disk is full")
    client.force_login(kansliet)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "RuntimeError: the disk is full" in html and "Starta igen" in html


def test_an_unfinished_report_cannot_be_downloaded(client, stina):
    job = ReportJob.objects.create(year=2024)
    client.force_login(stina)
    assert client.get(reverse("report_download", args=[job.pk])).status_code == 404
