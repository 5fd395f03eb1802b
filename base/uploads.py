"""Files people send us (evidence with an answer or a corrective action): checked before anything
is stored. The type is read from the file's first bytes, not from its name or the browser's word,
and the name must end as a file of that type does (a PDF named "faktura.html" would open as a web
page on the reader's computer); an Office file with macros, a name with path characters, an empty
file and a file over the limit are refused with a message naming the file. ``settings.EVIDENCE_SCANNER`` (a dotted path,
empty for none) is the hook for a virus scanner: it is called with the upload and refuses a file
by raising ValidationError; a scanner that fails refuses the file too (nothing unscanned is kept)."""

import hashlib
import logging
import os
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from base.text import CONTROL_CHARACTERS

log = logging.getLogger(__name__)

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
MAX_MIMETYPE_BYTES = 100  # an OpenDocument file's "mimetype" entry names its kind in a few dozen bytes
# A zip that cannot be read is no file we take: broken, encrypted (RuntimeError), compressed in a way
# the standard library does not read (NotImplementedError), cut short, or over zip's 32-bit limits.
UNREADABLE_ZIP = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    KeyError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    EOFError,
    ValueError,
)
MACROS = "macros"  # an Office Open XML file with a macro project: never taken, whatever its name
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/vnd.ms-office"),  # Word, Excel, PowerPoint 97–2003
)
# The endings a file of each type may have. The name is what the reader's computer opens the file
# by: a PDF named "faktura.html" is refused, or it would open as a web page from the download folder.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/gif": (".gif",),
    "application/vnd.ms-office": (".doc", ".dot", ".xls", ".xlt", ".ppt", ".pps", ".pot"),
    OFFICE_ZIP["word/"]: (".docx", ".dotx"),
    OFFICE_ZIP["xl/"]: (".xlsx", ".xltx"),
    OFFICE_ZIP["ppt/"]: (".pptx", ".ppsx", ".potx"),
    "application/vnd.oasis.opendocument.text": (".odt", ".ott"),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods", ".ots"),
    "application/vnd.oasis.opendocument.presentation": (".odp", ".otp"),
}


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
                    if archive.getinfo("mimetype").file_size > MAX_MIMETYPE_BYTES:  # not read: it may be a bomb
                        return None
                    return OPENDOCUMENT.get(archive.read("mimetype").strip())
                if "[Content_Types].xml" in names:
                    if any(name.lower().endswith("vbaproject.bin") for name in names):
                        return MACROS
                    for prefix, content_type in OFFICE_ZIP.items():
                        if any(name.startswith(prefix) for name in names):
                            return content_type
        except UNREADABLE_ZIP:
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
    if content_type == MACROS:
        _refuse(name, _("filen innehåller makron, som inte tas emot. Spara den utan makron och försök igen."))
    if content_type is None:
        _refuse(name, _("den här filtypen tas inte emot. Skicka %(kinds)s.") % {"kinds": kinds_text()})
    if not name.lower().endswith(EXTENSIONS[content_type]):
        _refuse(
            name,
            _("innehållet stämmer inte med namnet: en sådan fil ska sluta på %(endings)s. Byt namn och försök igen.")
            % {"endings": ", ".join(EXTENSIONS[content_type])},
        )
    _scan(upload, name)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, size=upload.size, content_type=content_type, sha256=digest.hexdigest())


def _scan(upload, name: str) -> None:
    """The virus scanner's word (``settings.EVIDENCE_SCANNER``). Its refusal is shown naming the file;
    a scanner that fails (down, timed out) refuses the file too: nothing unscanned is stored."""
    scanner = getattr(settings, "EVIDENCE_SCANNER", "")
    if not scanner:
        return
    try:
        import_string(scanner)(upload)
    except ValidationError as refusal:
        _refuse(name, " ".join(refusal.messages))
    except Exception:
        log.exception("the evidence scanner %s failed on a file; the file was refused", scanner)
        _refuse(name, _("filen kunde inte genomsökas efter virus just nu. Försök igen om en stund."))
    finally:
        upload.seek(0)


def save_evidence(evidence, upload, *, uploaded_by):
    """Check ``upload`` and store it as ``evidence`` (an unsaved ``base.models.EvidenceFile`` row
    with its owner set). Refused files raise ValidationError before anything is written; the file
    is stored through the storage API under a name of its own, never the sender's."""
    checked = check_upload(upload)
    evidence.name, evidence.size = checked.name, checked.size
    evidence.content_type, evidence.sha256 = checked.content_type, checked.sha256
    evidence.uploaded_by = uploaded_by
    evidence.file.save(checked.name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)  # no row, no file
        raise
    return evidence
