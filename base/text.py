"""Text the system accepts: no control characters.

A control character (Unicode category Cc: C0, DEL and C1; here also U+FFFE and U+FFFF) is invisible
on a page, breaks an XLSX download and means nothing in a name or a description. Text fields refuse
it with a message naming the character; an import strips it with a warning naming line and column.
Tab and newline are text; a carriage return is text only as part of a newline ("\\r\\n", what a
browser sends from a textarea).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Cc except tab (U+0009) and line feed (U+000A); CR (U+000D) only when a line feed does not follow;
# and the two non-characters XML cannot hold (an XLSX with U+FFFE does not open).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|\r(?!\n)")


def code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def refuse_control_characters(value) -> None:
    """The validator of every text field: a ValidationError naming the first control character."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _("Tecknet %(character)s är inte tillåtet i texten.") % {"character": code_point(found.group())},
            code="control_character",
        )


def strip_control_characters(text: str) -> tuple[str, list[str]]:
    """The text without its control characters, and the characters removed (as U+XXXX, once each)."""
    removed = list(dict.fromkeys(code_point(found) for found in CONTROL_CHARACTERS.findall(text)))
    return (CONTROL_CHARACTERS.sub("", text) if removed else text), removed


def printable(value):
    """A value an XLSX cell holds: text without control characters (a row stored before text fields
    refused them must still download); anything else as it is."""
    if isinstance(value, str):
        # Printable text holds none of them (each is unprintable): most cells skip the expression.
        return value if value.isprintable() else CONTROL_CHARACTERS.sub("", value)
    return value
