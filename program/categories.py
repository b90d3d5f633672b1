"""Writes of the program's categories: session types and tracks, each edition's own.

A session's ``kind`` still decides how it behaves (poster boards, breaks, featured speakers);
its type and track are the names and colours a chair gives the program, as in pretalx. The
public sees them through the next release's snapshot. Every write is a row write, so the
public generation moves on (``emc2.receivers``), as for rooms.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from emc2.models import Edition
from program.enums import SessionKind
from program.exceptions import ProgramConflict, ProgramError
from program.models import SessionType, Track
from program.validators import PALETTE, colour_clean

TYPE_FIELDS = {"name", "colour", "position", "kind"}
TRACK_FIELDS = {"name", "colour", "position", "description"}
NAME_MAX = 100

_WHAT = {SessionType: "session type", Track: "track"}


def _name(model: type[Model], edition_id: int, name: str, *, exclude: int | None = None) -> str:
    what = _WHAT[model]
    name = " ".join((name or "").split())
    if not name:
        raise ProgramError(f"A {what} needs a name.", field="name")
    if len(name) > NAME_MAX:
        raise ProgramError(f"A {what}'s name has at most {NAME_MAX} characters.", field="name")
    taken = model.objects.filter(edition_id=edition_id, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    other = taken.first()
    if other is not None:
        raise ProgramError(
            f"There is already a {what} called “{other.name}” (names are compared ignoring case).",
            field="name",
        )
    return name


def _colour(value: str) -> str:
    try:
        return colour_clean(value)
    except ValidationError as exc:
        raise ProgramError(exc.messages[0], field="colour") from exc


def _kind(value: str) -> str:
    if value and value not in SessionKind.values:
        raise ProgramError(
            f"Unknown kind: use one of {', '.join(SessionKind.values)}, or none.", field="kind"
        )
    return value or ""


def _save(row: Model) -> Model:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # a create or rename racing another
        raise ProgramError(
            f"There is already a {_WHAT[type(row)]} of that name.", field="name"
        ) from exc
    return row


def _lock_edition(edition_id: int) -> None:
    # Positions are renumbered from a read: two writers in one edition take turns.
    Edition.objects.select_for_update().filter(pk=edition_id).first()


def _place(model: type[Model], row: Model, position: int | None) -> None:
    """Put ``row`` at ``position`` (0-based, clamped) and renumber the edition's rows 0..n-1."""
    rows = [r for r in model.objects.filter(edition_id=row.edition_id) if r.pk != row.pk]
    at = len(rows) if position is None else max(0, min(position, len(rows)))
    rows.insert(at, row)
    changed = []
    for i, r in enumerate(rows):
        if r.position != i or r is row:
            r.position = i
            if r is not row:
                changed.append(r)
    if changed:
        model.objects.bulk_update(changed, ["position"])


def _update(model: type[Model], row: Model, allowed: set[str], fields: dict) -> Model:
    unknown = set(fields) - allowed
    if unknown:
        raise ProgramError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    _lock_edition(row.edition_id)
    row = model.objects.get(pk=row.pk)
    if "name" in fields:
        row.name = _name(model, row.edition_id, fields["name"], exclude=row.pk)
    if "colour" in fields:
        row.colour = _colour(fields["colour"])
    if "kind" in fields:
        row.kind = _kind(fields["kind"])
    if "description" in fields:
        row.description = fields["description"] or ""
    if "position" in fields:
        _place(model, row, fields["position"])
    return _save(row)


def _delete(model: type[Model], row: Model) -> None:
    _lock_edition(row.edition_id)
    row = model.objects.select_for_update().get(pk=row.pk)
    sessions = row.sessions.order_by("start", "pk")
    count = sessions.count()
    if count:
        titles = list(sessions.values_list("title", flat=True)[:3])
        names = ", ".join(f"“{t}”" for t in titles) + (" …" if count > 3 else "")
        raise ProgramConflict(
            f"The {_WHAT[model]} “{row.name}” is used by {count} session(s) ({names}); "
            "give them another one first.",
            field=_WHAT[model].replace(" ", "_"),
            extra={"sessions": count, "session_titles": titles},
        )
    row.delete()
    rest = list(model.objects.filter(edition_id=row.edition_id))
    for i, r in enumerate(rest):
        r.position = i
    model.objects.bulk_update(rest, ["position"])


