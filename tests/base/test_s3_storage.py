"""Uploads and generated PDFs in an S3 bucket: chosen by the environment, stored through Django's
storage API (nothing on the local disk) and served by the app's own download views.

The bucket is a local S3 server (moto in server mode on 127.0.0.1), started for this module."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akademi.models import Diploma, Event
from regions.models import ProcurementRegion
from riskanalys.models import Attachment, Category, RiskAnalysis
from tests.akademi.builders import attended, audit_with

pytest.importorskip("moto.server", reason="moto[server] is a dev extra (make test installs it)")
pytest.importorskip("storages.backends.s3", reason="django-storages[s3] is a dependency")
boto3 = pytest.importorskip("boto3")

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% an attachment\n"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_S3_REGION_NAME": "eu-north-1",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    executable = Path(sys.executable).with_name("moto_server")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "moto.server"]
    server = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("the local S3 server did not start")
                time.sleep(0.1)
        else:
            pytest.fail("the local S3 server did not answer")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _default_storage_from_the_environment(**env) -> dict:
    """STORAGES["default"] as hallbar/settings.py builds it from a server's environment."""
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket, and the app's default storage pointed at it exactly as the environment would."""
    name = f"hallbar-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=CREDENTIALS["AWS_S3_REGION_NAME"],
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["AWS_S3_REGION_NAME"]}
    )
    default = _default_storage_from_the_environment(
        STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME=name, AWS_S3_ENDPOINT_URL=s3_endpoint, **CREDENTIALS
    )
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": default}
    # Anything written to the local disk would land here, and the tests check that nothing does.
    settings.MEDIA_ROOT = tmp_path / "media"

    def objects() -> dict[str, bytes]:
        listed = client.list_objects_v2(Bucket=name).get("Contents", [])
        return {item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read() for item in listed}

    yield objects
    for key in objects():
        client.delete_object(Bucket=name, Key=key)
    client.delete_bucket(Bucket=name)


def _draft_of(letter, author) -> RiskAnalysis:
    region = ProcurementRegion.objects.get(letter=letter)
    category = Category.objects.add_root({"name": f"Skyddsrockar {letter}"})
    category.procurement_regions.add(region)
    return RiskAnalysis.objects.create(
        year=2024, category=category, product_area="Skyddsrockar", procurement_region=region, created_by=author
    )


@pytest.mark.django_db
def test_an_uploaded_attachment_is_stored_in_the_bucket_and_downloaded_through_the_app(client, anna, bucket, settings):
    analysis = _draft_of("A", anna)
    client.force_login(anna)

    response = client.post(
        reverse("risk_analysis_attach", args=[analysis.pk]),
        {"name": "Underlag", "file": SimpleUploadedFile("underlag.pdf", PDF)},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(analysis=analysis)
    assert bucket() == {attachment.file.name: PDF}
    assert attachment.file.name.startswith("riskanalys/") and attachment.file.name.endswith(".pdf")
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert not Path(settings.MEDIA_ROOT).exists()


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_keep_both_files(client, anna, bertil, bucket):
    # S3 overwrites an object of the same key by default; the second region's file must not replace the first's.
    first, second = _draft_of("A", anna), _draft_of("B", bertil)
    for analysis, person, body in [(first, anna, PDF), (second, bertil, PDF + b"% the other region's\n")]:
        client.force_login(person)
        client.post(
            reverse("risk_analysis_attach", args=[analysis.pk]),
            {"name": "Underlag", "file": SimpleUploadedFile("underlag.pdf", body)},
        )

    assert len(bucket()) == 2
    client.force_login(anna)
    download = client.get(Attachment.objects.get(analysis=first).get_absolute_url())
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_an_issued_diploma_certificate_is_stored_in_the_bucket_and_downloaded_through_the_app(
    client, anna, kansliet, bucket, settings
):
    audit_with(anna)
    audit_with(anna)
    attended(anna, Event.Kind.E_LEARNING)
    attended(anna, Event.Kind.INTRODUCTION)
    client.force_login(kansliet)

    response = client.post(reverse("diploma_issue", args=[anna.pk]), follow=True)

    assert "Diplomet är utfärdat" in response.content.decode()
    diploma = Diploma.objects.unscoped().get(user=anna)
    stored = bucket()
    assert list(stored) == [diploma.certificate.name]
    assert stored[diploma.certificate.name].startswith(b"%PDF")
    client.force_login(anna)
    download = client.get(reverse("diploma_certificate", args=[diploma.pk]))
    assert download.status_code == 200
    assert download.content == stored[diploma.certificate.name]
    assert not Path(settings.MEDIA_ROOT).exists()


def test_without_a_bucket_files_stay_on_the_local_disk_and_a_wrong_backend_is_refused():
    assert _default_storage_from_the_environment(STORAGE_BACKEND="", AWS_STORAGE_BUCKET_NAME="")["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    environment = {**os.environ, "STORAGE_BACKEND": "ftp"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert refused.returncode != 0 and "STORAGE_BACKEND is 'filesystem' or 's3', not 'ftp'" in refused.stderr
