"""One way to answer a GET from a version: ETag and Last-Modified, a 304 to a conditional GET,
and the bytes cached under the ETag. The exports (``emc2.views.exports``) and the public pages
(``CachedPageMixin``) both go through ``conditional_get``.

A *version* is a string naming everything that goes into the bytes (a release number, the
edition's generation, a filter). Equal versions mean equal bytes, so the ETag is known before
anything is rendered and a 304 or a cache hit costs no rendering and no snapshot read.

The public generation (``public_generation``) changes whenever a row is written (see
``emc2.receivers``): pages keyed on it are never served from before the last write, without
every page having to know which rows it shows. It lives in the cache, so all app servers must
share one (``CACHE_URL``, see the README), as the other page flags already require.

``EarlyPageCacheMiddleware`` serves the finished anonymous copy of such a page before the
session, authentication and CSRF middleware run: a cached public page then costs two cache
reads (``bench/load.sh`` measures it next to WhiteNoise).
"""

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable

from django import db
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60
GENERATION_KEY = "public:generation"
RELEASES_KEY = "public:releases"
FAST_KEY = "public:fast"


def version_etag(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def public_generation() -> int:
    """The time (ns) of the last write anywhere; a missing entry starts from now, so a value
    is never reused after the cache lost it."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def _bump() -> None:
    """Tests that count the callbacks queued on commit leave this one out by name."""
    cache.set(GENERATION_KEY, max(time.time_ns(), (cache.get(GENERATION_KEY) or 0) + 1), None)


def public_generation_bump() -> None:
    """Called for every write. Bumped at once (a test, or the writer's next request, sees it)
    and again after the commit: a page rendered between the two from the old rows is then
    never served under the new generation."""
    _bump()
    # Once per transaction is enough (the entries are (savepoint ids, callback, robust)).
    if not any(entry[1] is _bump for entry in db.connection.run_on_commit):
        transaction.on_commit(_bump)


def releases_bump() -> None:
    """A schedule release was published. Part of the early cache's key besides the
    generation, so a release shows even if no write signal bumped the generation (a release
    is the one change the public waits for). Set at once and after the commit, as the
    generation is."""

    def bump() -> None:
        cache.set(RELEASES_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def generation_last_modified(generation: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(generation / 1e9, tz=dt.UTC)


def conditional_get(
    request: HttpRequest,
    *,
    key: str,
    etag: str,
    last_modified: dt.datetime | None,
    render: Callable[[], bytes],
    content_type: str,
    public: bool = True,
) -> HttpResponse:
    """A 304 when the client's ETag or date still match, else the bytes cached under
    ``key`` and ``etag`` (``render`` runs only on a miss)."""
    quoted = quote_etag(etag)
    stamp = int(last_modified.timestamp()) if last_modified is not None else None
    response = get_conditional_response(request, etag=quoted, last_modified=stamp)
    if response is None:
        cache_key = f"{key}:{etag}"
        body = cache.get(cache_key)
        if body is None:
            body = render()
            cache.set(cache_key, body, CACHE_SECONDS)
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = quoted
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    # Clients revalidate every time (cheap with the ETag); role-only files stay private.
    if public:
        patch_cache_control(response, no_cache=True)
    else:
        patch_cache_control(response, no_cache=True, private=True)
    return response


class CachedPageMixin:
    """A public page served through ``conditional_get`` for anonymous visitors.

    The view names its ``page_version()`` (what the page shows depends on) and
    ``page_last_modified()``; signed-in visitors (their name in the menu, role links) and
    visitors with a pending message get the page rendered as usual.
    """

    page_cache_key = ""
    # How long the finished anonymous page may be served by ``EarlyPageCacheMiddleware``
    # without a write; views whose version has a clock in it shorten it.
    page_max_age = CACHE_SECONDS

    def page_version(self) -> str:
        raise NotImplementedError

    def page_last_modified(self) -> dt.datetime | None:
        return None

    def page_variant(self, request) -> str:
        """What of the request the page depends on. The path only, by default: a made-up
        query string must not fill the cache with copies."""
        return request.path

    def page_cacheable(self, request) -> bool:
        storage = getattr(request, "_messages", None)
        return (
            request.method in ("GET", "HEAD")
            and not request.user.is_authenticated
            and "HTTP_AUTHORIZATION" not in request.META
            and not (storage is not None and len(storage))
        )

    def get(self, request, *args, **kwargs):
        if not self.page_cacheable(request):
            return super().get(request, *args, **kwargs)
        seed = f"{self.page_cache_key}|{self.page_variant(request)}|{self.page_version()}"

        def render() -> bytes:
            response = super(CachedPageMixin, self).get(request, *args, **kwargs)
            response.render()
            return response.content

        response = conditional_get(
            request,
            key=f"page:{self.page_cache_key}",
            etag=version_etag(seed),
            last_modified=self.page_last_modified(),
            render=render,
            content_type="text/html; charset=utf-8",
        )
        response.early_cache_seconds = self.page_max_age
        return response


def _cache_call(method, *args):
    """One cache call of the early cache, ``None`` when the cache is down: the request then
    goes the usual way (``/healthz`` must still answer that the cache is unreachable)."""
    try:
        return method(*args)
    except Exception:  # noqa: BLE001 - any backend error means "no early copy"
        logger.warning("early page cache unavailable", exc_info=True)
        return None


class EarlyPageCacheMiddleware:
    """Serves the finished anonymous copy of a ``CachedPageMixin`` page before sessions,
    authentication, CSRF and the view run (the page then costs two cache reads).

    Only requests that can be nobody's but the public's are answered here: GET or HEAD
    without a query string, an ``Authorization`` header, an HTMX header, a session or a
    messages cookie. The copy is stored on the way out only when the view marked the response
    (``early_cache_seconds``), it is a 200 and it sets no cookie; its key holds the public
    generation and the release stamp read *before* the view ran, so a page rendered from rows
    older than the last write or release is stored where no request looks (see
    ``public_generation_bump``). Placed after the security middleware, which still adds its
    headers to every answer.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def _key(self, request) -> str | None:
        if (
            request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or "HTTP_AUTHORIZATION" in request.META
            or "HTTP_HX_REQUEST" in request.META
            or any(name in request.COOKIES for name in self.cookies)
        ):
            return None
        stamps = _cache_call(cache.get_many, [GENERATION_KEY, RELEASES_KEY]) or {}
        generation = stamps.get(GENERATION_KEY)
        if generation is None:
            return None
        # get_host() refuses a host outside ALLOWED_HOSTS, as the view's middleware would.
        host = request.get_host()
        seed = f"{generation}|{stamps.get(RELEASES_KEY, 0)}|{host}|{request.path}"
        return f"{FAST_KEY}:{version_etag(seed)}"

    def __call__(self, request):
        key = self._key(request)
        if key is not None:
            stored = _cache_call(cache.get, key)
            if stored is not None:
                return self._answer(request, *stored)
        response = self.get_response(request)
        seconds = getattr(response, "early_cache_seconds", None)
        if (
            key is not None
            and seconds
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            _cache_call(cache.set, key, (response.content, headers), seconds)
        return response

    @staticmethod
    def _answer(request, body: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
        values = dict(headers)
        modified = values.get("Last-Modified")
        stamp = None
        if modified:
            from django.utils.http import parse_http_date_safe

            stamp = parse_http_date_safe(modified)
        response = get_conditional_response(
            request, etag=values.get("ETag"), last_modified=stamp
        ) or HttpResponse(body if request.method == "GET" else b"")
        for name, value in headers:
            if response.status_code == 200 or name.lower() != "content-length":
                response[name] = value
        return response
