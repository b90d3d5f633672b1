import datetime as dt
import zoneinfo

from challenge.selectors import edition_day_bounds, submission_quota, track_board
from challenge.services import result_record
from tests.factories.challenge import SubmissionFactory, TeamFactory

VANCOUVER = zoneinfo.ZoneInfo("America/Vancouver")


def test_edition_day_bounds_follow_the_edition_zone(edition):
    now = dt.datetime(2030, 7, 2, 5, 0, tzinfo=dt.UTC)  # still July 1st in Vancouver
    start, end = edition_day_bounds(edition=edition, now=now)
    assert (start, end) == (
        dt.datetime(2030, 7, 1, tzinfo=VANCOUVER),
        dt.datetime(2030, 7, 2, tzinfo=VANCOUVER),
    )


def test_quota_counts_only_the_team_and_the_day(team, track, challenge):
    now = dt.datetime(2030, 7, 1, 12, 0, tzinfo=VANCOUVER)
    SubmissionFactory(team=team, track=track, submitted_at=now - dt.timedelta(hours=1))
    SubmissionFactory(team=team, track=track, submitted_at=now - dt.timedelta(days=1))
    SubmissionFactory(team=TeamFactory(challenge=challenge), track=track, submitted_at=now)
    quota = submission_quota(team=team, now=now)
    assert (quota.used_today, quota.used_total, quota.remaining) == (1, 2, 2)


def test_track_board_uses_current_results_and_best_per_team(team, track, challenge, actors):
    ev = actors["evaluator"]
    rows = [(team, 70.0, 3_000_000), (team, 72.0, 3_100_000), (team, 99.0, 9_000_000)]
    other = TeamFactory(challenge=challenge, name="Other")
    rows.append((other, 71.0, 1_000_000))
    for t, metric, size in rows:
        sub = SubmissionFactory(team=t, track=track, measured_size_bytes=size)
        result_record(submission=sub, by=ev, metric_value=metric)
    SubmissionFactory(team=other, track=track)  # not scored yet: not on the board
    board = track_board(track=track)
    assert [(x.row.team_name, x.row.metric) for x in board.by_metric] == [
        ("Tiny Tensors", 72.0),
        ("Other", 71.0),
    ]
    assert [(x.row.team_name, x.row.size) for x in board.by_size] == [
        ("Other", 1_000_000),
        ("Tiny Tensors", 3_000_000),
    ]
    # One row per team: Tiny Tensors is ranked, so its oversized model is not listed...
    assert board.over_size == []
    # ...unless every submission is asked for.
    every = track_board(track=track, per_team=False)
    assert [reason for _, reason in every.over_size] == ["size 9 MB over 3.675 MB cap"]
    assert len(every.by_metric) == 3
