import pytest
from django.urls import reverse

from program.models import Session
from program.services import item_create
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def _url(name, edition, **kw):
    return reverse(f"api:program:{name}", kwargs={"edition": edition.slug, **kw})


def test_public_sessions_are_the_published_ones(client, edition, published, session, talk):
    item_create(edition=edition, title="Draft only", session=session)
    data = client.get(_url("session-list", edition)).json()
    assert [s["title"] for s in data] == ["Paper Session #1"]
    assert [it["title"] for it in data[0]["items"]] == ["Quantized transformers on phones"]
    assert data[0]["start"] == "2030-12-13T17:00:00+00:00"


def test_public_items_speakers_rooms_releases(client, edition, published, talk, speaker):
    items = client.get(_url("item-list", edition)).json()
    speakers = client.get(_url("speaker-list", edition)).json()
    rooms = client.get(_url("room-list", edition)).json()
    releases = client.get(_url("release-list", edition)).json()
    assert [(i["id"], i["session_title"]) for i in items] == [(talk.pk, "Paper Session #1")]
    assert [(s["name"], [i["id"] for i in s["items"]]) for s in speakers] == [
        ("Ada Speaker", [talk.pk])
    ]
    assert [r["name"] for r in rooms] == ["Main hall"]
    assert [r["number"] for r in releases] == [1]


def test_public_lists_are_empty_before_publication(client, edition, talk):
    assert client.get(_url("session-list", edition)).json() == []


def test_chair_creates_session(chair_client, edition, room):
    response = chair_client.post(
        _url("chair-session-create", edition),
        {
            "kind": "keynote",
            "title": "K",
            "room": room.pk,
            "start": "2030-12-13T09:00:00-08:00",
            "end": "2030-12-13T10:00:00-08:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Session.objects.get(pk=response.json()["id"]).start == at(9)


# The room overlap is a hard rule: overriding warnings does not lift it.
@pytest.mark.parametrize("extra", [{}, {"override_warnings": True}], ids=["plain", "override"])
def test_api_refuses_room_overlap_with_the_editor_message(
    chair_client, edition, room, session, extra
):
    response = chair_client.post(
        _url("chair-session-create", edition),
        {
            "kind": "break",
            "room": room.pk,
            "start": "2030-12-13T09:30:00-08:00",
            "end": "2030-12-13T10:30:00-08:00",
            **extra,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Main hall is already booked by “Paper Session #1” (Fri 09:00–Fri 10:00).",
        "start": ["Main hall is already booked by “Paper Session #1” (Fri 09:00–Fri 10:00)."],
    }
    assert Session.objects.filter(edition=edition).count() == 1


def test_api_refuses_end_before_start(chair_client, edition, room):
    response = chair_client.post(
        _url("chair-session-create", edition),
        {
            "kind": "break",
            "room": room.pk,
            "start": "2030-12-13T10:00:00-08:00",
            "end": "2030-12-13T09:00:00-08:00",
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["detail"]) == (
        400,
        "A session must end after it starts.",
    )


def test_api_move_session_with_patch(chair_client, edition, session, other_room, talk):
    response = chair_client.patch(
        _url("chair-session-update", edition, pk=session.pk),
        {"room": other_room.pk, "start": "2030-12-13T13:00:00-08:00"},
        content_type="application/json",
    )
    session.refresh_from_db()
    talk.refresh_from_db()
    assert response.status_code == 200
    assert (session.room, session.start, session.end, talk.start) == (
        other_room,
        at(13),
        at(14),
        at(13),
    )


def test_api_refuses_speaker_conflict(chair_client, edition, session, talk, speaker, other_room):
    from program.services import session_create

    parallel = session_create(
        edition=edition, kind="papers", title="P", room=other_room, start=at(9), end=at(10)
    )
    response = chair_client.post(
        _url("chair-item-create", edition),
        {"title": "Clash", "session": parallel.pk, "speakers": [{"person": speaker.pk}]},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["detail"].startswith("Ada Speaker already speaks in")
    assert [(w["code"], w["person"]) for w in body["warnings"]] == [
        ("speaker_double_booked", speaker.pk)
    ]
    assert not parallel.items.exists()


def test_api_saves_speaker_conflict_with_override(
    chair_client, edition, session, talk, speaker, other_room
):
    from program.services import session_create

    parallel = session_create(
        edition=edition, kind="papers", title="P", room=other_room, start=at(9), end=at(10)
    )
    response = chair_client.post(
        _url("chair-item-create", edition),
        {
            "title": "Clash",
            "session": parallel.pk,
            "speakers": [{"person": speaker.pk}],
            "override_warnings": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [sp["name"] for sp in response.json()["speakers"]] == ["Ada Speaker"]
    assert list(parallel.items.values_list("title", flat=True)) == ["Clash"]


def test_api_refuses_item_outside_session(chair_client, edition, session):
    response = chair_client.post(
        _url("chair-item-create", edition),
        {
            "title": "Late",
            "session": session.pk,
            "start": "2030-12-13T09:50:00-08:00",
            "end": "2030-12-13T10:10:00-08:00",
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["start"][0][:22]) == (
        400,
        "“Late” must lie inside",
    )


def test_api_refuses_unknown_session_kind(chair_client, edition, room):
    response = chair_client.post(
        _url("chair-session-create", edition),
        {
            "kind": "party",
            "room": room.pk,
            "start": "2030-12-13T09:00:00-08:00",
            "end": "2030-12-13T10:00:00-08:00",
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["detail"]) == (400, "Unknown session kind.")


def test_api_refuses_room_of_other_edition(chair_client, edition, other_edition):
    from program.services import room_create

    foreign = room_create(edition=other_edition, name="Foreign")
    response = chair_client.post(
        _url("chair-session-create", edition),
        {
            "kind": "break",
            "room": foreign.pk,
            "start": "2030-12-13T09:00:00-08:00",
            "end": "2030-12-13T10:00:00-08:00",
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["detail"]) == (
        400,
        "No such room in this edition.",
    )


def test_api_publish(chair_client, edition, talk):
    response = chair_client.post(_url("chair-publish", edition), {"note": "v1"})
    assert (response.status_code, response.json()["number"]) == (201, 1)
    again = chair_client.post(_url("chair-publish", edition))
    assert (again.status_code, again.json()["detail"]) == (400, "Nothing changed since release 1.")


def test_openapi_schema_has_no_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
