import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from program.enums import SessionKind
from program.services import (
    item_create,
    item_update,
    release_publish,
    room_create,
    session_create,
)
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def _program(client, edition, **params):
    return client.get(reverse("program:public-program", args=[edition.slug]), params)


def test_program_page_before_any_release_says_so(client, edition, talk):
    response = _program(client, edition)
    assert response.context["release"] is None
    assert "has not been published yet" in response.content.decode()
    assert "Quantized transformers on phones" not in response.content.decode()


def test_program_page_shows_release_not_draft(client, edition, talk, published):
    item_update(item=talk, title="Renamed in the draft")
    body = _program(client, edition).content.decode()
    assert "Quantized transformers on phones" in body
    assert "Renamed in the draft" not in body


def test_program_page_renders_venue_time_with_utc_data_for_the_browser(client, edition, published):
    body = _program(client, edition).content.decode()
    # 09:00 in Vancouver in December is 17:00 UTC; the browser switch reads data-ts.
    assert (
        '<time datetime="2030-12-13T17:00:00+00:00" '
        'data-ts="2030-12-13T17:00:00+00:00">09:00</time>' in body
    )
    assert 'data-venue-tz="America/Vancouver"' in body


def test_program_page_far_zone_edition_renders_its_own_day(client, edition, speaker):
    edition.time_zone = "Pacific/Kiritimati"  # UTC+14
    edition.save()
    room = room_create(edition=edition, name="Far room")
    session_create(
        edition=edition,
        kind=SessionKind.KEYNOTE,
        title="Far keynote",
        room=room,
        start=dt.datetime(2030, 12, 13, 23, 0, tzinfo=dt.UTC),
        end=dt.datetime(2030, 12, 14, 0, 0, tzinfo=dt.UTC),
    )
    release_publish(edition=edition)
    response = _program(client, edition)
    days = response.context and response.content.decode()
    assert "Saturday, December 14, 2030" in days
    assert ">13:00</time>–<time" in days


def test_program_filter_by_session_type(client, edition, published, room):
    session_create(
        edition=edition,
        kind=SessionKind.LUNCH,
        title="Lunch Break",
        room=room,
        start=at(12),
        end=at(13),
    )
    release_publish(edition=edition)
    only_lunch = _program(client, edition, type="lunch").content.decode()
    everything = _program(client, edition).content.decode()
    assert ("Lunch Break" in only_lunch, "Paper Session #1" in only_lunch) == (True, False)
    assert ("Lunch Break" in everything, "Paper Session #1" in everything) == (True, True)


def test_program_page_has_session_anchors(client, edition, session, published):
    body = _program(client, edition).content.decode()
    assert f'id="session-{session.pk}"' in body
    assert f'href="#session-{session.pk}"' in body


