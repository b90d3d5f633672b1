"""Sponsors through the chair API: tiers, order, logos (SVG sanitized, raster checked)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from emc2.models import Sponsor

pytestmark = pytest.mark.django_db

HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="10" height="10" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <foreignObject><iframe src="https://evil.example/"/></foreignObject>
  <image xlink:href="https://evil.example/track.png" width="5" height="5"/>
  <rect width="10" height="10" fill="url(https://evil.example/x)" onclick="steal()"/>
  <use href="#logo"/>
  <circle id="logo" r="4" fill="#3366cc"/>
</svg>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""


def _url(edition, pk=None):
    if pk:
        return reverse("api:sponsor-detail", kwargs={"edition": edition.slug, "pk": pk})
    return reverse("api:sponsor-list", kwargs={"edition": edition.slug})


def _upload(name, data, ctype):
    return SimpleUploadedFile(name, data, content_type=ctype)


def test_svg_logo_loses_scripts_handlers_foreign_objects_and_external_refs(chair_client, edition):
    response = chair_client.post(
        _url(edition),
        {
            "name": "d-Matrix",
            "tier": "gold",
            "logo": _upload("d.svg", HOSTILE_SVG, "image/svg+xml"),
        },
    )
    assert response.status_code == 201, response.json()
    stored = Sponsor.objects.get(name="d-Matrix").logo.read().decode()
    for bad in ("<script", "alert", "onload", "onclick", "foreignObject", "iframe", "evil.example"):
        assert bad not in stored, bad
    assert 'href="#logo"' in stored  # a reference inside the file stays
    assert '<circle id="logo"' in stored


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("laughs.svg", BILLION_LAUGHS),
        ("broken.svg", b"<svg><rect></svg>"),
        ("html.svg", b"<html><script>alert(1)</script></html>"),
        ("fake.png", b"\x89PNG but not really"),
    ],
    ids=["billion-laughs", "not-well-formed", "not-svg", "fake-png"],
)
def test_bad_logos_are_a_400_and_save_nothing(chair_client, edition, name, data):
    response = chair_client.post(
        _url(edition), {"name": "Bad", "logo": _upload(name, data, "image/svg+xml")}
    )
    assert response.status_code == 400
    assert "logo" in response.json()
    assert not Sponsor.objects.filter(name="Bad").exists()


def test_raster_logo_tier_and_order(chair_client, edition):
    buf = io.BytesIO()
    Image.new("RGB", (3, 3), "blue").save(buf, "PNG")
    first = chair_client.post(
        _url(edition),
        {"name": "Microsoft", "tier": "platinum", "logo": _upload("m.png", buf.getvalue(), "")},
    ).json()
    chair_client.post(_url(edition), {"name": "MLCommons", "tier": "silver"})
    chair_client.patch(_url(edition, first["id"]), {"order": 5}, content_type="application/json")
    rows = chair_client.get(_url(edition)).json()
    assert [(r["name"], r["tier"]) for r in rows] == [
        ("MLCommons", "silver"),
        ("Microsoft", "platinum"),
    ]
    assert first["logo"].endswith(".png")


def test_unknown_tier_is_a_400(chair_client, edition):
    response = chair_client.post(_url(edition), {"name": "X", "tier": "diamond"})
    assert response.status_code == 400
    assert not Sponsor.objects.filter(name="X").exists()
