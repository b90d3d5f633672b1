"""When speakers can speak: their availability per edition, and the schedule warning for it.

A person with no ``SpeakerAvailability`` rows for an edition is available all the time. With
rows, a scheduled item of theirs must lie inside one of the spans, else the schedule checks of
program.services warn (``speaker_unavailable``, overridable like a double booking). Sessions
whose times are to be announced (``times_tba``) are exempt: their times only order the day.

``availability_set`` replaces all of a person's spans for an edition. It takes aware
datetimes (an instant), naive ones or ISO 8601 strings: a string with an offset is that
instant; a naive value is wall-clock time at the venue, read in the edition's zone, and is
refused when that local time does not exist (the spring-forward gap) or is ambiguous (the
autumn fold), since either would guess the speaker's meaning. Spans are merged (overlapping
or touching spans become one) and must lie inside the edition's days.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from emc2.models import Edition, Person
from emc2.times import local_format
from program.exceptions import ProgramError
from program.models import SpeakerAvailability

MAX_SPANS = 100
UTC = dt.UTC


def _fmt(edition: Edition, value: dt.datetime) -> str:
    return local_format(value, edition, "%a %d %b %H:%M")


def edition_bounds(*, edition: Edition) -> tuple[dt.datetime, dt.datetime]:
    """The instants the edition's days begin and end (venue midnight to midnight)."""
    tz = edition.tz
    first = edition.start_date
    last = edition.end_date or edition.start_date
    return (
        dt.datetime.combine(first, dt.time(0), tzinfo=tz),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
    )


def edition_days(*, edition: Edition) -> list[dt.date]:
    last = edition.end_date or edition.start_date
    return [
        edition.start_date + dt.timedelta(days=n)
        for n in range((last - edition.start_date).days + 1)
    ]


def venue_time(*, edition: Edition, value: dt.datetime, what: str = "The time") -> dt.datetime:
    """A naive wall-clock time at the venue as an instant; ProgramError when the edition's
    zone skips it (DST gap) or has it twice (DST fold)."""
    tz = edition.tz
    shown = value.strftime("%Y-%m-%d %H:%M")
    aware = value.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != value.replace(fold=0):
        raise ProgramError(
            f"{what} {shown} does not exist in {edition.time_zone}: the clocks skip it "
            "(daylight saving time starts). Pick a time before or after the change.",
            field="spans",
        )
    if aware.utcoffset() != value.replace(tzinfo=tz, fold=1).utcoffset():
        raise ProgramError(
            f"{what} {shown} happens twice in {edition.time_zone} (daylight saving time ends), "
            "so it is ambiguous. Give it with its UTC offset, or pick another time.",
            field="spans",
        )
    return aware


def _moment(value, *, edition: Edition, what: str) -> dt.datetime:
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 40:
            raise ProgramError(f"{what} is not a date and time.", field="spans")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ProgramError(
                f"{what} “{text}” is not an ISO 8601 date and time "
                "(e.g. 2030-12-13T09:00 or 2030-12-13T09:00-08:00).",
                field="spans",
            ) from None
    if not isinstance(value, dt.datetime):
        raise ProgramError(f"{what} is not a date and time.", field="spans")
    if value.tzinfo is None or value.utcoffset() is None:
        value = venue_time(edition=edition, value=value, what=what)
    try:
        # Shown in the venue's zone below: a value at the ends of the calendar cannot be.
        value.astimezone(UTC).astimezone(edition.tz)
    except OverflowError:
        raise ProgramError(f"{what} is out of range.", field="spans") from None
    return value


