import pytest
from django.core.exceptions import ValidationError

from program.proceedings.isbn import isbn_is_valid, isbn_normalize, validate_isbn


@pytest.mark.parametrize(
    "value",
    ["978-3-16-148410-0", "9783161484100", "ISBN 978 0 306 40615 7", "0-306-40615-2", "080442957X",
     "0-8044-2957-x", "979-10-90636-07-1"],
)  # fmt: skip
def test_isbn_valid(value):
    assert isbn_is_valid(value) is True
    validate_isbn(value)  # does not raise


@pytest.mark.parametrize(
    "value",
    ["978-3-16-148410-1", "0-306-40615-3", "977-3-16-148410-0", "12345", "X806442957",
     "978316148410A", "abcdefghij"],
)  # fmt: skip
def test_isbn_invalid(value):
    assert isbn_is_valid(value) is False
    with pytest.raises(ValidationError) as excinfo:
        validate_isbn(value)
    assert excinfo.value.code == "invalid_isbn"


def test_isbn_empty_is_allowed_by_the_validator():
    validate_isbn("")
    validate_isbn("   ")


def test_isbn_normalize_drops_prefix_and_separators():
    assert isbn_normalize(" ISBN: 0-8044-2957-x ") == "080442957X"
