"""Every PDF the system makes is an accessible document (PDF/UA-1): tagged, so a screen reader gets its
headings, tables with their header cells and figures with a text alternative, and with the title and
the language a reader announces. Read back as a reader would: pdfinfo, and the PDF's own catalogue."""

import datetime
import re
import subprocess
import zlib

from django.utils import translation

from akademi.documents import certificate_pdf
from akademi.models import Diploma
from ekonomi.documents import fee_letter_pdf, statement_pdf
from ekonomi.models import Fee, FiscalYear
from ekonomi.statement import build_statement
from hallbar.report import build_report_pdf
from revisioner.documents import audit_report
from revisioner.models import Audit
from revisioner.views.common import by_clause


def pdfinfo(pdf: bytes, tmp_path, *options) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects as text, the compressed object streams (where the catalogue is) opened."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match[1]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def assert_accessible(pdf: bytes, tmp_path, *, title: str, headings=("H1",), language="sv") -> str:
    info = pdfinfo(pdf, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M), info
    objects = pdf_objects(pdf)
    assert re.search(rb"/Lang\s*\(" + language.encode() + rb"\)", objects), f"the document's language is not {language}"
    assert b'pdfuaid:part="1"' in objects, "not declared PDF/UA-1"
    structure = pdfinfo(pdf, tmp_path, "-struct")
    for heading in headings:
        assert re.search(rf"^\s*{heading}\b", structure, re.M), f"no {heading} heading"
    # Every table's header cells are tagged as such, and every data cell points at its headers.
    if re.search(r"^\s*Table\b", structure, re.M):
        assert re.search(r"^\s*TH\b", structure, re.M), "a table without header cells"
        assert "/Headers" in pdfinfo(pdf, tmp_path, "-struct-text")
    # Every figure (SVG chart, image) carries its text alternative.
    figures = len(re.findall(rb"/S\s*/Figure\b", objects))
    assert len(re.findall(rb"/Alt\s*[(<]", objects)) >= figures, "a figure without a text alternative"
    return structure


def test_the_activity_report_is_tagged_with_chapters_as_headings_and_charts_described(demo_programme, tmp_path):
    pdf = build_report_pdf(2024)
    structure = assert_accessible(pdf, tmp_path, title="Verksamhetsrapport 2024", headings=("H1", "H2"))
    assert len(re.findall(r"^\s*H2\b", structure, re.M)) >= 8  # contents, the chapters, the back page
    assert re.search(rb"/S\s*/Figure\b", pdf_objects(pdf)), "the report's charts are not tagged as figures"


def test_the_statement_the_fee_letter_the_audit_report_and_the_diploma_are_tagged(demo_programme, kansliet, tmp_path):
    _name, _type, statement = statement_pdf(build_statement(FiscalYear.objects.get(year=2024)))
    assert_accessible(statement, tmp_path, title="Årsbokslut 2024", headings=("H1", "H2"))

    fee = Fee.objects.unscoped().filter(fiscal_year__year=2024).select_related("region").first()
    _name, _type, letter = fee_letter_pdf(fee)
    assert_accessible(letter, tmp_path, title=f"Avgiftsbrev 2024 {fee.region.name}")

    audit = Audit.objects.unscoped().filter(deviations__isnull=False, template__isnull=False).first()
    criteria = list(audit.template.criteria.select_related("clause"))
    groups = by_clause(criteria, {rating.criterion_id: rating for rating in audit.ratings.all()})
    _name, _type, report = audit_report(audit, groups=groups, deviations=list(audit.deviations.all()))
    title = f"{audit.get_kind_display()} {audit.supplier.name}"
    assert_accessible(report, tmp_path, title=title, headings=("H1", "H2", "H3"))

    diploma = Diploma.objects.create(user=kansliet, issued_at=datetime.date(2024, 5, 1), issued_by=kansliet)
    structure = assert_accessible(certificate_pdf(diploma), tmp_path, title="Diplom Karin Kansli")
    # The programme's steps are a list, not a table without headers.
    assert re.search(r"^\s*L\b", structure, re.M) and not re.search(r"^\s*Table\b", structure, re.M)


def test_a_document_made_in_english_says_it_is_in_english(demo_programme, tmp_path):
    """A reader with the interface in English gets the audit report and the fee letter in English, and the
    PDF says so (WCAG 3.1.1): a screen reader reading English text with a Swedish voice is unintelligible."""
    with translation.override("en"):
        fee = Fee.objects.unscoped().filter(fiscal_year__year=2024).select_related("region").first()
        _name, _type, letter = fee_letter_pdf(fee)
        audit = Audit.objects.unscoped().filter(deviations__isnull=False, template__isnull=False).first()
        _name, _type, report = audit_report(audit, groups=[], deviations=list(audit.deviations.all()))
        title = f"{audit.get_kind_display()} {audit.supplier.name}"
    assert_accessible(letter, tmp_path, title=f"Fee letter 2024 {fee.region.name}", language="en")
    assert_accessible(report, tmp_path, title=title, headings=("H1", "H2"), language="en")
    assert not title.startswith(("Revision", "Självskattning")), title
