"""PDF documents: server-rendered HTML turned into PDF by WeasyPrint.

WeasyPrint is given a fetcher that serves only the project's own static files, so a
document can never make the server fetch anything else (no network, no local files).

Every document is tagged as PDF/UA-1: its structure (headings, lists, tables with their header cells,
figures with their text alternatives) reaches a screen reader, and the PDF carries the <title> as its
title and the <html lang> as its language. Swedish public bodies must publish accessible documents.
"""

import base64
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

DOCUMENT_BASE_URL = "https://hallbar.invalid/"
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif"}


class StaticFilesFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:image/"):
            return self._inline_image(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        path = urlsplit(url).path
        if urlsplit(url).netloc != urlsplit(DOCUMENT_BASE_URL).netloc or not path.startswith(static_prefix):
            raise ValueError(f"Documents may only use the project's static files, not {url}")
        found = finders.find(path.removeprefix(static_prefix))
        if not found:
            raise ValueError(f"No static file at {path}")
        with open(found, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _inline_image(url):
        # A picture carried in the document itself (the report's texts, hallbar.report_texts): nothing is
        # fetched, so it cannot reach beyond the document.
        head, _comma, data = url.partition(",")
        content_type, _semicolon, encoding = head.removeprefix("data:").partition(";")
        if encoding != "base64" or content_type not in INLINE_IMAGE_TYPES:
            raise ValueError(f"Documents may only carry PNG, JPEG or GIF pictures inline, not {head}")
        return URLFetcherResponse(url, base64.b64decode(data), {"Content-Type": content_type})


PDF_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
