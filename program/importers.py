"""Import a whole program from frab XML or c3voc/pretalx schedule JSON.

``program_import_parse`` reads the file (bounded: size limit, lxml without entities, DTDs or
network, no DOCTYPE at all) into neutral events; ``program_import_plan`` turns them into what
would be created (rooms, sessions, items, people) with warnings, writing nothing; and
``program_import_apply`` (program.services) creates the plan in one transaction through the
usual services, so the same rules apply as for a chair typing it in.

How events become sessions: the events of one room and one track that follow each other
without a gap form one session (a paper session's talks; the posters of a poster session,
which share its span). An event with no speakers whose type is a break, lunch, welcome or
closing (any session type) is a session without items.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from lxml import etree

from emc2.models import Person
from program.enums import ItemKind, SessionKind
from program.exceptions import ProgramError

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_EVENTS = 2000
SESSION_ONLY_KINDS = {"break", "lunch", "opening", "closing"}
DURATION_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
BOARD_RE = re.compile(r"^Poster board (.+)$")
_LABELS = {label.lower(): value for value, label in SessionKind.choices}


@dataclass
class ImportEvent:
    room: str
    start: dt.datetime
    end: dt.datetime
    title: str
    type: str = ""
    track: str = ""
    type_name: str = ""  # ``type`` as the file spells it (a session type's name)
    abstract: str = ""
    subtitle: str = ""
    persons: list[str] = field(default_factory=list)


def _fail(message: str):
    raise ProgramError(message, field="file")


def _when(date: str, duration: str) -> tuple[dt.datetime, dt.datetime]:
    try:
        start = dt.datetime.fromisoformat(date)
    except (TypeError, ValueError):
        _fail(f"An event has no valid date: {str(date)[:40]!r}.")
    if start.tzinfo is None:
        _fail("Event dates must carry their UTC offset.")
    m = DURATION_RE.match(duration or "")
    if not m:
        _fail(f"An event has no valid duration: {str(duration)[:20]!r}.")
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    if minutes <= 0:
        _fail("An event lasts no time at all.")
    return start, start + dt.timedelta(minutes=minutes)


def _parse_xml(data: bytes) -> list[ImportEvent]:
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        _fail("XML with a DOCTYPE or entities is not accepted.")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        _fail(f"This is not well-formed XML ({str(exc)[:80]}).")
    if root.tag != "schedule" or root.find("conference") is None:
        _fail("This XML is no frab schedule (<schedule> with a <conference>).")
    events = []
    for room in root.iterfind("day/room"):
        for ev in room.iterfind("event"):
            start, end = _when(ev.findtext("date"), ev.findtext("duration"))
            events.append(
                ImportEvent(
                    room=(ev.findtext("room") or room.get("name") or "").strip(),
                    start=start,
                    end=end,
                    title=(ev.findtext("title") or "").strip(),
                    type=(ev.findtext("type") or "").strip().lower(),
                    type_name=(ev.findtext("type") or "").strip(),
                    track=(ev.findtext("track") or "").strip(),
                    abstract=ev.findtext("abstract") or "",
                    subtitle=(ev.findtext("subtitle") or "").strip(),
                    persons=[
                        (p.text or "").strip() for p in ev.iterfind("persons/person") if p.text
                    ],
                )
            )
    return events


def _parse_json(data: bytes) -> list[ImportEvent]:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        _fail("This is not valid JSON.")
    try:
        days = doc["schedule"]["conference"]["days"]
        events = []
        for day in days:
            for room_name, room_events in day["rooms"].items():
                for ev in room_events:
                    start, end = _when(ev["date"], ev["duration"])
                    events.append(
                        ImportEvent(
                            room=str(ev.get("room") or room_name).strip(),
                            start=start,
                            end=end,
                            title=str(ev.get("title") or "").strip(),
                            type=str(ev.get("type") or "").strip().lower(),
                            type_name=str(ev.get("type") or "").strip(),
                            track=str(ev.get("track") or "").strip(),
                            abstract=str(ev.get("abstract") or ""),
                            subtitle=str(ev.get("subtitle") or "").strip(),
                            persons=[
                                str(p.get("name") or p.get("public_name") or "").strip()
                                for p in ev.get("persons") or []
                                if isinstance(p, dict)
                            ],
                        )
                    )
    except (KeyError, TypeError, AttributeError):
        _fail("This JSON is no c3voc/pretalx schedule (schedule > conference > days > rooms).")
    return events


def program_import_parse(*, data: bytes) -> list[ImportEvent]:
    """Events of a frab XML or schedule JSON file. Raises ProgramError (400) for anything
    too big, hostile or of the wrong shape."""
    if len(data) > MAX_IMPORT_BYTES:
        _fail("The file is larger than 2 MB.")
    head = data.lstrip()[:1]
    events = _parse_xml(data) if head == b"<" else _parse_json(data) if head in b"{[" else None
    if events is None:
        _fail("Upload frab XML or c3voc/pretalx schedule JSON.")
    if not events:
        _fail("The schedule has no events.")
    if len(events) > MAX_EVENTS:
        _fail(f"More than {MAX_EVENTS} events.")
    if any(not e.room or not e.title for e in events):
        _fail("Every event needs a room and a title.")
    return events


def _type_kind(type_: str) -> str:
    """The session kind a ``type`` names (a kind, or a kind's label), else ""."""
    if type_ in SessionKind.values:
        return type_
    return _LABELS.get(type_, "")


def _session_kind(track: str, type_: str) -> str:
    if _type_kind(type_):
        return _type_kind(type_)
    if track.lower() in _LABELS:
        return _LABELS[track.lower()]
    return {"poster": SessionKind.POSTERS, "panel": SessionKind.PANEL}.get(
        type_, SessionKind.PAPERS
    )


# Items of a session whose events carry no item kind (a pretalx "Talk" type, a type name).
ITEM_KIND = {SessionKind.POSTERS: ItemKind.POSTER, SessionKind.PANEL: ItemKind.PANEL}
NAME_MAX = 100


def _type_and_track(first: ImportEvent, kind: str) -> tuple[str, str]:
    """The session type and track names an imported session gets ("" for none).

    A type that is an item kind ("talk", "poster": our exports before types, frab's usual
    values) names no type, so the session takes its kind's type; a kind spelled as such
    ("keynote") takes the kind's label. The track is kept unless it only repeats the type or
    names a kind (the exports fall back to those when a session has no track)."""
    name = " ".join(first.type_name.split())[:NAME_MAX]
    if name.lower() in ItemKind.values:
        name = ""
    elif name.lower() in SessionKind.values:
        name = SessionKind(name.lower()).label
    track = " ".join(first.track.split())[:NAME_MAX]
    if track.lower() in _LABELS or track.lower() == name.lower():
        track = ""
    return name, track


def _names_ci(names) -> list[str]:
    seen: dict[str, str] = {}
    for n in names:
        if n:
            seen.setdefault(n.lower(), n)
    return list(seen.values())


def program_import_plan(*, edition, events: list[ImportEvent]) -> dict:
    """What the import would create, as plain data; writes nothing."""
    warnings: list[str] = []
    existing_rooms = set(edition.rooms.values_list("name", flat=True))
    rooms = list(dict.fromkeys(e.room for e in sorted(events, key=lambda e: e.start)))
    groups: list[list[ImportEvent]] = []
    for e in sorted(events, key=lambda e: (e.room, e.start, e.end)):
        last = groups[-1] if groups else None
        if (
            last
            and last[0].room == e.room
            and last[0].track == e.track
            and e.start <= max(x.end for x in last)
            and _type_kind(e.type) not in SESSION_ONLY_KINDS
        ):
            last.append(e)
        else:
            groups.append([e])
    sessions = []
    names: set[str] = set()
    for group in sorted(groups, key=lambda g: (g[0].start, g[0].room)):
        first = group[0]
        kind = _session_kind(first.track, first.type)
        start, end = min(e.start for e in group), max(e.end for e in group)
        # A session exported without items (a break, an empty poster session) has no speakers
        # and its session type as type.
        session_only = len(group) == 1 and not first.persons and bool(_type_kind(first.type))
        items = []
        if not session_only:
            for order, e in enumerate(group):
                item_kind = e.type if e.type in ItemKind.values else ITEM_KIND.get(kind, "talk")
                own = (e.start, e.end) != (start, end)
                board = BOARD_RE.match(e.subtitle)
                items.append(
                    {
                        "title": e.title,
                        "kind": item_kind,
                        "abstract": e.abstract,
                        "start": e.start if own else None,
                        "end": e.end if own else None,
                        "order": order,
                        "board": board.group(1)[:20] if board else "",
                        "speakers": e.persons,
                    }
                )
                names.update(e.persons)
        title = first.title if session_only or len(group) == 1 else (first.track or "Session")
        type_name, track = _type_and_track(first, kind)
        sessions.append(
            {
                "kind": kind,
                "type": type_name,
                "track": track,
                "title": title[:300],
                "room": first.room,
                "start": start,
                "end": end,
                "items": items,
            }
        )
    known = set(Person.objects.filter(name__in=names).values_list("name", flat=True))
    for name in sorted(names - known):
        if len(name) > 200:
            warnings.append(f"A speaker name is longer than 200 characters: {name[:40]}…")
    clash = [s for s in sessions if s["room"] in existing_rooms]
    if clash:
        warnings.append(
            f"{len(clash)} session(s) go into rooms that exist already; "
            "overlaps with sessions there are refused."
        )
    type_names = _names_ci(s["type"] for s in sessions)
    track_names = _names_ci(s["track"] for s in sessions)
    have_types = {n.lower() for n in edition.session_types.values_list("name", flat=True)}
    have_tracks = {n.lower() for n in edition.tracks.values_list("name", flat=True)}
    return {
        "rooms": [{"name": r, "exists": r in existing_rooms} for r in rooms],
        "types": [{"name": n, "exists": n.lower() in have_types} for n in type_names],
        "tracks": [{"name": n, "exists": n.lower() in have_tracks} for n in track_names],
        "sessions": sessions,
        "people": [{"name": n, "exists": n in known} for n in sorted(names)],
        "counts": {
            "rooms": len([r for r in rooms if r not in existing_rooms]),
            "sessions": len(sessions),
            "items": sum(len(s["items"]) for s in sessions),
            "people": len(names - known),
            "types": len([n for n in type_names if n.lower() not in have_types]),
            "tracks": len([n for n in track_names if n.lower() not in have_tracks]),
        },
        "warnings": warnings,
    }
