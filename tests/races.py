"""Run two writes against each other on separate connections, in a fixed interleaving.

``first`` runs in its own transaction and keeps it open (its row locks held) for ``hold``
seconds; ``second`` starts once ``first`` has done its writes. With the lock ``second`` waits
and then sees ``first``'s committed work; without it, ``second`` reads the old rows and the
test sees the damage. Unlike two threads released by a barrier, the outcome never depends on
the scheduler. PostgreSQL only: SQLite ignores ``select_for_update()``.
"""

import threading
import time

from django.db import connection, transaction

from emc2.exceptions import DomainError


def race(first, second, *, hold: float = 1.5) -> dict[str, str]:
    """``{"first": outcome, "second": outcome}``: "ok", the DomainError's message, or the
    repr of any other exception."""
    outcomes: dict[str, str] = {}
    done_first = threading.Event()
    # Both connections are open before ``first`` starts, so ``second`` is not still
    # connecting when ``first`` commits on a busy machine.
    connected = threading.Barrier(2, timeout=10)

    def call(name, fn):
        try:
            fn()
            outcomes[name] = "ok"
        except DomainError as exc:
            outcomes[name] = str(exc)
        except Exception as exc:  # any other failure is the finding
            outcomes[name] = repr(exc)

    def run_first():
        try:
            connection.ensure_connection()
            connected.wait()
            with transaction.atomic():
                call("first", fn=first)
                done_first.set()
                time.sleep(hold)
        finally:
            done_first.set()
            connection.close()

    def run_second():
        try:
            connection.ensure_connection()
            connected.wait()
            done_first.wait(timeout=10)
            call("second", fn=second)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes
