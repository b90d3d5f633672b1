"""Atom feed of the schedule's releases, each entry with its changelog: feed readers and
attendees learn of a moved talk without watching the page. Linked from the program page with
``<link rel="alternate">``."""

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from emc2 import exporters
from emc2.links import absolute_url
from emc2.times import local_format
from program.enums import ChangeKind
from program.exporters.base import ScheduleExporter, register
from program.selectors import release_list

FEED_LENGTH = 50


def _changes_text(release) -> str:
    if release.number == 1:
        return "First published program."
    lines = []
    for c in release.changelog:
        kind = ChangeKind(c["kind"]).label if c["kind"] in ChangeKind.values else c["kind"]
        line = f"{kind}: {c['title']}"
        lines.append(f"{line} — {c['detail']}" if c.get("detail") else line)
    return "\n".join(lines) or "No changes."


@register
class ReleaseFeedExporter(ScheduleExporter):
    order = 60
    identifier = "program.releases_atom"
    label = "Release feed (Atom)"
    filename = "releases.atom"
    content_type = "application/atom+xml; charset=utf-8"
    inline = True

    def load(self, *, edition, obj, request, **kwargs) -> exporters.Export:
        releases = list(release_list(edition=edition)[:FEED_LENGTH])
        if not releases:
            return exporters.Export(data=None)
        latest = releases[0]
        return exporters.Export(
            data=releases,
            last_modified=latest.created_at,
            version=(
                f"{self.format_version}:{latest.pk}:{latest.number}:"
                f"{latest.created_at.isoformat()}:{edition.title}:{edition.time_zone}:"
                f"{settings.SITE_URL}"
            ),
        )

    def render(self, *, data, edition, request=None) -> bytes:
        changes = absolute_url(reverse("program:public-changes", kwargs={"edition": edition.slug}))
        feed = Atom1Feed(
            title=f"{edition.title}: program releases",
            link=changes,
            description=f"Releases of the program of {edition.title}, with what changed.",
            feed_url=absolute_url(self.url(edition)),
            feed_guid=f"{changes}#releases",
            language="en",
        )
        for release in data:
            when = local_format(release.created_at, edition, "%B %-d, %Y, %H:%M")
            feed.add_item(
                title=f"Release {release.number} ({when} {edition.time_zone})",
                link=f"{changes}#release-{release.number}",
                description=_changes_text(release),
                unique_id=f"{changes}#release-{release.number}",
                pubdate=release.created_at,
                updateddate=release.created_at,
                content=None,
            )
        return feed.writeString("utf-8").encode("utf-8")
