"""frab / Pentabarf schedule XML and the c3voc schedule JSON, as read by Giggity,
EventFahrplan, ConfClerk, c3voc tools and pretalx's importer.

Both are written against the c3voc schemas (voc/schedule, ``validator/xsd/schedule.xml.xsd``
and ``validator/json/schema.json``; copies in ``../shared/schemas/``) from one layout: days,
each with its rooms (with a guid), each with its events. An event has a positive integer
``id`` and a stable ``guid``, its time in the venue's zone, room, title, type, track,
abstract, slug, persons, ``url`` and links. The conference names the venue's
``time_zone_name`` and the site's ``base_url``, so importers place events at venue time.

Posters are events of their own, in their poster session's room and time, with the board in
the subtitle, so a poster's authors are its persons and nobody else's.
"""

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import slugify
from lxml import etree

from emc2.links import absolute_url
from emc2.times import local
from program.enums import SessionKind
from program.exporters.base import (
    ScheduleExporter,
    all_speakers,
    events,
    item_url,
    register,
    session_url,
)

# Session events get ids above this so they never collide with item ids.
SESSION_ID_OFFSET = 1_000_000
# The c3voc JSON schema's acronym: "36c3", "divoc-ptt", "emc2-2023-aaai".
ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")


@dataclass
class FrabEvent:
    id: int
    guid: str
    start: dt.datetime
    end: dt.datetime
    room: str
    slug: str
    title: str
    subtitle: str
    track: str
    type: str
    abstract: str
    description: str
    url: str
    persons: list[dict] = field(default_factory=list)  # {"id", "name", "slug"}
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (title, url, c3voc type)

    @property
    def duration(self) -> str:
        minutes = int((self.end - self.start).total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class FrabRoom:
    name: str
    guid: str
    events: list[FrabEvent]


@dataclass
class FrabDay:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: list[FrabRoom]


def conference_acronym(edition) -> str:
    """``<series>-<edition slug>`` when that fits the c3voc pattern, else underscored."""
    candidate = f"{slugify(edition.series.short_name)}-{edition.slug}".lower()
    if ACRONYM.match(candidate):
        return candidate
    return re.sub(r"[^a-z0-9_]", "_", candidate)


def frab_events(snapshot: dict) -> list[tuple[dict, dict | None]]:
    """``events`` with each poster of a poster session as its own event. Sessions whose
    times are to be announced are left out: a frab event needs a start, and the stored one
    only keeps the day's order."""
    out = []
    for session, item in events(snapshot):
        if session.get("times_tba"):
            continue  # frab has no "to be announced": its day is listed without it
        if item is None and session["kind"] == SessionKind.POSTERS and session["items"]:
            out.extend((session, it) for it in session["items"])
        else:
            out.append((session, item))
    return out


def _event(session: dict, item: dict | None, edition, ns: uuid.UUID) -> FrabEvent:
    tz = edition.tz
    src = item or session
    event_id = src["id"] if item else SESSION_ID_OFFSET + session["id"]
    kind = f"item-{src['id']}" if item else f"session-{session['id']}"
    speakers = item["speakers"] if item else all_speakers(session)
    if item is None and session.get("chair"):
        speakers = [session["chair"], *speakers]
    persons, seen = [], set()
    for sp in speakers:
        if sp["id"] not in seen:
            seen.add(sp["id"])
            persons.append(sp)
    path = item_url(edition, item["id"]) if item else session_url(edition, session["id"])
    links = [("Program page", absolute_url(path), "web")]
    if item and item.get("recording_url"):
        links.append(("Recording", item["recording_url"], "media"))
    if item and item.get("slides_url"):
        links.append(("Slides", item["slides_url"], "slides"))
    board = (item or {}).get("board") or ""
    return FrabEvent(
        id=event_id,
        guid=str(uuid.uuid5(ns, kind)),
        start=local(src["start"], tz),
        end=local(src["end"], tz),
        room=session["room"],
        slug=f"{edition.slug}-{event_id}-{slugify(src['title'])[:50]}".rstrip("-"),
        title=src["title"],
        subtitle=f"Poster board {board}" if board else "",
        # The chair's names (pretalx's track and submission type); a release from before
        # types falls back to the kind, as these exports always did.
        track=session.get("track") or session.get("type") or session["kind_label"],
        type=session.get("type") or (item or {}).get("kind") or session["kind"],
        abstract=(item["abstract"] if item else session.get("description", "")) or "",
        description="\n".join(it["title"] for it in session["items"]) if item is None else "",
        url=absolute_url(path),
        persons=persons,
        links=links,
    )


def _track_slug(track: dict) -> str:
    """A slug both schemas accept: lower-case letters, digits and hyphens, starting with a
    letter, at least two characters."""
    slug = slugify(track["name"]).replace("_", "-").strip("-")
    return slug if re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", slug) else f"track-{track['id']}"


def _event_order(entry):
    session, item = entry
    return ((item or session)["start"], item is not None, (item or {}).get("order", 0))


def frab_days(*, snapshot: dict, edition) -> list[FrabDay]:
    """The published schedule laid out as frab days > rooms > events, in venue time."""
    tz = edition.tz
    ns = uuid.uuid5(uuid.NAMESPACE_URL, f"emc2-program:{snapshot['edition']['slug']}")
    by_day: dict[dt.date, list] = {}
    for session, item in frab_events(snapshot):
        by_day.setdefault(local((item or session)["start"], tz).date(), []).append((session, item))
    for session in snapshot["sessions"]:
        if session.get("times_tba"):
            by_day.setdefault(local(session["start"], tz).date(), [])
    room_order = {r["name"]: i for i, r in enumerate(snapshot["rooms"])}
    room_ids = {r["name"]: r["id"] for r in snapshot["rooms"]}
    days = []
    for index, (day, entries) in enumerate(sorted(by_day.items()), start=1):
        rooms: dict[str, list] = {}
        for session, item in entries:
            rooms.setdefault(session["room"], []).append((session, item))
        day_rooms = []
        for name in sorted(rooms, key=lambda r: (room_order.get(r, 999), r)):
            # The guid follows the room's id, so a renamed room stays the same room.
            guid = str(uuid.uuid5(ns, f"room-{room_ids.get(name, name)}"))
            evs = [_event(s, i, edition, ns) for s, i in sorted(rooms[name], key=_event_order)]
            day_rooms.append(FrabRoom(name=name, guid=guid, events=evs))
        all_events = [e for r in day_rooms for e in r.events]
        if all_events:
            start, end = min(e.start for e in all_events), max(e.end for e in all_events)
        else:  # only sessions whose times are to be announced: the whole day
            start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        days.append(FrabDay(index=index, date=day, start=start, end=end, rooms=day_rooms))
    return days


def _sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


@register
class FrabExporter(ScheduleExporter):
    order = 20
    identifier = "program.frab"
    label = "frab / Pentabarf XML"
    filename = "schedule.xml"
    content_type = "application/xml; charset=utf-8"
    inline = True

    def render(self, *, data, edition, request=None) -> bytes:
        days = frab_days(snapshot=data, edition=edition)
        ed = data["edition"]
        root = etree.Element("schedule")
        _sub(root, "version", f"release {data.get('release') or 0}")
        conf = _sub(root, "conference")
        _sub(conf, "title", ed["title"])
        _sub(conf, "acronym", conference_acronym(edition))
        _sub(conf, "start", ed["start_date"])
        _sub(conf, "end", ed["end_date"])
        _sub(conf, "days", str(len(days)))
        _sub(conf, "timeslot_duration", "00:05")
        _sub(conf, "time_zone_name", edition.time_zone)
        _sub(conf, "base_url", absolute_url("/"))
        _sub(conf, "url", absolute_url(reverse("edition", kwargs={"edition": edition.slug})))
        for t in data.get("tracks", []):
            etree.SubElement(conf, "track", name=t["name"], color=t["colour"], slug=_track_slug(t))
        for day in days:
            day_el = _sub(
                root,
                "day",
                index=day.index,
                date=day.date.isoformat(),
                start=day.start.isoformat(),
                end=day.end.isoformat(),
            )
            for room in day.rooms:
                room_el = _sub(day_el, "room", name=room.name, guid=room.guid)
                for ev in room.events:
                    self._event(room_el, ev)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _event(self, room_el, e: FrabEvent) -> None:
        ev = _sub(room_el, "event", id=e.id, guid=e.guid)
        _sub(ev, "date", e.start.isoformat())
        _sub(ev, "start", e.start.strftime("%H:%M"))
        _sub(ev, "duration", e.duration)
        _sub(ev, "room", e.room)
        _sub(ev, "slug", e.slug)
        _sub(ev, "title", e.title)
        _sub(ev, "subtitle", e.subtitle)
        _sub(ev, "track", e.track)
        _sub(ev, "type", e.type)
        _sub(ev, "language", "en")
        _sub(ev, "abstract", e.abstract)
        _sub(ev, "description", e.description)
        persons = _sub(ev, "persons")
        for sp in e.persons:
            _sub(persons, "person", sp["name"], id=sp["id"])
        _sub(ev, "url", e.url)
        links = _sub(ev, "links")
        for title, href, _kind in e.links:
            _sub(links, "link", title, href=href)


@register
class ScheduleJsonExporter(ScheduleExporter):
    """The c3voc / frab schedule JSON (what pretalx publishes as ``schedule.json``)."""

    order = 30
    identifier = "program.schedule_json"
    label = "Schedule JSON (frab / c3voc format)"
    filename = "schedule.json"
    content_type = "application/json"
    inline = True

    def render(self, *, data, edition, request=None) -> bytes:
        days = frab_days(snapshot=data, edition=edition)
        ed = data["edition"]
        ns = uuid.uuid5(uuid.NAMESPACE_URL, f"emc2-program:{ed['slug']}")
        rooms = [
            {
                "name": r["name"],
                "guid": str(uuid.uuid5(ns, f"room-{r['id']}")),
                "capacity": r.get("capacity"),
            }
            for r in data["rooms"]
        ]
        document = {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": {"name": "emc2"},
            "schedule": {
                "version": f"release {data.get('release') or 0}",
                "base_url": absolute_url("/"),
                "conference": {
                    "acronym": conference_acronym(edition),
                    "title": ed["title"],
                    "start": ed["start_date"],
                    "end": ed["end_date"],
                    "daysCount": len(days),
                    "timeslot_duration": "00:05",
                    "time_zone_name": edition.time_zone,
                    "url": absolute_url(reverse("edition", kwargs={"edition": edition.slug})),
                    "rooms": rooms,
                    "tracks": [
                        {
                            "name": t["name"],
                            "slug": _track_slug(t),
                            "color": t["colour"],
                        }
                        for t in data.get("tracks", [])
                    ],
                    "days": [self._day(day) for day in days],
                },
            },
        }
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

    def _day(self, day: FrabDay) -> dict:
        return {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": day.start.isoformat(),
            "day_end": day.end.isoformat(),
            "rooms": {room.name: [self._event(e) for e in room.events] for room in day.rooms},
        }

    def _event(self, e: FrabEvent) -> dict:
        return {
            "guid": e.guid,
            "id": e.id,
            "date": e.start.isoformat(),
            "start": e.start.strftime("%H:%M"),
            "end": e.end.isoformat(),
            "duration": e.duration,
            "room": e.room,
            "slug": e.slug,
            "url": e.url,
            "title": e.title,
            "subtitle": e.subtitle,
            "track": e.track,
            "type": e.type,
            "language": "en",
            "abstract": e.abstract,
            "description": e.description,
            "persons": [
                {
                    "id": sp["id"],
                    "name": sp["name"],
                    "url": absolute_url(reverse("person", kwargs={"slug": sp["slug"]})),
                }
                for sp in e.persons
            ],
            "links": [{"title": t, "url": u, "type": k} for t, u, k in e.links],
        }