def _edition_with_items(edition, n: int):
    room = room_create(edition=edition, name=f"Room for {n}")
    per_session = 10
    for s in range(n // per_session):
        start = at(8) + dt.timedelta(hours=s)
        session = session_create(
            edition=edition,
            kind=SessionKind.PAPERS,
            title=f"Session {s}",
            room=room,
            start=start,
            end=start + dt.timedelta(hours=1),
        )
        for i in range(per_session):
            item_create(
                edition=edition,
                session=session,
                title=f"Talk {s}-{i}",
                speakers=[(PersonFactory(), "author", "Uni"), (PersonFactory(), "author", "")],
            )
    release_publish(edition=edition)


# The page itself needs 3 queries (edition, release number, snapshot); the bound leaves room
# for other apps' navigation hooks, which run on every edition page.
@pytest.mark.parametrize("n", [10, 100])
def test_program_page_query_count_is_bounded(n, client, edition, django_assert_max_num_queries):
    _edition_with_items(edition, n)
    with django_assert_max_num_queries(8):
        response = _program(client, edition)
    assert response.content.decode().count('class="session-items"') == n // 10


def test_program_page_query_count_is_the_same_for_10_and_100_items(client, edition, other_edition):
    counts = []
    for ed, n in ((edition, 10), (other_edition, 100)):
        _edition_with_items(ed, n)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            _program(client, ed)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_program_page_is_cached_per_release(client, edition, published, talk):
    _program(client, edition)
    # The second view reads the release number only; the rendered schedule is cached.
    with CaptureQueriesContext(connection) as ctx:
        _program(client, edition)
    assert [q["sql"] for q in ctx.captured_queries if '"snapshot"' in q["sql"]] == []
    item_update(item=talk, title="Retitled")
    release_publish(edition=edition)
    assert "Retitled" in _program(client, edition).content.decode()


def test_talk_page_shows_speakers_session_and_recording(client, edition, session, speaker):
    speaker.bio = "Writes **fast** kernels."
    speaker.save()
    talk = item_create(
        edition=edition,
        session=session,
        title="A recorded talk",
        abstract="About kernels.",
        recording_url="https://www.youtube.com/watch?v=abc123",
        speakers=[(speaker, "speaker", "")],
    )
    release_publish(edition=edition)
    response = client.get(reverse("program:public-item", args=[edition.slug, talk.pk]))
    body = response.content.decode()
    assert response.context["item"]["title"] == "A recorded talk"
    assert "<strong>fast</strong>" in body
    assert 'src="https://www.youtube-nocookie.com/embed/abc123"' in body
    assert reverse("program:public-item-ical", args=[edition.slug, talk.pk]) in body


def test_talk_page_of_unpublished_item_is_404(client, edition, published):
    waiting = item_create(edition=edition, title="Waiting")
    response = client.get(reverse("program:public-item", args=[edition.slug, waiting.pk]))
    assert response.status_code == 404


def test_speaker_page_lists_items_of_the_edition(client, edition, published, speaker, talk):
    response = client.get(reverse("program:public-speaker", args=[edition.slug, speaker.slug]))
    assert [it["id"] for it in response.context["items"]] == [talk.pk]


def test_speaker_page_of_non_speaker_is_404(client, edition, published):
    other = PersonFactory()
    response = client.get(reverse("program:public-speaker", args=[edition.slug, other.slug]))
    assert response.status_code == 404


def test_person_page_shows_talks_of_two_editions(client, edition, other_edition, speaker, talk):
    release_publish(edition=edition)
    room = room_create(edition=other_edition, name="Elsewhere")
    session = session_create(
        edition=other_edition,
        kind=SessionKind.INVITED,
        title="Invited",
        room=room,
        start=at(9),
        end=at(10),
    )
    item_create(
        edition=other_edition,
        session=session,
        title="The follow-up talk",
        speakers=[(speaker, "speaker", "")],
    )
    release_publish(edition=other_edition)
    body = client.get(reverse("person", args=[speaker.slug])).content.decode()
    assert "Quantized transformers on phones" in body
    assert "The follow-up talk" in body
    assert other_edition.title in body


def test_edition_home_lists_keynotes_and_nav_links_program(client, edition, room, speaker):
    session = session_create(
        edition=edition, kind=SessionKind.KEYNOTE, title="K", room=room, start=at(9), end=at(10)
    )
    item_create(
        edition=edition, session=session, title="The keynote", speakers=[(speaker, "speaker", "")]
    )
    release_publish(edition=edition)
    body = client.get(reverse("edition", args=[edition.slug])).content.decode()
    assert '<h2 id="speakers-h">Keynotes</h2>' in body
    assert "The keynote" in body
    assert f'<a href="{reverse("program:public-program", args=[edition.slug])}">Program</a>' in body


def test_changes_page_lists_changelog(client, edition, published, session, room):
    from program.services import session_move

    session_move(session=session, room=room, start=at(13))
    release_publish(edition=edition)
    body = client.get(reverse("program:public-changes", args=[edition.slug])).content.decode()
    assert "Release 2" in body
    assert "Fri 09:00–Fri 10:00 → Fri 13:00–Fri 14:00" in body
