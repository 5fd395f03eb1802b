"""Large files are imported by a worker: the dry run's preview, then the confirmed import, on a job's page."""

from unittest import mock

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError

from revisioner.identifiers import with_check_digit
from revisioner.models import ImportJob, Supplier
from tests.query_counts import SESSION_QUERIES


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_IN_BACKGROUND_ROWS = 2
    return settings.MEDIA_ROOT


def _file(tmp_path, count=3, bad=False):
    lines = ["name,org_number"] + [
        f"Leverantör {n} AB,{with_check_digit(f'{556000000 + n:09d}')}" for n in range(count)
    ]
    if bad:
        lines.append("Trasig AB,123")
    path = tmp_path / "leverantorer.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _upload(client, path, django_capture_on_commit_callbacks):
    with open(path, "rb") as file, django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("revisioner_import"), {"kind": "suppliers", "file": file})


def test_a_large_file_becomes_a_job_whose_preview_is_confirmed_into_an_import(
    client, kansliet, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    response = _upload(client, _file(tmp_path), django_capture_on_commit_callbacks)
    job = ImportJob.objects.unscoped().get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.step, job.status, job.result["new"], job.rows) == ("preview", "done", 3, 3)
    assert not Supplier.objects.exists()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Förhandsgranskning av leverantorer.csv" in html and html.count("<td>Ny</td>") == 3
    assert "hx-get" not in html and "Bekräfta inläsningen" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.step, job.status, job.progress, job.result["new"], job.path) == ("import", "done", 100, 3, "")
    assert Supplier.objects.count() == 3
    assert (
        "Leverantörer är inlästa: 3 nya rader och 0 ändrade rader."
        in client.get(job.get_absolute_url()).content.decode()
    )


def test_a_small_file_is_still_previewed_in_the_request(client, kansliet, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(kansliet)
    response = _upload(client, _file(tmp_path, count=2), django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "Förhandsgranskning av leverantorer.csv" in response.content.decode()
    assert not ImportJob.objects.unscoped().exists()


def test_a_file_with_an_error_is_refused_naming_row_and_column_and_creates_nothing(
    client, kansliet, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    _upload(client, _file(tmp_path, bad=True), django_capture_on_commit_callbacks)
    job = ImportJob.objects.unscoped().get()
    assert job.status == "failed" and job.refused and job.path == ""
    html = client.get(job.get_absolute_url()).content.decode()
    assert "lästes inte in" in html and "Rad 5" in html and "org_number" in html
    assert "Starta igen" not in html and "Bekräfta inläsningen" not in html
    assert not Supplier.objects.exists()


def test_with_the_broker_down_the_job_is_marked_and_can_be_started_again(
    client, kansliet, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(kansliet)
    with mock.patch("revisioner.tasks.run_import_job.apply_async", side_effect=OperationalError("refused")):
        _upload(client, _file(tmp_path), django_capture_on_commit_callbacks)
    job = ImportJob.objects.unscoped().get()
    assert (job.status, job.not_enqueued) == ("queued", True)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "kunde inte lämnas till kön" in html and "Starta igen" in html and "hx-get" not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_job_restart", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.not_enqueued, job.runs, job.result["new"]) == ("done", False, 1, 3)


def test_another_coordinator_does_not_see_the_job(client, anna, bertil, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(anna)
    _upload(client, _file(tmp_path), django_capture_on_commit_callbacks)
    job = ImportJob.objects.unscoped().get()
    assert job.requested_by == anna and client.get(job.get_absolute_url()).status_code == 200
    client.force_login(bertil)
    for name in ("import_job_detail", "import_job_status"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    for name in ("import_job_confirm", "import_job_restart"):
        assert client.post(reverse(name, args=[job.pk])).status_code == 404
    assert not Supplier.objects.exists()


def test_an_unfinished_job_polls_and_its_fragment_costs_few_queries(client, kansliet, django_assert_num_queries):
    job = ImportJob.objects.create(
        kind="suppliers", filename="f.csv", requested_by=kansliet, status="running", progress=40
    )
    client.force_login(kansliet)
    html = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("import_job_status", args=[job.pk])}"' in html and "Pågår: 40 %" in html
    # the person with their memberships (scope), the job with its starter
    with django_assert_num_queries(SESSION_QUERIES + 1):
        client.get(reverse("import_job_status", args=[job.pk]))
