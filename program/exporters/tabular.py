"""Our own schedule JSON (the release snapshot itself, see ``program_snapshot_build``) and CSV."""

import json

from emc2.links import absolute_url
from emc2.tables import CONTENT_TYPE as CSV_CONTENT_TYPE
from emc2.tables import csv_bytes
from emc2.times import local
from program.exporters.base import ScheduleExporter, item_url, register

CSV_COLUMNS = [
    "date",
    "start",
    "end",
    "time_zone",
    "room",
    "session_type",
    "session",
    "item_type",
    "title",
    "speakers",
    "affiliations",
    "url",
]


@register
class SnapshotJsonExporter(ScheduleExporter):
    """The published snapshot as stored (ids, UTC times): the shape our API serializers read.
    Schedule apps read ``schedule.json`` (frab / c3voc) instead."""

    order = 50
    identifier = "program.snapshot_json"
    label = "Release snapshot JSON (emc2 format)"
    filename = "snapshot.json"
    content_type = "application/json"
    inline = True

    def render(self, *, data, edition, request=None) -> bytes:
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


@register
class CsvExporter(ScheduleExporter):
    order = 40
    identifier = "program.csv"
    label = "CSV (one row per talk, poster or session)"
    filename = "schedule.csv"
    content_type = CSV_CONTENT_TYPE

    def render(self, *, data, edition, request=None) -> bytes:
        tz = edition.tz
        rows = [CSV_COLUMNS]
        for s in data["sessions"]:
            for it in s["items"] or [None]:
                src = it or s
                start, end = local(src["start"], tz), local(src["end"], tz)
                times = (start.strftime("%H:%M"), end.strftime("%H:%M"))
                if s.get("times_tba"):
                    times = ("to be announced", "")
                speakers = it["speakers"] if it else ([s["chair"]] if s["chair"] else [])
                rows.append(
                    [
                        start.date().isoformat(),
                        *times,
                        edition.time_zone,
                        s["room"],
                        s["kind_label"],
                        s["title"],
                        it["kind"] if it else "",
                        src["title"],
                        "; ".join(sp["name"] for sp in speakers),
                        "; ".join(sp["affiliation"] for sp in speakers),
                        absolute_url(item_url(edition, it["id"])) if it else "",
                    ]
                )
        return csv_bytes(rows)
