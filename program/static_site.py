"""The published program of an edition as a static site: a zip a chair can host anywhere.

The program, changes, speaker and talk pages are rendered by their own views for an anonymous
visitor (so they read the latest release's snapshot, never the draft), then every link is
rewritten: pages and files inside the zip become relative links, the stylesheets and scripts
they load are copied in, and anything else on the site (the edition's home page, sign-in,
people pages) points to ``SITE_URL``. Opened from disk, nothing needs a server.
"""

import io
import posixpath
import re
import zipfile

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import resolve, reverse

from emc2.links import absolute_url
from emc2.models import Edition
from program.exceptions import ProgramError
from program.exporters import schedule_exporters
from program.selectors import published_snapshot, snapshot_speakers

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


def static_site_zip(*, edition: Edition) -> bytes:
    """The zip of the edition's published program. Raises ProgramError when nothing is
    published or the edition is not public (the pages would be a 404 for visitors)."""
    if not edition.published:
        raise ProgramError("Publish the edition first: its pages are not public yet.")
    snapshot = published_snapshot(edition=edition)
    if snapshot is None:
        raise ProgramError("Publish a release of the program first.")
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

    for path, name in pages.items():
        body = _render(path)
        if name.endswith(".html"):
            body = rewrite(body.decode(), name).encode()
        files[name] = body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(f"{edition.slug}-program/{name}", files[name])
    return out.getvalue()
