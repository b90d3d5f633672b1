"""schemathesis against the live schema, in-process: no request may end in a server error.

Bounded (a few examples per operation) so it stays a CI test, not a fuzzing campaign. It runs
as an anonymous client and as a chair with a write token, over an edition with data.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from emc2.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())

EXAMPLES = 5


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
def chair_token(actors):
    _, key = api_token_create(user=actors["chair"], name="fuzz", scope="write")
    return key


@pytest.mark.fuzz
@schema.parametrize()
@BOUNDED
def test_api_never_answers_a_server_error_to_anonymous(case, edition):
    _in_edition(case, edition)
    case.call_and_validate(checks=[not_a_server_error])


@pytest.mark.fuzz
@schema.parametrize()
@BOUNDED
def test_api_never_answers_a_server_error_to_a_chair(case, edition, chair_token):
    _in_edition(case, edition)
    case.call_and_validate(
        checks=[not_a_server_error], headers={"Authorization": f"Token {chair_token}"}
    )
