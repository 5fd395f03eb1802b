"""Attachments: type and size checked, served only through a view that checks access."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskanalys.models import Attachment

PDF = b"%PDF-1.4\n% a tiny file\n"


def _attach(analysis, name="analys.pdf", content=PDF):
    return Attachment.objects.create(analysis=analysis, name="Underlag", file=SimpleUploadedFile(name, content))


def test_an_anonymous_request_for_a_drafts_file_is_404(client, draft_of_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = _attach(draft_of_a)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_the_file_of_a_public_analysis_is_served_to_anyone(client, published_of_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get(_attach(published_of_a).get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_coordinator_of_another_region_gets_404_for_a_drafts_file(client, draft_of_a, bertil, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = _attach(draft_of_a)
    client.force_login(bertil)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_the_author_uploads_a_pdf_and_wrong_files_are_refused(client, draft_of_a, anna, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(anna)
    url = reverse("risk_analysis_attach", args=[draft_of_a.pk])
    response = client.post(url, {"name": "Skript", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400 and "Bara PDF, DOCX och XLSX" in response.content.decode()
    response = client.post(url, {"name": "Falsk", "file": SimpleUploadedFile("falsk.pdf", b"<html>")})
    assert response.status_code == 400 and "Filens innehåll är inte PDF" in response.content.decode()
    assert client.post(url, {"name": "Underlag", "file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 302
    assert [a.name for a in draft_of_a.attachments.all()] == ["Underlag"]
