"""A refused item leaves nobody behind: speakers typed as new names become people inside the
item's transaction, through the service, the chair's editor and the API alike (a refused
session's chair: tests/program/views/test_chair.py)."""

import pytest
from django.urls import reverse

from emc2.models import Person
from program.exceptions import ProgramError
from program.models import Item
from program.services import SpeakerRef, item_create, item_update, speakers_parse
from tests.factories.program import at

NEWCOMERS = "Nova Newcomer | Fresh Lab | PhD student | speaker\nOtto Unknown"


def _url(name, edition, **kw):
    return reverse(f"program:{name}", kwargs={"edition": edition.slug, **kw})


def test_speakers_parse_creates_nobody(db):
    before = Person.objects.count()
    specs = speakers_parse(NEWCOMERS)
    assert specs == [
        SpeakerRef(
            name="Nova Newcomer",
            affiliation="Fresh Lab",
            role="speaker",
            role_line="PhD student",
            match_bare_name=True,
        ),
        SpeakerRef(name="Otto Unknown", role="speaker", match_bare_name=True),
    ]
    assert Person.objects.count() == before


def test_item_with_new_speakers_creates_them(edition, session):
    item = item_create(
        edition=edition, session=session, title="Fine", speakers=speakers_parse(NEWCOMERS)
    )
    assert [(s.person.name, s.person.affiliation) for s in item.speakers.all()] == [
        ("Nova Newcomer", "Fresh Lab"),
        ("Otto Unknown", ""),
    ]


def test_refused_item_creates_no_speaker(edition, session):
    before = Person.objects.count()
    with pytest.raises(ProgramError, match="must lie inside its session"):
        item_create(
            edition=edition,
            session=session,
            title="Too late",
            start=at(9, 50),
            end=at(10, 10),
            speakers=speakers_parse(NEWCOMERS),
        )
    assert (Person.objects.count(), Item.objects.filter(title="Too late").count()) == (before, 0)


def test_refused_item_update_creates_no_speaker(edition, session, talk):
    before = Person.objects.count()
    with pytest.raises(ProgramError, match="must end after it starts"):
        item_update(item=talk, start=at(9, 30), end=at(9, 10), speakers=speakers_parse(NEWCOMERS))
    assert Person.objects.count() == before
    assert [s.person.name for s in talk.speakers.all()] == ["Ada Speaker"]


def test_speaker_clash_refused_creates_nobody(edition, session, talk, other_room):
    from program.services import session_create

    parallel = session_create(
        edition=edition, kind="papers", title="P", room=other_room, start=at(9), end=at(10)
    )
    before = Person.objects.count()
    with pytest.raises(ProgramError, match="Ada Speaker already speaks in"):
        item_create(
            edition=edition,
            session=parallel,
            title="Clash",
            speakers=speakers_parse("Ada Speaker\n" + NEWCOMERS),
        )
    assert Person.objects.count() == before


def test_chair_page_refused_item_creates_no_speaker(chair_client, edition, session):
    before = Person.objects.count()
    response = chair_client.post(
        _url("chair-item-create", edition),
        {
            "kind": "talk",
            "title": "Too late",
            "session": session.pk,
            "start_time": "09:50",
            "end_time": "10:10",
            "speakers": NEWCOMERS,
        },
    )
    assert response.context["form"].non_field_errors()[0].startswith("“Too late” must lie inside")
    assert (Person.objects.count(), Item.objects.filter(title="Too late").count()) == (before, 0)


def _api_create(client, edition, **data):
    return client.post(
        reverse("api:program:chair-item-create", kwargs={"edition": edition.slug}),
        data,
        content_type="application/json",
    )


def test_api_refused_item_creates_no_speaker(chair_client, edition, session):
    before = Person.objects.count()
    response = _api_create(
        chair_client,
        edition,
        title="Too late",
        session=session.pk,
        start="2030-12-13T09:50:00-08:00",
        end="2030-12-13T10:10:00-08:00",
        speakers=[{"name": "Nova Newcomer", "affiliation": "Fresh Lab"}],
    )
    assert (response.status_code, response.json()["start"][0][:26]) == (
        400,
        "“Too late” must lie inside",
    )
    assert (Person.objects.count(), Item.objects.filter(title="Too late").count()) == (before, 0)


def test_api_unknown_person_id_is_refused_and_creates_nobody(chair_client, edition, session):
    before = Person.objects.count()
    response = _api_create(
        chair_client,
        edition,
        title="Ghost",
        session=session.pk,
        speakers=[{"name": "Nova Newcomer"}, {"person": 999999}],
    )
    assert (response.status_code, response.json()["speakers"]) == (400, ["No such person."])
    assert (Person.objects.count(), Item.objects.filter(title="Ghost").count()) == (before, 0)
