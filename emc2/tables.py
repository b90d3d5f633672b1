"""The one CSV writer of the project: every table a user downloads goes through ``csv_bytes``.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and Excel
also after a leading tab or carriage return), so a team name such as ``=HYPERLINK(...)`` would
run on the reader's machine (OWASP "CSV injection"). Such cells get a leading apostrophe, which
spreadsheets hide and treat as "this is text". Numbers are written as numbers: only strings can
carry a formula, and a negative score must stay a number.

The file is UTF-8 with a byte order mark, so Excel shows accents and non-Latin names right.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def cell_safe(value: Any) -> Any:
    """``value`` as a spreadsheet reads it as plain text; non-strings are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """``rows`` (the header first) as CSV bytes: UTF-8 with BOM, formulas neutralised."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8")
