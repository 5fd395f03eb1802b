"""The secretariat's running text of each chapter of the annual report, written as Markdown.

The text is turned into HTML by ``markdown`` and then cleaned by ``nh3`` (an allow-list: paragraphs,
emphasis, lists, links, sub-headings, simple tables and pictures), so whatever is typed into the form
the report never carries a script, a style or an attribute of its own. A chapter's headings start
below the chapter's title (``#`` becomes the third level).

Pictures are uploaded on the texts page, checked by content (``base.uploads.check_upload``: a PNG, JPEG
or GIF only) and kept through Django's storage API under ``report_texts/<year>/``. The text refers to
one as ``![what the picture shows](bild:name.png)``; the PDF gets it inline (a data: URL, since the
PDF renderer fetches nothing from outside), and the alternative text is the picture's description for
a screen reader.
"""

import base64
import logging
import posixpath
import re

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from base.uploads import check_upload

log = logging.getLogger(__name__)

IMAGE_DIR = "report_texts"
IMAGE_SCHEME = "bild"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif"}

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "h5", "h6", "blockquote", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "code", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto", IMAGE_SCHEME}

_HEADING = re.compile(r"<(/?)h([1-6])>")
_IMAGE = re.compile(r'<img[^>]*?src="' + IMAGE_SCHEME + r':([^"]+)"[^>]*>')


def image_path(year: int, name: str) -> str:
    return posixpath.join(IMAGE_DIR, str(year), name)


def save_image(year: int, upload, *, uploaded_by) -> str:
    """Keep an uploaded picture for the year's texts and return its name as the text refers to it
    (``bild:<name>``); ValidationError naming the file when it is not a picture we take."""
    checked = check_upload(upload)
    if checked.content_type not in IMAGE_TYPES:
        raise ValidationError(
            _("Filen %(name)s: en bild i rapporten ska vara PNG, JPEG eller GIF.") % {"name": checked.name},
            code="upload",
        )
    stored = default_storage.save(image_path(year, checked.name), upload)
    log.info("report picture %s for %s uploaded by %s", stored, year, uploaded_by.pk)
    return posixpath.basename(stored)


def images(year: int) -> list[str]:
    """The names of the pictures kept for the year's texts."""
    folder = posixpath.join(IMAGE_DIR, str(year))
    try:
        return sorted(default_storage.listdir(folder)[1])
    except FileNotFoundError:
        return []


def _shift_headings(html: str) -> str:
    # The chapter's own title is the second level, so the text's first level is the third.
    return _HEADING.sub(lambda match: f"<{match[1]}h{min(int(match[2]) + 2, 6)}>", html)


def _inline_image(year: int, tag: str, name: str) -> str:
    """A referred picture with its bytes as a data: URL; left out when it is not kept."""
    name = posixpath.basename(name)
    path = image_path(year, name)
    if not name or not default_storage.exists(path):
        return ""
    with default_storage.open(path, "rb") as file:
        body = file.read()
    kind = {b"\x89PNG": "image/png", b"GIF8": "image/gif"}.get(body[:4], "image/jpeg")
    data = f"data:{kind};base64,{base64.b64encode(body).decode('ascii')}"
    return tag.replace(f'src="{IMAGE_SCHEME}:{name}"', f'src="{data}"')


def _only_kept_pictures(tag: str, attribute: str, value: str) -> str | None:
    # A picture comes from the year's uploads or not at all: never from an address typed in the text.
    if tag == "img" and attribute == "src" and not value.startswith(f"{IMAGE_SCHEME}:"):
        return None
    return value


def render(text: str, *, year: int) -> SafeString:
    """The chapter's text as sanitised HTML, pictures inline; empty for no text."""
    if not text.strip():
        return mark_safe("")
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        _shift_headings(html),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_kept_pictures,
    )
    # Only after cleaning does a kept picture's reference become its bytes; nh3 has already refused any
    # other src, and the data: URL is built here from the stored file, never from the text.
    inlined = _IMAGE.sub(lambda match: _inline_image(year, match[0], match[1]), clean)
    return mark_safe(inlined)  # noqa: S308 - cleaned by nh3 above
