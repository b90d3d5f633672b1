"""/healthz: the proxy's probe of database, cache and broker."""

import os
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection

from emc2.views import health

pytestmark = pytest.mark.django_db

REFUSED_REDIS = "redis://:hunter2@127.0.0.1:1/0"  # port 1: nothing listens, refused at once


def _get(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def test_healthz_all_ok_without_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    assert _get(client) == (200, {"status": "ok", "checks": {"database": "ok", "cache": "ok"}})


def test_healthz_is_not_cached_and_needs_no_login(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_healthz_broken_database_is_503_without_the_password(client, settings):
    settings.CELERY_BROKER_URL = ""
    error = OperationalError(
        'connection to server at "db.internal" failed for postgres://emc2:hunter2@db.internal/emc2'
    )
    with mock.patch.object(connection, "cursor", side_effect=error):
        status, body = _get(client)
    assert status == 503
    assert body["status"] == "error"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["database"].startswith("OperationalError: connection to server at")
    assert "hunter2" not in body["checks"]["database"]


def test_healthz_unreachable_cache_is_503_without_the_password(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REFUSED_REDIS,
        }
    }
    status, body = _get(client)
    assert status == 503
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("ConnectionError:")
    assert "hunter2" not in str(body)


def test_healthz_cache_that_loses_writes_is_503(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    status, body = _get(client)
    assert (status, body["checks"]["cache"]) == (
        503,
        "RuntimeError: a value written to the cache was not read back",
    )


def test_healthz_unreachable_broker_is_503_without_the_password(client, settings):
    settings.CELERY_BROKER_URL = REFUSED_REDIS
    status, body = _get(client)
    assert status == 503
    assert body["checks"]["database"] == body["checks"]["cache"] == "ok"
    assert "Connection refused" in body["checks"]["broker"]
    assert "hunter2" not in str(body)


@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL")
def test_healthz_reachable_broker_is_ok(client, settings):
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    assert _get(client) == (
        200,
        {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}},
    )


def test_healthz_hanging_cache_answers_within_the_timeout(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.HEALTHZ_TIMEOUT = 0.3
    with mock.patch.object(health, "check_cache", side_effect=lambda: time.sleep(3)):
        start = time.monotonic()
        status, body = _get(client)
        elapsed = time.monotonic() - start
    assert (status, body["checks"]["cache"]) == (503, "no answer within 0.3 s")
    assert elapsed < 1.5


def test_healthz_does_not_show_the_secret_key(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.SECRET_KEY = "the-secret-key-0123456789-" * 2
    with mock.patch.object(
        health, "check_cache", side_effect=RuntimeError(f"signed with {settings.SECRET_KEY}")
    ):
        status, body = _get(client)
    assert (status, body["checks"]["cache"]) == (503, "RuntimeError: signed with ***")
