"""The chair's HTML editor shows schedule warnings (double-booking, availability) on the form
with a "Save anyway" box: without it nothing is written; with it the save goes through. A
room overlap stays an error that no box overrides."""

import pytest
from django.urls import reverse

from program.availability import availability_set
from program.models import Item, ItemSpeaker, Session
from program.services import item_create, session_create
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def _url(name, edition, **kw):
    return reverse(f"program:{name}", kwargs={"edition": edition.slug, **kw})


def _state(edition):
    """Everything the editor writes, to assert "nothing saved"."""
    return (
        sorted(Session.objects.filter(edition=edition).values_list("pk", "room", "start", "end")),
        sorted(Item.objects.filter(edition=edition).values_list("pk", "session", "title", "start")),
        sorted(ItemSpeaker.objects.values_list("item", "person")),
    )


@pytest.fixture
def parallel(edition, other_room):
    return session_create(
        edition=edition, kind="papers", title="Parallel", room=other_room, start=at(9), end=at(10)
    )


@pytest.fixture
def mornings(edition, speaker):
    availability_set(person=speaker, edition=edition, spans=[(at(9), at(12))])


@pytest.fixture
def afternoon(edition, room):
    return session_create(
        edition=edition, kind="papers", title="Afternoon", room=room, start=at(14), end=at(15)
    )


def _item_data(session, **extra):
    return {
        "kind": "talk",
        "title": "Clash",
        "session": session.pk,
        "speakers": "Ada Speaker",
        **extra,
    }


def test_item_form_shows_double_booking_and_saves_nothing(chair_client, edition, talk, parallel):
    before = _state(edition)
    response = chair_client.post(_url("chair-item-create", edition), _item_data(parallel))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="schedule-warnings"' in body
    assert "One warning: nothing was saved" in body
    assert (
        '<li data-code="speaker_double_booked">Ada Speaker already speaks in “Quantized '
        "transformers on phones” (Fri 09:00–Fri 09:20).</li>"
    ) in body
    # The box is unticked, labelled and inside the form that posts the same data again.
    assert '<label for="id_override_warnings">' in body
    assert 'name="override_warnings"' in body
    assert "checked" not in body.split('name="override_warnings"')[1].split(">")[0]
    assert 'value="Clash"' in body  # what the chair typed is kept
    assert _state(edition) == before


def test_item_form_save_anyway_saves(chair_client, edition, talk, parallel, speaker):
    response = chair_client.post(
        _url("chair-item-create", edition), _item_data(parallel, override_warnings="on")
    )
    assert response.status_code == 302
    item = Item.objects.get(title="Clash")
    assert item.session == parallel
    assert list(item.speakers.values_list("person", flat=True)) == [speaker.pk]


def test_item_edit_outside_availability_warns_then_saves_anyway(
    chair_client, edition, talk, mornings, afternoon
):
    url = _url("chair-item-edit", edition, pk=talk.pk)
    data = {
        "kind": "talk",
        "title": talk.title,
        "session": afternoon.pk,
        "speakers": "Ada Speaker",
    }
    before = _state(edition)
    body = chair_client.post(url, data).content.decode()
    assert '<li data-code="speaker_unavailable">Ada Speaker is not available for “Quantized ' in (
        body
    )
    assert "(Fri 13 Dec 14:00–Fri 13 Dec 15:00); they can speak Fri 13 Dec 09:00–Fri 13 Dec " in (
        body
    )
    assert _state(edition) == before
    assert chair_client.post(url, {**data, "override_warnings": "on"}).status_code == 302
    talk.refresh_from_db()
    assert talk.session == afternoon


def test_session_form_warns_and_saves_anyway(chair_client, edition, session, talk, mornings):
    url = _url("chair-session-edit", edition, pk=session.pk)
    data = {
        "kind": "papers",
        "title": session.title,
        "room": session.room_id,
        "day": "2030-12-13",
        "start_time": "16:00",
        "end_time": "17:00",
    }
    before = _state(edition)
    response = chair_client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada Speaker is not available for “Quantized transformers on phones” (Fri 13 Dec " in (
        body
    )
    assert _state(edition) == before  # neither the session nor its shifted items moved
    response = chair_client.post(url, {**data, "override_warnings": "on"})
    assert response.status_code == 302
    session.refresh_from_db()
    talk.refresh_from_db()
    assert (session.start, talk.start) == (at(16), at(16))


def test_room_overlap_stays_an_error_even_with_save_anyway(chair_client, edition, room, session):
    later = session_create(
        edition=edition, kind="break", title="Break", room=room, start=at(11), end=at(12)
    )
    before = _state(edition)
    response = chair_client.post(
        _url("chair-session-edit", edition, pk=later.pk),
        {
            "kind": "break",
            "title": "Break",
            "room": room.pk,
            "day": "2030-12-13",
            "start_time": "09:30",
            "end_time": "10:30",
            "override_warnings": "on",
        },
    )
    body = response.content.decode()
    assert "Main hall is already booked by “Paper Session #1”" in body
    assert 'id="schedule-warnings"' not in body  # no box to override it
    assert _state(edition) == before


def test_move_form_shows_warnings_page_and_save_anyway_moves(
    chair_client, edition, session, talk, room, mornings
):
    url = _url("chair-session-move", edition, pk=session.pk)
    before = _state(edition)
    response = chair_client.post(url, {"room": room.pk, "start": "2030-12-13T16:00"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Move “Paper Session #1”?</h1>" in body
    assert '<li data-code="speaker_unavailable">Ada Speaker is not available' in body
    assert f'action="{url}"' in body
    assert 'value="2030-12-13T16:00"' in body  # the move form keeps the drop
    assert _state(edition) == before
    response = chair_client.post(
        url, {"room": room.pk, "start": "2030-12-13T16:00", "override_warnings": "on"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.start == at(16)


def test_item_move_by_drag_with_warnings_moves_nothing_and_says_how(
    chair_client, edition, speaker, talk, parallel
):
    waiting = item_create(edition=edition, title="Waiting", speakers=[(speaker, "speaker", "")])
    url = _url("chair-item-move", edition, pk=waiting.pk)
    before = _state(edition)
    response = chair_client.post(
        url, {"session": parallel.pk, "position": 0}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Ada Speaker already speaks in" in body
    assert "Nothing was moved; the Edit page of this item can move it anyway." in body
    assert _state(edition) == before
    # The keyboard move form (no htmx) gets the page with the box; ticked, it moves.
    page = chair_client.post(url, {"session": parallel.pk, "position": 0}).content.decode()
    assert "<h1>Move “Waiting”?</h1>" in page
    assert _state(edition) == before
    chair_client.post(url, {"session": parallel.pk, "position": 0, "override_warnings": "on"})
    waiting.refresh_from_db()
    assert waiting.session == parallel
