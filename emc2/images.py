"""Uploaded logos and photos: raster images are checked with Pillow, SVG is sanitized.

An SVG logo is served from ``media/public/`` and may be opened on its own, where a script in
it would run with the site's origin. So the SVG is parsed without entities or network
(lxml, ``resolve_entities=False``, ``no_network=True``), and what can run code or fetch
something is removed: ``<script>``, ``<foreignObject>``, ``<style>``, every ``on*`` event
attribute, and every reference that is not a fragment of the same file (``href``,
``xlink:href``, ``url(...)`` in attributes). A file that is not well-formed SVG, or that
declares a DOCTYPE (entities: billion laughs, XXE), is refused.
"""

import io
import re

from django.core.files.base import ContentFile
from lxml import etree

from emc2.exceptions import Emc2Error

MAX_LOGO_BYTES = 2 * 1024 * 1024
RASTER_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
SVG_NS = "http://www.w3.org/2000/svg"
DROP_TAGS = {"script", "foreignobject", "style", "iframe", "embed", "object", "audio", "video"}
URL_RE = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _local(name: str) -> str:
    return etree.QName(name).localname.lower() if isinstance(name, str) else ""


def svg_sanitize(data: bytes) -> bytes:
    """The SVG without scripts, event handlers, foreignObject or external references.
    Raises Emc2Error when ``data`` is no SVG document."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise Emc2Error("SVG files with a DOCTYPE or entities are not accepted.", field="logo")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_pis=True, remove_comments=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise Emc2Error("This SVG file is not well-formed.", field="logo") from None
    if _local(root.tag) != "svg":
        raise Emc2Error("This is not an SVG image.", field="logo")
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if _local(el.tag) in DROP_TAGS:
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            name, value = _local(attr), el.attrib[attr]
            external = name == "href" and not value.strip().startswith("#")
            if name.startswith("on") or external or URL_RE.search(value):
                del el.attrib[attr]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def logo_prepare(upload, *, field: str = "logo") -> ContentFile:
    """A safe copy of an uploaded logo: sanitized SVG or a checked raster image.
    Raises Emc2Error for anything else, or past MAX_LOGO_BYTES."""
    if upload.size > MAX_LOGO_BYTES:
        raise Emc2Error("The logo is larger than 2 MB.", field=field)
    data = upload.read()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", upload.name.rsplit(".", 1)[0])[:60] or "logo"
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ", b"<svg>") or upload.name.lower().endswith(
        ".svg"
    ):
        return ContentFile(svg_sanitize(data), name=f"{stem}.svg")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Emc2Error("Upload a PNG, JPEG, WebP, GIF or SVG image.", field=field) from None
    if fmt not in RASTER_FORMATS:
        raise Emc2Error("Upload a PNG, JPEG, WebP, GIF or SVG image.", field=field)
    return ContentFile(data, name=f"{stem}.{RASTER_FORMATS[fmt]}")
