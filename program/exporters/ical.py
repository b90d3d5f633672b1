"""iCalendar (RFC 5545): one VEVENT per event, times in the venue zone with a VTIMEZONE."""

import datetime as dt
import re

from icalendar import Calendar, Event

from emc2.links import absolute_url
from emc2.times import local
from program.exporters.base import (
    ScheduleExporter,
    all_speakers,
    events,
    item_url,
    register,
    session_url,
)


def _calendar(edition, snapshot) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//EMC2 workshop//program//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", edition.title)
    cal.add("x-wr-timezone", edition.time_zone)
    return cal


def _uid(edition, kind: str, pk: int) -> str:
    # Stable across releases: the same session or item keeps its UID when it moves.
    return f"{edition.slug}-{kind}-{pk}@emc2-program"


def _event(edition, snapshot, session, item) -> Event:
    tz = edition.tz
    src = item or session
    ev = Event()
    ev.add("uid", _uid(edition, "item" if item else "session", src["id"]))
    title = src["title"]
    if item is None and session["items"]:
        title = f"{session['title']}"
    ev.add("summary", title)
    lines = []
    if session.get("times_tba"):
        # The day is known, the time is not: an all-day entry, never the stored placeholder.
        day = local(session["start"], tz).date()
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        lines.append("Time to be announced.")
    else:
        ev.add("dtstart", local(src["start"], tz))
        ev.add("dtend", local(src["end"], tz))
    ev.add("location", session["room"])
    ev.add("categories", [session["kind_label"]])
    speakers = item["speakers"] if item else all_speakers(session)
    if item is None and session["items"]:
        lines += [f"- {it['title']}" for it in session["items"]]
    elif speakers:
        lines.append(", ".join(sp["name"] for sp in speakers))
    if item and item["abstract"]:
        lines += ["", item["abstract"]]
    if lines:
        ev.add("description", "\n".join(lines))
    path = item_url(edition, item["id"]) if item else session_url(edition, session["id"])
    ev.add("url", absolute_url(path))
    stamp = snapshot.get("published_at")
    if stamp:
        from datetime import datetime

        ev.add("dtstamp", datetime.fromisoformat(stamp))
    ev.add("sequence", int(snapshot.get("release") or 0))
    return ev


def _finish(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return cal.to_ical()


@register
class IcalExporter(ScheduleExporter):
    order = 10
    identifier = "program.ical"
    label = "iCalendar (.ics)"
    filename = "schedule.ics"
    content_type = "text/calendar; charset=utf-8"

    def load(self, *, edition, obj, request, **kwargs):
        """``?items=1,5,9``: a personal calendar of those published items (the stars of "my
        schedule"), each at its own time or its session's. Ids not in the release are left
        out; so is a draft item, which the snapshot does not hold."""
        export = super().load(edition=edition, obj=obj, request=request, **kwargs)
        if "items" not in request.GET or export.fetch is None:
            return export
        ids = my_items_parse(request.GET.get("items", ""))
        fetch = export.fetch
        export.fetch = lambda: {**fetch(), "only_items": ids}
        export.version += ":items=" + ",".join(map(str, ids))
        return export

    def render(self, *, data, edition, request=None) -> bytes:
        cal = _calendar(edition, data)
        if "only_items" in data:
            wanted = set(data["only_items"])
            for session in data["sessions"]:
                for item in session["items"]:
                    if item["id"] in wanted:
                        cal.add_component(_event(edition, data, session, item))
            return _finish(cal)
        for session, item in events(data):
            cal.add_component(_event(edition, data, session, item))
        return _finish(cal)


MY_ITEMS_MAX = 500
_ID = re.compile(r"[1-9][0-9]{0,10}", re.ASCII)


def my_items_parse(value: str) -> list[int]:
    """Sorted distinct item ids from "1,5,9"; anything that is not a small positive integer
    is dropped, and at most MY_ITEMS_MAX are kept (one calendar, one cache entry)."""
    ids = {int(p) for p in (part.strip() for part in value.split(",")) if _ID.fullmatch(p)}
    return sorted(ids)[:MY_ITEMS_MAX]


def item_ical(*, snapshot, item, edition) -> bytes:
    """A calendar with one talk (its session's span when it has no time of its own)."""
    cal = _calendar(edition, snapshot)
    session = item["session"]
    ev = _event(edition, snapshot, session, item)
    cal.add_component(ev)
    return _finish(cal)
