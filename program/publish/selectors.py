"""Reads for the publications: visibility, volume inputs, booklet inputs, BibTeX."""

import dataclasses
import hashlib
import json
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.http import Http404

from emc2.enums import RoleKind
from emc2.models import Edition, Person, Role, Sponsor
from emc2.storage import media_exists
from papers.selectors import accepted_page_published, paper_final_files, papers_accepted
from program.bibtex import bibtex_entry, bibtex_key, bibtex_volume
from program.enums import BuildKind, BuildState, ItemKind, SessionKind
from program.models import Build, Release, Volume
from program.proceedings.booklet import (
    BookletData,
    BookletDay,
    BookletKeynote,
    BookletSession,
    BookletSponsor,
    BookletTalk,
)
from program.proceedings.exceptions import ProceedingsError
from program.proceedings.names import family_name
from program.proceedings.volume import ENGINE_VERSION, PaperEntry, VolumeMeta
from program.selectors import program_days, published_snapshot

BOOKLET_VERSION = "1"
# "Not given" for an optional snapshot argument (None means "no release").
_UNSET = object()


# --- visibility -------------------------------------------------------------------------------


def paper_pages_visible(*, edition: Edition) -> bool:
    """Whether the accepted papers of ``edition`` have public pages (and BibTeX).

    THE single rule for every public paper page, PDF and BibTeX file: the edition is
    published, and its chairs published either the accepted-papers page or a program release
    (which names the papers anyway). ``papers_accepted`` only yields released decisions.
    """
    if not edition.published:
        return False
    if Release.objects.filter(edition=edition).exists():
        return True
    return accepted_page_published(edition=edition)


def paper_public_get(*, edition: Edition, pk: int):
    """An accepted paper with a public page, else 404 (unpublished, rejected, missing alike)."""
    if not paper_pages_visible(edition=edition):
        raise Http404("No such paper.")
    paper = papers_accepted(edition=edition).filter(pk=pk).first()
    if paper is None:
        raise Http404("No such paper.")
    return paper


def paper_file_public(*, paper):
    """The camera-ready (else newest) PDF of a public paper, or 404."""
    found = paper_final_files(papers=[paper]).get(paper.pk)
    if found is None:
        raise Http404("No PDF for this paper.")
    return found


def paper_presentation(*, snapshot: dict | None, paper_id: int, tz) -> dict | None:
    """Where a paper is presented in the published program (session, time, room), or None."""
    for s in (snapshot or {}).get("sessions", []):
        for it in s["items"]:
            if (it.get("paper") or {}).get("id") == paper_id:
                days = program_days(snapshot={"sessions": [{**s, "items": [it]}]}, tz=tz)
                session = days[0]["sessions"][0]
                return {"session": session, "item": session["items"][0]}
    return None


# --- volume ----------------------------------------------------------------------------------


def volume_get(*, edition: Edition) -> Volume | None:
    return Volume.objects.filter(edition=edition).first()


def _program_positions(snapshot: dict | None) -> dict[int, tuple[int, str]]:
    """paper id -> (position in the published program, session title)."""
    positions: dict[int, tuple[int, str]] = {}
    n = 0
    sessions = sorted((snapshot or {}).get("sessions", []), key=lambda s: s["start"])
    for s in sessions:
        for it in s["items"]:
            paper = it.get("paper")
            if paper and paper["id"] not in positions:
                positions[paper["id"]] = (n, s["title"])
                n += 1
    return positions


def volume_papers(*, edition: Edition, volume: Volume | None, snapshot=_UNSET) -> list[dict]:
    """Accepted papers in volume order: the chair's override list first, then program order,
    then title. Each row: {"paper", "session"}."""
    if snapshot is _UNSET:
        snapshot = published_snapshot(edition=edition)
    positions = _program_positions(snapshot)
    papers = list(papers_accepted(edition=edition))
    override = {pid: i for i, pid in enumerate((volume.paper_order if volume else []) or [])}
    far = len(override) + len(positions) + 1

    def order(paper):
        if paper.pk in override:
            return (0, override[paper.pk], "")
        if paper.pk in positions:
            return (1, positions[paper.pk][0], "")
        return (2, far, paper.title.lower())

    papers.sort(key=lambda p: (*order(p), p.pk))
    return [
        {"paper": p, "session": positions.get(p.pk, (0, ""))[1], "in_program": p.pk in positions}
        for p in papers
    ]


