"""Races of the program (PostgreSQL only: SQLite ignores select_for_update)."""

import datetime as dt
import threading

import pytest
from django.db import connections

from program.enums import SessionKind
from program.exceptions import ProgramError
from program.models import Item, Release, Session
from program.services import item_create, release_publish, room_create, session_create
from tests.factories.program import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n: int, fn) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes = []

    def run(i):
        barrier.wait()
        try:
            fn(i)
            outcomes.append("ok")
        except ProgramError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return sorted(outcomes)


def test_parallel_bookings_of_one_room_leave_one_session(edition):
    room = room_create(edition=edition, name="Contested")

    def book(i):
        start = at(9) + dt.timedelta(minutes=10 * i)  # all overlap each other
        session_create(
            edition=edition,
            kind=SessionKind.PAPERS,
            title=f"S{i}",
            room=room,
            start=start,
            end=start + dt.timedelta(hours=1),
        )

    assert _race(4, book) == ["ok", "refused", "refused", "refused"]
    assert Session.objects.filter(room=room).count() == 1


def test_parallel_publishes_never_share_a_number(edition):
    room = room_create(edition=edition, name="Hall")
    session = session_create(
        edition=edition, kind=SessionKind.KEYNOTE, title="K", room=room, start=at(9), end=at(10)
    )
    item_create(edition=edition, session=session, title="Talk")

    assert _race(3, lambda i: release_publish(edition=edition)) == ["ok", "refused", "refused"]
    assert list(Release.objects.filter(edition=edition).values_list("number", flat=True)) == [1]


def test_one_speaker_in_two_parallel_items_at_once_is_refused(edition, speaker):
    """The speaker's Person row is locked before the speaker check (session -> item -> person)."""
    from tests.races import race

    rooms = [room_create(edition=edition, name=name) for name in ("A", "B")]
    sessions = [
        session_create(
            edition=edition, kind=SessionKind.PAPERS, title=r.name, room=r, start=at(9), end=at(10)
        )
        for r in rooms
    ]

    def talk(session):
        return lambda: item_create(
            edition=edition, session=session, title=f"In {session.title}",
            speakers=[(speaker, "speaker", "")],
        )  # fmt: skip

    outcomes = race(talk(sessions[0]), talk(sessions[1]))
    assert outcomes["first"] == "ok"
    assert outcomes["second"].startswith("Ada Speaker already speaks in “In A”")
    assert list(Item.objects.filter(edition=edition).values_list("title", flat=True)) == ["In A"]
