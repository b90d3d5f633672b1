"""schemathesis against the live schema, in-process: no request may end in a server error,
and every response must be one the schema documents (status code, content type, headers and
the body's JSON schema).

Bounded (a few examples per operation, derandomized) so it stays a CI test, not a fuzzing
campaign. It runs as an anonymous client and, each with its own token, as an author, a
reviewer (PC member), a chair (write tokens) and an evaluator (an evaluator token), over an
edition with a challenge. Marked ``fuzz``: one CI leg runs it (``-m fuzz`` / ``-m "not fuzz"``).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from emc2.services import api_token_create
from tests.factories.challenge import ChallengeFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())

EXAMPLES = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = ["anonymous", "author", "reviewer", "chair", "evaluator"]


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI must not flake
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _in_edition(case, edition):
    # Random slugs only ever find nothing: point every request at an edition that exists.
    if case.path_parameters and "edition" in case.path_parameters:
        case.path_parameters["edition"] = edition.slug


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Requests go through the real WSGI handler, whose request signals close the database
    # connection, ending the test's transaction on PostgreSQL. Django's test client does this too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(actors, edition):
    """``{role: headers}``: each role's own token, as its API client sends it."""
    ChallengeFactory(edition=edition)
    headers = {"anonymous": {}}
    for role, actor in (("author", "author"), ("reviewer", "pc_member"), ("chair", "chair")):
        _, key = api_token_create(user=actors[actor], name="fuzz", scope="write")
        headers[role] = {"Authorization": f"Token {key}"}
    evaluator = Token.objects.create(user=actors["evaluator"])
    headers["evaluator"] = {"Authorization": f"Token {evaluator.key}"}
    return headers


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@BOUNDED
def test_api_answers_as_documented_to_every_role(case, role, edition, auth_headers):
    _in_edition(case, edition)
    case.call_and_validate(checks=CHECKS, headers=auth_headers[role])
