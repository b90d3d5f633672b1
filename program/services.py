"""Writes of the program: rooms, sessions, items, speakers, releases.

Every schedule write goes through ``_check_session`` / ``_check_item`` so the editor, the
forms and the API refuse the same things with the same messages:

- a session ends after it starts, and no two sessions overlap in one room;
- an item's own times lie inside its session's span.

Softer checks are warnings (``ProgramWarnings``): the same call with
``override_warnings=True`` saves anyway. Today: a speaker in two items that overlap in time
(posters of one poster session are shown side by side, so one author's posters there are no
clash), ``speaker_double_booked``; and a speaker scheduled outside the availability they gave
(program.availability; not for sessions whose times are to be announced),
``speaker_unavailable``.
"""

import contextlib
import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from emc2.conditional import releases_bump
from emc2.links import absolute_url
from emc2.mail import mail_queue
from emc2.models import Edition, Person
from emc2.services import person_get_or_create
from emc2.times import local_format
from papers.selectors import papers_accepted
from program.availability import availability_warnings
from program.enums import ChangeKind, ItemKind, SessionKind, SpeakerRole
from program.exceptions import ProgramConflict, ProgramError, ProgramWarnings
from program.models import Item, ItemSpeaker, Release, Room, Session, SessionType, Track

logger = logging.getLogger(__name__)

# papers.enums.Decision.POSTER; program reads papers through its selectors only, so the
# value of the contract is spelled here.
POSTER_DECISION = "poster"

SESSION_FIELDS = {
    "kind",
    "type",
    "track",
    "title",
    "room",
    "start",
    "end",
    "chair",
    "description",
    "times_tba",
}
ITEM_FIELDS = {
    "kind",
    "title",
    "label",
    "abstract",
    "session",
    "start",
    "end",
    "order",
    "slides_url",
    "recording_url",
    "board",
}


def _fmt(edition: Edition, value: dt.datetime) -> str:
    return local_format(value, edition, "%a %H:%M")


# --- checks -------------------------------------------------------------------------------


def _warn(warnings: list[dict], *, override: bool) -> None:
    if warnings and not override:
        raise ProgramWarnings(warnings)


def _check_session(session: Session) -> list[dict]:
    """Hard rules raise ProgramError; the soft ones come back as a list of warnings."""
    if session.room.edition_id != session.edition_id:
        raise ProgramError("This room belongs to another edition.", field="room")
    if session.type_id and session.type.edition_id != session.edition_id:
        raise ProgramError("This session type belongs to another edition.", field="type")
    if session.track_id and session.track.edition_id != session.edition_id:
        raise ProgramError("This track belongs to another edition.", field="track")
    if session.kind not in SessionKind.values:
        raise ProgramError("Unknown session kind.", field="kind")
    if not session.start or not session.end:
        raise ProgramError("A session needs a start and an end.", field="start")
    if session.end <= session.start:
        raise ProgramError("A session must end after it starts.", field="end")
    clash = (
        Session.objects.filter(room=session.room, start__lt=session.end, end__gt=session.start)
        .exclude(pk=session.pk)
        .order_by("start")
        .first()
    )
    if clash is not None:
        raise ProgramError(
            f"{session.room.name} is already booked by “{clash.title}” "
            f"({_fmt(session.edition, clash.start)}–{_fmt(session.edition, clash.end)}).",
            field="start",
        )
    warnings: list[dict] = []
    if session.pk:
        for item in session.items.all():
            if item.start and (item.start < session.start or item.end > session.end):
                raise ProgramError(
                    f"“{item.title}” would fall outside the session; move it first.",
                    field="end",
                )
            warnings += _check_speakers(
                item,
                span=item.span if item.start else (session.start, session.end),
                times_tba=session.times_tba,
            )
    return warnings


