"""frab / Pentabarf schedule XML, as read by Giggity, ConfClerk and pretalx's importer.

Written against the c3voc schema (voc/schedule, validator/xsd/schedule.xml.xsd):
``schedule > version, conference, day+``; a day holds rooms, a room holds events; each event
has ``id`` (positive integer, unique) and ``guid`` attributes and, in any order, room, title,
type, date (xs:dateTime), start (HH:MM), duration (HH:MM), abstract, slug, subtitle, track,
optionally persons, language, description, links.
"""

import datetime as dt
import uuid

from django.utils.text import slugify
from lxml import etree

from program.exporters.base import (
    BaseExporter,
    absolute,
    all_speakers,
    events,
    item_url,
    local,
    register,
    session_url,
)

# Session events get ids above this so they never collide with item ids.
SESSION_ID_OFFSET = 1_000_000


def _hhmm(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event_order(entry):
    session, item = entry
    return ((item or session)["start"], item is not None)


def _sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


@register
class FrabExporter(BaseExporter):
    identifier = "frab"
    label = "frab / Pentabarf XML"
    filename = "schedule.xml"
    content_type = "application/xml; charset=utf-8"
    inline = True

    def render(self, *, snapshot, edition, request=None) -> bytes:
        tz = edition.tz
        root = etree.Element("schedule")
        _sub(root, "version", f"release {snapshot.get('release') or 0}")
        conf = _sub(root, "conference")
        ed = snapshot["edition"]
        _sub(conf, "title", ed["title"])
        _sub(conf, "acronym", ed["slug"])
        _sub(conf, "start", ed["start_date"])
        _sub(conf, "end", ed["end_date"])
        by_day: dict[dt.date, list] = {}
        for session, item in events(snapshot):
            src = item or session
            by_day.setdefault(local(src["start"], tz).date(), []).append((session, item))
        _sub(conf, "days", str(len(by_day)))
        _sub(conf, "timeslot_duration", "00:05")
        room_order = {r["name"]: i for i, r in enumerate(snapshot["rooms"])}
        ns = uuid.uuid5(uuid.NAMESPACE_URL, f"emc2-program:{ed['slug']}")
        for index, (day, day_events) in enumerate(sorted(by_day.items()), start=1):
            starts = [local((i or s)["start"], tz) for s, i in day_events]
            ends = [local((i or s)["end"], tz) for s, i in day_events]
            day_el = _sub(
                root,
                "day",
                index=index,
                date=day.isoformat(),
                start=min(starts).isoformat(),
                end=max(ends).isoformat(),
            )
            rooms: dict[str, list] = {}
            for session, item in day_events:
                rooms.setdefault(session["room"], []).append((session, item))
            for room in sorted(rooms, key=lambda r: (room_order.get(r, 999), r)):
                room_el = _sub(day_el, "room", name=room)
                entries = sorted(rooms[room], key=_event_order)
                for session, item in entries:
                    self._event(room_el, session, item, edition, ns, request)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _event(self, room_el, session, item, edition, ns, request) -> None:
        tz = edition.tz
        src = item or session
        event_id = src["id"] if item else SESSION_ID_OFFSET + session["id"]
        kind = f"item-{src['id']}" if item else f"session-{session['id']}"
        start, end = local(src["start"], tz), local(src["end"], tz)
        ev = _sub(room_el, "event", id=event_id, guid=uuid.uuid5(ns, kind))
        _sub(ev, "date", start.isoformat())
        _sub(ev, "start", start.strftime("%H:%M"))
        _sub(ev, "duration", _hhmm(end - start))
        _sub(ev, "room", session["room"])
        _sub(ev, "slug", f"{edition.slug}-{event_id}-{slugify(src['title'])[:50]}".rstrip("-"))
        _sub(ev, "title", src["title"])
        _sub(ev, "subtitle", "")
        _sub(ev, "track", session["kind_label"])
        _sub(ev, "type", (item or {}).get("kind") or session["kind"])
        _sub(ev, "language", "en")
        abstract = item["abstract"] if item else session.get("description", "")
        _sub(ev, "abstract", abstract or "")
        listing = "\n".join(f"{it['title']}" for it in session["items"]) if item is None else ""
        _sub(ev, "description", listing)
        persons = _sub(ev, "persons")
        speakers = item["speakers"] if item else all_speakers(session)
        if item is None and session.get("chair"):
            speakers = [session["chair"], *speakers]
        seen = set()
        for sp in speakers:
            if sp["id"] in seen:
                continue
            seen.add(sp["id"])
            _sub(persons, "person", sp["name"], id=sp["id"])
        links = _sub(ev, "links")
        path = item_url(edition, item["id"]) if item else session_url(edition, session["id"])
        _sub(links, "link", "Program page", href=absolute(request, path))
        if item and item.get("recording_url"):
            _sub(links, "link", "Recording", href=item["recording_url"])
        if item and item.get("slides_url"):
            _sub(links, "link", "Slides", href=item["slides_url"])