def _committees(edition: Edition) -> list[tuple[str, list[tuple[str, str]]]]:
    groups = [
        ("Organizing committee", (RoleKind.CHAIR, RoleKind.ORGANIZER)),
        ("Program committee", (RoleKind.PC_MEMBER,)),
    ]
    roles = list(
        Role.objects.filter(edition=edition)
        .select_related("person")
        .order_by("kind", "order", "person__name")
    )
    out = []
    for heading, kinds in groups:
        seen, members = set(), []
        for role in roles:
            if role.kind in kinds and role.person_id not in seen:
                seen.add(role.person_id)
                members.append((role.person.name, role.person.affiliation))
        out.append((heading, members))
    return out


def volume_meta(*, edition: Edition, volume: Volume) -> VolumeMeta:
    return VolumeMeta(
        title=volume.title,
        short_title=volume.short_title,
        editors=volume.editor_list,
        year=edition.start_date.year,
        publisher=volume.publisher,
        isbn=volume.isbn,
        copyright=volume.copyright,
        preface=volume.preface,
        committees=_committees(edition),
    )


def volume_inputs(*, edition: Edition) -> tuple[VolumeMeta, list[PaperEntry]]:
    """What the engine needs for the volume. ProceedingsError when it cannot be built yet."""
    volume = volume_get(edition=edition)
    if volume is None:
        raise ProceedingsError("Fill in the volume metadata first.")
    rows = volume_papers(edition=edition, volume=volume)
    if not rows:
        raise ProceedingsError("The edition has no accepted papers yet.")
    files = paper_final_files(papers=[r["paper"] for r in rows])
    entries = []
    for row in rows:
        paper = row["paper"]
        found = files.get(paper.pk)
        if found is None:
            raise ProceedingsError(
                f"\u201c{paper.title}\u201d has no camera-ready PDF yet.", field="papers"
            )
        entries.append(
            PaperEntry(
                key=str(paper.pk),
                title=paper.title,
                authors=[(a.name, a.affiliation) for a in paper.authors.all()],
                pdf_path=found.file.name,  # a storage name: see media_local
                session=row["session"],
            )
        )
    return volume_meta(edition=edition, volume=volume), entries


# --- booklet -----------------------------------------------------------------------------------


def _media_name(field) -> str | None:
    """The storage name of a photo or logo that is really stored, else None."""
    return field.name if field and media_exists(field.name) else None


def booklet_inputs(*, edition: Edition) -> BookletData:
    """The booklet from the edition's PUBLISHED program (latest release)."""
    snapshot = published_snapshot(edition=edition)
    if not snapshot:
        raise ProceedingsError("The program is not published yet.")
    tz = edition.tz
    days = []
    keynote_items = []
    for day in program_days(snapshot=snapshot, tz=tz):
        sessions = []
        for s in day["sessions"]:
            talks = []
            for it in s["items"]:
                kind = ItemKind(it["kind"]).label if it["kind"] in ItemKind.values else ""
                talks.append(
                    BookletTalk(
                        title=it["title"],
                        speakers=[
                            (sp["name"], sp["role_line"] or sp["affiliation"])
                            for sp in it["speakers"]
                        ],
                        abstract=it["abstract"],
                        start=it["start_dt"] if it.get("own_time") else None,
                        end=it["end_dt"] if it.get("own_time") else None,
                        kind=s["kind_label"] if s["kind"] == SessionKind.KEYNOTE else kind,
                    )
                )
                if s["kind"] == SessionKind.KEYNOTE:
                    keynote_items.append(it)
            sessions.append(
                BookletSession(
                    title=s["title"],
                    start=s["start_dt"],
                    end=s["end_dt"],
                    room=s["room"],
                    chair=(s.get("chair") or {}).get("name", ""),
                    talks=talks,
                )
            )
        days.append(BookletDay(date=day["date"], sessions=sessions))
    people = Person.objects.in_bulk([sp["id"] for it in keynote_items for sp in it["speakers"]])
    keynotes = []
    for it in keynote_items:
        for sp in it["speakers"]:
            person = people.get(sp["id"])
            keynotes.append(
                BookletKeynote(
                    name=sp["name"],
                    affiliation=sp["role_line"] or sp["affiliation"],
                    bio=person.bio if person else "",
                    talk_title=it["title"],
                    photo_path=_media_name(person.photo) if person else None,
                )
            )
    sponsors = [
        BookletSponsor(
            name=sp.name, level=sp.get_tier_display(), url=sp.url, logo_path=_media_name(sp.logo)
        )
        for sp in Sponsor.objects.filter(edition=edition).order_by("order", "name")
    ]
    place = ", ".join(x for x in (edition.venue, edition.city) if x)
    dates = edition.start_date.strftime("%B %-d, %Y")
    return BookletData(
        edition_title=edition.title,
        subtitle=f"{dates} \u00b7 {place}" if place else dates,
        time_zone=edition.time_zone,
        days=days,
        keynotes=keynotes,
        sponsors=sponsors,
    )


