import datetime as dt

import pytest

from program.enums import ChangeKind, SessionKind
from program.exceptions import ProgramError
from program.models import Item, Release
from program.services import (
    item_create,
    item_move,
    item_update,
    release_notify_speakers,
    release_publish,
    room_create,
    session_create,
    session_delete,
    session_move,
    session_update,
    speakers_parse,
)
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at

pytestmark = pytest.mark.django_db


def _session(edition, room, start, end, title="S"):
    return session_create(
        edition=edition, kind=SessionKind.PAPERS, title=title, room=room, start=start, end=end
    )


# --- sessions -----------------------------------------------------------------------------


def test_session_create_refuses_end_before_start(edition, room):
    with pytest.raises(ProgramError, match="must end after it starts"):
        _session(edition, room, at(10), at(9))


def test_session_create_refuses_overlap_in_same_room(edition, room, session):
    with pytest.raises(ProgramError, match="Main hall is already booked by “Paper Session #1”"):
        _session(edition, room, at(9, 30), at(10, 30))


def test_session_create_allows_back_to_back_in_same_room(edition, room, session):
    after = _session(edition, room, at(10), at(11))
    assert after.start == session.end


def test_session_create_allows_overlap_in_other_room(edition, session, other_room):
    parallel = _session(edition, other_room, at(9), at(10))
    assert parallel.room == other_room


def test_session_create_refuses_room_of_other_edition(edition, other_edition):
    foreign = room_create(edition=other_edition, name="Elsewhere")
    with pytest.raises(ProgramError, match="another edition"):
        _session(edition, foreign, at(9), at(10))


def test_session_move_shifts_timed_items(edition, session, talk, other_room):
    session_move(session=session, room=other_room, start=at(14))
    talk.refresh_from_db()
    session.refresh_from_db()
    assert (session.start, session.end, session.room) == (at(14), at(15), other_room)
    assert (talk.start, talk.end) == (at(14), at(14, 20))


def test_session_move_onto_booked_room_is_refused_and_nothing_changes(edition, session, talk, room):
    later = _session(edition, room, at(11), at(12), title="Later")
    with pytest.raises(ProgramError, match="already booked"):
        session_move(session=later, room=room, start=at(9, 30))
    later.refresh_from_db()
    assert later.start == at(11)


def test_session_shrink_refused_when_item_would_fall_outside(session, talk):
    with pytest.raises(ProgramError, match="outside the session"):
        session_update(session=session, end=at(9, 10))


def test_session_delete_unschedules_items(session, talk):
    session_delete(session=session)
    talk.refresh_from_db()
    assert (talk.session, talk.start, talk.end) == (None, None, None)


# --- items --------------------------------------------------------------------------------


def test_item_outside_session_span_is_refused(edition, session):
    with pytest.raises(ProgramError, match="must lie inside its session"):
        item_create(edition=edition, session=session, title="Late", start=at(9, 50), end=at(10, 5))


def test_item_end_before_start_is_refused(edition, session):
    with pytest.raises(ProgramError, match="must end after it starts"):
        item_create(edition=edition, session=session, title="X", start=at(9, 30), end=at(9, 10))


def test_item_without_session_cannot_have_times(edition):
    with pytest.raises(ProgramError, match="without a session"):
        item_create(edition=edition, title="X", start=at(9), end=at(9, 10))


def test_speaker_in_two_overlapping_items_is_refused(edition, session, talk, speaker, other_room):
    parallel = _session(edition, other_room, at(9), at(10), title="Parallel")
    with pytest.raises(ProgramError, match="Ada Speaker already speaks in “Quantized"):
        item_create(
            edition=edition,
            session=parallel,
            title="Second talk",
            start=at(9, 10),
            end=at(9, 30),
            speakers=[(speaker, "speaker", "")],
        )


def test_speaker_in_two_consecutive_items_is_allowed(edition, session, talk, speaker):
    second = item_create(
        edition=edition,
        session=session,
        title="Second talk",
        start=at(9, 20),
        end=at(9, 40),
        speakers=[(speaker, "speaker", "")],
    )
    assert list(second.speakers.values_list("person", flat=True)) == [speaker.pk]


def test_speaker_conflict_checked_when_session_moves(edition, session, talk, speaker, other_room):
    other = _session(edition, other_room, at(11), at(12), title="Other")
    item_create(edition=edition, session=other, title="B", speakers=[(speaker, "speaker", "")])
    with pytest.raises(ProgramError, match="already speaks"):
        session_move(session=session, room=session.room, start=at(11))


def test_speaker_conflict_checked_when_speakers_change(edition, session, talk, speaker, other_room):
    other = _session(edition, other_room, at(9), at(10), title="Other")
    item = item_create(edition=edition, session=other, title="B")
    with pytest.raises(ProgramError, match="already speaks"):
        item_update(item=item, speakers=[(speaker, "speaker", "")])


