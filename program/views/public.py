"""Public program pages. Everything here reads the latest release, never the draft."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from emc2.conditional import CachedPageMixin, generation_last_modified, public_generation
from emc2.models import Person
from emc2.selectors import person_get
from emc2.times import local
from emc2.views.mixins import PublicMixin
from program.enums import SessionKind
from program.exporters import IcalExporter, ReleaseFeedExporter, item_ical, schedule_exporters
from program.selectors import (
    paper_public_url,
    program_days,
    program_legend,
    published_snapshot,
    release_latest,
    release_list,
    release_snapshot,
    similar_talks,
    snapshot_item,
    snapshot_speakers,
)
from program.views.publish import booklet_link

CACHE_SECONDS = 60 * 60
# Bump when _schedule.html changes, so a shared cache never serves the old markup.
CACHE_VERSION = 4


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) < 12


class ReleasePageMixin(CachedPageMixin):
    """A page of the published program: for anonymous visitors cached per release and
    public generation (any write, e.g. a speaker's bio or the edition's title), with ETag and
    Last-Modified from the same version."""

    permission_required = "program.view_program"

    def page_version(self) -> str:
        self.release = release_latest(edition=self.edition)
        self.generation = public_generation()
        r = self.release
        stamp = f"{r.pk}:{r.number}:{r.created_at.isoformat()}" if r else "none"
        return f"{CACHE_VERSION}:{self.edition.pk}:{stamp}:{self.generation}"

    def page_last_modified(self):
        return generation_last_modified(self.generation)


class ProgramView(ReleasePageMixin, PublicMixin, TemplateView):
    """The schedule by day: a room-by-time grid for days with parallel rooms, and the list.
    The rendered schedule is cached per release and filter: a new release has a new number,
    so the cache never serves an old version."""

    template_name = "program/public/program.html"
    page_cache_key = "program"

    def filters(self) -> tuple[str, str]:
        """``?type=`` (a type id, or a session kind as the old links have it) and
        ``?track=`` (a track id); anything else means no filter."""
        kind = self.request.GET.get("type", "")
        if not _is_id(kind) and kind not in SessionKind.values:
            kind = ""
        track = self.request.GET.get("track", "")
        if not _is_id(track):
            track = ""
        return kind, track

    def page_variant(self, request) -> str:
        kind, track = self.filters()
        return f"{request.path}?type={kind}&track={track}"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        kind, track = self.filters()
        release = release_latest(edition=self.edition)
        ctx.update(
            release=release,
            kind=kind,
            track=track,
            feed_url=ReleaseFeedExporter().url(self.edition),
        )
        if release is None:
            return ctx
        key = (
            f"program:schedule:v{CACHE_VERSION}:{self.edition.pk}:{release.pk}:"
            f"{release.number}:{release.created_at.timestamp()}:{kind}:{track}"
        )
        cached = cache.get(key)
        if cached is None:
            snapshot = release_snapshot(release=release)
            days = program_days(snapshot=snapshot, tz=self.edition.tz, type=kind, track=track)
            cached = {
                "html": render_to_string(
                    "program/public/_schedule.html",
                    {"edition": self.edition, "days": days, "kind": kind or track},
                ),
                "legend": program_legend(snapshot=snapshot),
                "day_list": [
                    (d["date"].isoformat(), d["date"].strftime("%a %b %-d")) for d in days
                ],
            }
            cache.set(key, cached, CACHE_SECONDS)
        ctx["schedule_html"] = mark_safe(cached["html"])  # rendered by our own template
        ctx["types"] = cached["legend"]["types"]
        ctx["tracks"] = cached["legend"]["tracks"]
        ctx["day_list"] = cached["day_list"]
        ctx["ical_url"] = IcalExporter().url(self.edition)
        ctx["exports"] = [(e.label, e.url(self.edition)) for e in schedule_exporters()]
        ctx["booklet_url"] = booklet_link(self.edition)
        return ctx


class ChangesView(ReleasePageMixin, PublicMixin, TemplateView):
    page_cache_key = "changes"
    template_name = "program/public/changes.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["releases"] = release_list(edition=self.edition)
        return ctx


class ItemView(ReleasePageMixin, PublicMixin, TemplateView):
    page_cache_key = "item"
    template_name = "program/public/item.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        snapshot = published_snapshot(edition=self.edition)
        item = snapshot_item(snapshot=snapshot, pk=self.kwargs["pk"])
        tz = self.edition.tz
        days = program_days(snapshot={"sessions": [{**item["session"], "items": [item]}]}, tz=tz)
        session = days[0]["sessions"][0]
        people = Person.objects.in_bulk([sp["id"] for sp in item["speakers"]])
        ctx.update(
            item=session["items"][0],
            session=session,
            speakers=[{**sp, "person": people.get(sp["id"])} for sp in item["speakers"]],
            similar=similar_talks(edition=self.edition, item=item),
            embed_url=_embed_url(item["recording_url"]),
            paper_url=(
                paper_public_url(edition=self.edition, pk=paper["id"], title=paper["title"])
                if (paper := item.get("paper"))
                else ""
            ),
        )
        return ctx


def _embed_url(url: str) -> str:
    """An embeddable player for the few hosts we know; others are linked, not embedded."""
    if "youtube.com/watch?v=" in url:
        return "https://www.youtube-nocookie.com/embed/" + url.split("v=", 1)[1].split("&")[0]
    if "youtu.be/" in url:
        return "https://www.youtube-nocookie.com/embed/" + url.rsplit("/", 1)[1]
    return ""


class SpeakersView(ReleasePageMixin, PublicMixin, TemplateView):
    page_cache_key = "speakers"
    template_name = "program/public/speakers.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["speakers"] = snapshot_speakers(snapshot=published_snapshot(edition=self.edition))
        return ctx


class SpeakerView(ReleasePageMixin, PublicMixin, TemplateView):
    page_cache_key = "speaker"
    template_name = "program/public/speaker.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = person_get(slug=self.kwargs["slug"])
        speakers = snapshot_speakers(snapshot=published_snapshot(edition=self.edition))
        entry = next((s for s in speakers if s["id"] == person.pk), None)
        if entry is None:
            raise Http404("Not a speaker of this edition.")
        tz = self.edition.tz
        items = [
            {**it, "start_dt": local(it["start"], tz), "end_dt": local(it["end"], tz)}
            for it in entry["items"]
        ]
        ctx.update(person=person, items=items)
        return ctx


class ItemIcalView(PublicMixin, View):
    permission_required = "program.view_program"

    def get(self, request, *args, **kwargs):
        snapshot = published_snapshot(edition=self.edition)
        item = snapshot_item(snapshot=snapshot, pk=self.kwargs["pk"])
        body = item_ical(snapshot=snapshot, item=item, edition=self.edition)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="talk-{item["id"]}.ics"'
        return response
