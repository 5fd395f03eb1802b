"""Every download works on whatever text is stored: rows written before text fields refused control
characters, or by code that skips validation, carry every odd character through each CSV, XLSX and
PDF the system produces; formula-like text is stored as typed and escaped in the spreadsheets."""

import csv
import datetime
import io
import subprocess

import openpyxl
import pytest
from django.db import connection
from django.db.utils import DataError
from django.urls import reverse

from akademi.models import Diploma
from ekonomi.models import Cost, FiscalYear
from regions.models import User
from revisioner.models import Audit, Supplier
from tests.akademi.builders import audit_with
from tests.ekonomi.conftest import demo_finance  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

# Every C0 but NUL (PostgreSQL text cannot hold it; every form refuses it), DEL and every C1; the
# non-characters; marks of direction, zero-width characters, a combining mark and emoji (a surrogate
# pair in UTF-16). Lone surrogates cannot be stored at all (not UTF-8).
CONTROL = "".join(chr(code) for code in [*range(1, 32), *range(0x7F, 0xA0)])
ODD = CONTROL + "\ufffe\uffff\u200e\u200f\u202e\u2066\u200b\u200d\u2060\ufeffe\u0301 🙂👩🏽‍🔬🇸🇪 åäö"
FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-1-1", "@SUM(A1)"]


def odd(prefix: str = "Odd") -> str:
    return prefix + ODD


@pytest.fixture
def stored(anna, kansliet):
    """Rows holding odd text, written past validation as old data or a bulk update would be."""
    audits = [audit_with(anna, status=Audit.Status.CLOSED) for _formula in FORMULAS]
    for audit, formula in zip(audits, FORMULAS, strict=True):
        Supplier.objects.filter(pk=audit.supplier_id).update(name=odd(formula))
        Audit.objects.unscoped().filter(pk=audit.pk).update(site=odd(), audit_firm=odd(), summary=odd())
    User.objects.filter(pk=anna.pk).update(name=odd("Anna"))
    diploma = Diploma.objects.create(user=anna, issued_at=datetime.date(2024, 5, 1), issued_by=kansliet)
    return {"audit": audits[0], "diploma": diploma}


def _rows_of_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    return list(csv.reader(io.StringIO(text), delimiter=";" if header.count(";") > header.count(",") else ","))


def _rows_of_xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _text_of_pdf(response, tmp_path) -> str:
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(response.content)
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.parametrize("page", ["supplier_list", "audit_list"])
def test_the_list_downloads_carry_odd_text_and_escape_formulas(client, anna, stored, page):
    client.force_login(anna)
    query = {"year": 2024} if page == "audit_list" else {}
    csv_cells = [cell for row in _rows_of_csv(client.get(reverse(page), {**query, "format": "csv"})) for cell in row]
    xlsx_cells = [
        cell
        for row in _rows_of_xlsx(client.get(reverse(page), {**query, "format": "xlsx"}))
        for cell in row
        if isinstance(cell, str)
    ]
    for formula in FORMULAS:
        # the supplier's name, as typed after the protective apostrophe; the XLSX without control characters
        assert any(cell.startswith("'" + formula) and "🙂" in cell for cell in csv_cells), formula
        assert any(cell.startswith("'" + formula) and "👩🏽‍🔬" in cell for cell in xlsx_cells), formula
        assert not any(cell.startswith(formula) for cell in csv_cells + xlsx_cells), formula


def test_the_audit_report_pdf_carries_odd_text(client, anna, stored, tmp_path):
    client.force_login(anna)
    text = _text_of_pdf(client.get(reverse("audit_pdf", args=[stored["audit"].pk])), tmp_path)
    assert "=HYPERLINK" in text and "åäö" in text


def test_the_certificate_pdf_carries_odd_text(client, anna, stored, tmp_path):
    client.force_login(anna)
    text = _text_of_pdf(client.get(reverse("diploma_certificate", args=[stored["diploma"].pk])), tmp_path)
    assert "Anna" in text and "åäö" in text


@pytest.mark.usefixtures("demo_finance")
def test_the_statement_is_made_in_csv_xlsx_and_pdf_whatever_its_notes_hold(client, frida, tmp_path):
    FiscalYear.objects.filter(year=2024).update(opening_balance_note=odd("=Ingående"))
    Cost.objects.filter(fiscal_year__year=2024).update(note=odd("@Kostnad"))
    client.force_login(frida)
    url = lambda kind: reverse("fiscal_year_statement", args=[2024, kind])  # noqa: E731
    assert len(_rows_of_csv(client.get(url("csv")))) > 10  # the statement's lines, its notes are on the page
    assert len(_rows_of_xlsx(client.get(url("xlsx")))) > 10
    assert "Årsbokslut 2024" in _text_of_pdf(client.get(url("pdf")), tmp_path)


def test_nul_cannot_be_stored_so_it_is_refused_where_it_enters():
    """Why the stored text above has no NUL: PostgreSQL refuses it (SQLite would keep it)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises((ValueError, DataError)):  # psycopg 3 says DataError, psycopg 2 ValueError
        Supplier.objects.create(name="a\x00b", org_number="5566000008")


def _list_download_urls():
    """Every list page with a download (a FilteredListView whose URL takes no argument)."""
    from django.urls import NoReverseMatch, get_resolver, resolve

    from base.lists import FilteredListView

    names = set()
    for name in get_resolver().reverse_dict:
        if not isinstance(name, str):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the URL names an object
        view_class = getattr(resolve(url).func, "view_class", None)
        if view_class and issubclass(view_class, FilteredListView) and view_class.export_columns:
            names.add(name)  # a list without download columns (the supplier's own lists) offers none
    return sorted(names)


def test_every_list_download_is_made_whatever_the_stored_text_holds(client, kansliet, stored):
    """The supplier names, the audit texts and a person's name hold odd text; every list download of
    the secretariat (who sees every row) is made in CSV and XLSX, and a formula never leaves unescaped."""
    client.force_login(kansliet)
    names = _list_download_urls()
    assert {"supplier_list", "audit_list", "contract_list", "event_list", "incident_list"} <= set(names), names
    for name in names:
        for kind, rows_of in (("csv", _rows_of_csv), ("xlsx", _rows_of_xlsx)):
            response = client.get(reverse(name), {"format": kind})
            cells = [cell for row in rows_of(response) for cell in row if isinstance(cell, str)]
            assert not any(cell.startswith(tuple(FORMULAS)) for cell in cells), (name, kind)
