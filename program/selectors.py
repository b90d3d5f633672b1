"""Reads of the program. Public reads go through the latest release's snapshot only."""

import datetime as dt

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.urls import reverse

from emc2.links import slug_for
from emc2.models import Edition, Person, Role, User
from emc2.selectors import people_unlinked, person_search
from emc2.similarity import text_similarity
from emc2.times import local
from papers.selectors import papers_accepted
from program.enums import FEATURED_KINDS, SessionKind, SpeakerRole
from program.models import Item, ItemSpeaker, Release, Room, Session, SessionType, Track

SNAPSHOT_VERSION = 1


def _person(p: Person) -> dict:
    return {"id": p.pk, "slug": p.slug, "name": p.name, "affiliation": p.affiliation}


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


# --- draft (chairs) -------------------------------------------------------------------------


def room_list(*, edition: Edition) -> QuerySet[Room]:
    return Room.objects.filter(edition=edition).order_by("order", "name")


def session_type_list(*, edition: Edition) -> QuerySet[SessionType]:
    """The edition's session types in order, each with ``session_count``."""
    return (
        SessionType.objects.filter(edition=edition)
        .annotate(session_count=Count("sessions"))
        .order_by("position", "pk")
    )


def track_list(*, edition: Edition) -> QuerySet[Track]:
    """The edition's tracks in order, each with ``session_count``."""
    return (
        Track.objects.filter(edition=edition)
        .annotate(session_count=Count("sessions"))
        .order_by("position", "pk")
    )


def session_type_get(*, edition: Edition, pk: int) -> SessionType:
    try:
        return SessionType.objects.get(edition=edition, pk=pk)
    except SessionType.DoesNotExist:
        raise Http404("No such session type.") from None


def track_get(*, edition: Edition, pk: int) -> Track:
    try:
        return Track.objects.get(edition=edition, pk=pk)
    except Track.DoesNotExist:
        raise Http404("No such track.") from None


def session_list(*, edition: Edition) -> QuerySet[Session]:
    speakers = ItemSpeaker.objects.select_related("person").order_by("order", "pk")
    items = (
        Item.objects.prefetch_related(Prefetch("speakers", queryset=speakers))
        .select_related("edition", "paper")
        .order_by("order", "pk")
    )
    return (
        Session.objects.filter(edition=edition)
        .select_related("room", "chair", "edition", "type", "track")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("start", "room__order", "pk")
    )


def item_list_unscheduled(*, edition: Edition) -> QuerySet[Item]:
    speakers = ItemSpeaker.objects.select_related("person").order_by("order", "pk")
    return (
        Item.objects.filter(edition=edition, session__isnull=True)
        .select_related("edition")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("order", "pk")
    )


def papers_without_items(*, edition: Edition) -> list:
    """Accepted papers with no program item yet (the editor's side list offers them)."""
    have = Item.objects.filter(edition=edition, paper__isnull=False).values("paper_id")
    return list(papers_accepted(edition=edition).exclude(pk__in=have))


def session_get(*, edition: Edition, pk: int) -> Session:
    try:
        return Session.objects.select_related("room", "edition").get(edition=edition, pk=pk)
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


def room_get(*, edition: Edition, pk: int) -> Room:
    try:
        return Room.objects.get(edition=edition, pk=pk)
    except Room.DoesNotExist:
        raise Http404("No such room.") from None


def item_list_draft(*, edition: Edition) -> QuerySet[Item]:
    """Every item of the draft, scheduled ones first in session order, with speakers."""
    speakers = ItemSpeaker.objects.select_related("person").order_by("order", "pk")
    return (
        Item.objects.filter(edition=edition)
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by(F("session__start").asc(nulls_last=True), "session_id", "order", "pk")
    )


def item_get(*, edition: Edition, pk: int) -> Item:
    try:
        return Item.objects.select_related("session", "edition").get(edition=edition, pk=pk)
    except Item.DoesNotExist:
        raise Http404("No such item.") from None