def _check_item(item: Item) -> list[dict]:
    if item.session_id is None:
        if item.start or item.end:
            raise ProgramError("An item without a session has no time of its own.", field="start")
        return []
    session = item.session
    if session.edition_id != item.edition_id:
        raise ProgramError("This session belongs to another edition.", field="session")
    if (item.start is None) != (item.end is None):
        raise ProgramError("Give both a start and an end, or neither.", field="end")
    if item.start is not None:
        if item.end <= item.start:
            raise ProgramError("An item must end after it starts.", field="end")
        if item.start < session.start or item.end > session.end:
            raise ProgramError(
                f"“{item.title}” must lie inside its session "
                f"({_fmt(item.edition, session.start)}–{_fmt(item.edition, session.end)}).",
                field="start",
            )
    return _check_speakers(item, span=item.span)


def _same_poster_session(item: Item, other: Item) -> bool:
    return (
        item.kind == ItemKind.POSTER
        and other.kind == ItemKind.POSTER
        and item.session_id is not None
        and item.session_id == other.session_id
    )


def _check_speakers(item: Item, *, span, person_ids=None, times_tba=None) -> list[dict]:
    """Warnings for people on ``item`` who speak in another scheduled item overlapping
    ``span`` (posters of one poster session excepted), or who are not available for all of
    ``span`` (unless the session's times are to be announced: ``times_tba``, by default the
    item's session's)."""
    start, end = span
    if start is None or not item.pk and person_ids is None:
        return []
    if person_ids is None:
        person_ids = list(item.speakers.values_list("person_id", flat=True))
    if not person_ids:
        return []
    if times_tba is None:
        times_tba = bool(item.session_id and item.session.times_tba)
    others = (
        ItemSpeaker.objects.filter(
            person_id__in=person_ids,
            item__edition_id=item.edition_id,
            item__session__isnull=False,
        )
        .exclude(item_id=item.pk)
        .select_related("item__session", "person")
    )
    warnings = []
    for other in others:
        o_start, o_end = other.item.span
        if o_start < end and o_end > start and not _same_poster_session(item, other.item):
            warnings.append(
                {
                    "code": "speaker_double_booked",
                    "field": "speakers",
                    "person": other.person_id,
                    "item": other.item_id,
                    "message": f"{other.person.name} already speaks in “{other.item.title}” "
                    f"({_fmt(item.edition, o_start)}–{_fmt(item.edition, o_end)}).",
                }
            )
    warnings += availability_warnings(
        item=item, span=(start, end), person_ids=person_ids, times_tba=times_tba
    )
    return warnings


def _save_session(session: Session, *, override_warnings: bool = False) -> Session:
    # Lock the room: two chairs booking the same slot at once must not both pass the check.
    Room.objects.select_for_update().filter(pk=session.room_id).first()
    _warn(_check_session(session), override=override_warnings)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:  # the PostgreSQL exclusion constraint, should a race slip by
        raise ProgramError("This room is already booked at that time.", field="start") from exc
    return session


# --- speakers --------------------------------------------------------------------------

# (person, role, role_line) or (person, role, role_line, affiliation of this appearance)
SpeakerSpec = tuple[Person, str, str] | tuple[Person, str, str, str]


@dataclass(frozen=True)
class SpeakerRef:
    """A speaker as a chair typed it or the API sent it, not yet a Person.

    Items and sessions resolve it inside their own transaction (``_person_resolve``), so a
    refused item or session leaves no new person behind.
    """

    name: str = ""
    affiliation: str = ""
    role: str = SpeakerRole.SPEAKER
    role_line: str = ""
    person_id: int | None = None
    email: str = ""
    # Typed text: a bare name (no affiliation) means the one person of that name, if unique.
    match_bare_name: bool = False


