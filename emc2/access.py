"""The request-scoped cache of access checks, shared by every app's ``access.py`` and ``rules.py``.

Permission predicates run many times per page (once per row of a list, once per template
``{% has_perm %}``). What they read about the user (roles, verified addresses, assignments,
conflicts, teams) is fetched once per request and kept in one ``AccessCache``, never on the
``user`` object: a user object outlives the data it was checked against (tests, shells, tasks
that loop over users), and private attributes on it are invisible to whoever changes the data.

``AccessCacheMiddleware`` opens a fresh cache for every request; ``access_scope()`` does the
same for a task or a test. Outside any scope nothing is cached, so the answer is always fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_current: ContextVar[AccessCache | None] = ContextVar("emc2_access_cache", default=None)


class AccessCache:
    """Values keyed by ``(user id, key)``; ``key`` names what was computed (e.g. "roles")."""

    def __init__(self) -> None:
        self._values: dict[tuple[int | None, Any], Any] = {}

    def get(self, *, user, key, compute: Callable[[], Any]) -> Any:
        slot = (getattr(user, "pk", None), key)
        if slot not in self._values:
            self._values[slot] = compute()
        return self._values[slot]

    def clear(self) -> None:
        self._values.clear()


def access_cache() -> AccessCache | None:
    """The cache of the current request or scope, or None outside one."""
    return _current.get()


def access_cached(*, user, key, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per user, key and request; every time outside a request."""
    cache = _current.get()
    if cache is None:
        return compute()
    return cache.get(user=user, key=key, compute=compute)


def access_invalidate() -> None:
    """Forget what this request cached, after a write that changes who may do what."""
    cache = _current.get()
    if cache is not None:
        cache.clear()


@contextmanager
def access_scope() -> Iterator[AccessCache]:
    """A fresh cache for the block (a request, a task, a test); the previous one after it."""
    token = _current.set(AccessCache())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


class AccessCacheMiddleware:
    """One ``AccessCache`` per request (put it after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with access_scope() as cache:
            request.access_cache = cache
            return self.get_response(request)