def editor_days(*, edition: Edition, sessions) -> list[dict]:
    """The editor grid: per day, rows of half-hour slots (plus every session start) x rooms.

    Each cell lists the sessions starting in that slot, so a drop on a cell means
    "start here, in this room".
    """
    tz = edition.tz
    rooms = list(room_list(edition=edition))
    by_day: dict[dt.date, list] = {}
    for s in sessions:
        by_day.setdefault(s.start.astimezone(tz).date(), []).append(s)
    if not by_day:
        by_day[edition.start_date] = []
    days = []
    for day, day_sessions in sorted(by_day.items()):
        first = min((s.start.astimezone(tz) for s in day_sessions), default=None)
        last = max((s.end.astimezone(tz) for s in day_sessions), default=None)
        base = dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz)
        start = min(first.replace(minute=0 if first.minute < 30 else 30), base) if first else base
        stop = max(last, base + dt.timedelta(hours=10)) if last else base + dt.timedelta(hours=10)
        slots = set()
        t = start
        while t < stop:
            slots.add(t)
            t += dt.timedelta(minutes=30)
        slots |= {s.start.astimezone(tz) for s in day_sessions}
        rows = []
        ordered = sorted(slots)
        for i, slot in enumerate(ordered):
            nxt = ordered[i + 1] if i + 1 < len(ordered) else stop
            cells = []
            for room in rooms:
                inside = [
                    s
                    for s in day_sessions
                    if s.room_id == room.pk and slot <= s.start.astimezone(tz) < nxt
                ]
                cells.append({"room": room, "sessions": inside})
            rows.append({"time": slot, "cells": cells})
        days.append({"date": day, "rows": rows})
    return days


# --- snapshot (what a release freezes) ------------------------------------------------------


def program_snapshot_build(*, edition: Edition) -> dict:
    """The current draft as the schedule document published in a release.

    This is also the schedule JSON export; its shape is documented in
    templates/program/public/export_help.html and the API schema.
    """
    sessions = list(session_list(edition=edition))
    rooms = list(room_list(edition=edition))
    out_sessions = []
    for s in sessions:
        items = []
        for it in s.items.all():
            start, end = (it.start, it.end) if it.start else (s.start, s.end)
            items.append(
                {
                    "id": it.pk,
                    "kind": it.kind,
                    "title": it.title,
                    "label": it.label,
                    "abstract": it.abstract,
                    "start": _iso(start),
                    "end": _iso(end),
                    "own_time": it.start is not None,
                    "order": it.order,
                    "board": it.board,
                    "slides_url": it.slides_url,
                    "recording_url": it.recording_url,
                    "paper": {"id": it.paper_id, "title": it.paper.title} if it.paper_id else None,
                    "speakers": [
                        {
                            **_person(sp.person),
                            "affiliation": sp.affiliation,
                            "role": sp.role,
                            "role_line": sp.role_line,
                        }
                        for sp in it.speakers.all()
                    ],
                }
            )
        out_sessions.append(
            {
                "id": s.pk,
                "kind": s.kind,
                "kind_label": SessionKind(s.kind).label,
                "type_id": s.type_id,
                "type": s.type.name if s.type_id else "",
                "type_colour": s.type.colour if s.type_id else "",
                "track_id": s.track_id,
                "track": s.track.name if s.track_id else "",
                "track_colour": s.track.colour if s.track_id else "",
                "title": s.title,
                "room_id": s.room_id,
                "room": s.room.name,
                "start": _iso(s.start),
                "end": _iso(s.end),
                "chair": _person(s.chair) if s.chair else None,
                "description": s.description,
                "times_tba": s.times_tba,
                "items": items,
            }
        )
    for s in out_sessions:
        for it in s["items"]:
            it["session_title"] = s["title"]
    return {
        "version": SNAPSHOT_VERSION,
        "edition": {
            "slug": edition.slug,
            "title": edition.title,
            "conference": edition.conference,
            "city": edition.city,
            "venue": edition.venue,
            "time_zone": edition.time_zone,
            "start_date": edition.start_date.isoformat(),
            "end_date": (edition.end_date or edition.start_date).isoformat(),
        },
        "release": None,
        "published_at": None,
        "rooms": [{"id": r.pk, "name": r.name, "capacity": r.capacity} for r in rooms],
        "types": [
            {"id": t.pk, "name": t.name, "colour": t.colour}
            for t in SessionType.objects.filter(edition=edition).order_by("position", "pk")
        ],
        "tracks": [
            {"id": t.pk, "name": t.name, "colour": t.colour, "description": t.description}
            for t in Track.objects.filter(edition=edition).order_by("position", "pk")
        ],
        "sessions": out_sessions,
    }


