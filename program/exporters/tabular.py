"""Schedule JSON (the release snapshot itself, see ``program_snapshot_build``) and CSV."""

import csv
import io
import json

from program.exporters.base import BaseExporter, absolute, item_url, local, register

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
class JsonExporter(BaseExporter):
    identifier = "json"
    label = "Schedule JSON"
    filename = "schedule.json"
    content_type = "application/json"
    inline = True

    def render(self, *, snapshot, edition, request=None) -> str:
        return json.dumps(snapshot, ensure_ascii=False, indent=2)


@register
class CsvExporter(BaseExporter):
    identifier = "csv"
    label = "CSV (one row per talk, poster or session)"
    filename = "schedule.csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, *, snapshot, edition, request=None) -> str:
        tz = edition.tz
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        for s in snapshot["sessions"]:
            rows = s["items"] or [None]
            for it in rows:
                src = it or s
                start, end = local(src["start"], tz), local(src["end"], tz)
                speakers = it["speakers"] if it else ([s["chair"]] if s["chair"] else [])
                writer.writerow(
                    [
                        start.date().isoformat(),
                        start.strftime("%H:%M"),
                        end.strftime("%H:%M"),
                        edition.time_zone,
                        s["room"],
                        s["kind_label"],
                        s["title"],
                        it["kind"] if it else "",
                        src["title"],
                        "; ".join(sp["name"] for sp in speakers),
                        "; ".join(sp["affiliation"] for sp in speakers),
                        absolute(request, item_url(edition, it["id"])) if it else "",
                    ]
                )
        return buf.getvalue()