def _person_resolve(spec: SpeakerRef) -> Person:
    """The person ``spec`` names: by id (``#12 Name`` typed, or the API's ``person``; the
    caller has checked the chair may use it, program.access.speakers_for_chair), else found
    or created by name and e-mail."""
    if spec.person_id is not None:
        person = Person.objects.filter(pk=spec.person_id).first()
        if person is None:
            raise ProgramError("No such person.", field="speakers")
        return person
    if spec.match_bare_name and not spec.affiliation:
        same_name = list(Person.objects.filter(name=spec.name)[:2])
        if len(same_name) == 1:
            return same_name[0]
    return person_get_or_create(name=spec.name, email=spec.email, affiliation=spec.affiliation)


def _speakers_resolve(speakers: list) -> list[tuple[Person, str, str, str]]:
    """People for the speakers (found or created), as 4-tuples with the appearance's
    affiliation (given, else the person's current one)."""
    out = []
    for sp in speakers:
        if isinstance(sp, SpeakerRef):
            person = _person_resolve(sp)
            out.append((person, sp.role, sp.role_line, sp.affiliation or person.affiliation))
        else:
            person, role, role_line, *rest = sp
            out.append((person, role, role_line, rest[0] if rest else person.affiliation))
    return out


# --- rooms ---------------------------------------------------------------------------------


def room_create(*, edition: Edition, name: str, capacity: int | None = None) -> Room:
    name = name.strip()
    if not name:
        raise ProgramError("A room needs a name.", field="name")
    if Room.objects.filter(edition=edition, name=name).exists():
        raise ProgramError(f"There is already a room called {name}.", field="name")
    order = Room.objects.filter(edition=edition).count()
    return Room.objects.create(edition=edition, name=name, capacity=capacity, order=order)


def room_update(*, room: Room, **fields) -> Room:
    """Rename, reorder or resize a room. Raises ProgramError for an empty or taken name."""
    unknown = set(fields) - {"name", "capacity", "order"}
    if unknown:
        raise ProgramError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if not fields["name"]:
            raise ProgramError("A room needs a name.", field="name")
        taken = Room.objects.filter(edition=room.edition_id, name=fields["name"])
        if taken.exclude(pk=room.pk).exists():
            raise ProgramError(f"There is already a room called {fields['name']}.", field="name")
    for name, value in fields.items():
        setattr(room, name, value)
    try:
        with transaction.atomic():
            room.save()
    except IntegrityError as exc:  # a rename racing another
        raise ProgramError("There is already a room of that name.", field="name") from exc
    return room


@transaction.atomic
def room_delete(*, room: Room) -> None:
    """Delete a room nobody uses. Raises ProgramConflict naming the sessions booked in it."""
    # Lock the room (plain FOR UPDATE: it is deleted) so no session is booked in it meanwhile.
    room = Room.objects.select_for_update().get(pk=room.pk)
    used = list(room.sessions.order_by("start").values_list("title", flat=True)[:4])
    if used:
        count = room.sessions.count()
        names = ", ".join(f"“{t}”" for t in used[:3]) + (" …" if count > 3 else "")
        raise ProgramConflict(
            f"{room.name} is used by {count} session(s) ({names}); move or delete them first.",
            field="room",
            extra={"sessions": count},
        )
    room.delete()


# --- sessions ------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    edition: Edition,
    kind: str = "",
    title: str,
    room: Room,
    start: dt.datetime,
    end: dt.datetime,
    type: SessionType | None = None,  # noqa: A002 (the field's name)
    track: Track | None = None,
    chair: Person | SpeakerRef | None = None,
    description: str = "",
    times_tba: bool = False,
    override_warnings: bool = False,
) -> Session:
    """Book a session. Without a kind it takes its type's default kind; without a type, the
    edition's type for its kind (``categories.session_type_for_kind``, made if missing). A
    chair given as a SpeakerRef becomes a person only if the session is saved. Raises
    ProgramError (room clash, times, a type or track of another edition: ``_check_session``),
    ProgramWarnings (speaker conflicts)."""
    from program.categories import session_type_for_kind

    if not kind:
        if type is None or not type.kind:
            raise ProgramError(
                "Give the session a kind, or a type that has a default kind.", field="kind"
            )
        kind = type.kind
    if kind not in SessionKind.values:
        raise ProgramError("Unknown session kind.", field="kind")
    if type is None:
        type = session_type_for_kind(edition=edition, kind=kind)  # noqa: A001
    if isinstance(chair, SpeakerRef):
        chair = _person_resolve(chair)
    session = Session(
        edition=edition,
        kind=kind,
        type=type,
        track=track,
        title=title.strip() or type.name,
        room=room,
        start=start,
        end=end,
        chair=chair,
        description=description,
        times_tba=times_tba,
    )
    return _save_session(session, override_warnings=override_warnings)


