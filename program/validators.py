"""Validators shared by the program's models, forms and serializers."""

import re

from django.core.exceptions import ValidationError

COLOUR_RE = re.compile(r"^#[0-9a-f]{6}$")

# Colours handed to types and tracks made without one (the importer, sessions booked by kind
# only): distinct hues, each dark enough for white text and visible on white.
PALETTE = (
    "#1f6feb",
    "#b35900",
    "#2d7d46",
    "#a3268c",
    "#8250df",
    "#c0392b",
    "#0b7285",
    "#5c6b00",
)


def colour_clean(value: str) -> str:
    """``value`` as lower-case ``#rrggbb``; raises ValidationError for anything else."""
    colour = (value or "").strip().lower()
    if not COLOUR_RE.match(colour):
        raise ValidationError(
            f"“{value}” is not a colour: use the form #rrggbb (e.g. #1f6feb).", code="colour"
        )
    return colour


def validate_colour(value: str) -> None:
    colour_clean(value)
