import csv
import io

import pytest

from emc2.tables import csv_bytes


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("Zoë = Ünïcode", "Zoë = Ünïcode"),
        ("", ""),
    ],
)
def test_csv_bytes_neutralises_formula_cells(cell, written):
    assert _read(csv_bytes([["name"], [cell]])) == [["name"], [written]]


def test_csv_bytes_keeps_numbers_as_numbers():
    assert _read(csv_bytes([[-2, 0.5, None]])) == [["-2", "0.5", ""]]
