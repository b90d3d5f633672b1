"""The one exporter registry: every file a user downloads from a page (schedule XML/JSON/iCal/
CSV, leaderboards, chair tables) is a ``BaseExporter`` subclass registered with ``register``.

One view (``emc2.views.exports.ExportView``) serves them all. For a request it

1. finds the exporter (by identifier, or by URL group and file name),
2. asks it for the permission object and checks ``permission`` on it with django-rules
   (anonymous users go to the login page, others get a 403, or a 404 with ``deny_as_404``),
3. loads the data through the app's selectors (``load``); with ``requires_published`` nothing
   published is a 404,
4. answers a conditional GET with 304 when the ETag or Last-Modified still match, and only
   then renders the bytes.

Exporters live in their app (``program/exporters/``, ``challenge/exporters.py``,
``papers/exporters.py``); the app's ``AppConfig.ready`` imports them. CSV exporters build their
bytes with ``emc2.tables.csv_bytes``.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from emc2.conditional import version_etag

EXPORTERS: dict[str, "BaseExporter"] = {}


@dataclass
class Export:
    """What ``BaseExporter.load`` found.

    ``data`` None (and no ``fetch``) means nothing is published. ``version`` names the state
    of the data (a release number); when set, the ETag is known before rendering and a 304
    costs no render. Empty, the ETag is a hash of the rendered bytes.
    """

    data: Any
    last_modified: dt.datetime | None = None
    version: str = ""
    # Reads ``data`` only when the bytes are needed: a 304 then never loads a large document.
    fetch: Callable[[], Any] | None = None

    @property
    def found(self) -> bool:
        return self.data is not None or self.fetch is not None

    def get_data(self) -> Any:
        if self.data is None and self.fetch is not None:
            self.data = self.fetch()
        return self.data


class BaseExporter:
    identifier = ""  # unique across the project: "<app>.<name>"
    group = ""  # URL family: ExportView(group=...) finds the exporter by its file name
    label = ""
    filename = ""  # name in the URL; downloads are named "<edition slug>-<filename>"
    content_type = "application/octet-stream"
    permission = ""  # a rules permission, checked on ``permission_object``
    requires_published = True
    deny_as_404 = False
    inline = False  # shown in the browser (XML, JSON) rather than saved
    public = True  # may a shared cache keep it? False for anything behind a role
    url_name = ""  # the route that serves it, for ``url``

    def permission_object(self, *, edition, **kwargs) -> Any:
        return edition

    def load(self, *, edition, obj, request: HttpRequest, **kwargs) -> Export:
        raise NotImplementedError

    def render(self, *, data: Any, edition, request: HttpRequest) -> bytes:
        raise NotImplementedError

    def download_name(self, *, edition, data: Any) -> str:
        """The saved file's name. ``data`` is None when the bytes came from the cache (an
        exporter with a ``version`` and a ``fetch``): name it from ``edition`` then."""
        return f"{edition.slug}-{self.filename}"

    def url(self, edition, **kwargs) -> str:
        if self.group:
            kwargs["name"] = self.filename
        return reverse(self.url_name, kwargs={"edition": edition.slug, **kwargs})


def register(cls: type[BaseExporter]) -> type[BaseExporter]:
    """Class decorator: make ``cls`` downloadable. Identifiers and (group, filename) are
    unique; registering a second one is a programming error."""
    if not cls.identifier or not cls.permission:
        raise ValueError(f"{cls.__name__} needs an identifier and a permission.")
    clash = EXPORTERS.get(cls.identifier)
    if clash is not None and type(clash).__qualname__ != cls.__qualname__:
        raise ValueError(f"Exporter {cls.identifier!r} is registered twice.")
    EXPORTERS[cls.identifier] = cls()
    return cls


def exporter_get(*, identifier: str = "", group: str = "", filename: str = "") -> BaseExporter:
    """The exporter by identifier, or by group and file name; None when there is none."""
    if identifier:
        return EXPORTERS.get(identifier)
    return next(
        (e for e in EXPORTERS.values() if e.group == group and e.filename == filename), None
    )


def exporter_list(*, group: str) -> list[BaseExporter]:
    """The exporters of a URL group, in registration order (the program page lists them)."""
    return [e for e in EXPORTERS.values() if e.group == group]


def export_etag(*, exporter: BaseExporter, export: Export, body: bytes | None = None) -> str:
    """A strong ETag: from the data's version when the exporter names one (exports link with
    SITE_URL, never the request's host, so the version says everything), else from the bytes."""
    if export.version:
        return version_etag(f"{exporter.identifier}|{export.version}")
    return hashlib.sha256(body).hexdigest()[:32]
