import importlib
import json
import pkgutil
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

import tests.access
from tests.access.table import LOGIN, REDIRECT, THIRD_PARTY_PREFIXES, WRITE_METHODS, Route
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


def _outcome(response):
    """The status code, except that a redirect to a sign-in page is LOGIN."""
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path in (resolve_url(settings.LOGIN_URL), reverse("admin:login")):
            return LOGIN
    return response.status_code


def _fresh_world():
    # Function-scoped fixtures cannot be re-created inside one test, so build directly.
    from tests.conftest import make_actors

    ed, other, users = make_actors()
    return build_world(users, ed, other)


def run_route(route: Route, client) -> dict[str, list[str]]:
    """Request ``route`` as every actor; what differs from the row, per actor (empty: none)."""
    world = _fresh_world()
    problems: dict[str, list[str]] = {}
    for actor in ACTOR_NAMES:
        if route.fresh_world_per_actor and actor != ACTOR_NAMES[0]:
            world = _fresh_world()
        client.logout()
        user = world.users[actor]
        headers = {}
        if user.is_authenticated:
            if route.auth == "token":
                token, _ = Token.objects.get_or_create(user=user)
                headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
            else:
                client.force_login(user)
        url = reverse(route.name, kwargs=route.kwargs(world))
        data = route.data(world) if route.data else None
        before = route.state(world) if route.state else None
        if route.method in ("put", "patch"):
            response = getattr(client, route.method)(
                url, data=json.dumps(data or {}), content_type="application/json", **headers
            )
        else:
            response = getattr(client, route.method)(url, data=data, **headers)
        found = []
        outcome = _outcome(response)
        if outcome != route.expect[actor]:
            found.append(f"outcome {outcome!r}, expected {route.expect[actor]!r}")
        if outcome == REDIRECT and route.location is not None:
            where = urlsplit(response["Location"]).path
            if where != route.location(world):
                found.append(f"redirected to {where}, expected {route.location(world)}")
        if route.state is not None:
            after = route.state(world)
            should_change = actor in route.changers()
            if (before != after) != should_change:
                found.append(
                    f"database {'unchanged' if should_change else 'changed'}: "
                    f"{before!r} -> {after!r}"
                )
        if found:
            problems[actor] = found
    return problems


def test_every_write_row_checks_the_database():
    blind = sorted(
        f"{r.name} {r.note}".strip()
        for r in ROUTES
        if r.method in WRITE_METHODS and r.state is None
    )
    assert blind == [], f"write rows without a state= check: {blind}"


def test_every_redirect_row_says_where():
    blind = sorted(
        f"{r.name} {r.note}".strip()
        for r in ROUTES
        if REDIRECT in r.expect.values() and r.location is None and r.method in WRITE_METHODS
    )
    assert blind == [], f"write rows with a REDIRECT outcome but no location=: {blind}"


@pytest.mark.parametrize(
    "route", ROUTES, ids=[f"{r.name}{'-' + r.note if r.note else ''}" for r in ROUTES]
)
def test_access(route: Route, client, db):
    assert run_route(route, client) == {}


# --- mutation checks: the table notices a guard that is gone -------------------------------


def _row(name: str, note: str = "") -> Route:
    return next(r for r in ROUTES if r.name == name and r.note == note)


def _allow_everything(*args, **kwargs):
    return None


def _any_person(*, user, edition, pk):
    from emc2.models import Person

    return Person.objects.get(pk=pk)


@pytest.mark.parametrize(
    ("target", "attribute", "replacement", "name", "note"),
    [
        (
            "papers.views.chair_review.ChairReviewMixin",
            "permission_required",
            None,
            "papers:chair-review-dashboard",
            "",
        ),
        (
            "papers.views.reviewer.ReviewerMixin",
            "permission_required",
            None,
            "papers:reviewer-home",
            "",
        ),
        ("emc2.views.chair.RoleRemoveView", "permission_required", None, "chair-role-remove", ""),
        (
            "papers.access",
            "_require",
            _allow_everything,
            "papers:chair-detail",
            "chair's own paper",
        ),
        (
            "emc2.api.HasRulePermission",
            "has_permission",
            lambda self, request, view: True,
            "api:papers:submission-list",
            "",
        ),
        (
            "program.views.people",
            "person_for_chair",
            _any_person,
            "program:chair-person-edit",
            "other edition",
        ),
    ],
    ids=[
        "chair-mixin",
        "reviewer-mixin",
        "role-remove",
        "access-require",
        "api-permission",
        "people-pages-person",
    ],
)
def test_access_table_fails_without_the_guard(
    target, attribute, replacement, name, note, client, db, monkeypatch
):
    route = _row(name, note)
    monkeypatch.setattr(f"{target}.{attribute}", replacement)
    try:
        problems = run_route(route, client)
    except Exception as exc:  # noqa: BLE001 (a crash fails the row as surely)
        problems = {"(crash)": [repr(exc)]}
    assert problems != {}, f"{name}: the table did not notice the missing check"
    if route.state is not None:
        # A write let through must show in the database, not only in the status.
        assert any("database changed" in p for found in problems.values() for p in found)
