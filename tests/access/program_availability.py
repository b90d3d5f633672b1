"""Access rows of speaker availability (issue 14): the chair API, the chair page, and the
page an invited speaker reaches with their signed profile link."""

from emc2.services import person_profile_token
from program.models import SpeakerAvailability
from program.services import item_create
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

STATE = tables(SpeakerAvailability)


def build(world) -> None:
    world.avail_person = PersonFactory(name="Avail Speaker", email="avail@example.org")
    item_create(
        edition=world.edition,
        title="Availability talk",
        speakers=[(world.avail_person, "speaker", "")],
    )
    world.avail_token = person_profile_token(person=world.avail_person)
    world.avail_elsewhere = PersonFactory(name="Avail Elsewhere", email="else@example.org")
    item_create(
        edition=world.other_edition,
        title="Elsewhere talk",
        speakers=[(world.avail_elsewhere, "speaker", "")],
    )


def person(attr):
    return lambda w: {"edition": w.edition.slug, "pk": getattr(w, attr).pk}


def token(w):
    return {"edition": w.edition.slug, "token": w.avail_token}


SPANS = {"spans": [{"start": "2030-12-13T09:00", "end": "2030-12-13T10:00"}]}


def rows(w):
    """One filled row of the availability formset of ``w.edition``."""
    p = f"availability-{w.edition.pk}"
    return {
        f"{p}-TOTAL_FORMS": "1",
        f"{p}-INITIAL_FORMS": "0",
        f"{p}-0-start": "2030-12-13T09:00",
        f"{p}-0-end": "2030-12-13T10:00",
    }


CHAIR_API = api_only("chair")

ROUTES = [
    Route("api:program:chair-person-availability", CHAIR_API, person("avail_person")),
    Route(
        "api:program:chair-person-availability",
        {**CHAIR_API, "chair": NOT_FOUND},
        person("avail_elsewhere"),
        note="a person who is not in this edition",
    ),
    Route(
        "api:program:chair-person-availability",
        CHAIR_API,
        person("avail_person"),
        method="put",
        data=lambda w: SPANS,
        state=STATE,
        fresh_world_per_actor=True,
    ),
    Route(
        "api:program:chair-person-availability",
        {**CHAIR_API, "chair": NOT_FOUND},
        person("avail_elsewhere"),
        method="put",
        data=lambda w: SPANS,
        state=STATE,
        fresh_world_per_actor=True,
        note="a person who is not in this edition",
    ),
    Route("program:chair-person-availability", only("chair"), person("avail_person")),
    Route(
        "program:chair-person-availability",
        {**only("chair"), "chair": NOT_FOUND},
        person("avail_elsewhere"),
        note="a person who is not in this edition",
    ),
    Route(
        "program:chair-person-availability",
        only("chair", ok=REDIRECT),
        person("avail_person"),
        method="post",
        data=rows,
        state=STATE,
        location=goes_to("program:chair-person-availability", person("avail_person")),
        fresh_world_per_actor=True,
    ),
    Route(
        "program:speaker-availability",
        everyone(OK),
        token,
        note="valid link, no account needed",
    ),
    Route(
        "program:speaker-availability",
        everyone(REDIRECT),
        token,
        method="post",
        data=rows,
        state=STATE,
        location=goes_to("person-profile-invited", lambda w: {"token": w.avail_token}),
        fresh_world_per_actor=True,
        note="valid link: saves and goes back to the profile page",
    ),
    Route(
        "program:speaker-availability",
        everyone(NOT_FOUND),
        lambda w: {"edition": w.edition.slug, "token": w.avail_token[:-3] + "xyz"},
        note="tampered link",
    ),
    Route(
        "program:speaker-availability",
        everyone(NOT_FOUND),
        lambda w: {"edition": w.other_edition.slug, "token": w.avail_token},
        note="an edition the person does not speak in",
    ),
    Route(
        "program:speaker-availability",
        everyone(NOT_FOUND),
        lambda w: {"edition": w.other_edition.slug, "token": w.avail_token},
        method="post",
        data=rows,
        state=STATE,
        note="an edition the person does not speak in: nothing saved",
    ),
]
