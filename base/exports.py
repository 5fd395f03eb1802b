"""Spreadsheet downloads: CSV and XLSX cells that no spreadsheet program runs as a formula."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def iso_date(value) -> str:
    """A date cell of a download: ISO 8601, which spreadsheets read in any language; empty when missing."""
    return value.isoformat() if value else ""


def safe_cell(value):
    """Text that starts like a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # with BOM, so Excel reads å, ä, ö


def to_xlsx(title: str, header: list[str], rows: list[list], number_format: str = "#,##0") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = number_format
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(len(str(c.value or "")) for c in column) + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(filename: str, mimetype: str, body: bytes) -> HttpResponse:
    """A document as a download: what the renderers return, (filename, mimetype, bytes)."""
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
