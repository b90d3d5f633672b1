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

OK, LOGIN, FORBIDDEN, NOT_FOUND, REDIRECT = 200, 302, 403, 404, 302
# The API answers "not signed in" with a 401 and a WWW-Authenticate header.
UNAUTHORIZED = 401


@dataclass(frozen=True)
class Route:
    name: str  # URL name with namespaces, e.g. "chair-settings" or "api:edition-list"
    expect: dict[str, int]  # actor name -> HTTP status
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] | None = None
    # POST routes change data: the world is built again for each actor.
    fresh_world_per_actor: bool = False
    note: str = ""

    def __post_init__(self):
        missing = set(ACTOR_NAMES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


def everyone(status: int = OK, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTOR_NAMES, status), **overrides}


def signed_in(status: int = OK, **overrides: int) -> dict[str, int]:
    """Anonymous users are sent to the login page; every signed-in actor gets ``status``."""
    return {**dict.fromkeys(ACTOR_NAMES, status), "anonymous": LOGIN, **overrides}


def only(*allowed: str, ok: int = OK, denied: int = FORBIDDEN) -> dict[str, int]:
    """``allowed`` get ``ok``; anonymous goes to login; everybody else gets ``denied``."""
    result = {name: denied for name in ACTOR_NAMES}
    result["anonymous"] = LOGIN
    result.update(dict.fromkeys(allowed, ok))
    return result


def api_only(*allowed: str, ok: int = OK, denied: int = FORBIDDEN) -> dict[str, int]:
    """Like ``only`` for the API: anonymous gets 401 (DRF answers, no login redirect)."""
    return {**only(*allowed, ok=ok, denied=denied), "anonymous": UNAUTHORIZED}


# Routes owned by third-party packages, declared by prefix with representative rows in emc2.py.
THIRD_PARTY_PREFIXES = {
    "admin:": "Django admin: superusers only (admin:index row checks it)",
    "account_": "django-allauth: public sign-in/sign-up pages (rows for login and signup)",
}
