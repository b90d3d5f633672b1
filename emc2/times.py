"""One way to show an instant: in the edition's time zone, for pages, PDFs, e-mails and exports.

The database and snapshots keep UTC. Anything a person reads (a page, the booklet, a mail, a
CSV cell, an iCal DTSTART) is the venue's wall-clock time and must come from ``local``.

Django's ``date`` and ``time`` template filters convert an aware datetime to the *current* time
zone (the server's, UTC) before formatting, unless it carries ``convert_to_local_time = False``;
that conversion is how the booklet came to print 13:30 for an 08:30 welcome. ``local`` returns
datetimes flagged that way, so ``{{ value|local:edition|time:"H:i" }}`` prints venue time
whatever zone is active.
"""

import datetime as dt
import zoneinfo
from typing import Any


def zone(where: Any) -> zoneinfo.ZoneInfo:
    """A ZoneInfo from a ZoneInfo, an IANA name, or anything with a ``tz`` (an edition)."""
    if isinstance(where, dt.tzinfo):
        return where
    if isinstance(where, str):
        return zoneinfo.ZoneInfo(where or "UTC")
    tz = getattr(where, "tz", None)
    if tz is None:
        raise TypeError(f"No time zone in {where!r}.")
    return tz


class _Local(dt.datetime):
    """A datetime that Django's template filters print as is (see the module docstring)."""

    convert_to_local_time = False


def local(value: dt.datetime | str | None, where: Any) -> dt.datetime | None:
    """``value`` (aware datetime or ISO 8601 string) in the zone of ``where``.

    A naive datetime is taken as already being wall-clock time there.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    tz = zone(where)
    value = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
    result = _Local(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=value.tzinfo,
        fold=value.fold,
    )
    return result


def local_format(value: dt.datetime | str | None, where: Any, fmt: str = "%H:%M") -> str:
    """``value`` in the zone of ``where``, formatted with ``strftime`` (empty for None)."""
    moment = local(value, where)
    return moment.strftime(fmt) if moment is not None else ""
