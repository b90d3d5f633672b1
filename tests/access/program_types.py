"""Access rows of the program's session types and tracks (issue 14): the chair pages and the
chair API. Uses the world of tests/access/program.py (its keynote session has a type)."""

from program.categories import session_type_create, track_create
from program.models import Session, SessionType, Track
from program.services import session_update
from tests.access.table import NOT_FOUND, REDIRECT, Route, api_only, goes_to, only, tables

STATE = tables(SessionType, Track, Session)


def build(world) -> None:
    ed, other = world.edition, world.other_edition
    world.types_spare = session_type_create(edition=ed, name="Access spare type")
    world.types_used = world.program_session.type
    world.types_other = session_type_create(edition=other, name="Other edition type")
    world.tracks_spare = track_create(edition=ed, name="Access spare track")
    world.tracks_used = track_create(edition=ed, name="Access used track")
    session_update(session=world.program_session, track=world.tracks_used)
    world.tracks_other = track_create(edition=other, name="Other edition track")


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731


def pk_of(attr):
    return lambda w: {"edition": w.edition.slug, "pk": getattr(w, attr).pk}


CHAIR_API = api_only("chair")
CHAIR_PAGE = only("chair")
CHAIR_POST = only("chair", ok=REDIRECT)

ROUTES: list[Route] = []

for kind, api, page in [("types", "session-type", "type"), ("tracks", "track", "track")]:
    list_api, detail_api = f"api:program:chair-{api}-list", f"api:program:chair-{api}-detail"
    list_page = f"program:chair-{kind}"
    back = goes_to(list_page, ed)
    ROUTES += [
        Route(list_api, CHAIR_API, ed),
        Route(
            list_api,
            api_only("chair", ok=201),
            ed,
            method="post",
            data=lambda w: {"name": "New category", "colour": "#123abc"},
            state=STATE,
            fresh_world_per_actor=True,
        ),
        Route(
            list_api,
            api_only("chair", ok=400),
            ed,
            method="post",
            data=lambda w: {"name": "Bad colour", "colour": "red"},
            state=STATE,
            changes=frozenset(),
            fresh_world_per_actor=True,
            note="bad colour: 400, nothing written",
        ),
        Route(detail_api, CHAIR_API, pk_of(f"{kind}_spare")),
        Route(
            detail_api,
            {**CHAIR_API, "chair": NOT_FOUND},
            pk_of(f"{kind}_other"),
            note="another edition's: 404",
        ),
        Route(
            detail_api,
            CHAIR_API,
            pk_of(f"{kind}_spare"),
            method="patch",
            data=lambda w: {"name": "Renamed category", "colour": "#00ff00"},
            state=STATE,
            fresh_world_per_actor=True,
        ),
        Route(
            detail_api,
            {**CHAIR_API, "chair": NOT_FOUND},
            pk_of(f"{kind}_other"),
            method="patch",
            data=lambda w: {"name": "Hijacked"},
            state=STATE,
            changes=frozenset(),
            fresh_world_per_actor=True,
            note="another edition's: 404",
        ),
        Route(
            detail_api,
            api_only("chair", ok=204),
            pk_of(f"{kind}_spare"),
            method="delete",
            state=STATE,
            fresh_world_per_actor=True,
            note="unused",
        ),
        Route(
            detail_api,
            api_only("chair", ok=409),
            pk_of(f"{kind}_used"),
            method="delete",
            state=STATE,
            changes=frozenset(),
            fresh_world_per_actor=True,
            note="in use: 409",
        ),
        Route(list_page, CHAIR_PAGE, ed),
        Route(
            list_page,
            CHAIR_POST,
            ed,
            method="post",
            data=lambda w: {"name": "New category", "colour": "#123abc"},
            state=STATE,
            location=back,
            fresh_world_per_actor=True,
        ),
        Route(f"program:chair-{page}-edit", CHAIR_PAGE, pk_of(f"{kind}_spare")),
        Route(
            f"program:chair-{page}-edit",
            {**CHAIR_PAGE, "chair": NOT_FOUND},
            pk_of(f"{kind}_other"),
            note="another edition's: 404",
        ),
        Route(
            f"program:chair-{page}-edit",
            CHAIR_POST,
            pk_of(f"{kind}_spare"),
            method="post",
            data=lambda w: {"name": "Renamed category", "colour": "#00ff00"},
            state=STATE,
            location=back,
            fresh_world_per_actor=True,
        ),
        Route(
            f"program:chair-{page}-delete",
            CHAIR_POST,
            pk_of(f"{kind}_spare"),
            method="post",
            state=STATE,
            location=back,
            fresh_world_per_actor=True,
            note="unused",
        ),
        Route(
            f"program:chair-{page}-delete",
            only("chair", ok=409),
            pk_of(f"{kind}_used"),
            method="post",
            state=STATE,
            changes=frozenset(),
            fresh_world_per_actor=True,
            note="in use: the page again, 409",
        ),
    ]
