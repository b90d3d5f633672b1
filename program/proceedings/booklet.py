"""The program booklet: schedule at a glance (one page per day), talks with abstracts,
keynote speakers, sponsors. One WeasyPrint document; its headings give the PDF outline.

Times are printed in ``BookletData.time_zone`` (the edition's), whatever zone the datetimes
come in; naive datetimes are taken as already being venue time. Everything goes through
``emc2.times.local``: Django's ``time`` filter would otherwise print them in UTC.
"""

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from emc2.markdown import render_markdown
from emc2.times import local
from program.proceedings.exceptions import ProceedingsError
from program.proceedings.files import write_atomically
from program.proceedings.render import render_document


@dataclass(frozen=True)
class BookletTalk:
    title: str
    speakers: Sequence[tuple[str, str]]  # (name, affiliation)
    abstract: str = ""  # Markdown, sanitized when rendered
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    kind: str = ""  # "Keynote", "Oral", "Poster", ... printed next to the title


@dataclass(frozen=True)
class BookletSession:
    title: str
    start: dt.datetime
    end: dt.datetime
    room: str = ""
    chair: str = ""
    talks: Sequence[BookletTalk] = ()


@dataclass(frozen=True)
class BookletDay:
    date: dt.date
    sessions: Sequence[BookletSession]
    label: str = ""  # e.g. "Workshop day"; the date is printed anyway


@dataclass(frozen=True)
class BookletKeynote:
    name: str
    affiliation: str = ""
    bio: str = ""  # Markdown
    talk_title: str = ""
    photo_path: str | os.PathLike | None = None


@dataclass(frozen=True)
class BookletSponsor:
    name: str
    level: str = ""  # "Gold", "Silver", ...; sponsors are listed in the order given
    url: str = ""
    logo_path: str | os.PathLike | None = None


@dataclass(frozen=True)
class BookletData:
    edition_title: str
    days: Sequence[BookletDay]
    subtitle: str = ""  # dates and venue
    time_zone: str = ""
    keynotes: Sequence[BookletKeynote] = ()
    sponsors: Sequence[BookletSponsor] = ()


@dataclass(frozen=True)
class BookletResult:
    path: Path
    page_count: int


def _file_uri(path) -> str:
    if not path:
        return ""
    path = Path(path)
    return path.resolve().as_uri() if path.is_file() else ""


def _talk_context(talk: BookletTalk, tz: str) -> dict:
    return {
        "title": talk.title,
        "kind": talk.kind,
        "start": local(talk.start, tz),
        "end": local(talk.end, tz),
        "speakers": list(talk.speakers),
        "abstract_html": render_markdown(talk.abstract) if talk.abstract.strip() else "",
    }


def _days_context(days: Sequence[BookletDay], tz: str) -> list[dict]:
    result = []
    for n, day in enumerate(sorted(days, key=lambda d: d.date), start=1):
        sessions = sorted(day.sessions, key=lambda s: (s.start, s.end, s.room, s.title))
        result.append(
            {
                "n": n,
                "date": day.date,
                "label": day.label,
                "sessions": [
                    {
                        "n": f"{n}-{i}",
                        "title": s.title,
                        "start": local(s.start, tz),
                        "end": local(s.end, tz),
                        "room": s.room,
                        "chair": s.chair,
                        "talks": [
                            _talk_context(t, tz)
                            for t in sorted(
                                s.talks, key=lambda t: (t.start is None, t.start or s.start)
                            )
                        ],
                    }
                    for i, s in enumerate(sessions, start=1)
                ],
            }
        )
    return result


def _sponsor_groups(sponsors: Sequence[BookletSponsor]) -> list[dict]:
    groups: list[dict] = []
    for sponsor in sponsors:
        if not groups or groups[-1]["level"] != sponsor.level:
            groups.append({"level": sponsor.level, "sponsors": []})
        groups[-1]["sponsors"].append(
            {"name": sponsor.name, "url": sponsor.url, "logo": _file_uri(sponsor.logo_path)}
        )
    return groups


def build_booklet(
    *,
    data: BookletData,
    out_path: str | os.PathLike,
    progress: Callable[[int, str], None] | None = None,
) -> BookletResult:
    """Render the booklet PDF to ``out_path`` (written atomically, like the volume).

    Raises ProceedingsError when there is nothing to print.
    """
    out_path = Path(out_path)
    if not data.days or not any(day.sessions for day in data.days):
        raise ProceedingsError("The program has no sessions to print yet.")
    if progress:
        progress(10, "Laying out the booklet")
    document = render_document(
        "program/proceedings/booklet.html",
        {
            "data": data,
            "days": _days_context(data.days, data.time_zone),
            "keynotes": [
                {
                    "name": k.name,
                    "affiliation": k.affiliation,
                    "talk_title": k.talk_title,
                    "bio_html": render_markdown(k.bio) if k.bio.strip() else "",
                    "photo": _file_uri(k.photo_path),
                }
                for k in data.keynotes
            ],
            "sponsor_groups": _sponsor_groups(data.sponsors),
        },
    )
    if progress:
        progress(80, "Writing the booklet")
    write_atomically(out_path, lambda fh: document.write_pdf(target=fh))
    if progress:
        progress(100, "Done")
    return BookletResult(path=out_path, page_count=len(document.pages))
