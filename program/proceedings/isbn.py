"""ISBN-10 and ISBN-13 check digits.

Only the check digit is verified: registration-group ranges (hyphenation) change over time and
are not needed to catch typos, which is what the form wants.
"""

from django.core.exceptions import ValidationError

_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013")


def isbn_normalize(value: str) -> str:
    """Digits only (and a final upper-case X for ISBN-10); spaces and hyphens dropped."""
    text = (value or "").strip()
    if text.upper().startswith("ISBN"):
        text = text[4:].lstrip(":").strip()
    return text.translate(_SEPARATORS).upper()


def _isbn10_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits[:9].isdigit():
        return False
    if not (digits[9].isdigit() or digits[9] == "X"):
        return False
    values = [int(c) for c in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
    return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0


def _isbn13_ok(digits: str) -> bool:
    if len(digits) != 13 or not digits.isdigit() or digits[:3] not in {"978", "979"}:
        return False
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
    return total % 10 == 0


def isbn_is_valid(value: str) -> bool:
    digits = isbn_normalize(value)
    return _isbn10_ok(digits) or _isbn13_ok(digits)


def validate_isbn(value: str) -> None:
    """Django validator (model fields, forms, serializers): empty is allowed (ISBN optional)."""
    if not (value or "").strip():
        return
    if not isbn_is_valid(value):
        raise ValidationError(
            "Enter a valid ISBN-10 or ISBN-13 (the check digit does not match).",
            code="invalid_isbn",
        )