def release_latest(*, edition: Edition) -> Release | None:
    """The current public release, without its (large) snapshot loaded."""
    return Release.objects.filter(edition=edition).defer("snapshot").order_by("-number").first()


def release_list(*, edition: Edition) -> QuerySet[Release]:
    return Release.objects.filter(edition=edition).defer("snapshot").order_by("-number")


def release_snapshot(*, release: Release | None) -> dict | None:
    if release is None:
        return None
    return Release.objects.values_list("snapshot", flat=True).get(pk=release.pk)


def published_snapshot(*, edition: Edition) -> dict | None:
    """The snapshot of the latest release, or None when nothing is published yet."""
    row = (
        Release.objects.filter(edition=edition)
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )
    return row


# --- public views of a snapshot --------------------------------------------------------------


def _affiliations(speakers: list[dict]) -> str:
    """Papers list their authors' affiliations once, after the names (as the old pages do)."""
    if not speakers or any(sp["role"] != SpeakerRole.AUTHOR for sp in speakers):
        return ""
    lines = []
    for sp in speakers:
        line = sp["role_line"] or sp["affiliation"]
        if line and line not in lines:
            lines.append(line)
    return "; ".join(lines)


def session_type_key(session: dict) -> str:
    """What the public type filter compares: the session's type id, or (a release from
    before types, a session without one) its kind."""
    return str(session["type_id"]) if session.get("type_id") else session["kind"]


def session_track_key(session: dict) -> str:
    return str(session["track_id"]) if session.get("track_id") else ""


def program_days(
    *,
    snapshot: dict,
    tz,
    type: str = "",  # noqa: A002
    track: str = "",
    kind: str = "",
) -> list[dict]:
    """Sessions of a snapshot grouped by day in ``tz``, with local datetimes attached.

    ``type`` keeps the sessions of one type (a type id, or a kind for the old links and
    releases from before types), ``track`` those of one track (a track id), ``kind`` those
    of one kind."""
    days: dict[dt.date, list] = {}
    rank = {r["id"]: i for i, r in enumerate(snapshot.get("rooms", []))}
    for s in snapshot["sessions"]:
        if kind and s["kind"] != kind:
            continue
        if type and type not in (session_type_key(s), s["kind"]):
            continue
        if track and session_track_key(s) != track:
            continue
        start, end = local(s["start"], tz), local(s["end"], tz)
        items = [
            {
                **it,
                "start_dt": local(it["start"], tz),
                "end_dt": local(it["end"], tz),
                "affiliations": _affiliations(it["speakers"]),
            }
            for it in s["items"]
        ]
        days.setdefault(start.date(), []).append(
            {
                **s,
                "type_key": session_type_key(s),
                "track_key": session_track_key(s),
                "type_label": s.get("type") or s["kind_label"],
                "start_dt": start,
                "end_dt": end,
                "items": items,
                "room_order": rank.get(s["room_id"], 0),
            }
        )
    return [
        {"date": d, "sessions": ss, "grid": program_grid(sessions=ss)}
        for d, ss in sorted(days.items())
    ]


