"""Public program pages are cached per release and public generation, with ETag,
Last-Modified and 304 (emc2.conditional, the mechanism of the exports)."""

import datetime as dt

import pytest
from django.urls import reverse

from program.enums import SessionKind
from program.services import item_create, item_update, release_publish, session_create
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


def _pages(edition, talk, speaker):
    return {
        "program": reverse("program:public-program", args=[edition.slug]),
        "talk": reverse("program:public-item", args=[edition.slug, talk.pk]),
        "speaker": reverse("program:public-speaker", args=[edition.slug, speaker.slug]),
        "speakers": reverse("program:public-speakers", args=[edition.slug]),
        "edition": edition.get_absolute_url(),
        "person": reverse("person", args=[speaker.slug]),
    }


@pytest.mark.parametrize("page", ["program", "talk", "speaker", "speakers", "edition", "person"])
def test_public_page_answers_a_conditional_get_with_304(
    client, edition, talk, speaker, published, page
):
    url = _pages(edition, talk, speaker)[page]
    first = client.get(url)
    assert first.status_code == 200
    shown = edition.title if page == "edition" else "Quantized transformers on phones"
    assert shown in first.content.decode()
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304


def test_new_release_invalidates_the_cached_program(client, edition, talk, published):
    url = reverse("program:public-program", args=[edition.slug])
    old = client.get(url)
    item_update(item=talk, title="Quantized transformers, the sequel")
    # A draft edit changes nothing the public sees (the page may be rendered again).
    draft = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
    assert "Quantized transformers, the sequel" not in draft.content.decode()
    release_publish(edition=edition)
    new = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]
    body = new.content.decode()
    assert "Quantized transformers, the sequel" in body
    assert "Release 2" in body


def test_new_release_invalidates_the_cache_even_without_a_write_signal(
    client, edition, talk, published, monkeypatch
):
    """The release is part of the version itself, not only of the write generation."""
    url = reverse("program:public-item", args=[edition.slug, talk.pk])
    old = client.get(url)
    monkeypatch.setattr("emc2.conditional._bump", lambda: None)
    item_update(item=talk, title="Renamed for release 2")
    release_publish(edition=edition)
    new = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
    assert new.status_code == 200
    assert "Renamed for release 2" in new.content.decode()


def test_draft_item_is_never_in_the_cached_program(client, edition, session, talk, published):
    url = reverse("program:public-program", args=[edition.slug])
    client.get(url)
    item_create(edition=edition, session=session, title="Secret draft talk")
    for _ in range(2):  # the first render after the write and the cached copy
        assert "Secret draft talk" not in client.get(url).content.decode()


def test_signed_in_visitor_gets_a_fresh_page_not_the_anonymous_copy(
    client, chair, edition, talk, published
):
    url = reverse("program:public-program", args=[edition.slug])
    client.get(url)
    client.force_login(chair)
    response = client.get(url)
    assert chair.email in response.content.decode()
    assert "ETag" not in response


def test_speaker_bio_change_shows_without_a_new_release(client, edition, talk, speaker, published):
    url = reverse("program:public-item", args=[edition.slug, talk.pk])
    old = client.get(url)
    speaker.bio = "Builds tiny accelerators."
    speaker.save()
    new = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
    assert new.status_code == 200
    assert "Builds tiny accelerators." in new.content.decode()


def test_made_up_query_strings_share_one_cached_copy(client, edition, talk, published):
    url = reverse("program:public-program", args=[edition.slug])
    first = client.get(url, {"utm": "a"})
    second = client.get(url, {"utm": "b"})
    assert first["ETag"] == second["ETag"]
    assert client.get(url, {"type": "keynote"})["ETag"] != first["ETag"]


def _program_of(edition, n_sessions):
    from program.services import room_create

    room = room_create(edition=edition, name="Main")
    posters = room_create(edition=edition, name="Posters")
    for s in range(n_sessions):
        start = at(8) + dt.timedelta(hours=s)
        for r in (room, posters):
            session = session_create(
                edition=edition,
                kind=SessionKind.PAPERS,
                title=f"Session {s} {r.name}",
                room=r,
                start=start,
                end=start + dt.timedelta(hours=1),
            )
            item_create(
                edition=edition,
                session=session,
                title=f"Talk {s} {r.name}",
                speakers=[(PersonFactory(), "author", "Uni")],
            )
    release_publish(edition=edition)


@pytest.mark.parametrize("n", [1, 5])
def test_program_grid_query_count_is_constant(n, client, edition, django_assert_max_num_queries):
    _program_of(edition, n)
    url = reverse("program:public-program", args=[edition.slug])
    # As before the grid (see test_public.py): edition, release, snapshot, navigation hooks.
    with django_assert_max_num_queries(8):
        body = client.get(url).content.decode()
    assert body.count('class="grid-cell') == 2 * n
    # Cached: the edition, its latest release, nothing else.
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_edition_home_page_query_count_when_cached(
    n, client, edition, django_assert_max_num_queries
):
    _program_of(edition, n)
    url = edition.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
