"""The published program of an edition as a static site: a zip a chair can host anywhere.

The program, changes, speaker and talk pages are rendered by their own views for an anonymous
visitor (so they read the latest release's snapshot, never the draft), then every link is
rewritten: pages and files inside the zip become relative links, the stylesheets and scripts
they load are copied in, and anything else on the site (the edition's home page, sign-in,
people pages) points to ``SITE_URL``. Opened from disk, nothing needs a server.
"""

import hashlib
import io
import json
import posixpath
import re
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import resolve, reverse

from emc2.links import absolute_url
from emc2.models import Edition, Person
from program.exceptions import ProgramError
from program.exporters import schedule_exporters
from program.models import Release
from program.selectors import published_snapshot, snapshot_speakers

# Bump when the pages or the zip's layout change: the next build request builds anew.
SITE_VERSION = "1"
_EDITION_FIELDS = (
    "title", "slug", "number", "conference", "city", "venue", "room", "start_date", "end_date",
    "time_zone", "published",
)  # fmt: skip

# href="...", src="..." and the iCal base of "my schedule" (data-base).
_LINK = re.compile(r'(?P<attr>\b(?:href|src|data-base))="(?P<url>[^"]*)"')


def _pages(edition: Edition, snapshot: dict) -> dict[str, str]:
    """URL path -> file name in the zip."""

    def url(name, *args):
        return reverse(f"program:{name}", args=[edition.slug, *args])

    pages = {
        url("public-program"): "index.html",
        url("public-changes"): "changes.html",
        url("public-speakers"): "speakers.html",
    }
    for s in snapshot["sessions"]:
        for it in s["items"]:
            pages[url("public-item", it["id"])] = f"talks/{it['id']}.html"
            pages[url("public-item-ical", it["id"])] = f"talks/{it['id']}.ics"
    for sp in snapshot_speakers(snapshot=snapshot):
        pages[url("public-speaker", sp["slug"])] = f"speakers/{sp['slug']}.html"
    for exporter in schedule_exporters():
        pages[exporter.url(edition)] = f"export/{exporter.filename}"
    return pages


def _render(path: str) -> bytes:
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise ProgramError(f"{path} answered {response.status_code}.")
    return response.content


def _asset(url_path: str) -> bytes | None:
    """A file under STATIC_URL or MEDIA_URL, or None when there is none."""
    if url_path.startswith(settings.STATIC_URL):
        name = url_path[len(settings.STATIC_URL) :]
        try:
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as f:
                    return f.read()
        except Exception:  # noqa: BLE001 - the manifest storage before collectstatic
            pass
        found = finders.find(name)
        if found:
            with open(found, "rb") as f:
                return f.read()
        return None
    if url_path.startswith(settings.MEDIA_URL + "public/"):
        name = url_path[len(settings.MEDIA_URL) :]
        if default_storage.exists(name):
            with default_storage.open(name) as f:
                return f.read()
    return None


def _relative(target: str, current: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(current) or ".")


def static_site_check(*, edition: Edition) -> None:
    """Raises ProgramError when the edition has no public program to export."""
    _published_snapshot(edition)


def _published_snapshot(edition: Edition) -> dict:
    if not edition.published:
        raise ProgramError("Publish the edition first: its pages are not public yet.")
    snapshot = published_snapshot(edition=edition)
    if snapshot is None:
        raise ProgramError("Publish a release of the program first.")
    return snapshot


def static_site_inputs_hash(*, edition: Edition) -> str:
    """What the zip is made of: the latest release, the edition's fields its pages show and
    the speakers' profiles (their pages read the live person). Equal hashes, equal zips.
    Raises ProgramError as ``static_site_zip`` does."""
    snapshot = _published_snapshot(edition)
    release = Release.objects.filter(edition=edition).order_by("-number").first()
    ids = sorted(sp["id"] for sp in snapshot_speakers(snapshot=snapshot))
    people = list(Person.objects.filter(pk__in=ids).order_by("pk").values())
    payload = {
        "version": SITE_VERSION,
        "edition": {f: getattr(edition, f) for f in _EDITION_FIELDS},
        "release": [release.pk, release.number] if release else None,
        "snapshot": snapshot,
        "people": people,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def static_site_zip(
    *, edition: Edition, progress: Callable[[int, str], None] | None = None
) -> tuple[bytes, int]:
    """The zip of the edition's published program and the number of HTML pages in it.
    ``progress(percent, step)`` is called after each page. Raises ProgramError when nothing
    is published or the edition is not public (the pages would be a 404 for visitors)."""
    snapshot = _published_snapshot(edition)
    pages = _pages(edition, snapshot)
    files: dict[str, bytes] = {}

    def rewrite(html: str, current: str) -> str:
        def link(match: re.Match) -> str:
            attr, url = match["attr"], match["url"]
            if not url.startswith("/") or url.startswith("//"):
                return match[0]  # a fragment, a relative or an external link
            path, sep, fragment = url.partition("#")
            path = path.split("?", 1)[0]
            if path in pages:
                target = pages[path]
            else:
                body = _asset(path)
                if body is None:
                    return f'{attr}="{absolute_url(url)}"'
                target = "assets/" + path.lstrip("/")
                files[target] = body
            return f'{attr}="{_relative(target, current)}{sep}{fragment}"'

        return _LINK.sub(link, html)

    html_pages = 0
    for n, (path, name) in enumerate(pages.items(), start=1):
        body = _render(path)
        if name.endswith(".html"):
            body = rewrite(body.decode(), name).encode()
            html_pages += 1
        files[name] = body
        if progress is not None:
            progress(5 + 90 * n // len(pages), f"Rendering page {n} of {len(pages)}")
    if progress is not None:
        progress(96, "Writing the zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(f"{edition.slug}-program/{name}", files[name])
    return out.getvalue(), html_pages
