"""The access table: every URL pattern of the site with the outcome for every actor.

Each app declares its rows in ``tests/access/<app>.py`` as ``ROUTES`` and may add objects to
the shared world with ``build(world)``. ``test_access.py`` joins all of them, fails when the
URL resolver knows a route that no row declares, and checks every row against the views.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from tests.conftest import ACTOR_NAMES

World = SimpleNamespace

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
# A redirect somewhere else than the sign-in page (after a successful POST, mostly).
REDIRECT = 302
# A redirect to the sign-in page (Django's or the admin's): never mistaken for REDIRECT.
LOGIN = "login"

WRITE_METHODS = ("post", "put", "patch", "delete")
# The API answers "not signed in" with a 401 and a WWW-Authenticate header.
UNAUTHORIZED = 401


@dataclass(frozen=True)
class Route:
    name: str  # URL name with namespaces, e.g. "chair-settings" or "api:edition-list"
    expect: dict[str, int | str]  # actor name -> HTTP status, or LOGIN
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] | None = None
    # POST routes change data: the world is built again for each actor.
    fresh_world_per_actor: bool = False
    note: str = ""
    # Writes: what the request may change, read from the database before and after it.
    state: Callable[[World], object] | None = None
    # Actors whose request must change ``state``; by default those whose outcome is a success
    # (2xx or REDIRECT). Everybody else must leave it as it was.
    changes: frozenset[str] | None = None
    # Where a REDIRECT outcome must point (a path, query string ignored).
    location: Callable[[World], str] | None = None
    # "session" (signed in through the browser) or "token" (an API token in the header,
    # which HTML pages must ignore).
    auth: str = "session"

    def __post_init__(self):
        missing = set(ACTOR_NAMES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")

    def changers(self) -> set[str]:
        if self.changes is not None:
            return set(self.changes)
        return {
            actor
            for actor, outcome in self.expect.items()
            if outcome == REDIRECT or (isinstance(outcome, int) and 200 <= outcome < 300)
        }


def everyone(status: int | str = OK, **overrides: int | str) -> dict[str, int | str]:
    return {**dict.fromkeys(ACTOR_NAMES, status), **overrides}


def signed_in(status: int = OK, **overrides: int | str) -> dict[str, int | str]:
    """Anonymous users are sent to the login page; every signed-in actor gets ``status``."""
    return {**dict.fromkeys(ACTOR_NAMES, status), "anonymous": LOGIN, **overrides}


def only(*allowed: str, ok: int = OK, denied: int = FORBIDDEN) -> dict[str, int | str]:
    """``allowed`` get ``ok``; anonymous goes to login; everybody else gets ``denied``."""
    result = {name: denied for name in ACTOR_NAMES}
    result["anonymous"] = LOGIN
    result.update(dict.fromkeys(allowed, ok))
    return result


def api_only(*allowed: str, ok: int = OK, denied: int = FORBIDDEN) -> dict[str, int | str]:
    """Like ``only`` for the API: anonymous gets 401 (DRF answers, no login redirect)."""
    return {**only(*allowed, ok=ok, denied=denied), "anonymous": UNAUTHORIZED}


# Routes owned by third-party packages, declared by prefix with representative rows in emc2.py.
THIRD_PARTY_PREFIXES = {
    "admin:": "Django admin: superusers only (admin:index row checks it)",
    "account_": "django-allauth: public sign-in/sign-up pages (rows for login and signup)",
}


def tables(*models) -> Callable[[World], tuple]:
    """A ``state=`` reading every row of ``models``: any write to them shows."""

    def read(world: World) -> tuple:
        return tuple(tuple(m.objects.order_by("pk").values_list()) for m in models)

    return read


def goes_to(name: str, kwargs: Callable[[World], dict] = lambda w: {}) -> Callable[[World], str]:
    """A ``location=``: the path of the named route."""
    from django.urls import reverse

    return lambda world: reverse(name, kwargs=kwargs(world))