@transaction.atomic
def session_update(*, session: Session, override_warnings: bool = False, **fields) -> Session:
    """Change a session. Moving it (new start) shifts its timed items by the same amount.

    Raises ProgramError on overlap in the room or a speaker conflict; nothing is saved then.
    """
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ProgramError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    session = Session.objects.select_related("room", "edition").get(pk=session.pk)
    if "kind" in fields and not fields["kind"]:
        # No kind chosen: the (new) type's default kind, else the session keeps its own.
        type_ = fields.get("type", session.type)
        fields["kind"] = (type_.kind if type_ is not None else "") or session.kind
    if isinstance(fields.get("chair"), SpeakerRef):
        fields["chair"] = _person_resolve(fields["chair"])
    old_start = session.start
    for name, value in fields.items():
        setattr(session, name, value)
    if "start" in fields and "end" not in fields:
        session.end = session.start + (session.end - old_start) if session.start else None
    delta = session.start - old_start if session.start else dt.timedelta(0)
    if delta:
        # Shift in memory first so the checks see the final times.
        items = list(session.items.exclude(start__isnull=True))
        for item in items:
            item.start += delta
            item.end += delta
        Item.objects.bulk_update(items, ["start", "end"])
    return _save_session(session, override_warnings=override_warnings)


def session_move(
    *, session: Session, room: Room, start: dt.datetime, override_warnings: bool = False
) -> Session:
    """Drag and drop: same length, new room and start."""
    return session_update(
        session=session, room=room, start=start, override_warnings=override_warnings
    )


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Delete a session; its items go back to the unscheduled list."""
    session.items.update(session=None, start=None, end=None)
    session.delete()


# --- items ---------------------------------------------------------------------------------


def _item_lock(*, session: Session | None, item: Item | None = None) -> None:
    """Lock order (docs/locking.md): session, then item; the speakers follow in
    ``_speakers_lock``. A session being moved waits for the item checked against it."""
    if session is not None:
        Session.objects.select_for_update(no_key=True, of=("self",)).filter(pk=session.pk).first()
    if item is not None:
        Item.objects.select_for_update(no_key=True, of=("self",)).filter(pk=item.pk).first()


def _speakers_lock(person_ids) -> None:
    # People in pk order: two items giving one person overlapping talks at the same moment
    # must not both pass the speaker check.
    list(
        Person.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=set(person_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def item_create(
    *,
    edition: Edition,
    title: str,
    kind: str = ItemKind.TALK,
    session: Session | None = None,
    speakers: list[SpeakerSpec | SpeakerRef] | None = None,
    override_warnings: bool = False,
    **fields,
) -> Item:
    """Create an item. Raises ProgramError, or ProgramWarnings (speaker double-booked)
    unless ``override_warnings``."""
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise ProgramError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if kind not in ItemKind.values:
        raise ProgramError("Unknown item type.", field="kind")
    if not title.strip() and not fields.get("label", "").strip():
        # An untitled talk (a keynote announced by its speaker) has its label instead.
        raise ProgramError("An item needs a title.", field="title")
    _item_lock(session=session)
    if session is not None and "order" not in fields:
        fields["order"] = session.items.count()
    item = Item(edition=edition, title=title.strip(), kind=kind, session=session, **fields)
    warnings = _check_item(item)
    if speakers:
        # Inside the transaction: a refusal below rolls the new people back with the item.
        speakers = _speakers_resolve(speakers)
        person_ids = [spec[0].pk for spec in speakers]
        _speakers_lock(person_ids)
        warnings += _check_speakers(item, span=item.span, person_ids=person_ids)
    _warn(warnings, override=override_warnings)
    item.save()
    if speakers:
        _write_speakers(item, speakers)
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    speakers: list[SpeakerSpec | SpeakerRef] | None = None,
    override_warnings: bool = False,
    **fields,
) -> Item:
    """Change an item (and, when given, its speakers) with the same checks as creation."""
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise ProgramError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    item = Item.objects.select_related("session", "edition").get(pk=item.pk)
    for name, value in fields.items():
        setattr(item, name, value)
    _item_lock(session=item.session, item=item)
    if "session" in fields and fields["session"] is None:
        item.start = item.end = None
    if speakers is None:
        warnings = _check_item(item)
    else:
        # Inside the transaction: a refusal below rolls the new people back with the item.
        _check_item(item)  # the hard rules; the speakers are checked as they will be
        speakers = _speakers_resolve(speakers)
        person_ids = [spec[0].pk for spec in speakers]
        _speakers_lock(person_ids)
        warnings = _check_speakers(item, span=item.span, person_ids=person_ids)
    _warn(warnings, override=override_warnings)
    item.save()
    if speakers is not None:
        item.speakers.all().delete()
        _write_speakers(item, speakers)
    return item


@transaction.atomic
def item_move(
    *, item: Item, session: Session | None, position: int = 0, override_warnings: bool = False
) -> Item:
    """Drag and drop: put ``item`` into ``session`` (None: unscheduled) at ``position``.

    An item changing session drops its own times and takes the session's span.
    """
    item = Item.objects.select_related("session", "edition").get(pk=item.pk)
    if session is not None and session.pk != item.session_id:
        item.start = item.end = None
    if session is None:
        item.start = item.end = None
    item.session = session
    _warn(_check_item(item), override=override_warnings)
    siblings = list(
        Item.objects.filter(edition=item.edition, session=session)
        .exclude(pk=item.pk)
        .order_by("order", "pk")
    )
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, item)
    for i, obj in enumerate(siblings):
        obj.order = i
    item.save()
    Item.objects.bulk_update([s for s in siblings if s.pk != item.pk], ["order"])
    return item


def item_delete(*, item: Item) -> None:
    item.delete()


def _write_speakers(item: Item, speakers: list[SpeakerSpec]) -> None:
    seen = set()
    rows = []
    for order, (person, role, role_line, affiliation) in enumerate(_speakers_resolve(speakers)):
        if person.pk in seen:
            continue
        seen.add(person.pk)
        rows.append(
            ItemSpeaker(
                item=item,
                person=person,
                role=role or SpeakerRole.SPEAKER,
                role_line=role_line,
                affiliation=affiliation,
                order=order,
            )
        )
    ItemSpeaker.objects.bulk_create(rows)


_PERSON_ID = re.compile(r"#(\S*)\s*(.*)")


def speakers_parse(text: str, *, default_role: str = SpeakerRole.SPEAKER) -> list[SpeakerRef]:
    """Speakers from text, one per line: ``Name | affiliation | role line | role``.

    Only the name is required. ``#12 Name`` means exactly the person with id 12 (the name is
    only a reminder; the caller checks the id, program.access.speakers_for_chair). Writes
    nothing: ``item_create`` and ``item_update`` find or create the people inside their
    transaction; a bare name picks the single existing person of that name. Raises
    ProgramError on an unknown role or a malformed id.
    """
    result = []
    for raw in text.splitlines():
        parts = [p.strip() for p in raw.split("|")]
        if not parts[0]:
            continue
        name, affiliation, role_line, role = (parts + ["", "", ""])[:4]
        person_id = None
        by_id = _PERSON_ID.fullmatch(name)
        if by_id:
            if not by_id.group(1).isascii() or not by_id.group(1).isdigit():
                raise ProgramError(
                    f"“#{by_id.group(1)}” is not a person id: write #<number> Name.",
                    field="speakers",
                )
            person_id, name = int(by_id.group(1)), by_id.group(2).strip()
        role = role.lower() or default_role
        if role not in SpeakerRole.values:
            label = name or f"#{person_id}"
            raise ProgramError(f"Unknown role “{role}” for {label}.", field="speakers")
        result.append(
            SpeakerRef(
                name=name,
                affiliation=affiliation,
                role=role,
                role_line=role_line,
                person_id=person_id,
                match_bare_name=True,
            )
        )
    return result


def speaker_line(
    *, person: Person, affiliation: str = "", role_line: str = "", role: str = ""
) -> str:
    """The line ``speakers_parse`` reads back as exactly ``person``: ``#id Name | ...``."""
    name = " ".join(person.name.replace("|", "/").split())
    parts = [
        f"#{person.pk} {name}",
        *(" ".join(v.replace("|", "/").split()) for v in (affiliation, role_line, role)),
    ]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return " | ".join(parts)


