"""What the schedule exporters share: they read the latest release's snapshot, never the
draft, and are served by ``emc2.views.exports.ExportView`` at ``program/export/<filename>``."""

from django.conf import settings
from django.urls import reverse

from emc2 import exporters
from emc2.exporters import register  # noqa: F401 - the decorator of the exporter modules
from program.selectors import release_latest, release_snapshot


class ScheduleExporter(exporters.BaseExporter):
    group = "program"
    url_name = "program:public-export"
    permission = "program.view_program"
    requires_published = True
    # Bump when an exporter's output changes for the same release (the ETag names both).
    format_version = 2
    order = 100  # place in the program page's list of exports

    def load(self, *, edition, obj, request, **kwargs) -> exporters.Export:
        release = release_latest(edition=edition)  # without its snapshot, read only to render
        if release is None:
            return exporters.Export(data=None)
        return exporters.Export(
            data=None,
            fetch=lambda: release_snapshot(release=release),
            last_modified=release.created_at,
            # What else goes into the bytes besides the release: the edition's own fields.
            version=(
                f"{self.format_version}:{release.pk}:{release.number}:"
                f"{release.created_at.isoformat()}:{edition.time_zone}:{edition.title}:"
                f"{settings.SITE_URL}"
            ),
        )


def schedule_exporters() -> list[ScheduleExporter]:
    return sorted(exporters.exporter_list(group=ScheduleExporter.group), key=lambda e: e.order)


def item_url(edition, item_id: int) -> str:
    return reverse("program:public-item", kwargs={"edition": edition.slug, "pk": item_id})


def session_url(edition, session_id: int) -> str:
    return (
        reverse("program:public-program", kwargs={"edition": edition.slug})
        + f"#session-{session_id}"
    )


def all_speakers(session: dict) -> list[dict]:
    return [sp for it in session["items"] for sp in it["speakers"]]


def events(snapshot: dict) -> list[tuple[dict, dict | None]]:
    """The schedule as calendar events: ``(session, item)`` for each item with its own time,
    ``(session, None)`` for each session whose items share its span (or that has none).
    A session with a single item (keynote, panel) is that item."""
    out = []
    for s in snapshot["sessions"]:
        timed = [it for it in s["items"] if it.get("own_time")]
        if len(s["items"]) == 1 or (timed and len(timed) == len(s["items"])):
            # A keynote or panel is its one item; a paper session is its timed talks.
            out.extend((s, it) for it in s["items"])
        else:
            out.append((s, None))
            out.extend((s, it) for it in timed)
    return out
