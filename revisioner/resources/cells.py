"""Reading the cells of an imported file, and the problems found in it, by line and column."""

import datetime

from django.utils.translation import gettext as _

from base.exports import FORMULA_PREFIXES

LIST_SEPARATOR = ";"
YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}
YEARS = range(1990, 2101)


# Reading cells ---------------------------------------------------------------------------------


def cell(value) -> str:
    """A cell as text: numbers from a spreadsheet without ".0", and a cell this app exported with
    a protective apostrophe ("'=…") as it was."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def listed(value) -> list[str]:
    """``"A; B;"`` as ``["A", "B"]``."""
    return [part.strip() for part in cell(value).split(LIST_SEPARATOR) if part.strip()]


def to_date(value) -> datetime.date | None:
    """An ISO date (2024-03-01) or a spreadsheet date; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell(value)
    return datetime.date.fromisoformat(text[:10]) if text else None


def to_whole_number(value) -> int | None:
    """A whole number of 0 or more ("1 200 000" too); ValueError otherwise."""
    text = cell(value).replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


class Problems(list):
    """The problems of a file, each naming the spreadsheet line and, where there is one, the column."""

    def add(self, line: int, column: str, message: str) -> None:
        self.append(
            _("Rad %(line)d, kolumn %(column)s: %(message)s") % {"line": line, "column": column, "message": message}
        )

    def add_to_row(self, line: int, message: str) -> None:
        self.append(_("Rad %(line)d: %(message)s") % {"line": line, "message": message})