def program_grid(*, sessions: list[dict]) -> dict | None:
    """One day of ``program_days`` as a room-by-time table, or None when the day has a
    single room (the list says it all) or its times are to be announced.

    Rows are the spans between consecutive session boundaries; a session's cell spans the
    rows it covers (``rowspan``), and a room with nothing on is an empty cell. Reading the
    cells in document order gives the sessions by start time, then by room: the phone layout
    stacks them in that order.
    """
    if any(s.get("times_tba") for s in sessions):
        return None
    rooms: dict[int, str] = {}
    for s in sorted(sessions, key=lambda s: s.get("room_order", 0)):
        rooms.setdefault(s["room_id"], s["room"])
    if len(rooms) < 2:
        return None
    bounds = sorted({s["start_dt"] for s in sessions} | {s["end_dt"] for s in sessions})
    index = {t: i for i, t in enumerate(bounds)}
    starts = {(s["room_id"], index[s["start_dt"]]): s for s in sessions}
    covered: set[tuple[int, int]] = set()
    rows = []
    for i, t in enumerate(bounds[:-1]):
        cells = []
        for room_id in rooms:
            s = starts.get((room_id, i))
            if s is not None:
                span = index[s["end_dt"]] - i
                covered |= {(room_id, j) for j in range(i + 1, i + span)}
                cells.append({"session": s, "rowspan": span})
            elif (room_id, i) not in covered:
                cells.append({"session": None, "rowspan": 1})
        rows.append({"time": t, "iso": _iso(t), "cells": cells})
    return {"rooms": list(rooms.values()), "rows": rows}


def session_kinds_used(*, snapshot: dict) -> list[tuple[str, str]]:
    used = {s["kind"] for s in snapshot["sessions"]}
    return [(k.value, k.label) for k in SessionKind if k.value in used]


def program_legend(*, snapshot: dict) -> dict:
    """The types and tracks a published program uses, in the chair's order, as
    ``{"types": [{key, name, colour}], "tracks": [...]}`` for the public filter and legend.
    Sessions without a type (a release from before types) are listed by their kind."""
    types_used = {session_type_key(s) for s in snapshot["sessions"]}
    tracks_used = {session_track_key(s) for s in snapshot["sessions"]}
    types = [
        {"key": str(t["id"]), "name": t["name"], "colour": t["colour"]}
        for t in snapshot.get("types", [])
        if str(t["id"]) in types_used
    ]
    types += [
        {"key": k.value, "name": k.label, "colour": ""}
        for k in SessionKind
        if k.value in types_used
    ]
    tracks = [
        {"key": str(t["id"]), "name": t["name"], "colour": t["colour"]}
        for t in snapshot.get("tracks", [])
        if str(t["id"]) in tracks_used
    ]
    return {"types": types, "tracks": tracks}


def snapshot_item(*, snapshot: dict | None, pk: int) -> dict:
    """One published item with its session, or 404."""
    for s in (snapshot or {}).get("sessions", []):
        for it in s["items"]:
            if it["id"] == pk:
                return {**it, "session": s}
    raise Http404("No such talk.")


def snapshot_speakers(*, snapshot: dict | None) -> list[dict]:
    """Everyone on a published program, with their items, ordered by name."""
    people: dict[int, dict] = {}
    for s in (snapshot or {}).get("sessions", []):
        for it in s["items"]:
            for sp in it["speakers"]:
                entry = people.setdefault(sp["id"], {**sp, "items": []})
                entry["items"].append({**it, "session": s, "role": sp["role"]})
    return sorted(people.values(), key=lambda p: p["name"].lower())


def featured_speakers(*, edition: Edition) -> dict | None:
    """Keynote and invited speakers of the published program (edition home page)."""
    snapshot = published_snapshot(edition=edition)
    if not snapshot:
        return None
    groups = {k: [] for k in FEATURED_KINDS}
    for s in snapshot["sessions"]:
        if s["kind"] in groups:
            for it in s["items"]:
                groups[s["kind"]].append({**it, "session": s})
    if not any(groups.values()):
        return None
    return {
        "keynotes": groups[SessionKind.KEYNOTE],
        "invited": groups[SessionKind.INVITED],
        "edition": edition,
    }


def _latest_releases_published() -> list[Release]:
    latest = (
        Release.objects.filter(edition__published=True)
        .values("edition_id")
        .annotate(n=Max("number"))
    )
    wanted = {(r["edition_id"], r["n"]) for r in latest}
    rows = Release.objects.filter(edition__published=True).select_related("edition")
    return [r for r in rows if (r.edition_id, r.number) in wanted]


