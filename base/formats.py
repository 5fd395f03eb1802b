"""Swedish number formats for amounts: 1 419 and −1 938 (thin no-break space, real minus sign); short dates."""

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

THOUSANDS = "\u00a0"  # no-break space, so an amount never wraps
MINUS = "\u2212"
NOTHING = "\u2013"  # en dash: a figure with nothing recorded, never printed as 0


def grouped(number: int) -> str:
    text = f"{abs(int(number)):,}".replace(",", THOUSANDS)
    return f"{MINUS}{text}" if number < 0 else text


class AtLeast(int):
    """A figure known only as a lower bound, as published ("över 560"): an int, so it sorts, charts
    and compares as its number, but every place that prints it (``figure``, the ``kr`` filter, the
    downloads) says "över". Arithmetic gives a plain int: add lower bounds with ``add_figures``."""

    lower_bound = True

    def __repr__(self):
        return f"AtLeast({int(self)})"


def is_lower_bound(number) -> bool:
    return getattr(number, "lower_bound", False)


def add_figures(numbers) -> int | None:
    """The sum of the recorded figures (None when none is): a lower bound if any of them is one."""
    recorded = [number for number in numbers if number is not None]
    if not recorded:
        return None
    total = sum(int(number) for number in recorded)
    return AtLeast(total) if any(is_lower_bound(number) for number in recorded) else total


def figure(number) -> str:
    """A count as printed: "1 419", "över 560" for a lower bound, "–" when nothing is recorded."""
    if number is None or number == "":
        return NOTHING
    if is_lower_bound(number):
        return gettext("över %(number)s") % {"number": grouped(number)}
    return grouped(number)


def ksek(kronor: int) -> int:
    """Kronor to whole thousands, rounded half away from zero as accountants do."""
    sign = -1 if kronor < 0 else 1
    return sign * ((abs(int(kronor)) + 500) // 1000)


# Swedish alphabetical order puts å, ä, ö after z (databases' collations vary, so sort in Python).
_SWEDISH = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "ö": "z\u0003", "é": "e", "ü": "y"})


def swedish_sort_key(text: str) -> str:
    return str(text).lower().translate(_SWEDISH)


# Swedish short dates as Språkrådet abbreviates the months: "12 nov. 2024", "3 maj 2024", never
# "12 Nov 2024" (Django's "M" capitalises). Other languages keep Django's "j M Y".
SWEDISH_MONTHS_SHORT = {
    1: "jan.", 2: "feb.", 3: "mars", 4: "apr.", 5: "maj", 6: "juni",
    7: "juli", 8: "aug.", 9: "sep.", 10: "okt.", 11: "nov.", 12: "dec.",
}  # fmt: skip


def short_date(value, language: str, with_time: bool = False) -> str:
    """A date (or a local datetime) as "12 nov. 2024" in Swedish, "12 Nov 2024" otherwise; with_time adds " 14:05"."""
    if language.split("-")[0] == "sv":
        text = f"{value.day} {SWEDISH_MONTHS_SHORT[value.month]} {value.year}"
    else:
        text = date_format(value, "j M Y")
    return f"{text} {value:%H:%M}" if with_time else text
