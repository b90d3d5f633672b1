"""The static export of the published program: a zip whose pages link only to each other
and to files inside it, and that never holds the draft."""

import io
import posixpath
import re
import zipfile

import pytest
from django.urls import reverse

from program.enums import BuildKind
from program.publish.services import build_request
from program.services import item_create, item_update

pytestmark = pytest.mark.django_db

LINK = re.compile(r'\b(?:href|src|data-base)="([^"]*)"')


def _zip(client, edition, capture) -> zipfile.ZipFile:
    """Build the site (a background task, run at once here), then download it from the
    chair's URL, which serves the newest finished build."""
    with capture(execute=True):
        build_request(edition=edition, kind=BuildKind.SITE)
    response = client.get(reverse("program:chair-static-site", args=[edition.slug]))
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_static_site_links_resolve_inside_the_zip(
    chair_client, edition, session, talk, speaker, published, django_capture_on_commit_callbacks
):
    item_create(edition=edition, session=session, title="Draft talk nobody may see")
    item_update(item=talk, title="Draft rename nobody may see")
    archive = _zip(chair_client, edition, django_capture_on_commit_callbacks)
    assert_links_resolve(archive, edition, talk, speaker)


def assert_links_resolve(archive: zipfile.ZipFile, edition, talk, speaker) -> None:
    """The zip holds the program, the talk and the speaker; every internal link of every page
    points to a file in the zip; nothing of the draft is in it."""
    names = set(archive.namelist())
    root = f"{edition.slug}-program/"
    assert {root + "index.html", root + f"talks/{talk.pk}.html", root + "speakers.html"} <= names
    assert root + f"speakers/{speaker.slug}.html" in names
    assert any(n.startswith(root + "assets/static/css/") for n in names)
    checked = 0
    for name in names:
        body = archive.read(name).decode(errors="replace")
        assert "Draft talk nobody may see" not in body
        assert "Draft rename nobody may see" not in body
        if not name.endswith(".html"):
            continue
        assert '"/static' not in body and "http://testserver" not in body
        for url in LINK.findall(body):
            if url.startswith(("#", "http://", "https://", "mailto:")):
                continue
            assert not url.startswith("/"), (name, url)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), url.split("#")[0]))
            assert target in names, (name, url)
            checked += 1
    assert checked > 10
    program = archive.read(root + "index.html").decode()
    assert "Quantized transformers on phones" in program
    assert f'href="talks/{talk.pk}.html"' in program


def test_static_site_needs_a_release(chair_client, edition, talk):
    response = chair_client.get(
        reverse("program:chair-static-site", args=[edition.slug]), follow=True
    )
    assert "Publish a release of the program first." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_static_site_of_an_unpublished_edition_is_refused(chair_client, edition, talk, published):
    edition.published = False
    edition.save()
    response = chair_client.get(
        reverse("program:chair-static-site", args=[edition.slug]), follow=True
    )
    assert "Publish the edition first" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
