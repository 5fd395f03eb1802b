"""Spreadsheet downloads that open right in Swedish Excel, and whose cells no spreadsheet program runs as
a formula.

A download is a list of ``Column`` (a Swedish heading, a function of a row, the kind of its values and
whether it is summed) and its rows. CSV is UTF-8 with BOM, separated by semicolons, with decimal commas
and ISO dates; XLSX has typed cells (numbers, real dates) with number formats, a frozen bold header row
and sums as ``SUM`` formulas. A missing value (``None``) is an empty cell, never 0.

Rows may hold ``SumRow`` markers: each sums the summed columns of the rows since the previous one. A
table with a summed column and no marker gets one sum row at its end.
"""

import csv
import datetime
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Subquery
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from base.formats import add_figures, figure, is_lower_bound
from base.text import printable
from base.xlsx import Sheet, column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # what Swedish Excel expects, since its decimal separator is the comma
CSV_CHUNK_ROWS = 500  # rows of a streamed CSV download sent at a time
EXPORT_CHUNK_ROWS = 2000  # rows of a download read from the database at a time
XLSX_WIDTH_ROWS = 2000  # rows of an XLSX download whose cells set the columns' widths

KINDS = ("text", "int", "decimal", "amount", "date", "datetime")
# The number format of each kind in XLSX; Excel shows it in the reader's language (1 419, 2024-05-01).
NUMBER_FORMATS = {
    "text": "General",
    "int": "0",
    "decimal": "#,##0.0##",
    "amount": "#,##0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


@dataclass(frozen=True)
class Column:
    """A column of a download: its heading, the function of a row that gives its value, the kind of
    that value (one of KINDS) and whether the download sums it. ``number_format`` overrides the kind's
    XLSX format (e.g. "0.0 %")."""

    label: object
    # the function of a row that gives the cell, or the key of the cell in a row read as values
    value: Callable | str | None = None
    kind: str = "text"
    summed: bool = False
    number_format: str | None = None
    # The labels of the values (a TextChoices class, or value → label): the column shows a value's label,
    # in the language of the download, and a value without one as it is.
    labels: object = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown kind of column: {self.kind!r}")
        if self.summed and self.kind not in ("int", "decimal", "amount"):
            raise ValueError(f"Only numbers are summed, not {self.kind!r}")

    @property
    def xlsx_format(self) -> str:
        return self.number_format or NUMBER_FORMATS[self.kind]

    def reader(self) -> Callable:
        """The function of a row that gives this column's cell, for one download: the labels are
        translated here, once, not at each row (a lazy label looks up the catalogue each time it is
        printed, and that was a third of a 50 000-row download)."""
        value_of = operator.itemgetter(self.value) if isinstance(self.value, str) else self.value
        if self.labels is None:
            return value_of
        choices = self.labels.choices if hasattr(self.labels, "choices") else self.labels.items()
        labels = {value: str(label) for value, label in choices}

        def labelled(row):
            value = value_of(row)
            return labels.get(value, "" if value is None else value)

        return labelled


@dataclass(frozen=True)
class SumRow:
    """A sum row: the summed columns of the rows since the previous sum row, labelled in the first column."""

    label: object = gettext_lazy("Summa")


def as_column(column) -> Column:
    """A Column from a Column, a heading (a text column) or a (heading, function) pair."""
    if isinstance(column, Column):
        return column
    if isinstance(column, tuple):
        return Column(*column)
    return Column(column)


def table(columns, objects) -> list[list]:
    """The rows of a download: each column's value of each object."""
    return list(cells(columns, objects))


def cells(columns, objects):
    """The rows of a download, one at a time: each column's value of each object."""
    readers = [as_column(column).reader() for column in columns]
    for obj in objects:
        yield [read(obj) for read in readers]


def iso_date(value) -> str:
    """A date as text: ISO 8601, which spreadsheets read in any language; empty when missing."""
    return value.isoformat() if value else ""


def safe_cell(value):
    """Text that starts like a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _total(values):
    """The sum of numbers; exact in Decimal when any is one (a float joins it as the number it prints).
    A sum of counts of which one is a lower bound ("över 140") is a lower bound too."""
    if any(isinstance(value, Decimal) for value in values):
        return sum(Decimal(repr(value)) if isinstance(value, float) else value for value in values)
    if any(is_lower_bound(value) for value in values):
        return add_figures(values)
    return sum(values)


def _lower_bound_format(number_format: str) -> str:
    """The XLSX number format of a lower bound: the number stays a number, shown "över 560"."""
    prefix = gettext("över %(number)s").split("%(number)s")[0]
    return f'"{prefix}"{number_format}'


def _yes_no(value: bool) -> str:
    return gettext("Ja") if value else gettext("Nej")


def _local(value):
    """A datetime in local time without its zone (spreadsheets have none); dates stay dates."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def csv_text(value) -> str:
    """One CSV cell: numbers with a decimal comma, dates in ISO 8601, text formula-safe, None empty."""
    kind = type(value)
    if kind is str:  # most cells, first (an AtLeast or a SafeString takes the long way below)
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if kind is datetime.date:
        return value.isoformat()
    if isinstance(value, bool):
        return _yes_no(value)
    if is_lower_bound(value):
        return figure(value).replace("\u00a0", " ")  # "över 560", as published: text, not a bare number
    if isinstance(value, int):
        return str(value)  # a hyphen-minus, so Excel reads −1 938 as a number
    if isinstance(value, float | Decimal):
        text = format(value if isinstance(value, Decimal) else Decimal(repr(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(safe_cell(str(value)))


def _groups(columns, rows):
    """The rows as ("row", values) and ("sum", label, {index: [numbers]}) in order, one at a time: a
    download of any size is written as it is read. Only the numbers of the summed columns are kept."""
    summed = [index for index, column in enumerate(columns) if column.summed]
    group: dict[int, list] = {index: [] for index in summed}
    marked = seen = False
    for row in rows:
        if isinstance(row, SumRow):
            marked = True
            yield "sum", row.label, group
            group = {index: [] for index in summed}
            continue
        seen = True
        yield "row", row
        for index in summed:
            if _is_number(row[index]):
                group[index].append(row[index])
    if summed and seen and not marked:
        yield "sum", SumRow().label, group


def _label_index(columns) -> int | None:
    """Where a sum row's label goes: the first column that is not summed."""
    return next((index for index, column in enumerate(columns) if not column.summed), None)


class _Line:
    """A file-like object for csv.writer that hands back what it was given."""

    def write(self, text):
        return text


def iter_csv(columns, rows, *, delimiter: str = CSV_DELIMITER):
    """``rows`` (lists of values, and SumRow markers) under the ``columns``' headings, as CSV bytes, a
    chunk at a time (for a streamed download): UTF-8 with BOM, so Excel reads å, ä, ö."""
    columns = [as_column(column) for column in columns]
    label_at = _label_index(columns)
    writer = csv.writer(_Line(), delimiter=delimiter)
    chunk = ["\ufeff", writer.writerow([csv_text(str(column.label)) for column in columns])]
    for kind, *rest in _groups(columns, rows):
        if kind == "row":
            chunk.append(writer.writerow([csv_text(value) for value in rest[0]]))
        else:
            label, sums = rest
            cells = [""] * len(columns)
            if label_at is not None:
                cells[label_at] = csv_text(str(label))
            for index, values in sums.items():
                cells[index] = csv_text(_total(values)) if values else ""
            chunk.append(writer.writerow(cells))
        if len(chunk) >= CSV_CHUNK_ROWS:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    yield "".join(chunk).encode("utf-8")


def to_csv(columns, rows, *, delimiter: str = CSV_DELIMITER) -> bytes:
    """``rows`` (lists of values, and SumRow markers) under the ``columns``' headings, as CSV bytes."""
    return b"".join(iter_csv(columns, rows, delimiter=delimiter))


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return _yes_no(value)
    if _is_number(value) or isinstance(value, datetime.date):
        return _local(value)
    return safe_cell(printable(str(value)))


def _width(value) -> int:
    return len(str(value)) if value is not None else 8


def to_xlsx(title: str, columns, rows) -> bytes:
    """``rows`` (lists of values, and SumRow markers) under the ``columns``' headings, as an XLSX workbook.

    Written row by row (base.xlsx), so a download of any size takes little memory; the columns'
    widths are those of the first XLSX_WIDTH_ROWS rows, which are read before any is written. Text is
    always written as text, never read as a formula or a link; a sum is a SUM formula with its value."""
    columns = [as_column(column) for column in columns]
    label_at = _label_index(columns)
    header = [safe_cell(printable(str(column.label))) for column in columns]
    groups = _groups(columns, rows)
    first = list(itertools.islice(groups, XLSX_WIDTH_ROWS))
    widths = [_width(value) for value in header]
    for kind, *rest in first:
        cells = [_xlsx_value(value) for value in rest[0]] if kind == "row" else [None] * len(columns)
        if kind == "sum" and label_at is not None:
            cells[label_at] = rest[0]
        widths = [max(width, _width(value)) for width, value in zip(widths, cells, strict=True)]
    sheet = Sheet(title, [min(width + 2, 60) for width in widths])

    number_formats = [column.xlsx_format for column in columns]
    typed = [sheet.style(number_format) for number_format in number_formats]
    dated = [
        sheet.style(number_format if number_format != "General" else NUMBER_FORMATS["date"])
        for number_format in number_formats
    ]
    bold = sheet.style(bold=True)
    sheet.row([(index, "text", value, bold) for index, value in enumerate(header) if value])
    group_start = 2  # the first row of the rows a sum row sums, as Excel counts rows (the header is 1)
    for kind, *rest in itertools.chain(first, groups):
        if kind == "row":
            cells = []
            for index, value in enumerate(rest[0]):
                kind = type(value)
                if kind is str:  # most cells, first (as in csv_text)
                    if value:
                        cells.append((index, "text", safe_cell(printable(value)), 0))
                    continue
                if kind is int:
                    cells.append((index, "number", value, typed[index]))
                    continue
                value = _xlsx_value(value)
                if value is None:
                    continue
                if type(value) is str:
                    if value:
                        cells.append((index, "text", value, 0))
                elif isinstance(value, datetime.date):
                    cells.append((index, "date", value, dated[index]))
                elif is_lower_bound(value):
                    cells.append((index, "number", value, sheet.style(_lower_bound_format(number_formats[index]))))
                elif isinstance(value, str):
                    cells.append((index, "text", str(value), 0))
                else:
                    cells.append((index, "number", value, typed[index]))
            sheet.row(cells)
        else:
            label, sums = rest
            line = sheet.line + 1  # this sum row's
            cells = []
            if label_at is not None:
                cells.append((label_at, "text", safe_cell(printable(str(label))), bold))
            for index, values in sums.items():
                if values:  # an empty group or a column without a value has no sum, not 0
                    letter = column_letter(index)
                    formula = f"SUM({letter}{group_start}:{letter}{line - 1})"
                    number_format = number_formats[index]
                    if any(is_lower_bound(value) for value in values):
                        number_format = _lower_bound_format(number_format)
                    cells.append((index, "formula", (formula, _total(values)), sheet.style(number_format, bold=True)))
                else:
                    cells.append((index, "blank", None, bold))
            sheet.row(sorted(cells, key=operator.itemgetter(0)))  # a row's cells go left to right
            group_start = line + 1
    return sheet.close()


class JoinedTexts(Subquery):
    """The values of a one-column queryset (in its order) joined by ", " into one text, as one correlated
    subquery: a many-to-many column of a download without a query per row. Empty when there are none."""

    output_field = CharField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        sql, params = super().as_sql(compiler, connection, template, **extra_context)  # "(SELECT ...)"
        if connection.vendor == "postgresql":
            return f"COALESCE(ARRAY_TO_STRING(ARRAY{sql}, ', '), '')", params
        # SQLite: GROUP_CONCAT over the subquery keeps its order; its one column is named as the field
        column = connection.ops.quote_name(self.query.values_select[0])
        return f"COALESCE((SELECT GROUP_CONCAT({column}, ', ') FROM {sql}), '')", params  # noqa: S608 (names, not input)


def download(filename: str, mimetype: str, body) -> HttpResponse:
    """A document as a download: what the renderers return, (filename, mimetype, bytes); ``body`` may
    also be an iterator of bytes (iter_csv), which is then streamed as it is written."""
    if isinstance(body, bytes | str):
        response = HttpResponse(body, content_type=mimetype)
    else:
        response = StreamingHttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
