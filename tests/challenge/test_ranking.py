import datetime as dt

import pytest

from challenge.ranking import Row, pareto_front, rank

T0 = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
LIMIT, THRESHOLD = 3_675_000, 66.5


def row(pk, team, metric, size, minutes=0):
    return Row(pk, team, f"team {team}", metric, size, T0 + dt.timedelta(minutes=minutes))


def ranked(rows, **kw):
    return rank(rows, size_limit=LIMIT, metric_threshold=THRESHOLD, metric_name="top-1", **kw)


@pytest.mark.parametrize(
    ("size", "eligible"), [(3_674_999, True), (3_675_000, True), (3_675_001, False)]
)
def test_size_eligibility_at_the_exact_cap(size, eligible):
    board = ranked([row(1, 1, 70.0, size)])
    assert [x.row.submission_id for x in board.by_metric] == ([1] if eligible else [])


@pytest.mark.parametrize(("metric", "eligible"), [(66.49, False), (66.5, True), (66.51, True)])
def test_metric_eligibility_at_the_exact_target(metric, eligible):
    board = ranked([row(1, 1, metric, 1_000_000)])
    assert [x.row.submission_id for x in board.by_size] == ([1] if eligible else [])


def test_metric_eligibility_lower_is_better_inverts_the_threshold():
    board = rank(
        [row(1, 1, 0.20, 10), row(2, 2, 0.30, 10)],
        size_limit=LIMIT,
        metric_threshold=0.25,
        higher_is_better=False,
    )
    assert (
        [x.row.submission_id for x in board.by_size],
        [x.row.submission_id for x in board.by_metric],
    ) == (
        [1],
        [1, 2],
    )


def test_metric_ranking_ties_broken_by_smaller_size_then_earlier():
    rows = [
        row(1, 1, 70.0, 3_000_000, minutes=5),
        row(2, 2, 70.0, 2_000_000, minutes=9),
        row(3, 3, 70.0, 3_000_000, minutes=1),
        row(4, 4, 71.0, 3_600_000, minutes=20),
    ]
    assert [x.row.submission_id for x in ranked(rows).by_metric] == [4, 2, 3, 1]


def test_size_ranking_ties_broken_by_higher_metric_then_earlier():
    rows = [
        row(1, 1, 68.0, 2_000_000, minutes=5),
        row(2, 2, 69.0, 2_000_000, minutes=9),
        row(3, 3, 68.0, 2_000_000, minutes=1),
        row(4, 4, 67.0, 1_000_000, minutes=20),
    ]
    assert [x.row.submission_id for x in ranked(rows).by_size] == [4, 2, 3, 1]


def test_best_eligible_submission_per_team():
    rows = [
        row(1, 1, 75.0, 4_000_000),  # best metric but over the cap
        row(2, 1, 71.0, 3_000_000),
        row(3, 1, 72.0, 3_500_000),
        row(4, 2, 70.0, 1_000_000),
    ]
    board = ranked(rows)
    assert [x.row.submission_id for x in board.by_metric] == [3, 4]
    assert [x.row.submission_id for x in board.by_size] == [4, 2]


def test_ineligible_listed_with_reasons():
    board = ranked([row(1, 1, 73.9, 3_900_000), row(2, 2, 64.0, 1_900_000)])
    assert [reason for _, reason in board.over_size] == ["size 3.9 MB over 3.675 MB cap"]
    assert [reason for _, reason in board.under_metric] == ["top-1 64 below 66.5 target"]


def test_pareto_front_excludes_dominated_points():
    points = [(1_000, 60.0), (2_000, 70.0), (3_000, 65.0), (4_000, 75.0), (2_000, 69.0)]
    assert pareto_front(points) == {0, 1, 3}
