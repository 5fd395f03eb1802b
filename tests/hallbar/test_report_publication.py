"""The day of publication the secretariat sets when it starts the report: kept on the job, printed on
the cover as "Publicerad 12 mars 2025", refused when it falls within the year the report is about."""

import datetime
import subprocess

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from hallbar.models import ReportJob


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _cover(job, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    with job.file.open("rb") as file:
        path.write_bytes(file.read())
    command = ["pdftotext", "-f", "1", "-l", "1", str(path), "-"]
    return " ".join(subprocess.run(command, capture_output=True, text=True, check=True).stdout.split())


def test_the_start_form_offers_the_day_of_publication(client, kansliet):
    client.force_login(kansliet)
    html = client.get(reverse("report_list")).content.decode()
    assert 'type="date" name="published_on"' in html and "Publiceringsdag" in html


def test_the_day_set_is_kept_on_the_job_and_printed_on_the_cover(
    client, kansliet, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_start"), {"year": 2024, "published_on": "2025-03-12"})
    job = ReportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.status, job.published_on) == ("done", datetime.date(2025, 3, 12))
    assert "Publicerad 12 mars 2025" in _cover(job, tmp_path)
    assert "Publiceringsdag på omslaget: 12 mars 2025." in client.get(job.get_absolute_url()).content.decode()
    assert "12 mars 2025" in client.get(reverse("report_list")).content.decode()


@pytest.mark.parametrize("day", ["2024-12-31", "2023-05-01", "12 mars 2025"])
def test_a_day_within_the_reports_year_or_not_a_date_is_refused_beside_the_field(client, kansliet, day):
    client.force_login(kansliet)
    response = client.post(reverse("report_start"), {"year": 2024, "published_on": day})
    assert response.status_code == 400 and not ReportJob.objects.exists()
    html = response.content.decode()
    assert 'class="error" id="id_published_on_error"' in html
    if day[0] == "2":
        assert "Rapporten för 2024 kan publiceras tidigast 1 januari 2025." in html


def test_without_a_day_the_job_has_none_and_the_cover_gives_the_day_it_is_built(
    client, kansliet, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_start"), {"year": 2024, "published_on": ""})
    job = ReportJob.objects.get()
    assert job.published_on is None
    assert f"Publicerad {date_filter(timezone.localdate(), 'j F Y')}" in _cover(job, tmp_path)