def booklet_inputs_hash(data: BookletData) -> str:
    payload = {"engine": ENGINE_VERSION, "booklet": BOOKLET_VERSION, **dataclasses.asdict(data)}
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# --- builds ------------------------------------------------------------------------------------


def build_latest(*, edition: Edition, kind: str) -> Build | None:
    """The newest build of ``kind`` in any state (what the chair's progress shows)."""
    return Build.objects.filter(edition=edition, kind=kind).order_by("-pk").first()


def build_served(*, edition: Edition, kind: str) -> Build | None:
    """The newest finished build whose file is still on disk: the one downloads serve."""
    for build in Build.objects.filter(edition=edition, kind=kind, state=BuildState.DONE).order_by(
        "-pk"
    )[:5]:
        if media_exists(build.file):
            return build
    return None


def build_open(build: Build):
    """The build's PDF, opened for reading from the media storage."""
    return default_storage.open(build.file, "rb")


def volume_public(*, edition: Edition) -> tuple[Volume | None, Build | None]:
    """The volume and its served build when the public may download it, else (volume, None)."""
    volume = volume_get(edition=edition)
    if volume is None or not volume.published or not paper_pages_visible(edition=edition):
        return volume, None
    return volume, build_served(edition=edition, kind=BuildKind.VOLUME)


# --- BibTeX ------------------------------------------------------------------------------------


def bibtex_entries(
    *,
    edition: Edition,
    url_for: Callable[[object], str] | None = None,
    snapshot=_UNSET,
    volume=_UNSET,
    served=_UNSET,
) -> list[dict]:
    """Every accepted paper's BibTeX entry, in volume order (keys unique in the volume).

    Pages come from the last built volume; booktitle and editors from the volume metadata
    (the edition title when there is none yet). Rows: {"paper", "key", "bibtex"}.
    """
    if volume is _UNSET:
        volume = volume_get(edition=edition)
    if served is _UNSET:
        served = build_served(edition=edition, kind=BuildKind.VOLUME)
    pages = served.page_map if served else {}
    booktitle = volume.title if volume else edition.title
    editors = volume.editor_list if volume else []
    taken: set[str] = set()
    rows = []
    for row in volume_papers(edition=edition, volume=volume, snapshot=snapshot):
        paper = row["paper"]
        authors = [a.name for a in paper.authors.all()]
        key = bibtex_key(
            family_name(authors[0]) if authors else "", edition.start_date.year, paper.title, taken
        )
        entry = bibtex_entry(
            key=key,
            title=paper.title,
            authors=authors,
            booktitle=booktitle,
            year=edition.start_date.year,
            editors=editors,
            pages=pages.get(str(paper.pk)),
            publisher=volume.publisher if volume else None,
            url=url_for(paper) if url_for else None,
        )
        rows.append({"paper": paper, "key": key, "bibtex": entry})
    return rows


def bibtex_file(*, edition: Edition, url_for=None) -> str:
    return bibtex_volume(r["bibtex"] for r in bibtex_entries(edition=edition, url_for=url_for))
