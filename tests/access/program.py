"""Access rows of the program: public pages and exports, the chair editor, the API."""

from program.enums import SessionKind
from program.models import Item, ItemSpeaker, Release, Room, Session
from program.services import item_create, release_publish, room_create, session_create
from tests.access.table import (
    NOT_FOUND,
    OK,
    REDIRECT,
    Route,
    api_only,
    everyone,
    goes_to,
    only,
    tables,
)
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at


def build(world) -> None:
    ed = world.edition
    world.program_room = room_create(edition=ed, name="Access hall")
    world.program_session = session_create(
        edition=ed,
        kind=SessionKind.KEYNOTE,
        title="K",
        room=world.program_room,
        start=at(9),
        end=at(10),
    )
    world.program_speaker = PersonFactory(name="Access Speaker")
    world.program_item = item_create(
        edition=ed,
        session=world.program_session,
        title="Published talk",
        speakers=[(world.program_speaker, "speaker", "")],
    )
    release_publish(edition=ed)
    # A draft change after the release, so a publish request has something to publish.
    session_create(
        edition=ed,
        kind=SessionKind.BREAK,
        title="Draft break",
        room=world.program_room,
        start=at(10),
        end=at(10, 30),
    )
    world.program_waiting = item_create(edition=ed, title="Waiting item")


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
item = lambda w: {"edition": w.edition.slug, "pk": w.program_item.pk}  # noqa: E731
session = lambda w: {"edition": w.edition.slug, "pk": w.program_session.pk}  # noqa: E731
waiting = lambda w: {"edition": w.edition.slug, "pk": w.program_waiting.pk}  # noqa: E731
hidden = lambda w: {"edition": w.unpublished.slug}  # noqa: E731


def export(name):
    return lambda w: {"edition": w.edition.slug, "name": name}


CHAIR = only("chair")
CHAIR_POST = only("chair", ok=REDIRECT)
EDITOR = goes_to("program:chair-editor", ed)
HIDDEN = everyone(NOT_FOUND, chair=OK)

STATE = tables(Room, Session, Item, ItemSpeaker, Release)

ROUTES = [
    Route("program:public-program", everyone(OK), ed),
    Route("program:public-program", HIDDEN, hidden, note="unpublished"),
    Route("program:public-changes", everyone(OK), ed),
    Route("program:public-item", everyone(OK), item),
    Route(
        "program:public-item",
        everyone(NOT_FOUND),
        waiting,
        note="unscheduled items are never public",
    ),
    Route("program:public-item-ical", everyone(OK), item),
    Route("program:public-speakers", everyone(OK), ed),
    Route(
        "program:public-speaker",
        everyone(OK),
        lambda w: {"edition": w.edition.slug, "slug": w.program_speaker.slug},
    ),
    Route("program:public-export", everyone(OK), export("schedule.ics"), note="ical"),
    Route("program:public-export", everyone(OK), export("schedule.xml"), note="frab"),
    Route("program:public-export", everyone(OK), export("schedule.json"), note="json"),
    Route("program:public-export", everyone(OK), export("schedule.csv"), note="csv"),
    Route("program:public-export", everyone(OK), export("snapshot.json"), note="snapshot"),
    Route("program:public-export", everyone(OK), export("releases.atom"), note="atom"),
    Route("program:public-export", everyone(NOT_FOUND), export("schedule.pdf"), note="unknown"),
    Route("program:chair-editor", CHAIR, ed),
    Route("program:chair-editor", {**HIDDEN, "anonymous": NOT_FOUND}, hidden, note="unpublished"),
    Route("program:chair-session-create", CHAIR, ed),
    Route("program:chair-session-edit", CHAIR, session),
    Route("program:chair-item-create", CHAIR, ed),
    Route("program:chair-item-edit", CHAIR, waiting),
    Route(
        "program:chair-room-create",
        CHAIR_POST,
        ed,
        method="post",
        state=STATE,
        location=EDITOR,
        data=lambda w: {"name": "New room"},
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-session-move",
        CHAIR_POST,
        session,
        method="post",
        state=STATE,
        location=EDITOR,
        data=lambda w: {"room": w.program_room.pk, "start": "2030-12-13T14:00"},
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-session-delete",
        CHAIR_POST,
        session,
        method="post",
        state=STATE,
        location=EDITOR,
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-item-move",
        CHAIR_POST,
        waiting,
        method="post",
        state=STATE,
        location=EDITOR,
        data=lambda w: {"session": w.program_session.pk, "position": 0},
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-item-delete",
        CHAIR_POST,
        waiting,
        method="post",
        state=STATE,
        location=EDITOR,
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-items-from-papers",
        CHAIR_POST,
        ed,
        method="post",
        state=STATE,
        location=EDITOR,
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-publish",
        CHAIR_POST,
        ed,
        method="post",
        state=STATE,
        location=EDITOR,
        fresh_world_per_actor=True,
    ),
    Route("api:program:room-list", everyone(OK), ed),
    Route("api:program:session-list", everyone(OK), ed),
    Route("api:program:session-list", HIDDEN, hidden, note="unpublished"),
    Route("api:program:item-list", everyone(OK), ed),
    Route("api:program:speaker-list", everyone(OK), ed),
    Route("api:program:release-list", everyone(OK), ed),
    Route(
        "api:program:chair-session-create",
        api_only("chair", ok=201),
        ed,
        method="post",
        state=STATE,
        data=lambda w: {
            "kind": "break",
            "room": w.program_room.pk,
            "start": "2030-12-13T16:00:00-08:00",
            "end": "2030-12-13T16:30:00-08:00",
        },
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-session-update",
        api_only("chair"),
        session,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="empty update: nothing changes",
        changes=frozenset(),
    ),
    Route(
        "api:program:chair-item-create",
        api_only("chair", ok=201),
        ed,
        method="post",
        state=STATE,
        data=lambda w: {"title": "Posted talk"},
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-item-update",
        api_only("chair"),
        waiting,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="empty update: nothing changes",
        changes=frozenset(),
    ),
    Route(
        "api:program:chair-items-from-papers",
        api_only("chair", ok=201),
        ed,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-publish",
        api_only("chair", ok=201),
        ed,
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
    ),
]