# --- releases ------------------------------------------------------------------------------


def _index(snapshot: dict | None) -> tuple[dict, dict]:
    sessions, items = {}, {}
    for s in (snapshot or {}).get("sessions", []):
        sessions[s["id"]] = s
        for it in s["items"]:
            items[it["id"]] = {**it, "session_id": s["id"], "room": s["room"]}
    return sessions, items


def _changelog(old: dict | None, new: dict, tz) -> list[dict]:
    """What changed between two snapshots, item by item (and session by session)."""

    def when(a, b):
        return f"{local_format(a, tz, '%a %H:%M')}–{local_format(b, tz, '%a %H:%M')}"

    changes = []
    old_sessions, old_items = _index(old)
    new_sessions, new_items = _index(new)
    for target, before, after in (
        ("session", old_sessions, new_sessions),
        ("item", old_items, new_items),
    ):
        for pk, now in after.items():
            was = before.get(pk)
            base = {"target": target, "id": pk, "title": now["title"]}
            if was is None:
                changes.append({**base, "kind": ChangeKind.ADDED, "detail": ""})
                continue
            if target == "item" and was["session_id"] != now["session_id"]:
                changes.append(
                    {**base, "kind": ChangeKind.MOVED, "detail": f"now in {now['session_title']}"}
                )
                continue
            if (was["start"], was["end"]) != (now["start"], now["end"]):
                detail = f"{when(was['start'], was['end'])} → {when(now['start'], now['end'])}"
                changes.append({**base, "kind": ChangeKind.TIME, "detail": detail})
            if was["room"] != now["room"]:
                detail = f"{was['room']} → {now['room']}"
                changes.append({**base, "kind": ChangeKind.ROOM, "detail": detail})
            keys = (
                ("title", "abstract", "speakers")
                if target == "item"
                else ("title", "kind", "type", "track")
            )
            if any(was.get(k) != now.get(k) for k in keys):
                changes.append({**base, "kind": ChangeKind.UPDATED, "detail": ""})
        for pk, was in before.items():
            if pk not in after:
                changes.append(
                    {
                        "target": target,
                        "id": pk,
                        "title": was["title"],
                        "kind": ChangeKind.REMOVED,
                        "detail": "",
                    }
                )
    return changes


