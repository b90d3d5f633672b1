"""The finished anonymous copy of a public page is served before sessions, authentication and
the view run (``emc2.conditional.EarlyPageCacheMiddleware``), and only to requests that can be
nobody's but the public's."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emc2.conditional import EarlyPageCacheMiddleware, public_generation, public_generation_bump
from program.services import item_update, release_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

TITLE = "Quantized transformers on phones"


def _url(edition, talk):
    return reverse("program:public-item", args=[edition.slug, talk.pk])


def test_second_anonymous_visit_is_served_without_a_query_and_with_every_header(
    client, edition, talk, published, django_assert_num_queries
):
    url = _url(edition, talk)
    first = client.get(url)
    assert TITLE in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Security-Policy"):
        assert again[header] == first[header], header
    assert again["X-Frame-Options"] == "DENY"
    assert again["Content-Type"] == "text/html; charset=utf-8"


def test_conditional_get_and_head_on_the_early_copy(
    client, edition, talk, published, django_assert_num_queries
):
    url = _url(edition, talk)
    first = client.get(url)
    with django_assert_num_queries(0):
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        head = client.head(url)
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert not_modified["ETag"] == first["ETag"]
    assert (head.status_code, head.content, head["ETag"]) == (200, b"", first["ETag"])


def test_a_write_after_the_copy_is_shown_at_once(client, edition, talk, speaker, published):
    url = _url(edition, talk)
    client.get(url)
    speaker.bio = "Builds tiny accelerators."
    speaker.save()
    assert "Builds tiny accelerators." in client.get(url).content.decode()


def test_a_release_shows_even_if_no_write_bumped_the_generation(
    client, edition, talk, published, monkeypatch, django_capture_on_commit_callbacks
):
    url = _url(edition, talk)
    client.get(url)
    monkeypatch.setattr("emc2.conditional._bump", lambda: None)
    item_update(item=talk, title="Renamed for release 2")
    with django_capture_on_commit_callbacks(execute=True):
        release_publish(edition=edition)
    assert "Renamed for release 2" in client.get(url).content.decode()


def test_signed_in_visitor_with_the_copy_cached_sees_their_own_page(
    client, chair, edition, talk, published
):
    url = _url(edition, talk)
    client.get(url)
    client.force_login(chair)
    body = client.get(url).content.decode()
    assert chair.email in body


def test_a_pending_message_is_shown_not_the_copy(client, edition, talk, published):
    url = _url(edition, talk)
    client.get(url)
    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([Message(constants.SUCCESS, "Thanks for your bid.")])
    client.cookies["messages"] = encoded
    assert "Thanks for your bid." in client.get(url).content.decode()


def test_token_clients_and_query_strings_go_past_the_copy(client, edition, talk, published):
    url = _url(edition, talk)
    client.get(url)
    for extra in ({"HTTP_AUTHORIZATION": "Token nope"}, {"QUERY_STRING": "utm=a"}):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **extra)
        assert len(queries) > 0, extra


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_foreign_host_is_refused_even_with_the_copy_cached(client, edition, talk, published):
    url = _url(edition, talk)
    assert client.get(url).status_code == 200
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert TITLE not in response.content.decode()


def _marked(body: bytes, *, cookie: bool = False):
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse(body)
        response.early_cache_seconds = 60
        if cookie:
            response.set_cookie("csrftoken", "abc")
        return response

    return view, calls


def test_a_response_that_sets_a_cookie_is_never_stored():
    cache.clear()
    public_generation()
    view, calls = _marked(b"page with a token", cookie=True)
    middleware = EarlyPageCacheMiddleware(view)
    for _ in range(2):
        middleware(RequestFactory().get("/x/"))
    assert len(calls) == 2


def test_a_page_rendered_across_a_write_is_stored_where_nobody_looks():
    """The render reads old rows; a write commits during it. The copy must not be served
    after the write."""
    cache.clear()
    public_generation()
    calls = []

    def view(request):
        calls.append(request)
        body = b"old rows" if len(calls) == 1 else b"new rows"
        if len(calls) == 1:
            public_generation_bump()  # the concurrent write
        response = HttpResponse(body)
        response.early_cache_seconds = 60
        return response

    middleware = EarlyPageCacheMiddleware(view)
    assert middleware(RequestFactory().get("/x/")).content == b"old rows"
    assert middleware(RequestFactory().get("/x/")).content == b"new rows"
    assert middleware(RequestFactory().get("/x/")).content == b"new rows"
    assert len(calls) == 2


def test_unmarked_and_error_responses_are_not_stored():
    cache.clear()
    public_generation()
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse(b"not found", status=404)
        response.early_cache_seconds = 60
        return response

    middleware = EarlyPageCacheMiddleware(view)
    for _ in range(2):
        middleware(RequestFactory().get("/x/"))
    plain = EarlyPageCacheMiddleware(lambda request: calls.append(request) or HttpResponse(b"a"))
    for _ in range(2):
        plain(RequestFactory().get("/y/"))
    assert len(calls) == 4
