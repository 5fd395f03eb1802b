"""Swedish number formats for amounts: 1 419 and −1 938 (thin no-break space, real minus sign)."""

THOUSANDS = "\u00a0"  # no-break space, so an amount never wraps
MINUS = "\u2212"
NOTHING = "\u2013"  # en dash: a figure with nothing recorded, never printed as 0


def grouped(number: int) -> str:
    text = f"{abs(int(number)):,}".replace(",", THOUSANDS)
    return f"{MINUS}{text}" if number < 0 else text


def ksek(kronor: int) -> int:
    """Kronor to whole thousands, rounded half away from zero as accountants do."""
    sign = -1 if kronor < 0 else 1
    return sign * ((abs(int(kronor)) + 500) // 1000)


# Swedish alphabetical order puts å, ä, ö after z (databases' collations vary, so sort in Python).
_SWEDISH = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "ö": "z\u0003", "é": "e", "ü": "y"})


def swedish_sort_key(text: str) -> str:
    return str(text).lower().translate(_SWEDISH)
