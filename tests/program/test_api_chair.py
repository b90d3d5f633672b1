"""The chair's program API of issue 14: rooms, draft reads and deletes, warnings."""

import pytest
from django.urls import reverse

from program.enums import ItemKind, SessionKind
from program.models import Item, Room, Session
from program.services import item_create, session_create
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def _url(name, edition, **kw):
    return reverse(f"api:program:{name}", kwargs={"edition": edition.slug, **kw})


def test_chair_adds_renames_and_orders_rooms(chair_client, edition):
    a = chair_client.post(_url("chair-room-list", edition), {"name": " 146A "}).json()
    b = chair_client.post(_url("chair-room-list", edition), {"name": "Poster area"}).json()
    response = chair_client.patch(
        _url("chair-room-detail", edition, pk=b["id"]),
        {"name": "Poster hall", "order": 0},
        content_type="application/json",
    )
    chair_client.patch(
        _url("chair-room-detail", edition, pk=a["id"]),
        {"order": 1},
        content_type="application/json",
    )
    assert response.json()["name"] == "Poster hall"
    rooms = chair_client.get(_url("chair-room-list", edition)).json()
    assert [(r["name"], r["order"]) for r in rooms] == [("Poster hall", 0), ("146A", 1)]


def test_room_rename_to_taken_name_is_a_400(chair_client, edition, room, other_room):
    response = chair_client.patch(
        _url("chair-room-detail", edition, pk=other_room.pk),
        {"name": "Main hall"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["name"] == ["There is already a room called Main hall."]
    other_room.refresh_from_db()
    assert other_room.name == "Poster area"


def test_room_in_use_is_not_deleted_409_names_the_session(chair_client, edition, room, session):
    response = chair_client.delete(_url("chair-room-detail", edition, pk=room.pk))
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Main hall is used by 1 session(s) (“Paper Session #1”); move or delete them first."
    )
    assert Room.objects.filter(pk=room.pk).exists()


def test_unused_room_is_deleted(chair_client, edition, room, other_room, session):
    response = chair_client.delete(_url("chair-room-detail", edition, pk=other_room.pk))
    assert response.status_code == 204
    assert list(Room.objects.filter(edition=edition).values_list("name", flat=True)) == [
        "Main hall"
    ]


def test_draft_reads_show_unpublished_work(chair_client, edition, session, talk):
    waiting = item_create(edition=edition, title="Waiting")
    items = chair_client.get(_url("chair-item-create", edition)).json()
    sessions = chair_client.get(_url("chair-session-create", edition)).json()
    one = chair_client.get(_url("chair-item-update", edition, pk=talk.pk)).json()
    assert [(i["title"], i["session"]) for i in items] == [
        ("Quantized transformers on phones", session.pk),
        ("Waiting", None),
    ]
    assert [s["title"] for s in sessions] == ["Paper Session #1"]
    assert [sp["name"] for sp in one["speakers"]] == ["Ada Speaker"]
    assert waiting.pk in [i["id"] for i in items]


def test_delete_session_keeps_its_items_unscheduled(chair_client, edition, session, talk):
    response = chair_client.delete(_url("chair-session-update", edition, pk=session.pk))
    talk.refresh_from_db()
    assert response.status_code == 204
    assert not Session.objects.filter(pk=session.pk).exists()
    assert (talk.session_id, talk.start) == (None, None)


def test_delete_item(chair_client, edition, talk):
    response = chair_client.delete(_url("chair-item-update", edition, pk=talk.pk))
    assert response.status_code == 204
    assert not Item.objects.filter(pk=talk.pk).exists()


def test_other_editions_chair_cannot_delete(client, actors, edition, talk):
    client.force_login(actors["chair_other_edition"])
    response = client.delete(_url("chair-item-update", edition, pk=talk.pk))
    assert response.status_code in (403, 404)
    assert Item.objects.filter(pk=talk.pk).exists()


def test_same_author_posters_in_one_poster_session_are_no_clash(edition, room, speaker):
    posters = session_create(
        edition=edition, kind=SessionKind.POSTERS, title="Posters", room=room, start=at(12),
        end=at(13),
    )  # fmt: skip
    for title in ("Poster A", "Poster B"):
        item_create(
            edition=edition, session=posters, kind=ItemKind.POSTER, title=title,
            speakers=[(speaker, "author", "")],
        )  # fmt: skip
    assert list(posters.items.values_list("title", flat=True)) == ["Poster A", "Poster B"]


def test_same_author_talk_beside_poster_session_is_a_warning(edition, room, other_room, speaker):
    from program.exceptions import ProgramWarnings

    posters = session_create(
        edition=edition, kind=SessionKind.POSTERS, title="Posters", room=room, start=at(12),
        end=at(13),
    )  # fmt: skip
    talks = session_create(
        edition=edition, kind=SessionKind.PAPERS, title="Talks", room=other_room, start=at(12),
        end=at(13),
    )  # fmt: skip
    item_create(
        edition=edition, session=posters, kind=ItemKind.POSTER, title="Poster A",
        speakers=[(speaker, "author", "")],
    )  # fmt: skip
    with pytest.raises(ProgramWarnings) as exc:
        item_create(edition=edition, session=talks, title="Talk", speakers=[(speaker, "", "")])
    assert [w["code"] for w in exc.value.warnings] == ["speaker_double_booked"]
    assert not talks.items.exists()


def test_affiliation_change_keeps_one_person_and_each_appearance_its_own(
    chair_client, edition, other_edition, session
):
    from emc2.models import Person
    from program.services import SpeakerRef

    past = item_create(
        edition=other_edition,
        title="Earlier talk",
        speakers=[SpeakerRef(name="Jonathan Frankle", affiliation="Mosaic ML")],
    )
    response = chair_client.post(
        _url("chair-item-create", edition),
        {
            "title": "Later talk",
            "session": session.pk,
            "speakers": [{"name": "Jonathan Frankle", "affiliation": "MosaicML"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Person.objects.filter(name="Jonathan Frankle").count() == 1
    assert response.json()["speakers"][0]["affiliation"] == "MosaicML"
    assert past.speakers.get().affiliation == "Mosaic ML"
