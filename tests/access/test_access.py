import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access.table import THIRD_PARTY_PREFIXES, Route
from tests.conftest import ACTOR_NAMES

_HELPERS = {"table", "test_access"}


def _modules():
    for info in pkgutil.iter_modules(tests.access.__path__):
        if info.name not in _HELPERS:
            yield importlib.import_module(f"tests.access.{info.name}")


ROUTES: list[Route] = [route for module in _modules() for route in module.ROUTES]


def _route_names(patterns=None, prefix=""):
    """Every named route the resolver knows, as ``namespace:name``."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _route_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{prefix}{p.name}" if p.name else f"{prefix}<unnamed {p.pattern}>"


def build_world(actors, edition, other_edition):
    world = SimpleNamespace(users=actors, edition=edition, other_edition=other_edition)
    for module in _modules():
        build = getattr(module, "build", None)
        if build:
            build(world)
    return world


def test_every_route_is_in_the_access_table():
    declared = {route.name for route in ROUTES}
    missing = sorted(
        name
        for name in set(_route_names())
        if name not in declared and not name.startswith(tuple(THIRD_PARTY_PREFIXES))
    )
    assert missing == [], f"routes without a row in tests/access/: {missing}"


def test_access_table_rows_name_real_routes():
    known = set(_route_names())
    assert sorted({r.name for r in ROUTES} - known) == []


@pytest.mark.parametrize(
    "route", ROUTES, ids=[f"{r.name}{'-' + r.note if r.note else ''}" for r in ROUTES]
)
def test_access(route: Route, client, db):
    def fresh():
        # Function-scoped fixtures cannot be re-created inside one test, so build directly.
        from tests.conftest import make_actors

        ed, other, users = make_actors()
        return build_world(users, ed, other)

    world = fresh()
    outcomes = {}
    for actor in ACTOR_NAMES:
        if route.fresh_world_per_actor and actor != ACTOR_NAMES[0]:
            world = fresh()
        client.logout()
        user = world.users[actor]
        if user.is_authenticated:
            client.force_login(user)
        url = reverse(route.name, kwargs=route.kwargs(world))
        data = route.data(world) if route.data else None
        response = getattr(client, route.method)(url, data=data)
        outcomes[actor] = response.status_code
    assert outcomes == route.expect