def test_item_move_into_session_takes_its_span_and_position(edition, session, talk):
    waiting = item_create(edition=edition, title="Waiting")
    item_move(item=waiting, session=session, position=0)
    waiting.refresh_from_db()
    talk.refresh_from_db()
    assert (waiting.session, waiting.order, talk.order) == (session, 0, 1)
    assert waiting.span == (session.start, session.end)


def test_item_move_to_side_list_clears_times(session, talk):
    item_move(item=talk, session=None)
    talk.refresh_from_db()
    assert (talk.session, talk.start) == (None, None)


def test_speakers_parse_reads_role_line_and_role(db):
    specs = speakers_parse("Jonathan Frankle | MosaicML | Chief Scientist, MosaicML | panelist\n")
    spec = specs[0]
    assert (spec.name, spec.affiliation, spec.role, spec.role_line) == (
        "Jonathan Frankle",
        "MosaicML",
        "panelist",
        "Chief Scientist, MosaicML",
    )


def test_speakers_parse_refuses_unknown_role(db):
    with pytest.raises(ProgramError, match="Unknown role"):
        speakers_parse("Someone | Org | line | keynoter")


# --- releases -----------------------------------------------------------------------------


def test_first_release_is_number_one_with_everything_added(edition, talk, chair):
    release = release_publish(edition=edition, by=chair)
    kinds = sorted((c["target"], c["kind"]) for c in release.changelog)
    assert release.number == 1
    assert kinds == [("item", ChangeKind.ADDED), ("session", ChangeKind.ADDED)]


def test_release_without_changes_is_refused(edition, published):
    with pytest.raises(ProgramError, match="Nothing changed since release 1"):
        release_publish(edition=edition)


def test_release_changelog_lists_time_room_and_removal(
    edition, published, session, talk, other_room
):
    session_move(session=session, room=other_room, start=at(13))
    extra = item_create(edition=edition, session=session, title="Extra")
    release = release_publish(edition=edition)
    changes = sorted((c["target"], c["id"], c["kind"]) for c in release.changelog)
    assert release.number == 2
    assert changes == sorted(
        [
            ("session", session.pk, ChangeKind.TIME),
            ("session", session.pk, ChangeKind.ROOM),
            ("item", talk.pk, ChangeKind.TIME),
            ("item", talk.pk, ChangeKind.ROOM),
            ("item", extra.pk, ChangeKind.ADDED),
        ]
    )
    Item.objects.filter(pk=extra.pk).delete()
    third = release_publish(edition=edition)
    assert [(c["id"], c["kind"]) for c in third.changelog] == [(extra.pk, ChangeKind.REMOVED)]


def test_release_detail_shows_venue_times(edition, published, session):
    session_move(session=session, room=session.room, start=at(13))
    release = release_publish(edition=edition)
    details = {c["detail"] for c in release.changelog if c["kind"] == ChangeKind.TIME}
    assert details == {
        "Fri 09:00–Fri 10:00 → Fri 13:00–Fri 14:00",
        "Fri 09:00–Fri 09:20 → Fri 13:00–Fri 13:20",
    }


def test_release_mails_speakers_of_changed_items_once(
    settings, edition, published, session, talk, mailoutbox, django_capture_on_commit_callbacks
):
    bystander = PersonFactory(email="by@example.org")
    item_create(
        edition=edition, title="Unchanged waiting item", speakers=[(bystander, "speaker", "")]
    )
    settings.SITE_URL = "http://testserver.example"
    mailoutbox.clear()
    session_move(session=session, room=session.room, start=at(13))
    with django_capture_on_commit_callbacks(execute=True):
        release = release_publish(edition=edition)
    assert [m.to for m in mailoutbox] == [["ada@example.org"]]
    assert "Quantized transformers on phones" in mailoutbox[0].body
    assert f"http://testserver.example/{edition.slug}/program/changes/" in mailoutbox[0].body
    assert release_notify_speakers(release=release) == 0
    assert len(mailoutbox) == 1


def test_first_release_sends_no_mail(edition, talk, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = release_publish(edition=edition)
    release.refresh_from_db()
    assert (len(mailoutbox), release.notified_at is not None) == (0, True)


def test_unscheduled_items_are_not_published(edition, session, talk):
    item_create(edition=edition, title="Secret waiting talk")
    release = release_publish(edition=edition)
    titles = [it["title"] for s in release.snapshot["sessions"] for it in s["items"]]
    assert titles == ["Quantized transformers on phones"]


def test_release_numbers_are_per_edition(edition, other_edition, talk):
    release_publish(edition=edition)
    room = room_create(edition=other_edition, name="R")
    session_create(
        edition=other_edition, kind="keynote", title="K", room=room, start=at(9), end=at(10)
    )
    assert release_publish(edition=other_edition).number == 1
    assert Release.objects.filter(edition=edition).count() == 1


@pytest.mark.postgres
def test_postgres_exclusion_constraint_refuses_double_booking(edition, room, session):
    from django.db import IntegrityError, transaction

    from program.models import Session

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            edition=edition,
            kind=SessionKind.BREAK,
            title="Sneaky",
            room=room,
            start=session.start + dt.timedelta(minutes=30),
            end=session.end + dt.timedelta(minutes=30),
        )