def person_talks_public(*, person: Person) -> list[dict]:
    """Every published item of ``person`` across editions, newest edition first."""
    talks = []
    for release in _latest_releases_published():
        for s in release.snapshot["sessions"]:
            for it in s["items"]:
                for sp in it["speakers"]:
                    if sp["id"] == person.pk:
                        talks.append(
                            {
                                **it,
                                "role": sp["role"],
                                "role_line": sp["role_line"],
                                "session": s,
                                "edition": release.edition,
                                "day_label": local(it["start"], release.edition.tz).strftime(
                                    "%B %-d, %Y"
                                ),
                            }
                        )
    talks.sort(key=lambda t: (t["edition"].start_date, t["start"]), reverse=True)
    return talks


def paper_slug(paper) -> str:
    """The slug in a public paper page's URL."""
    return _paper_title_slug(paper.title)


def _paper_title_slug(title: str) -> str:
    return slug_for(title, max_length=60, default="paper")


def paper_public_url(*, edition: Edition, pk: int, title: str) -> str:
    """The public page of an accepted paper (program.views.publish.PaperView). Whether the
    page is visible is ``program.publish.selectors.paper_pages_visible``'s to say."""
    slug = _paper_title_slug(title)
    return reverse("program:public-paper", kwargs={"edition": edition.slug, "pk": pk, "slug": slug})


def person_papers_public(*, person: Person, talks: list[dict]) -> list[dict]:
    """Accepted papers of ``person`` in published editions that ``talks`` does not already
    show (a paper presented in a published program appears as its talk or poster).

    One query per published edition that has accepted papers: editions are few.
    """
    from program.publish.selectors import paper_pages_visible  # it imports this module

    shown = {t["paper"]["id"] for t in talks if t.get("paper")}
    papers = []
    for edition in Edition.objects.filter(published=True).order_by("-start_date"):
        rows = [
            p
            for p in papers_accepted(edition=edition).filter(authors__person=person).distinct()
            if p.pk not in shown
        ]
        linked = bool(rows) and paper_pages_visible(edition=edition)
        for paper in rows:
            papers.append(
                {
                    "id": paper.pk,
                    "url": paper_public_url(edition=edition, pk=paper.pk, title=paper.title)
                    if linked
                    else "",
                    "title": paper.title,
                    "decision": paper.get_decision_display(),
                    "edition": edition,
                    "authors": [a.name for a in paper.authors.all()],
                }
            )
    return papers


def similar_talks(*, edition: Edition, item: dict, limit: int = 3) -> list[dict]:
    """Published items of any edition closest to ``item`` by TF-IDF cosine of title (counted
    twice) and abstract, the engine of emc2.similarity."""
    others = [
        {**it, "edition": release.edition}
        for release in _latest_releases_published()
        for s in release.snapshot["sessions"]
        for it in s["items"]
        if it["id"] != item["id"]
    ]

    def text(it: dict) -> str:
        return f"{it['title']} {it['title']} {it['abstract']}"

    scores = text_similarity(left=[text(item)], right=[text(it) for it in others])[0]
    ranked = sorted(
        (-score, it["id"], it) for score, it in zip(scores, others, strict=True) if score > 0
    )
    return [it for _score, _id, it in ranked[:limit]]


# --- people (chairs) -------------------------------------------------------------------------


def _in_edition(edition: Edition) -> Q:
    """People who speak, chair a session or hold a role (organizer, committee, ...) in
    ``edition``: the one definition of "a person of this edition"."""
    speaks = ItemSpeaker.objects.filter(person=OuterRef("pk"), item__edition=edition)
    chairs = Session.objects.filter(chair=OuterRef("pk"), edition=edition)
    role = Role.objects.filter(person=OuterRef("pk"), edition=edition)
    return Q(Exists(speaks)) | Q(Exists(chairs)) | Q(Exists(role))


