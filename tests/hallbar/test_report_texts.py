"""The secretariat's running text per chapter: Markdown, sanitised, with uploaded pictures; and the demo's
2024 texts, which make the demo report read as the published one."""

import io
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from base.registry import SECTION_KEYS
from hallbar.demo import report_texts_2024
from hallbar.models import ReportText
from hallbar.report import build_report_pdf, compose
from hallbar.report_texts import render, save_image

SECRETARY = SimpleNamespace(pk=1)


def png(colour="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_markdown_becomes_html_below_the_chapter_title():
    html = render("# Utredningar\n\nEn **viktig** text.\n\n- ett\n- två", year=2024)
    assert "<h3>Utredningar</h3>" in html and "<strong>viktig</strong>" in html and "<li>två</li>" in html


def test_scripts_styles_handlers_and_javascript_links_never_reach_the_report():
    html = render(
        'Text <script>alert(1)</script><style>p{}</style> <a href="javascript:alert(1)" onclick="x()">länk</a> '
        '<img src="https://example.invalid/spy.png" onerror="x()"> <p style="color:red">röd</p>',
        year=2024,
    )
    for forbidden in (
        "<script",
        "alert(1)",
        "<style",
        "javascript:",
        "onclick",
        "onerror",
        "style=",
        "example.invalid",
    ):
        assert forbidden not in html, forbidden
    assert "länk" in html and "röd" in html


def test_an_uploaded_picture_is_printed_in_the_pdf_with_its_text_alternative(media, db):
    name = save_image(2024, SimpleUploadedFile("karta.png", png(), content_type="image/png"), uploaded_by=SECRETARY)
    assert (media / "report_texts" / "2024" / name).exists()
    ReportText.objects.create(
        year=2024, section="organisation", text=f"Kansliet.\n\n![Karta över regionerna](bild:{name})"
    )
    html = next(section for section in compose(2024) if section.key == "organisation").text_html
    assert 'alt="Karta över regionerna"' in html and 'src="data:image/png;base64,' in html
    reader = PdfReader(io.BytesIO(build_report_pdf(2024)))
    assert any(page.images for page in reader.pages)


def test_a_picture_not_kept_is_left_out_rather_than_fetched(media):
    html = render("![Borta](bild:finns-inte.png)", year=2024)
    assert "<img" not in html


def test_a_file_that_is_not_a_picture_is_refused(media):
    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PNG, JPEG eller GIF"):
        save_image(2024, pdf, uploaded_by=SECRETARY)
    disguised = SimpleUploadedFile("bild.png", b"<html><script>x</script></html>", content_type="image/png")
    with pytest.raises(ValidationError):
        save_image(2024, disguised, uploaded_by=SECRETARY)


def test_a_chapter_with_text_only_is_printed_and_one_with_neither_is_left_out(db):
    ReportText.objects.create(year=2019, section="organisation", text="Kansliet hade två medarbetare.")
    keys = [section.key for section in compose(2019)]
    assert "organisation" in keys and "statement" not in keys and "back_page" not in keys


def test_every_demo_text_belongs_to_a_chapter_of_the_report():
    assert set(report_texts_2024()) <= set(SECTION_KEYS)
    assert {"cooperation", "organisation", "statement", "back_page"} <= set(report_texts_2024())


FACTS = [
    "Adda Inköpscentral",
    "IWGEPP",
    "nordiska",
    "Electronics Watch",
    "14 fabriker och 2 gruvor",
    "från tre till fem medarbetare",
    "utredningar",
    "reviderade uppförandekoden",
    "gemensam bedömningsmall",
    "förutbetald intäkt",
    "2025",
    "13 artiklar",
    "1 700",
    "198",
    "över 560",
    "över 140",
]


def test_the_demo_report_tells_the_year_as_the_published_report_does(demo_programme):
    reader = PdfReader(io.BytesIO(build_report_pdf(2024)))
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).replace("\u00a0", " ").split())
    for fact in FACTS:
        assert fact in text, fact
    assert re.search(
        r"överskottet har därför bokats som en förutbetald intäkt och används fullt ut under 2025", text, re.I
    )
    words = re.findall(r"\w+", text)
    assert len(words) >= 2500, len(words)


def test_the_secretariat_uploads_a_picture_on_the_texts_page(client, kansliet, media):
    client.force_login(kansliet)
    url = reverse("report_texts", args=[2024])
    response = client.post(
        url, {"image": SimpleUploadedFile("Karta.png", png(), content_type="image/png")}, follow=True
    )
    page = response.content.decode()
    assert "Bilden är sparad" in page and "bild:Karta.png" in page
    assert (media / "report_texts" / "2024" / "Karta.png").exists()
    refused = client.post(
        url, {"image": SimpleUploadedFile("Karta.png", b"MZ\x90\x00", content_type="image/png")}, follow=True
    )
    assert "Filen Karta.png" in refused.content.decode()
    assert sorted(p.name for p in (media / "report_texts" / "2024").iterdir()) == ["Karta.png"]
