"""Benchmark of the public program page and the exports.

    .venv/bin/python -m bench.program              # 10, 100 and 500 items
    .venv/bin/python -m bench.program 1000         # other sizes

For each size it builds, in a throwaway in-memory SQLite test database, one edition with
that many talks (10 per session, 2 speakers each, sessions alternating between two rooms),
publishes it, then prints for the program page the SQL queries and render time with a cold
cache and with a warm one, and the time of each export. The query count must not grow
with the number of items (the page reads one release snapshot); exit status 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emc2.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DEBUG", "1")  # as `make`: plain static files, no SSL redirect
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def build(n_items: int, index: int):
    from emc2.models import Edition, Person, Series
    from program.enums import SessionKind
    from program.services import item_create, release_publish, room_create, session_create

    series, _ = Series.objects.get_or_create(name="Bench series", short_name="B")
    edition = Edition.objects.create(
        series=series,
        number=index,
        title=f"Bench edition {n_items}",
        slug=f"bench-{n_items}",
        start_date=dt.date(2030, 12, 13),
        time_zone="America/Vancouver",
        published=True,
    )
    rooms = [room_create(edition=edition, name=f"Room {r}") for r in range(2)]
    start = dt.datetime(2030, 12, 13, 8, tzinfo=edition.tz)
    for s in range((n_items + 9) // 10):
        begin = start + dt.timedelta(minutes=40 * (s // 2))
        session = session_create(
            edition=edition,
            kind=SessionKind.PAPERS,
            title=f"Session {s}",
            room=rooms[s % 2],
            start=begin,
            end=begin + dt.timedelta(minutes=40),
        )
        for i in range(min(10, n_items - 10 * s)):
            people = [
                Person.objects.create(
                    name=f"P{n_items}-{s}-{i}-{k}", slug=f"p{n_items}-{s}-{i}-{k}"
                )
                for k in range(2)
            ]
            item_create(
                edition=edition,
                session=session,
                title=f"Talk {s}.{i} on efficient inference",
                abstract="Quantization and pruning for small devices.",
                speakers=[(p, "author", "Bench University") for p in people],
            )
    release_publish(edition=edition)
    return edition


def measure(edition) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from program.exporters import schedule_exporters

    client = Client()
    url = reverse("program:public-program", args=[edition.slug])
    cache.clear()
    # With DEBUG, Django logs queries and empties the log when a request starts, so after a
    # request the log holds exactly that request's queries.
    t0 = time.perf_counter()
    response = client.get(url, secure=True)
    cold = time.perf_counter() - t0
    cold_q = len(connection.queries)
    assert response.status_code == 200, (response.status_code, response.content[:300])
    t0 = time.perf_counter()
    client.get(url, secure=True)
    warm = time.perf_counter() - t0
    warm_q = len(connection.queries)
    exports = {}
    for name in (e.filename for e in schedule_exporters()):
        export_url = reverse("program:public-export", args=[edition.slug, name])
        t0 = time.perf_counter()
        r = client.get(export_url, secure=True)
        full = time.perf_counter() - t0
        # A client that has this release already revalidates with its ETag: a 304, no render.
        t0 = time.perf_counter()
        again = client.get(export_url, secure=True, headers={"if-none-match": r["ETag"]})
        assert again.status_code == 304, (name, again.status_code)
        exports[name] = (full, len(r.content), time.perf_counter() - t0)
    return {
        "cold_q": cold_q,
        "cold_ms": cold * 1000,
        "warm_q": warm_q,
        "warm_ms": warm * 1000,
        "bytes": len(response.content),
        "exports": exports,
    }


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10, 100, 500]
    _setup()
    rows = []
    for index, n in enumerate(sizes, start=1):
        t0 = time.perf_counter()
        edition = build(n, index)
        built = time.perf_counter() - t0
        m = measure(edition)
        rows.append((n, m))
        print(
            f"{n:>5} items (built+published in {built:5.1f} s): program page "
            f"{m['cold_q']} queries {m['cold_ms']:7.1f} ms cold, "
            f"{m['warm_q']} queries {m['warm_ms']:6.1f} ms cached, {m['bytes'] // 1024} KiB"
        )
        print(
            "        exports: "
            + ", ".join(
                f"{name} {ms * 1000:6.1f} ms ({size // 1024} KiB, 304 in {ms304 * 1000:.1f} ms)"
                for name, (ms, size, ms304) in m["exports"].items()
            )
        )
    counts = {m["cold_q"] for _n, m in rows}
    if len(counts) != 1:
        print(f"FAIL: query count grows with items: {sorted(counts)}")
        return 1
    print(f"OK: {counts.pop()} queries whatever the size")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