def people_of_edition(*, edition: Edition) -> QuerySet[Person]:
    return Person.objects.filter(_in_edition(edition))


def person_in_edition(*, person: Person, edition: Edition) -> bool:
    """The person speaks, chairs a session or holds a role in ``edition``."""
    return people_of_edition(edition=edition).filter(pk=person.pk).exists()


def people_for_chair(*, user, edition: Edition) -> QuerySet[Person]:
    """The people a chair of ``edition`` may see, edit, merge and pick as speakers: those of
    the edition and profiles linked to nothing yet; staff: everybody. ``program.access``
    checks single ids against this; callers check ``program.change_program`` first."""
    if user.is_staff:
        return Person.objects.all()
    return Person.objects.filter(Q(_in_edition(edition)) | Q(pk__in=people_unlinked().values("pk")))


def person_pick_list(*, user, edition: Edition, q: str, limit: int = 10) -> list[dict]:
    """The speaker picker's results: people the chair may pick (``people_for_chair``), each
    with the line ``program.services.speakers_parse`` reads back as exactly them. No e-mail
    addresses: a profile linked to nothing yet is pickable but not the chair's to read."""
    from program.services import speaker_line

    found = person_search(q=q, limit=limit, among=people_for_chair(user=user, edition=edition))
    return [
        {"id": p.pk, "name": p.name, "affiliation": p.affiliation, "line": speaker_line(person=p)}
        for p in found
    ]


def _count(qs, field: str = "person") -> Subquery:
    rows = qs.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())


def person_list_for_chair(*, user, edition: Edition, q: str = "", limit: int = 200) -> list[Person]:
    """The People page: people of ``edition`` (``q``: name part, exact e-mail or ORCID; staff
    search everybody), each with ``talks`` (appearances here), ``chaired`` (sessions chaired
    here) and ``edition_roles`` (their roles here). A constant number of queries."""
    among = people_of_edition(edition=edition)
    if q.strip():
        found = person_search(
            q=q, limit=limit, among=Person.objects.all() if user.is_staff else among
        )
        people = Person.objects.filter(pk__in=[p.pk for p in found])
    else:
        people = among
    roles = Role.objects.filter(edition=edition).order_by("kind")
    people = (
        people.annotate(
            talks=_count(ItemSpeaker.objects.filter(item__edition=edition)),
            chaired=_count(Session.objects.filter(edition=edition), "chair"),
        )
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="edition_roles"))
        .order_by("name", "pk")
    )
    return list(people[:limit])


def person_holdings(*, people: list[Person], edition: Edition) -> list[dict]:
    """For the merge page: what each person holds (appearances and chaired sessions in any
    edition, roles, account, and a count of every other kind of link)."""
    from emc2.selectors import person_link_relations

    pks = [p.pk for p in people]
    talks: dict[int, list] = {pk: [] for pk in pks}
    speakers = ItemSpeaker.objects.filter(person__in=pks).select_related("item__edition")
    for sp in speakers.order_by("item__edition__start_date", "item__title"):
        talks[sp.person_id].append(sp)
    chaired: dict[int, list] = {pk: [] for pk in pks}
    for s in Session.objects.filter(chair__in=pks).select_related("edition").order_by("start"):
        chaired[s.chair_id].append(s)
    roles: dict[int, list] = {pk: [] for pk in pks}
    for r in Role.objects.filter(person__in=pks).select_related("edition"):
        roles[r.person_id].append(r)
    shown = {ItemSpeaker, Session, Role}
    out = []
    for person in people:
        links = []
        for rel in person_link_relations():
            model = rel.related_model
            if model in shown or model is User:
                continue
            n = model._default_manager.filter(**{rel.field.name: person}).count()
            if n:
                links.append((model._meta.verbose_name_plural, n))
        out.append(
            {
                "person": person,
                "talks": talks[person.pk],
                "chaired": chaired[person.pk],
                "roles": roles[person.pk],
                "links": links,
                "in_edition": person_in_edition(person=person, edition=edition),
            }
        )
    return out