@transaction.atomic
def release_publish(*, edition: Edition, by=None, note: str = "") -> Release:
    """Freeze the draft schedule into release N+1 with a changelog against release N.

    Side effects: after commit, queues ``program.notify_release`` (e-mails to speakers of
    changed items). Raises ProgramError when nothing changed since the last release.
    """
    from program.selectors import program_snapshot_build  # selectors import services' models
    from program.tasks import notify_release

    # Lock the edition row: two chairs publishing at once must not get the same number.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    previous = Release.objects.filter(edition=edition).order_by("-number").first()
    snapshot = program_snapshot_build(edition=edition)
    number = previous.number + 1 if previous else 1
    changelog = _changelog(previous.snapshot if previous else None, snapshot, edition.tz)
    if previous is not None and not changelog:
        raise ProgramError(f"Nothing changed since release {previous.number}.")
    snapshot["release"] = number
    snapshot["published_at"] = timezone.now().isoformat()
    release = Release.objects.create(
        edition=edition,
        number=number,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
        snapshot=snapshot,
        changelog=changelog,
    )
    releases_bump()
    transaction.on_commit(lambda: notify_release.delay(release_id=release.pk))
    return release


def release_notify_speakers(*, release: Release) -> int:
    """Queue one e-mail to each speaker of a changed item. Idempotent: a release notifies once.

    Returns the number of e-mails queued. The first release announces nothing (no changes
    to speak of beyond "the program is out"), so it sends no mail. The mails and
    ``notified_at`` commit together (the outbox delivers them), so a crash mails all or none.
    """
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.notified_at is not None:
            return 0
        release.notified_at = timezone.now()
        release.save(update_fields=["notified_at"])
        sent = _release_mails_queue(release=release) if release.number > 1 else 0
    logger.info("release %s: notified %s speakers", release.pk, sent)
    return sent


