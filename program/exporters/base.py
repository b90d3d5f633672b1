import datetime as dt

from django.urls import reverse

EXPORTERS: dict[str, "BaseExporter"] = {}


class BaseExporter:
    identifier = ""
    label = ""
    filename = ""
    content_type = "text/plain; charset=utf-8"
    inline = False

    def render(self, *, snapshot: dict, edition, request=None) -> str:
        raise NotImplementedError

    def url(self, edition) -> str:
        return reverse(
            "program:public-export", kwargs={"edition": edition.slug, "name": self.filename}
        )


def register(cls):
    EXPORTERS[cls.filename] = cls()
    return cls


def local(value: str, tz) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(tz)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


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
