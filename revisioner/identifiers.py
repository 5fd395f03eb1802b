"""Supplier identifiers: the Swedish organisation number and names normalised for duplicate checks."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def luhn_ok(digits: str) -> bool:
    """The Luhn check (modulus 10) over all digits, the last being the check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """``5560000000``, ``556000-0000`` or ``16556000-0000`` as ``556000-0000``; a ValidationError
    that says what is wrong otherwise."""
    raw = str(value or "").strip()
    digits = re.sub(r"[\s-]", "", raw)
    if len(digits) == 12 and digits.startswith("16"):  # the century prefix some registers print
        digits = digits[2:]
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            _("Organisationsnumret %(value)s ska ha tio siffror (NNNNNN-NNNN).") % {"value": raw}, code="format"
        )
    if not luhn_ok(digits):
        raise ValidationError(
            _("Organisationsnumret %(value)s har fel kontrollsiffra.") % {"value": raw}, code="check_digit"
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalise_org_number(value)


def with_check_digit(nine_digits: str) -> str:
    """The organisation number that nine digits make with their Luhn check digit (demo and tests)."""
    for check in "0123456789":
        if luhn_ok(nine_digits + check):
            return f"{nine_digits[:6]}-{nine_digits[6:]}{check}"
    raise AssertionError("unreachable")


LEGAL_FORMS = re.compile(r"\b(ab|aktiebolag|publ|gmbh|ltd|limited|inc|oy|as|a/s|bv|nv|sa|srl|llc|co|kg|ag)\b")


def normalise_name(name: str) -> str:
    """A name for comparison: lower case, no accents, legal forms, punctuation or extra spaces,
    so "Abcur AB" and "ABCUR" compare equal."""
    text = unicodedata.normalize("NFKD", str(name or "").lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())