def _release_mails_queue(*, release: Release) -> int:
    previous = (
        Release.objects.filter(edition=release.edition_id, number__lt=release.number)
        .order_by("-number")
        .first()
    )
    _s, old_items = _index(previous.snapshot if previous else None)
    _s, new_items = _index(release.snapshot)
    by_person: dict[int, list[dict]] = {}
    for change in release.changelog:
        if change["target"] != "item":
            continue
        item = new_items.get(change["id"]) or old_items.get(change["id"])
        for speaker in item["speakers"]:
            by_person.setdefault(speaker["id"], []).append(change)
    people = Person.objects.filter(pk__in=by_person).exclude(email="")
    slug = release.snapshot["edition"]["slug"]
    sent = 0
    for person in people:
        body = render_to_string(
            "program/email/release_changed.txt",
            {
                "person": person,
                "release": release,
                "changes": by_person[person.pk],
                "program_url": absolute_url(reverse("program:public-program", args=[slug])),
                "changes_url": absolute_url(reverse("program:public-changes", args=[slug])),
            },
        )
        mail_queue(
            key=f"release:{release.pk}:{person.pk}",
            to=[person.email],
            subject=f"[{release.snapshot['edition']['title'][:60]}] Program update (release "
            f"{release.number})",
            body=body,
            edition=release.edition,
            batch=f"release:{release.pk}",
        )
        sent += 1
    return sent


# --- accepted papers -----------------------------------------------------------------------


@transaction.atomic
def items_create_from_papers(*, edition: Edition) -> list[Item]:
    """Make an unscheduled item for each accepted paper that has none yet.

    Oral and lightning decisions become talks, poster decisions poster items; the authors
    become the item's speakers, in order, with their affiliation as role line. Idempotent:
    a paper that already has an item is skipped (and a unique constraint backs this up).
    Returns the items created.
    """
    # Lock the edition row: two chairs clicking at once must not both create the items.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    have = set(
        Item.objects.filter(edition=edition, paper__isnull=False).values_list("paper_id", flat=True)
    )
    created = []
    for paper in papers_accepted(edition=edition):
        if paper.pk in have:
            continue
        kind = ItemKind.POSTER if paper.decision == POSTER_DECISION else ItemKind.TALK
        item = Item.objects.create(
            edition=edition, kind=kind, title=paper.title, abstract=paper.abstract, paper=paper
        )
        speakers = []
        for author in paper.authors.all():
            person = author.person or person_get_or_create(
                name=author.name, email=author.email, affiliation=author.affiliation
            )
            speakers.append((person, SpeakerRole.AUTHOR, author.affiliation, author.affiliation))
        _write_speakers(item, speakers)
        created.append(item)
    return created


