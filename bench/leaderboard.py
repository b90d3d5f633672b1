"""Benchmark of the real leaderboard page and API with 10,000 scored results in the database.

    .venv/bin/python -m bench.leaderboard          # 10,000 results from 500 teams
    .venv/bin/python -m bench.leaderboard 20000    # other sizes

Builds, in a throwaway in-memory SQLite test database, one published edition with a challenge
whose track holds N scored submissions (500 teams, metrics 55-78, sizes 1-6 MB, a few
baselines), then requests through Django's test client: the page (one row per team, page 2,
every submission) and the API, once cold and then warm (best of 10); then freezes the final
board and requests the final page and API the same way. Prints queries, time and size.
Goal: <= 100 KB of HTML and <= 100 ms per warm page; exit status 1 if a
warm request misses the goal or the query count depends on N.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time

GOAL_MS, GOAL_KB = 100, 100


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emc2.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DEBUG", "1")  # as `make`: query log, plain static files
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def build(n: int, index: int, seed: int = 2019):
    from decimal import Decimal

    from django.utils import timezone

    from challenge.enums import SizeMethod, SubmissionStatus, TeamStatus
    from challenge.models import Baseline, Challenge, Submission, Team, Track
    from emc2.models import Edition, Series

    rnd = random.Random(seed)
    series, _ = Series.objects.get_or_create(name="Bench series", short_name="B")
    edition = Edition.objects.create(
        series=series, number=index, title=f"Bench {n}", slug=f"bench-{n}",
        start_date=dt.date(2030, 12, 13), time_zone="America/Vancouver", published=True,
    )  # fmt: skip
    now = timezone.now()
    challenge = Challenge.objects.create(
        edition=edition, title="Bench challenge", leaderboard_public=True,
        registration_opens_at=now - dt.timedelta(days=30),
        submission_opens_at=now - dt.timedelta(days=20),
        submission_closes_at=now + dt.timedelta(days=20),
    )  # fmt: skip
    track = Track.objects.create(
        challenge=challenge, name="ImageNet", slug="imagenet", metric_name="top-1 (%)",
        size_cap_bytes=3_500_000, size_tolerance=Decimal(5), metric_target=Decimal(70),
        metric_tolerance=Decimal(5),
    )  # fmt: skip
    teams = Team.objects.bulk_create(
        Team(challenge=challenge, name=f"Team {i:03d}", status=TeamStatus.APPROVED,
             rules_accepted_at=now)
        for i in range(500)
    )  # fmt: skip
    Submission.objects.bulk_create(
        (
            Submission(
                team=teams[rnd.randrange(500)], track=track, artifact=f"bench/{i}.onnx",
                artifact_name="model.onnx", framework="ONNX", status=SubmissionStatus.SCORED,
                measured_size_bytes=(size := rnd.randrange(1_000_000, 6_000_000)),
                size_method=SizeMethod.ONNX, size_bytes=size,
                metric_value=round(rnd.uniform(55, 78), 2), result_version=1,
                submitted_at=now - dt.timedelta(seconds=rnd.randrange(1_500_000)),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )  # fmt: skip
    for name, metric, size in (("fp32", 76.1, 102_000_000), ("int8", 75.4, 25_600_000)):
        Baseline.objects.create(track=track, name=name, metric_value=metric, size_bytes=size)
    return edition, track


def timed(client, url, **extra) -> tuple[float, int, int]:
    from django.db import connection

    t0 = time.perf_counter()
    response = client.get(url, secure=True, **extra)
    ms = (time.perf_counter() - t0) * 1000
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    # With DEBUG the query log restarts with each request: it holds this request's queries.
    return ms, len(connection.queries), len(response.content)


def measure(edition, track) -> dict:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    client = Client()
    page = reverse("challenge:public-leaderboard", args=[edition.slug, track.slug])
    api = reverse("api:challenge:leaderboard", args=[edition.slug, track.slug])
    targets = {
        "page": page,
        "page 2 of 'not ranked'": page + "?under=2",
        "page, every submission": page + "?all=1",
        "API": api,
        "API, every submission, page 3": api + "?all=1&page=3&page_size=100",
    }
    cache.clear()
    out = {}
    for name, url in targets.items():
        out[name] = {"cold": timed(client, url), "warm": min(timed(client, url) for _ in range(10))}
    # Then the deadline: freeze, publish, and the same page and API from the frozen snapshot.
    from django.utils import timezone

    from challenge.services import final_compute

    challenge = track.challenge
    now = timezone.now()
    challenge.submission_closes_at = challenge.results_published_at = now
    challenge.save()
    final_compute(challenge=challenge, by=None, now=now)
    for name, url in (("final page", page), ("final API", api)):
        cold = timed(client, url)
        assert b"Final leaderboard" in client.get(url, secure=True).content or "API" in name
        out[name] = {"cold": cold, "warm": min(timed(client, url) for _ in range(10))}
    return out


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10_000]
    _setup()
    ok = True
    counts = set()
    for index, n in enumerate(sizes, start=1):
        t0 = time.perf_counter()
        edition, track = build(n, index)
        print(f"{n:,} scored submissions of 500 teams built in {time.perf_counter() - t0:.1f} s")
        for name, m in measure(edition, track).items():
            (c_ms, c_q, _), (w_ms, w_q, size) = m["cold"], m["warm"]
            kb = size / 1024
            verdict = "ok" if w_ms <= GOAL_MS and (kb <= GOAL_KB or "API" in name) else "OVER"
            ok &= verdict == "ok"
            counts.add((name, w_q))
            print(
                f"  {name:<32} {kb:6.1f} KiB  cold {c_ms:7.1f} ms ({c_q} queries)  "
                f"warm {w_ms:6.1f} ms ({w_q} queries)  {verdict}"
            )
    if len(counts) != len({name for name, _ in counts}):
        print(f"FAIL: warm query counts depend on the size: {sorted(counts)}")
        return 1
    print(f"goal: warm <= {GOAL_MS} ms, page <= {GOAL_KB} KiB: {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
