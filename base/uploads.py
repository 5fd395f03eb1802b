"""Files people send us (evidence with an answer or a corrective action): checked before anything
is stored. The type is read from the file's first bytes, not from its name or the browser's word;
a name with path characters, an empty file and a file over the limit are refused with a message
naming the file. ``settings.EVIDENCE_SCANNER`` (a dotted path, empty for none) is the hook for a
virus scanner: it is called with the upload and refuses a file by raising ValidationError."""

import hashlib
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from base.text import CONTROL_CHARACTERS

MAX_NAME_LENGTH = 150
PATH_CHARACTERS = frozenset('/\\:*?"<>|')

# What the first bytes say, and the type stored for it.
OFFICE_ZIP = {  # Office Open XML and OpenDocument are zip files; the part inside names the kind
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.presentation": "application/vnd.oasis.opendocument.presentation",
}
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office"),  # Word, Excel, PowerPoint 97–2003
)


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    size: int
    content_type: str
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def kinds_text() -> str:
    return _("PDF, bilder (PNG, JPEG, GIF) och Office-filer (Word, Excel, PowerPoint, OpenDocument)")


def _content_type(upload) -> str | None:
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    return OPENDOCUMENT.get(archive.read("mimetype").strip())
                if "[Content_Types].xml" in names:
                    for prefix, content_type in OFFICE_ZIP.items():
                        if any(name.startswith(prefix) for name in names):
                            return content_type
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
        finally:
            upload.seek(0)
    return None


def _refuse(name: str, message: str):
    raise ValidationError(_("Filen %(name)s: %(problem)s") % {"name": name, "problem": message}, code="upload")


def check_upload(upload) -> CheckedUpload:
    """The upload's name, size, type by content and checksum, or ValidationError naming the file
    and what is wrong with it. Nothing is stored here."""
    name = upload.name or ""
    shown = CONTROL_CHARACTERS.sub("", name)[:MAX_NAME_LENGTH]
    if not name.strip():
        _refuse(shown, _("filen har inget namn."))
    if (
        any(character in PATH_CHARACTERS for character in name)
        or CONTROL_CHARACTERS.search(name)
        or name.strip(". ") == ""
        or ".." in name
        or os.path.basename(name) != name
    ):
        _refuse(
            shown, _('namnet får inte innehålla sökvägar eller tecknen / \\ : * ? " < > |. Byt namn och försök igen.')
        )
    if len(name) > MAX_NAME_LENGTH:
        _refuse(shown, _("namnet är längre än %(count)d tecken.") % {"count": MAX_NAME_LENGTH})
    if not upload.size:
        _refuse(name, _("filen är tom."))
    if upload.size > max_bytes():
        _refuse(
            name,
            _("filen är %(size)s; den får vara högst %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())},
        )
    content_type = _content_type(upload)
    if content_type is None:
        _refuse(name, _("den här filtypen tas inte emot. Skicka %(kinds)s.") % {"kinds": kinds_text()})
    scanner = getattr(settings, "EVIDENCE_SCANNER", "")
    if scanner:
        import_string(scanner)(upload)
        upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, size=upload.size, content_type=content_type, sha256=digest.hexdigest())


def save_evidence(evidence, upload, *, uploaded_by):
    """Check ``upload`` and store it as ``evidence`` (an unsaved ``base.models.EvidenceFile`` row
    with its owner set). Refused files raise ValidationError before anything is written; the file
    is stored through the storage API under a name of its own, never the sender's."""
    checked = check_upload(upload)
    evidence.name, evidence.size = checked.name, checked.size
    evidence.content_type, evidence.sha256 = checked.content_type, checked.sha256
    evidence.uploaded_by = uploaded_by
    evidence.file.save(checked.name, upload, save=False)
    evidence.save()
    return evidence
