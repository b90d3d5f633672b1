"""Both rankings of a track, as pure functions over plain rows (no database).

Kept free of Django so the benchmark (bench/leaderboard.py) times exactly this code, and so the
live leaderboard, the frozen final one and the CSV export all rank the same way.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, frozen=True)
class Row:
    submission_id: int
    team_id: int
    team_name: str
    metric: float
    size: int
    submitted_at: datetime
    result_version: int = 1


@dataclass(slots=True)
class Board:
    by_metric: list[Row] = field(default_factory=list)  # ranking A
    by_size: list[Row] = field(default_factory=list)  # ranking B
    over_size: list[tuple[Row, str]] = field(default_factory=list)  # not in A, with reason
    under_metric: list[tuple[Row, str]] = field(default_factory=list)  # not in B, with reason


def format_size(size: int, unit_bytes: int = 10**6, unit_label: str = "MB") -> str:
    value = f"{size / unit_bytes:.3f}".rstrip("0").rstrip(".")
    return f"{value} {unit_label}"


def format_metric(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _best_per_team(rows: list[Row]) -> list[Row]:
    seen: set[int] = set()
    best = []
    for row in rows:
        if row.team_id not in seen:
            seen.add(row.team_id)
            best.append(row)
    return best


def rank(
    rows: list[Row],
    *,
    size_limit: int,
    metric_threshold: float,
    higher_is_better: bool = True,
    metric_name: str = "metric",
    unit_bytes: int = 10**6,
    unit_label: str = "MB",
) -> Board:
    """Rank scored rows twice; each team appears at most once per ranking, with its best row.

    A: metric best-first among rows with size <= size_limit; ties: smaller size, then earlier.
    B: size smallest-first among rows whose metric reaches the threshold (inclusive); ties:
       better metric, then earlier.
    """
    sign = -1.0 if higher_is_better else 1.0
    board = Board()
    size_ok: list[Row] = []
    metric_ok: list[Row] = []
    limit_text = format_size(size_limit, unit_bytes, unit_label)
    for row in rows:
        if row.size <= size_limit:
            size_ok.append(row)
        else:
            board.over_size.append(
                (row, f"size {format_size(row.size, unit_bytes, unit_label)} over {limit_text} cap")
            )
        reached = (
            row.metric >= metric_threshold if higher_is_better else row.metric <= metric_threshold
        )
        if reached:
            metric_ok.append(row)
        else:
            word = "below" if higher_is_better else "above"
            board.under_metric.append(
                (
                    row,
                    f"{metric_name} {format_metric(row.metric)} {word} "
                    f"{format_metric(metric_threshold)} target",
                )
            )
    size_ok.sort(key=lambda r: (sign * r.metric, r.size, r.submitted_at, r.submission_id))
    metric_ok.sort(key=lambda r: (r.size, sign * r.metric, r.submitted_at, r.submission_id))
    board.by_metric = _best_per_team(size_ok)
    board.by_size = _best_per_team(metric_ok)
    order = lambda item: (item[0].team_name.lower(), item[0].submitted_at)  # noqa: E731
    board.over_size.sort(key=order)
    board.under_metric.sort(key=order)
    return board


def pareto_front(points: list[tuple[int, float]], *, higher_is_better: bool = True) -> set[int]:
    """Indexes of the points no other point beats on both size (smaller) and metric."""
    sign = -1.0 if higher_is_better else 1.0
    order = sorted(range(len(points)), key=lambda i: (points[i][0], sign * points[i][1]))
    front: set[int] = set()
    best = None
    for i in order:
        value = sign * points[i][1]
        if best is None or value < best:
            front.add(i)
            best = value
    return front
