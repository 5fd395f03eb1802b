"""The documents of the finances: the yearly statement as CSV, XLSX and PDF, and a region's fee letter.

Each function takes what ekonomi.statement.build_statement returns (or a fee) and returns
(filename, mimetype, bytes); the views hand that to base.exports.download.
"""

from django.utils.translation import gettext as _

from base.exports import to_csv, to_xlsx
from base.formats import ksek
from base.pdf import render_pdf
from ekonomi.models import Fee

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

COLUMNS = ["kind", "line", "amount_ksek", "amount_sek"]


def _table(statement) -> list[list]:
    return [[line.kind, line.label, ksek(line.amount), line.amount] for line in statement.rows()]


def statement_csv(statement):
    return f"arsbokslut-{statement.year}.csv", CSV, to_csv(COLUMNS, _table(statement))


def statement_xlsx(statement):
    body = to_xlsx(_("Årsbokslut %(year)s") % {"year": statement.year}, COLUMNS, _table(statement))
    return f"arsbokslut-{statement.year}.xlsx", XLSX, body


def statement_pdf(statement):
    body = render_pdf("ekonomi/statement_pdf.html", {"statement": statement})
    return f"arsbokslut-{statement.year}.pdf", PDF, body


def fee_letter_pdf(fee: Fee):
    total_population = sum(
        Fee.objects.unscoped().filter(fiscal_year=fee.fiscal_year).values_list("population", flat=True)
    )
    context = {"fee": fee, "fiscal_year": fee.fiscal_year, "percent": 100 * fee.population / total_population}
    body = render_pdf("ekonomi/fee_letter_pdf.html", context)
    return f"avgift-{fee.fiscal_year.year}-{fee.region.slug}.pdf", PDF, body


STATEMENT_FORMATS = {"csv": statement_csv, "xlsx": statement_xlsx, "pdf": statement_pdf}
