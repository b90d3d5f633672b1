"""Access rows of the chair's program API (issue 14): draft reads, rooms, deletes, people,
organizers, editions, sponsors, import. Uses the world of tests/access/program.py."""

from emc2.enums import RoleKind
from emc2.models import Edition, OutboxMail, Person, Role, Sponsor
from emc2.services import person_profile_token, role_add
from program.models import Item, ItemSpeaker, Room, Session
from program.services import item_create, room_create
from tests.access.table import NOT_FOUND, OK, Route, api_only, everyone, tables
from tests.factories.emc2 import PersonFactory

STATE = tables(Room, Session, Item, ItemSpeaker)
PEOPLE = tables(Person, ItemSpeaker, Role)


def build(world) -> None:
    world.api_spare_room = room_create(edition=world.edition, name="Spare room")
    world.api_other_room = room_create(edition=world.other_edition, name="Other room")
    world.api_person = PersonFactory(name="Access Person", email="access-person@example.org")
    world.api_dup = PersonFactory(name="Access Dup")
    item_create(
        edition=world.edition,
        title="Access appearance",
        speakers=[(world.api_person, "speaker", ""), (world.api_dup, "speaker", "")],
    )
    world.api_token = person_profile_token(person=world.api_person)
    world.api_sponsor = Sponsor.objects.create(edition=world.edition, name="Access Sponsor")
    world.api_role = role_add(
        edition=world.edition, kind=RoleKind.ORGANIZER, name="Access Organizer", title="Chair"
    )


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731


def pk_of(attr):
    return lambda w: {"edition": w.edition.slug, "pk": getattr(w, attr).pk}


# Chairs of this edition; 404 for a room of another edition, even for its own chair here.
CHAIR = api_only("chair")
CHAIR_201 = api_only("chair", ok=201)
CHAIR_204 = api_only("chair", ok=204)

ROUTES = [
    Route("api:program:chair-room-list", CHAIR, ed),
    Route(
        "api:program:chair-room-list",
        CHAIR_201,
        ed,
        method="post",
        data=lambda w: {"name": "New room"},
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route("api:program:chair-room-detail", CHAIR, pk_of("api_spare_room")),
    Route(
        "api:program:chair-room-detail",
        {**CHAIR, "chair": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "pk": w.api_other_room.pk},
        note="room of another edition",
    ),
    Route(
        "api:program:chair-room-detail",
        CHAIR,
        pk_of("api_spare_room"),
        method="patch",
        data=lambda w: {"name": "Renamed room"},
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-room-detail",
        CHAIR_204,
        pk_of("api_spare_room"),
        method="delete",
        state=STATE,
        fresh_world_per_actor=True,
        note="unused room",
    ),
    Route(
        "api:program:chair-room-detail",
        api_only("chair", ok=409),
        pk_of("program_room"),
        method="delete",
        state=STATE,
        changes=frozenset(),
        fresh_world_per_actor=True,
        note="room in use: 409",
    ),
    Route("api:program:chair-session-create", CHAIR, ed, note="draft list"),
    Route("api:program:chair-item-create", CHAIR, ed, note="draft list"),
    Route("api:program:chair-session-update", CHAIR, pk_of("program_session"), note="get"),
    Route("api:program:chair-item-update", CHAIR, pk_of("program_item"), note="get"),
    Route(
        "api:program:chair-session-update",
        CHAIR_204,
        pk_of("program_session"),
        method="delete",
        state=STATE,
        fresh_world_per_actor=True,
        note="delete",
    ),
    Route(
        "api:program:chair-item-update",
        CHAIR_204,
        pk_of("program_item"),
        method="delete",
        state=STATE,
        fresh_world_per_actor=True,
        note="delete",
    ),
]

ROUTES += [
    Route(
        "api:edition-list",
        api_only(),
        method="post",
        data=lambda w: {"number": 40, "title": "T", "slug": "2040-x", "start_date": "2040-01-01"},
        state=tables(Edition),
        note="create: staff only (no actor is staff)",
    ),
    Route("api:organizer-list", CHAIR, ed),
    Route(
        "api:organizer-list",
        CHAIR_201,
        ed,
        method="post",
        data=lambda w: {"kind": "organizer", "name": "New Organizer"},
        state=PEOPLE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:organizer-detail",
        CHAIR,
        pk_of("api_role"),
        method="patch",
        data=lambda w: {"title": "Program Chair"},
        state=PEOPLE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:organizer-detail",
        CHAIR_204,
        pk_of("api_role"),
        method="delete",
        state=PEOPLE,
        fresh_world_per_actor=True,
    ),
]

PERSON_STATE = tables(Person, ItemSpeaker, Role, OutboxMail)

ROUTES += [
    Route(
        "api:program:chair-person-list",
        CHAIR,
        lambda w: {"edition": w.edition.slug},
        note="search",
    ),
    Route(
        "api:program:chair-person-list",
        CHAIR_201,
        ed,
        method="post",
        data=lambda w: {"name": "New Speaker", "orcid": "0000-0002-1825-0097"},
        state=PERSON_STATE,
        fresh_world_per_actor=True,
    ),
    Route("api:program:chair-person-detail", CHAIR, pk_of("api_person")),
    Route(
        "api:program:chair-person-detail",
        CHAIR,
        pk_of("api_person"),
        method="patch",
        data=lambda w: {"bio": "New bio"},
        state=PERSON_STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-person-invite",
        api_only("chair", ok=202),
        pk_of("api_person"),
        method="post",
        state=PERSON_STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-person-merge",
        CHAIR,
        ed,
        method="post",
        data=lambda w: {"keep": w.api_person.pk, "remove": w.api_dup.pk},
        state=PERSON_STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "person-profile-invited",
        everyone(OK),
        lambda w: {"token": w.api_token},
        note="valid link, no account needed",
    ),
    Route(
        "person-profile-invited",
        everyone(NOT_FOUND),
        lambda w: {"token": w.api_token[:-3] + "xyz"},
        note="tampered link",
    ),
]

SPONSORS = tables(Sponsor)

ROUTES += [
    Route("api:sponsor-list", CHAIR, ed),
    Route(
        "api:sponsor-list",
        CHAIR_201,
        ed,
        method="post",
        data=lambda w: {"name": "New Sponsor", "tier": "gold"},
        state=SPONSORS,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:sponsor-detail",
        CHAIR,
        pk_of("api_sponsor"),
        method="patch",
        data=lambda w: {"tier": "silver"},
        state=SPONSORS,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:sponsor-detail",
        CHAIR_204,
        pk_of("api_sponsor"),
        method="delete",
        state=SPONSORS,
        fresh_world_per_actor=True,
    ),
]


# A minimal frab file: one room, one break.
FRAB = (
    b"<schedule><conference><title>T</title></conference><day><room name='Import hall'>"
    b"<event id='1'><date>2030-12-13T12:00:00-08:00</date><duration>00:30</duration>"
    b"<room>Import hall</room><title>Break</title><type>break</type></event></room></day>"
    b"</schedule>"
)


def _frab(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("s.xml", FRAB), "confirm": "true"}


ROUTES += [
    Route(
        "api:program:chair-import",
        CHAIR_201,
        ed,
        method="post",
        data=_frab,
        state=STATE,
        fresh_world_per_actor=True,
        note="confirm",
    ),
]
