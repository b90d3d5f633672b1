"""Access rows of the chair's people pages (program.views.people): the list and search, a
person's page and invitation, merging, the speaker picker's JSON. Staff (no actor here) are
covered in tests/program/views/test_people_pages.py."""

from emc2.enums import RoleKind
from emc2.models import OutboxMail, Person, Role
from program.models import ItemSpeaker, Session
from program.services import item_create
from tests.access.table import NOT_FOUND, REDIRECT, Route, everyone, goes_to, only, tables
from tests.factories.emc2 import PersonFactory


def build(world) -> None:
    ed = world.edition
    world.pp_person = PersonFactory(name="Pages Person", email="pages-person@example.org")
    world.pp_dup = PersonFactory(name="Pages Dup")
    item_create(
        edition=ed,
        title="People pages talk",
        speakers=[(world.pp_person, "speaker", ""), (world.pp_dup, "speaker", "")],
    )
    world.pp_organizer = PersonFactory(name="Pages Organizer")
    Role.objects.create(edition=ed, person=world.pp_organizer, kind=RoleKind.ORGANIZER)
    # Someone of the other edition only: the chair of ``edition`` may not reach them.
    world.pp_outsider = PersonFactory(name="Pages Outsider", email="pages-outsider@example.org")
    item_create(
        edition=world.other_edition,
        title="Elsewhere",
        speakers=[(world.pp_outsider, "speaker", "")],
    )


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731


def person(attr):
    return lambda w: {"edition": w.edition.slug, "pk": getattr(w, attr).pk}


CHAIR = only("chair")
CHAIR_POST = only("chair", ok=REDIRECT)
# The mixin lets only chairs in; a chair asking for someone outside the edition gets a 404.
OUTSIDE = only("chair", ok=NOT_FOUND)
OUTSIDE_POST = only("chair", ok=NOT_FOUND)
STATE = tables(Person, ItemSpeaker, Role, Session, OutboxMail)
EDIT = goes_to("program:chair-person-edit", person("pp_person"))

ROUTES = [
    Route("program:chair-people", CHAIR, ed),
    Route(
        "program:chair-people",
        CHAIR,
        ed,
        data=lambda w: {"q": "pages-outsider@example.org"},
        note="search for another edition's person (finds nobody)",
    ),
    Route(
        "program:chair-people",
        everyone(NOT_FOUND),
        lambda w: {"edition": "no-such-edition"},
        note="no such edition",
    ),
    Route(
        "program:chair-people-search",
        CHAIR,
        ed,
        data=lambda w: {"q": "Pages"},
    ),
    Route("program:chair-person-edit", CHAIR, person("pp_person")),
    Route("program:chair-person-edit", CHAIR, person("pp_organizer"), note="organizer"),
    Route("program:chair-person-edit", OUTSIDE, person("pp_outsider"), note="other edition"),
    Route(
        "program:chair-person-edit",
        CHAIR_POST,
        person("pp_person"),
        method="post",
        data=lambda w: {"name": "Pages Person", "bio": "New bio"},
        state=STATE,
        location=EDIT,
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-person-edit",
        OUTSIDE_POST,
        person("pp_outsider"),
        method="post",
        data=lambda w: {"name": "Taken over"},
        state=STATE,
        fresh_world_per_actor=True,
        note="other edition",
    ),
    Route(
        "program:chair-person-invite",
        CHAIR_POST,
        person("pp_person"),
        method="post",
        state=STATE,
        location=EDIT,
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-person-invite",
        OUTSIDE_POST,
        person("pp_outsider"),
        method="post",
        state=STATE,
        fresh_world_per_actor=True,
        note="other edition",
    ),
    Route(
        "program:chair-people-merge",
        CHAIR,
        ed,
        data=lambda w: {"people": [w.pp_person.pk, w.pp_dup.pk]},
        note="compare",
    ),
    Route(
        "program:chair-people-merge",
        CHAIR_POST,
        ed,
        method="post",
        data=lambda w: {"people": [w.pp_person.pk, w.pp_dup.pk], "keep": w.pp_person.pk},
        state=STATE,
        location=EDIT,
        fresh_world_per_actor=True,
    ),
    Route(
        "program:chair-people-merge",
        only("chair", ok=400),
        ed,
        method="post",
        data=lambda w: {"people": [w.pp_person.pk, w.pp_outsider.pk], "keep": w.pp_person.pk},
        state=STATE,
        fresh_world_per_actor=True,
        note="other edition",
    ),
]