def spans_merge(spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple]:
    """Sorted spans, overlapping or touching ones joined into one."""
    merged: list[list[dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def availability_clean(*, edition: Edition, spans) -> list[tuple[dt.datetime, dt.datetime]]:
    """The spans as merged instants, or ProgramError naming the first bad span (1-based)."""
    spans = list(spans)
    if len(spans) > MAX_SPANS:
        raise ProgramError(
            f"At most {MAX_SPANS} spans per person and edition ({len(spans)} given).",
            field="spans",
        )
    first, last = edition_bounds(edition=edition)
    out = []
    for n, span in enumerate(spans, start=1):
        try:
            raw_start, raw_end = span
        except (TypeError, ValueError):
            raise ProgramError(f"Span {n} needs a start and an end.", field="spans") from None
        start = _moment(raw_start, edition=edition, what=f"Span {n}: the start")
        end = _moment(raw_end, edition=edition, what=f"Span {n}: the end")
        if end <= start:
            raise ProgramError(f"Span {n} must end after it starts.", field="spans")
        if start < first or end > last:
            raise ProgramError(
                f"Span {n} ({_fmt(edition, start)}–{_fmt(edition, end)}) lies outside the "
                f"edition's days ({_fmt(edition, first)}–{_fmt(edition, last)}, "
                f"{edition.time_zone}).",
                field="spans",
            )
        out.append((start.astimezone(UTC), end.astimezone(UTC)))
    return spans_merge(out)


@transaction.atomic
def availability_set(*, person: Person, edition: Edition, spans) -> list[SpeakerAvailability]:
    """Replace ``person``'s availability for ``edition`` with ``spans`` (pairs of start and
    end; see the module docstring for what a value may be). An empty list means available
    all the time. Raises ProgramError for a bad span; nothing is written then."""
    cleaned = availability_clean(edition=edition, spans=spans)
    # Lock the person (lock order: session -> item -> person): two saves of one person's
    # spans at once must not interleave their delete and insert.
    Person.objects.select_for_update(no_key=True).filter(pk=person.pk).first()
    SpeakerAvailability.objects.filter(person=person, edition=edition).delete()
    return SpeakerAvailability.objects.bulk_create(
        SpeakerAvailability(person=person, edition=edition, start=s, end=e) for s, e in cleaned
    )


def availability_list(*, person: Person, edition: Edition) -> list[SpeakerAvailability]:
    return list(SpeakerAvailability.objects.filter(person=person, edition=edition))


def availability_warnings(*, item, span, person_ids, times_tba: bool = False) -> list[dict]:
    """``speaker_unavailable`` warnings for the people of ``person_ids`` who gave spans for
    the item's edition and are not available for all of ``span``. One query."""
    start, end = span
    if times_tba or start is None or not person_ids:
        return []
    rows = (
        SpeakerAvailability.objects.filter(edition_id=item.edition_id, person_id__in=person_ids)
        .select_related("person")
        .order_by("person_id", "start")
    )
    by_person: dict[int, list[SpeakerAvailability]] = {}
    for row in rows:
        by_person.setdefault(row.person_id, []).append(row)
    edition = item.edition
    warnings = []
    for person_id in dict.fromkeys(person_ids):
        spans = by_person.get(person_id)
        if not spans or any(r.start <= start and end <= r.end for r in spans):
            continue
        shown = ", ".join(f"{_fmt(edition, r.start)}–{_fmt(edition, r.end)}" for r in spans[:5])
        more = f" and {len(spans) - 5} more" if len(spans) > 5 else ""
        title = item.title or "this item"
        warnings.append(
            {
                "code": "speaker_unavailable",
                "field": "speakers",
                "person": person_id,
                "item": item.pk,
                "message": f"{spans[0].person.name} is not available for “{title}” "
                f"({_fmt(edition, start)}–{_fmt(edition, end)}); they can speak "
                f"{shown}{more}.",
            }
        )
    return warnings


def speaker_editions_upcoming(*, person: Person) -> list[Edition]:
    """The editions still to come in which ``person`` speaks or chairs a session: the ones
    they may give their availability for on their invited profile page. One query."""
    from django.db.models import Q

    editions = (
        Edition.objects.filter(Q(items__speakers__person=person) | Q(sessions__chair=person))
        .distinct()
        .order_by("start_date", "pk")
    )
    return [e for e in editions if e.is_upcoming]


def availability_by_edition(*, person: Person, editions: list[Edition]) -> dict[int, list]:
    """``{edition pk: [SpeakerAvailability, ...]}`` for ``person``, in one query."""
    out: dict[int, list] = {e.pk: [] for e in editions}
    for row in SpeakerAvailability.objects.filter(person=person, edition__in=editions):
        out[row.edition_id].append(row)
    return out
