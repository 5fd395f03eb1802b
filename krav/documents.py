"""The documents of requirements: the uptake matrix as a CSV or XLSX download."""

from django.utils.translation import gettext as _

from base.exports import Column, to_csv, to_xlsx
from krav.models import Requirement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def export_table(rows, regions) -> tuple[list[Column], list[list]]:
    header = [
        Column(_("Krav")),
        Column(_("Version"), kind="int"),
        Column(_("Typ")),
        *[Column(region.short_name) for region in regions],
        Column(_("Täckning (%)"), kind="int"),
    ]
    table = [
        [
            row.version.requirement.title,
            row.version.number,
            str(Requirement.Kind(row.version.requirement.kind).label),
            *[str(cell.uptake.get_used_display()) if cell.uptake else "" for cell in row.cells],
            round(100 * row.coverage) if row.coverage is not None else None,
        ]
        for row in rows
    ]
    return header, table


def uptake_xlsx(rows, regions):
    """The matrix's rows (krav.matrix.build_rows) as (filename, mimetype, bytes)."""
    header, table = export_table(rows, regions)
    return "kravanvandning.xlsx", XLSX, to_xlsx(_("Användning av krav"), header, table)


def uptake_csv(rows, regions):
    header, table = export_table(rows, regions)
    return "kravanvandning.csv", CSV, to_csv(header, table)
