"""Publications: the chair's volume and booklet page, downloads, public paper pages, BibTeX."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import ChairMixin, PublicMixin
from program.enums import BuildKind
from program.exceptions import ProgramError
from program.proceedings.exceptions import ProceedingsError
from program.publish.forms import VolumeForm
from program.publish.selectors import (
    bibtex_entries,
    bibtex_file,
    build_latest,
    build_open,
    build_served,
    paper_file_public,
    paper_pages_visible,
    paper_presentation,
    paper_public_get,
    volume_get,
    volume_papers,
    volume_public,
)
from program.publish.services import build_request, volume_save
from program.selectors import paper_public_url, paper_slug, published_snapshot, release_latest


class PublishChairMixin(ChairMixin):
    permission_required = "program.build_publications"

    def page_url(self) -> str:
        return reverse("program:chair-publications", kwargs={"edition": self.edition.slug})


class PublicationsView(PublishChairMixin, TemplateView):
    """Volume metadata form, paper order, and both builds with their progress."""

    template_name = "program/chair/publications.html"

    def post(self, request, *args, **kwargs):
        form = VolumeForm(request.POST, instance=volume_get(edition=self.edition))
        if form.is_valid():
            volume_save(edition=self.edition, **form.volume_fields())
            messages.success(request, "Volume metadata saved.")
            return redirect(self.page_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        volume = volume_get(edition=self.edition)
        ctx.setdefault("form", kwargs.get("form") or VolumeForm(instance=volume))
        ctx.update(
            volume=volume,
            rows=volume_papers(edition=self.edition, volume=volume),
            builds=[_build_ctx(self.edition, kind) for kind in BuildKind],
        )
        return ctx


def _build_ctx(edition, kind) -> dict:
    return {
        "kind": kind,
        "label": BuildKind(kind).label,
        "build": build_latest(edition=edition, kind=kind),
        "served": build_served(edition=edition, kind=kind),
        "edition": edition,
    }


class BuildProgressView(PublishChairMixin, TemplateView):
    """The progress fragment the chair page polls (htmx) while a build runs."""

    template_name = "program/chair/_build.html"

    def get_context_data(self, **kwargs):
        kind = self.kwargs["kind"]
        if kind not in BuildKind.values:
            raise Http404("No such build.")
        return {"b": _build_ctx(self.edition, kind)}


class BuildStartView(PublishChairMixin, View):
    def post(self, request, *args, **kwargs):
        kind = self.kwargs["kind"]
        if kind not in BuildKind.values:
            raise Http404("No such build.")
        try:
            build, queued = build_request(edition=self.edition, kind=kind, by=request.user)
        except (ProceedingsError, ProgramError) as exc:
            messages.error(request, str(exc))
        else:
            if queued:
                messages.success(request, f"{BuildKind(kind).label}: build started.")
            elif build.is_active:
                messages.info(request, f"{BuildKind(kind).label}: a build is already under way.")
            else:
                messages.info(
                    request, f"{BuildKind(kind).label}: nothing changed since the last build."
                )
        return redirect(self.page_url())


def _pdf(build, filename: str) -> FileResponse:
    return FileResponse(build_open(build), as_attachment=True, filename=filename)


class VolumeDownloadView(PublicMixin, View):
    """The served volume: chairs at any time, the public once the volume is published."""

    def get(self, request, *args, **kwargs):
        if request.user.has_perm("program.build_publications", self.edition):
            build = build_served(edition=self.edition, kind=BuildKind.VOLUME)
        else:
            _volume, build = volume_public(edition=self.edition)
        if build is None:
            raise Http404("No volume to download.")
        return _pdf(build, f"{self.edition.slug}-proceedings.pdf")


class BookletDownloadView(PublicMixin, View):
    permission_required = "program.view_program"

    def get(self, request, *args, **kwargs):
        build = build_served(edition=self.edition, kind=BuildKind.BOOKLET)
        if build is None:
            raise Http404("No booklet yet.")
        return _pdf(build, f"{self.edition.slug}-program.pdf")


class PaperView(PublicMixin, TemplateView):
    template_name = "program/public/paper.html"

    def get(self, request, *args, **kwargs):
        self.paper = paper_public_get(edition=self.edition, pk=self.kwargs["pk"])
        if self.kwargs["slug"] != paper_slug(self.paper):
            return redirect(
                paper_public_url(edition=self.edition, pk=self.paper.pk, title=self.paper.title),
                permanent=True,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paper = self.paper
        # Read once, shared by the BibTeX, the presentation slot and the volume link.
        snapshot = published_snapshot(edition=self.edition)
        volume = volume_get(edition=self.edition)
        served = build_served(edition=self.edition, kind=BuildKind.VOLUME)
        entries = bibtex_entries(
            edition=self.edition,
            url_for=lambda p: self.request.build_absolute_uri(
                paper_public_url(edition=self.edition, pk=p.pk, title=p.title)
            ),
            snapshot=snapshot,
            volume=volume,
            served=served,
        )
        entry = next(e for e in entries if e["paper"].pk == paper.pk)
        paper = entry["paper"]  # the same paper, with authors and persons prefetched
        authors = list(paper.authors.all())
        affiliations = list(dict.fromkeys(a.affiliation for a in authors if a.affiliation))
        ctx.update(
            paper=paper,
            authors=[
                {
                    "author": a,
                    "mark": affiliations.index(a.affiliation) + 1 if a.affiliation else None,
                }
                for a in authors
            ],
            affiliations=affiliations,
            presentation=paper_presentation(
                snapshot=snapshot,
                paper_id=paper.pk,
                tz=self.edition.tz,
            ),
            bibtex=entry["bibtex"],
            bibtex_key=entry["key"],
            paper_slug=paper_slug(paper),
            # Paper pages are visible here, so a published volume is public (volume_public).
            volume_url=(
                reverse("program:public-volume", kwargs={"edition": self.edition.slug})
                if volume and volume.published and served
                else ""
            ),
        )
        return ctx


class PaperPdfView(PublicMixin, View):
    def get(self, request, *args, **kwargs):
        paper = paper_public_get(edition=self.edition, pk=self.kwargs["pk"])
        found = paper_file_public(paper=paper)
        return FileResponse(
            found.file.open("rb"),
            as_attachment=True,
            filename=f"{self.edition.slug}-{paper.pk}-{paper_slug(paper)}.pdf",
        )


class BibtexView(PublicMixin, View):
    """The BibTeX file of the whole volume (every accepted paper)."""

    def get(self, request, *args, **kwargs):
        if not paper_pages_visible(edition=self.edition):
            raise Http404("No papers published.")
        body = bibtex_file(
            edition=self.edition,
            url_for=lambda p: request.build_absolute_uri(
                paper_public_url(edition=self.edition, pk=p.pk, title=p.title)
            ),
        )
        response = HttpResponse(body, content_type="application/x-bibtex; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.edition.slug}.bib"'
        return response


def booklet_link(edition) -> str:
    """The booklet download URL for the public program page, when one is built."""
    if release_latest(edition=edition) is None:
        return ""
    if build_served(edition=edition, kind=BuildKind.BOOKLET) is None:
        return ""
    return reverse("program:public-booklet", kwargs={"edition": edition.slug})