def items_unschedule_for_paper(*, paper_id: int) -> int:
    """A withdrawn paper leaves the schedule (its item returns to the side list).

    Called from the ``paper_withdrawn`` receiver inside the sender's transaction; a single
    UPDATE keeps it quick. The next release lists the talk as removed.
    """
    return Item.objects.filter(paper_id=paper_id).update(session=None, start=None, end=None)


# --- import -----------------------------------------------------------------------------


class _DryRun(Exception):
    """Raised to roll back a trial import (``program_import_warnings``)."""


def _with_warnings(collected: list[dict], create, **kwargs):
    """``create(**kwargs)``; its warnings are collected and it is saved anyway."""
    try:
        return create(**kwargs, override_warnings=False)
    except ProgramWarnings as exc:
        collected.extend(exc.warnings)
        return create(**kwargs, override_warnings=True)


@transaction.atomic
def program_import_apply(*, edition: Edition, plan: dict, override_warnings: bool = False) -> dict:
    """Create what ``program.importers.program_import_plan`` planned, all or nothing: any
    refusal (a room overlap) rolls the whole import back and raises ProgramError naming the
    session. Schedule warnings (a speaker double-booked or outside their availability) roll it
    back too, as ProgramWarnings listing them all, unless ``override_warnings``. Returns the
    plan's counts."""
    _import_rows(edition=edition, plan=plan, warnings=(collected := []))
    if collected and not override_warnings:
        raise ProgramWarnings(collected)
    return plan["counts"]


def program_import_warnings(*, edition: Edition, plan: dict) -> list[dict]:
    """The schedule warnings the import of ``plan`` would raise, for the preview. Runs the
    import in a transaction that is always rolled back, so the checks are exactly those of
    the real import; writes nothing. A hard refusal stops the trial (the confirm step reports
    it); the warnings found until then are returned."""
    collected: list[dict] = []
    try:
        with transaction.atomic():
            with contextlib.suppress(ProgramError):
                _import_rows(edition=edition, plan=plan, warnings=collected)
            raise _DryRun
    except _DryRun:
        pass
    # Ids of rows made in the trial mean nothing after the rollback.
    return [{k: v for k, v in w.items() if k not in ("person", "item")} for w in collected]


def _import_rows(*, edition: Edition, plan: dict, warnings: list[dict]) -> None:
    # Lock the edition row: two imports at once must not both create the rooms.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    from program.categories import session_type_get_or_create, track_get_or_create

    rooms = {r.name: r for r in Room.objects.filter(edition=edition)}
    for room in plan["rooms"]:
        if room["name"] not in rooms:
            rooms[room["name"]] = room_create(edition=edition, name=room["name"][:120])
    for s in plan["sessions"]:
        try:
            type_ = (
                session_type_get_or_create(edition=edition, name=s["type"], kind=s["kind"])
                if s.get("type")
                else None
            )
            track = (
                track_get_or_create(edition=edition, name=s["track"]) if s.get("track") else None
            )
            session = _with_warnings(
                warnings, session_create,
                edition=edition, kind=s["kind"], title=s["title"], room=rooms[s["room"]],
                start=s["start"], end=s["end"], type=type_, track=track,
            )  # fmt: skip
            for it in s["items"]:
                refs = [SpeakerRef(name=n[:200], match_bare_name=True) for n in it["speakers"]]
                _with_warnings(
                    warnings, item_create,
                    edition=edition, session=session, title=it["title"][:500], kind=it["kind"],
                    abstract=it["abstract"], start=it["start"], end=it["end"], order=it["order"],
                    board=it["board"], speakers=refs,
                )  # fmt: skip
        except ProgramWarnings:
            raise
        except ProgramError as exc:
            raise ProgramError(f"“{s['title']}”: {exc.message}", field="file") from exc
