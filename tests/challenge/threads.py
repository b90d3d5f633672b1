"""Run functions at once on their own database connections (race tests)."""

import threading

from django.db import connections


def run_at_once(fn, *, times: int, timeout: float = 120) -> None:
    """Calls ``fn()`` from ``times`` threads released together; each closes its connection."""
    barrier = threading.Barrier(times)

    def run():
        barrier.wait()
        try:
            fn()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
