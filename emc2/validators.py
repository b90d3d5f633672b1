import re
import zoneinfo

from django.core.exceptions import ValidationError

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 11-2 check digit, as ORCID specifies it."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    check = "X" if result == 10 else str(result)
    return digits[-1] == check


def validate_orcid(value: str) -> None:
    if not ORCID_RE.match(value or ""):
        raise ValidationError("An ORCID iD looks like 0000-0002-1825-0097.", code="orcid_format")
    if not orcid_checksum_ok(value):
        raise ValidationError(
            "This ORCID iD has a wrong check digit; please copy it again.", code="orcid_checksum"
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "Unknown time zone %(tz)s; use an IANA name such as Europe/Berlin.",
            code="time_zone",
            params={"tz": value},
        )
