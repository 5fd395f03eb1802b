"""Evidence files: checked by content before anything is stored (base.uploads).

Refused: a type we do not take (whatever the name or the browser says), a file whose content and
name disagree, a file too big or empty, a name with path or control characters, what the virus
scanner refuses (or cannot scan). Each refusal names the file; through the services that take
evidence nothing is left behind, no row and no file in the storage. Taken: PDF, PNG, JPEG, GIF and
Office files (Word, Excel, PowerPoint, OpenDocument), with the type read from the content."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from base import uploads
from base.uploads import check_upload
from revisioner import services as audits
from revisioner.models import ActionEvidence, Rating
from sjalvskattning import services
from sjalvskattning.models import AnswerEvidence
from tests import factories
from tests.revisioner import conftest as audit_fixtures
from tests.sjalvskattning import conftest as supplier_fixtures

pytestmark = pytest.mark.django_db

# The fixtures of the supplier's side: Sara of Abcur AB, a questionnaire sent to Abcur, audits of A.
audit_of, category, due_diligence, template = (
    audit_fixtures.audit_of,
    audit_fixtures.category,
    audit_fixtures.due_diligence,
    audit_fixtures.template,
)
supplier, other_supplier, sara, sent_request = (
    supplier_fixtures.supplier,
    supplier_fixtures.other_supplier,
    supplier_fixtures.sara,
    supplier_fixtures.sent_request,
)

PDF = b"%PDF-1.4\n% evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip file of ``entries`` in their order (an OpenDocument file's ``mimetype`` comes first)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = zipped({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": b"", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": b"", "xl/workbook.xml": b"<workbook/>"})
PPTX = zipped({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p:presentation/>"})
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODT = zipped({"mimetype": ODT_MIMETYPE, "content.xml": b"<office:document/>"})
ODS = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def named(name, content=PDF):
    """An upload carrying ``name`` exactly as given. (Django's multipart parser and UploadedFile keep
    only the last part of a path a browser sends; the check holds for every other way a file
    reaches a service too: an import, a command, another upload handler.)"""
    file = upload("placeholder.pdf", content)
    file._name = name
    return file


def refusal(file) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(file)
    assert refused.value.code == "upload"
    return " ".join(refused.value.messages)


# Accepted, with the type read from the content -------------------------------------------------

ACCEPTED = [
    ("intyg.pdf", PDF, "application/pdf"),
    ("Intyg.PDF", PDF, "application/pdf"),
    ("foto.png", PNG, "image/png"),
    ("foto.jpg", JPEG, "image/jpeg"),
    ("foto.jpeg", JPEG, "image/jpeg"),
    ("bild.gif", GIF, "image/gif"),
    ("policy.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("avvikelselogg.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("utbildning.pptx", PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("policy.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("logg.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ("gammal.doc", OLE, "application/vnd.ms-office"),
    ("Uppförandekod – leverantör 2024 (slutlig).pdf", PDF, "application/pdf"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_accepted_files_and_the_type_read_from_their_content(name, content, content_type):
    checked = check_upload(upload(name, content, content_type="text/html"))  # the browser's word counts for nothing
    assert (checked.name, checked.size, checked.content_type) == (name, len(content), content_type)
    assert len(checked.sha256) == 64


# Refused: the type -------------------------------------------------------------------------------

WRONG_TYPE = [
    ("program.pdf", EXE),  # a program renamed
    ("program.exe", EXE),
    ("anteckningar.pdf", b"Det har ar bara text, ingen PDF.\n"),  # a text file named .pdf
    ("sida.html", HTML),
    ("sida.pdf", HTML),
    ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("arkiv.zip", zipped({"readme.txt": b"hej", "program.exe": EXE})),  # a zip that is not Office
    ("arkiv.docx", zipped({"readme.txt": b"hej"})),  # … named as one
    ("halv.docx", zipped({"[Content_Types].xml": CONTENT_TYPES, "other/x.xml": b""})),  # no Word, Excel or PowerPoint
    ("okand.odt", zipped({"mimetype": b"application/x-something-else", "content.xml": b""})),
    ("trasig.docx", b"PK\x03\x04" + b"\x00" * 60),  # a zip header and nothing behind it
]


@pytest.mark.parametrize(("name", "content"), WRONG_TYPE, ids=[row[0] for row in WRONG_TYPE])
def test_a_type_we_do_not_take_is_refused_with_the_files_name(name, content):
    message = refusal(upload(name, content, content_type="application/pdf"))
    assert name in message
    assert "filtypen tas inte emot" in message


def _with_first_entry(content: bytes, *, flags=0, method=None, scrambled=False) -> bytes:
    """``content`` (a zip) with its first entry marked encrypted (``flags``), compressed by an
    unknown ``method``, or its compressed bytes ``scrambled``: in the local and the central header."""
    data = bytearray(content)
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= flags
    data[central + 8] |= flags
    if method is not None:
        data[local + 8 : local + 10] = data[central + 10 : central + 12] = method.to_bytes(2, "little")
    if scrambled:
        start = local + 30 + int.from_bytes(data[local + 26 : local + 28], "little")
        start += int.from_bytes(data[local + 28 : local + 30], "little")
        data[start : start + 6] = b"\xff" * 6
    return bytes(data)


def _deflated(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


UNREADABLE = [
    ("krypterad.odt", _with_first_entry(ODT, flags=1)),  # the zip module: RuntimeError, a password is needed
    ("aes.odt", _with_first_entry(ODT, method=99)),  # NotImplementedError: a compression it does not read
    ("trasig.odt", _with_first_entry(_deflated({"mimetype": ODT_MIMETYPE, "content.xml": b"<x/>"}), scrambled=True)),
]


@pytest.mark.parametrize(("name", "content"), UNREADABLE, ids=[row[0] for row in UNREADABLE])
def test_a_zip_the_standard_library_cannot_read_is_refused_not_a_server_error(name, content):
    message = refusal(upload(name, content))
    assert name in message and "filtypen tas inte emot" in message


def test_an_office_file_with_macros_is_refused_whatever_its_name():
    with_macros = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"", "word/vbaProject.bin": b"x"})
    for name in ("policy.docx", "policy.docm"):
        message = refusal(upload(name, with_macros))
        assert name in message
        assert "makron" in message


def test_an_opendocument_kind_is_read_only_when_it_is_small():
    """The ``mimetype`` entry names the kind in a few bytes; a big one (a zip bomb's) is not unpacked."""
    bomb = zipped({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 10_000, "content.xml": b""})
    assert "filtypen tas inte emot" in refusal(upload("bomb.odt", bomb))


MISNAMED = [
    ("faktura.html", PDF),  # a PDF that the reader's computer would open as a web page
    ("faktura.exe", PDF),
    ("policy.pdf", DOCX),
    ("foto.pdf", PNG),
    ("rapport", PDF),  # no ending at all
]


@pytest.mark.parametrize(("name", "content"), MISNAMED, ids=[row[0] for row in MISNAMED])
def test_a_file_whose_name_and_content_disagree_is_refused(name, content):
    message = refusal(upload(name, content))
    assert name in message
    assert "stämmer inte med namnet" in message


# Refused: size, emptiness, the name -------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_and_one_at_it_accepted(settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF)
    assert check_upload(upload("lagom.pdf", PDF)).size == len(PDF)
    message = refusal(upload("stor.pdf", PDF + b"%"))
    assert "stor.pdf" in message
    assert "högst" in message


def test_the_limit_is_ten_mebibytes_unless_set(settings):
    del settings.EVIDENCE_MAX_BYTES
    big = PDF + b"0" * (10 * 1024 * 1024 - len(PDF) + 1)
    assert "stor.pdf" in refusal(upload("stor.pdf", big))


def test_an_empty_file_is_refused():
    message = refusal(upload("tom.pdf", b""))
    assert "tom.pdf" in message
    assert "tom" in message


PATH_NAMES = [
    "../x.pdf",
    "a/b.pdf",
    "c:\\x.pdf",
    "..\\..\\x.pdf",
    "/etc/x.pdf",
    "x\x07.pdf",
    "x\x00.pdf",
    "..",
    "x?.pdf",
]


@pytest.mark.parametrize("name", PATH_NAMES, ids=repr)
def test_a_name_with_path_or_control_characters_is_refused_naming_the_file(name):
    message = refusal(named(name))
    visible = name.replace("\x07", "").replace("\x00", "")
    assert visible in message  # the file is named, without the invisible character
    assert "\x07" not in message and "\x00" not in message


def test_a_name_with_a_control_character_is_refused_also_as_a_browser_sends_it():
    assert "x.pdf" in refusal(upload("x\x07.pdf", PDF))


def test_a_name_that_is_too_long_is_refused():
    name = "a" * 147 + ".pdf"
    assert "tecken" in refusal(upload(name, PDF))


def test_a_file_without_a_name_is_refused():
    assert "inget namn" in refusal(named(""))


# The virus scanner's hook ---------------------------------------------------------------------

SCANNED = []


def recording_scanner(upload):
    SCANNED.append((upload.name, upload.read()))


def refusing_scanner(upload):
    raise ValidationError("EICAR-Test-Signature hittades.")


def broken_scanner(upload):
    raise ConnectionRefusedError("clamd is not running")


def test_the_scanner_is_called_with_the_file_and_the_file_is_read_whole_afterwards(settings):
    settings.EVIDENCE_SCANNER = "tests.base.test_uploads.recording_scanner"
    SCANNED.clear()
    checked = check_upload(upload("intyg.pdf", PDF))
    assert SCANNED == [("intyg.pdf", PDF)]
    assert checked.size == len(PDF)
    import hashlib

    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()


def test_the_scanner_is_not_asked_about_a_file_already_refused(settings):
    settings.EVIDENCE_SCANNER = "tests.base.test_uploads.recording_scanner"
    SCANNED.clear()
    refusal(upload("program.pdf", EXE))
    assert SCANNED == []


def test_what_the_scanner_refuses_is_refused_naming_the_file(settings):
    settings.EVIDENCE_SCANNER = "tests.base.test_uploads.refusing_scanner"
    message = refusal(upload("smittad.pdf", PDF))
    assert "smittad.pdf" in message
    assert "EICAR" in message


def test_a_scanner_that_fails_refuses_the_file_and_says_so_in_the_log(settings, monkeypatch):
    logged = []
    monkeypatch.setattr(uploads.log, "exception", lambda message, *args: logged.append(message % args))
    settings.EVIDENCE_SCANNER = "tests.base.test_uploads.broken_scanner"
    message = refusal(upload("intyg.pdf", PDF))
    assert "intyg.pdf" in message
    assert "virus" in message
    assert logged == [
        "the evidence scanner tests.base.test_uploads.broken_scanner failed on a file; the file was refused"
    ]


# Through the services: nothing is stored of a refused file ------------------------------------


def stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def answer(sent_request):
    return sent_request.answers.unscoped().order_by("criterion__number").first()


@pytest.fixture
def action(audit_of, anna, sara):
    """A deviation of Abcur's reported audit, and Sara's proposed plan for it."""
    audit = audit_of("A")
    audits.start_audit(acting_user=anna, audit=audit)
    audits.rate(
        acting_user=anna,
        audit=audit,
        ratings=dict.fromkeys(audit.template.criteria.all(), (Rating.Value.DOES_NOT_MEET, "", "")),
    )
    audits.draft_report(acting_user=anna, audit=audit)
    deviation = audit.deviations.unscoped().first()
    return audits.propose_plan(
        acting_user=sara, deviation=deviation, description="Ny policy", owner="Sara", due_on=datetime.date(2030, 1, 1)
    )


REFUSED_UPLOADS = [
    ("program.pdf", EXE),
    ("anteckningar.pdf", b"bara text"),
    ("sida.html", HTML),
    ("tom.pdf", b""),
    ("faktura.html", PDF),
    ("arkiv.zip", zipped({"a.txt": b"a"})),
]


@pytest.mark.parametrize(("name", "content"), REFUSED_UPLOADS, ids=[row[0] for row in REFUSED_UPLOADS])
def test_a_refused_answer_file_leaves_no_row_and_no_file(media, answer, sara, name, content):
    with pytest.raises(ValidationError, match=name.replace(".", r"\.")):
        services.add_answer_evidence(acting_user=sara, answer=answer, upload=upload(name, content))
    assert not AnswerEvidence.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(("name", "content"), REFUSED_UPLOADS, ids=[row[0] for row in REFUSED_UPLOADS])
def test_a_refused_action_file_leaves_no_row_and_no_file(media, action, sara, name, content):
    with pytest.raises(ValidationError, match=name.replace(".", r"\.")):
        audits.add_action_evidence(acting_user=sara, action=action, upload=upload(name, content))
    assert not ActionEvidence.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("name", ["../x.pdf", "a/b.pdf", "c:\\x.pdf", "x\x07.pdf"], ids=repr)
def test_a_path_name_through_the_services_leaves_nothing(media, answer, action, sara, name):
    with pytest.raises(ValidationError):
        services.add_answer_evidence(acting_user=sara, answer=answer, upload=named(name))
    with pytest.raises(ValidationError):
        audits.add_action_evidence(acting_user=sara, action=action, upload=named(name))
    assert not AnswerEvidence.objects.exists()
    assert not ActionEvidence.objects.exists()
    assert stored_files(media) == []


def test_a_file_too_big_through_the_services_leaves_nothing(media, answer, action, sara, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="stor"):
        services.add_answer_evidence(acting_user=sara, answer=answer, upload=upload("stor.pdf", PDF))
    with pytest.raises(ValidationError, match="stor"):
        audits.add_action_evidence(acting_user=sara, action=action, upload=upload("stor.pdf", PDF))
    assert not AnswerEvidence.objects.exists() and not ActionEvidence.objects.exists()
    assert stored_files(media) == []


def test_what_the_scanner_refuses_through_the_services_leaves_nothing(media, answer, action, sara, settings):
    settings.EVIDENCE_SCANNER = "tests.base.test_uploads.refusing_scanner"
    with pytest.raises(ValidationError, match="EICAR"):
        services.add_answer_evidence(acting_user=sara, answer=answer, upload=upload("intyg.pdf", PDF))
    with pytest.raises(ValidationError, match="EICAR"):
        audits.add_action_evidence(acting_user=sara, action=action, upload=upload("intyg.pdf", PDF))
    assert not AnswerEvidence.objects.exists() and not ActionEvidence.objects.exists()
    assert stored_files(media) == []


ACCEPTED_THROUGH_SERVICES = [row for row in ACCEPTED if row[0] in ("intyg.pdf", "foto.png", "foto.jpg", "policy.docx")]
ACCEPTED_THROUGH_SERVICES += [row for row in ACCEPTED if row[0] in ("avvikelselogg.xlsx", "policy.odt")]


@pytest.mark.parametrize(
    ("name", "content", "content_type"), ACCEPTED_THROUGH_SERVICES, ids=[row[0] for row in ACCEPTED_THROUGH_SERVICES]
)
def test_an_accepted_file_is_stored_with_its_type_under_a_name_of_its_own(
    media,
    answer,
    action,
    sara,
    name,
    content,
    content_type,
):
    for evidence in (
        services.add_answer_evidence(acting_user=sara, answer=answer, upload=upload(name, content)),
        audits.add_action_evidence(acting_user=sara, action=action, upload=upload(name, content)),
    ):
        evidence.refresh_from_db()
        assert (evidence.name, evidence.size, evidence.content_type) == (name, len(content), content_type)
        assert evidence.uploaded_by == sara
        assert name not in evidence.file.name  # stored under a name of its own, never the sender's
        with evidence.file.open("rb") as stored:
            assert stored.read() == content
    assert len(stored_files(media)) == 2


def test_evidence_is_refused_once_the_answers_are_sent(media, answer, sara):
    request = answer.request
    for each in request.answers.unscoped():
        services.save_answer(acting_user=sara, answer=each, value="meets", text="Ja.")
    services.submit_request(acting_user=sara, request=request)
    with pytest.raises(ValidationError, match="inskickat"):
        services.add_answer_evidence(acting_user=sara, answer=answer, upload=factories.upload())
    assert stored_files(media) == []


def test_only_the_suppliers_contact_sends_evidence(media, answer, action, anna, kansliet, other_supplier):
    otto = factories.supplier_contact(other_supplier, name="Otto Other")
    for person in (anna, kansliet, otto):
        with pytest.raises(ValidationError, match="svarar inte för"):
            services.add_answer_evidence(acting_user=person, answer=answer, upload=factories.upload())
        with pytest.raises(ValidationError, match="svarar inte för"):
            audits.add_action_evidence(acting_user=person, action=action, upload=factories.upload())
    assert not AnswerEvidence.objects.exists() and not ActionEvidence.objects.exists()
    assert stored_files(media) == []