def _reorder(model: type[Model], edition: Edition, ids: list[int]) -> list:
    _lock_edition(edition.pk)
    rows = {r.pk: r for r in model.objects.filter(edition=edition)}
    if sorted(ids) != sorted(rows) or len(set(ids)) != len(ids):
        raise ProgramError(
            f"Give every {_WHAT[model]} of this edition exactly once.", field="order"
        )
    ordered = [rows[pk] for pk in ids]
    for i, r in enumerate(ordered):
        r.position = i
    model.objects.bulk_update(ordered, ["position"])
    return ordered


def _next_colour(model: type[Model], edition_id: int) -> str:
    return PALETTE[model.objects.filter(edition_id=edition_id).count() % len(PALETTE)]


# --- session types -----------------------------------------------------------------------------


@transaction.atomic
def session_type_create(
    *, edition: Edition, name: str, colour: str = "", kind: str = "", position: int | None = None
) -> SessionType:
    """Add a session type at ``position`` (default: last). Raises ProgramError for an empty
    or taken name (ignoring case), a colour not #rrggbb, an unknown kind."""
    _lock_edition(edition.pk)
    row = SessionType(
        edition=edition,
        name=_name(SessionType, edition.pk, name),
        colour=_colour(colour) if colour else _next_colour(SessionType, edition.pk),
        kind=_kind(kind),
    )
    _place(SessionType, row, position)
    return _save(row)


@transaction.atomic
def session_type_update(*, session_type: SessionType, **fields) -> SessionType:
    """Rename, recolour, move (``position``) or change the default kind of a type. Sessions
    keep their own kind: changing the type's default kind changes none of them."""
    return _update(SessionType, session_type, TYPE_FIELDS, fields)


@transaction.atomic
def session_type_delete(*, session_type: SessionType) -> None:
    """Delete a type no session uses. Raises ProgramConflict naming the sessions otherwise."""
    _delete(SessionType, session_type)


@transaction.atomic
def session_type_reorder(*, edition: Edition, ids: list[int]) -> list[SessionType]:
    """Put the edition's types in the order of ``ids`` (each of them once)."""
    return _reorder(SessionType, edition, ids)


def session_type_for_kind(*, edition: Edition, kind: str) -> SessionType:
    """The edition's type for sessions booked by kind only: the first type with that default
    kind, else one named by the kind's label (made if missing). The caller holds the
    transaction."""
    found = SessionType.objects.filter(edition=edition, kind=kind).order_by("position").first()
    if found is not None:
        return found
    label = SessionKind(kind).label
    found = SessionType.objects.filter(edition=edition, name__iexact=label).first()
    if found is not None:
        return found
    return session_type_create(edition=edition, name=label, kind=kind)


def session_type_get_or_create(*, edition: Edition, name: str, kind: str = "") -> SessionType:
    """The type of this name (ignoring case), made with ``kind`` as its default if missing."""
    name = " ".join(name.split())[:NAME_MAX]
    found = SessionType.objects.filter(edition=edition, name__iexact=name).first()
    return found or session_type_create(edition=edition, name=name, kind=kind)


# --- tracks ------------------------------------------------------------------------------------


@transaction.atomic
def track_create(
    *,
    edition: Edition,
    name: str,
    colour: str = "",
    description: str = "",
    position: int | None = None,
) -> Track:
    """Add a track at ``position`` (default: last). Raises ProgramError for an empty or taken
    name (ignoring case) or a colour not #rrggbb."""
    _lock_edition(edition.pk)
    row = Track(
        edition=edition,
        name=_name(Track, edition.pk, name),
        colour=_colour(colour) if colour else _next_colour(Track, edition.pk),
        description=description or "",
    )
    _place(Track, row, position)
    return _save(row)


@transaction.atomic
def track_update(*, track: Track, **fields) -> Track:
    """Rename, recolour, describe or move (``position``) a track."""
    return _update(Track, track, TRACK_FIELDS, fields)


@transaction.atomic
def track_delete(*, track: Track) -> None:
    """Delete a track no session uses. Raises ProgramConflict naming the sessions otherwise."""
    _delete(Track, track)


@transaction.atomic
def track_reorder(*, edition: Edition, ids: list[int]) -> list[Track]:
    """Put the edition's tracks in the order of ``ids`` (each of them once)."""
    return _reorder(Track, edition, ids)


def track_get_or_create(*, edition: Edition, name: str) -> Track:
    """The track of this name (ignoring case), made if missing."""
    name = " ".join(name.split())[:NAME_MAX]
    found = Track.objects.filter(edition=edition, name__iexact=name).first()
    return found or track_create(edition=edition, name=name)
