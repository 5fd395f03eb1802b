"""The documents of the finances: the yearly statement as CSV, XLSX and PDF, and a region's fee letter.

Each function takes what ekonomi.statement.build_statement returns (or a fee) and returns
(filename, mimetype, bytes); the views hand that to base.exports.download.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy

from base.exports import Column, SumRow, to_csv, to_xlsx
from base.pdf import render_pdf
from ekonomi.models import Fee

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

# The kind of each line of the statement (ekonomi.statement.Line.kind), in the download's words.
KINDS = {
    "opening_balance": gettext_lazy("Ingående balans"),
    "closing_balance": gettext_lazy("Utgående balans"),
    "fee": gettext_lazy("Avgift"),
    "cost": gettext_lazy("Kostnad"),
}

COLUMNS = [
    Column(gettext_lazy("Typ")),
    Column(gettext_lazy("Post")),
    Column(gettext_lazy("Belopp (tkr)"), kind="amount", summed=True),
    Column(gettext_lazy("Belopp (kr)"), kind="amount", summed=True),
]


def _thousands(kronor):
    """Kronor in thousands, exact: the sheet shows it rounded (#,##0) and sums what it holds, so a sum
    in tkr is the page's rounded sum, not a sum of rounded lines. None stays None."""
    return None if kronor is None else Decimal(kronor) / 1000


def _table(statement) -> list:
    """The statement's lines in its order; each of its sums (a line of kind ``*_total``) is a sum row
    of the lines above it, a SUM formula in XLSX."""
    rows = []
    for line in statement.rows():
        if line is None:
            continue
        if line.kind.endswith("_total"):
            rows.append(SumRow(line.label))
        else:
            rows.append([str(KINDS.get(line.kind, line.kind)), line.label, _thousands(line.amount), line.amount])
    return rows


def _filename(statement, extension):
    """arsbokslut-2024.pdf for a closed year; preliminar-2025.pdf for one that is not (never "årsbokslut")."""
    name = "preliminar" if statement.is_preliminary else "arsbokslut"
    return f"{name}-{statement.year}.{extension}"


def statement_csv(statement):
    return _filename(statement, "csv"), CSV, to_csv(COLUMNS, _table(statement))


def statement_xlsx(statement):
    body = to_xlsx(statement.title, COLUMNS, _table(statement))
    return _filename(statement, "xlsx"), XLSX, body


def statement_pdf(statement):
    body = render_pdf("ekonomi/statement_pdf.html", {"statement": statement})
    return _filename(statement, "pdf"), PDF, body


def fee_letter_pdf(fee: Fee):
    total_population = sum(
        Fee.objects.unscoped().filter(fiscal_year=fee.fiscal_year).values_list("population", flat=True)
    )
    context = {"fee": fee, "fiscal_year": fee.fiscal_year, "percent": 100 * fee.population / total_population}
    body = render_pdf("ekonomi/fee_letter_pdf.html", context)
    return f"avgift-{fee.fiscal_year.year}-{fee.region.slug}.pdf", PDF, body


STATEMENT_FORMATS = {"csv": statement_csv, "xlsx": statement_xlsx, "pdf": statement_pdf}
