"""A real task through the real broker to a real worker (runs when CELERY_BROKER_URL is set)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from emc2.celery import app
from emc2.tasks import ping

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def broker_worker():
    if not os.environ.get("CELERY_BROKER_URL"):
        if os.environ.get("CI") == "true" and os.environ.get("EMC2_REQUIRE_BROKER"):
            pytest.fail("CELERY_BROKER_URL is required for this CI run")
        pytest.skip("no CELERY_BROKER_URL: tasks run eagerly, no worker to talk to")
    app.conf.task_always_eager = False
    # The worker runs in a thread of this test session, consuming from the real broker.
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        yield
    app.conf.task_always_eager = True


def test_task_round_trip_through_the_broker(broker_worker):
    result = ping.delay(value=41)
    assert result.get(timeout=30) == {"pong": 41}
    assert app.conf.broker_url.startswith(("redis://", "amqp://"))
