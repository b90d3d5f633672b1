import pytest
from django.core.exceptions import ValidationError

from emc2.validators import validate_orcid, validate_time_zone


@pytest.mark.parametrize(
    "orcid",
    ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"],
    ids=["plain", "another", "check-digit-X"],
)
def test_validate_orcid_accepts_valid_ids(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize(
    ("orcid", "code"),
    [
        ("0000-0002-1825-0098", "orcid_checksum"),
        ("0000-0002-1694-2330", "orcid_checksum"),
        ("0000000218250097", "orcid_format"),
        ("https://orcid.org/0000-0002-1825-0097", "orcid_format"),
        ("", "orcid_format"),
    ],
    ids=["wrong-digit", "wrong-X", "no-dashes", "url", "empty"],
)
def test_validate_orcid_rejects_bad_ids(orcid, code):
    with pytest.raises(ValidationError) as exc:
        validate_orcid(orcid)
    assert exc.value.code == code


def test_validate_time_zone_rejects_unknown_names():
    validate_time_zone("Etc/GMT+12")
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus_Mons")
