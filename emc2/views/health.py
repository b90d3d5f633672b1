"""``/healthz``: may the proxy send this app server traffic?

Checks the database, the cache and (when one is configured) the Celery broker, each within
``HEALTHZ_TIMEOUT`` seconds, and answers JSON: ``{"status": "ok", "checks": {...}}`` with 200,
or ``"status": "error"`` with 503 when any check failed. A failed check reports the exception's
class and message with credentials scrubbed; the full error goes to the log.
"""

import logging
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)

OK = "ok"
# Userinfo in URLs (``redis://:secret@host``, ``postgres://user:secret@host``).
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]*@")


def _timeout() -> float:
    return float(getattr(settings, "HEALTHZ_TIMEOUT", 3.0))


def check_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A stuck server must not hold the probe longer than the proxy waits for it.
            with transaction.atomic():
                cursor.execute("SET LOCAL statement_timeout = %s", [int(_timeout() * 1000)])
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
        else:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    if row != (1,):
        raise RuntimeError(f"SELECT 1 returned {row!r}")


def check_cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        read = cache.get(key)
    finally:
        cache.delete(key)
    if read != value:
        raise RuntimeError("a value written to the cache was not read back")


def check_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=_timeout()) as conn:
        conn.ensure_connection(max_retries=0, timeout=_timeout())
        if conn.transport_cls in ("redis", "rediss"):
            # kombu connects to Redis lazily; PING proves the server answers.
            conn.default_channel.client.ping()


def _secrets() -> list[str]:
    found = [settings.SECRET_KEY, settings.DATABASES["default"].get("PASSWORD") or ""]
    for url in (settings.CELERY_BROKER_URL, *(c.get("LOCATION") for c in settings.CACHES.values())):
        for location in url if isinstance(url, list | tuple) else [url or ""]:
            match = re.search(r"://([^/@\s]*)@", str(location))
            if match:
                found.extend(part for part in match.group(1).split(":") if part)
    return [s for s in found if len(s) >= 3]


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = _URL_CREDENTIALS.sub("***@", text)
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text[:300]


def _failure(name: str, exc: BaseException) -> str:
    if isinstance(exc, FutureTimeout):
        logger.warning("healthz: %s did not answer within %s s", name, _timeout())
        return f"no answer within {_timeout():g} s"
    logger.warning("healthz: %s failed", name, exc_info=exc)
    return _describe(exc)


@never_cache
def healthz(request):
    # The cache and broker checks run in threads at the same time, each waited for at most
    # HEALTHZ_TIMEOUT; the database check runs in the request's thread (the connection belongs
    # to it), bounded by the connect and statement timeouts.
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")
    try:
        pending = {"cache": pool.submit(check_cache)}
        if settings.CELERY_BROKER_URL:
            pending["broker"] = pool.submit(check_broker)
        checks = {}
        try:
            check_database()
            checks["database"] = OK
        except Exception as exc:
            checks["database"] = _failure("database", exc)
        deadline = time.monotonic() + _timeout()
        for name, future in pending.items():
            try:
                future.result(timeout=max(0.0, deadline - time.monotonic()))
                checks[name] = OK
            except Exception as exc:
                checks[name] = _failure(name, exc)
    finally:
        # A check stuck past its timeout is left to finish on its own.
        pool.shutdown(wait=False, cancel_futures=True)
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
