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


@dataclass(slots=True, frozen=True)
class Ranked:
    rank: int  # shared by rows that tie (competition ranking: 1, 1, 3)
    row: Row


@dataclass(slots=True)
class Board:
    by_metric: list[Ranked] = field(default_factory=list)  # ranking A
    by_size: list[Ranked] = field(default_factory=list)  # ranking B
    over_size: list[tuple[Row, str]] = field(default_factory=list)  # not in A, with reason
    under_metric: list[tuple[Row, str]] = field(default_factory=list)  # not in B, with reason


def format_size(size: int, unit_bytes: int = 10**6, unit_label: str = "MB") -> str:
    value = f"{size / unit_bytes:.3f}".rstrip("0").rstrip(".")
    return f"{value} {unit_label}"


def format_size_auto(size: float, *, binary: bool = False) -> str:
    """A size in the largest unit it reaches: 950 kB, 3.675 MB (binary: KiB, MiB, GiB)."""
    base, units = (1024, ("B", "KiB", "MiB", "GiB", "TiB")) if binary else (
        1000, ("B", "kB", "MB", "GB", "TB"),
    )  # fmt: skip
    exp = 0
    while exp < len(units) - 1 and abs(size) >= base ** (exp + 1):
        exp += 1
    value = f"{size / base**exp:.3f}".rstrip("0").rstrip(".")
    return f"{value} {units[exp]}"


def format_metric(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def tie_rules(metric_name: str) -> tuple[str, str]:
    """The tie rule of each ranking, as the leaderboard prints it."""
    return (
        f"Equal {metric_name}: the smaller model ranks higher. Equal {metric_name} and equal"
        " size: the same rank (listed by submission time).",
        f"Equal size: the better {metric_name} ranks higher. Equal size and equal"
        f" {metric_name}: the same rank (listed by submission time).",
    )


def _best_per_team(rows: list[Row]) -> list[Row]:
    seen: set[int] = set()
    best = []
    for row in rows:
        if row.team_id not in seen:
            seen.add(row.team_id)
            best.append(row)
    return best


def _ranked(rows: list[Row], key) -> list[Ranked]:
    out, prev, current = [], None, 0
    for i, row in enumerate(rows, start=1):
        k = key(row)
        if k != prev:
            current, prev = i, k
        out.append(Ranked(current, row))
    return out


def counted_rows(rows: list[Row], counted: dict[int, int]) -> list[Row]:
    """The rows that count: a team that chose a scored submission is that row alone; any other
    team keeps all its rows (its best one will count)."""
    if not counted:
        return rows
    present = {r.submission_id for r in rows}
    return [
        r
        for r in rows
        if counted.get(r.team_id) in (None, r.submission_id) or counted[r.team_id] not in present
    ]


def rank(
    rows: list[Row],
    *,
    size_limit: int,
    metric_threshold: float,
    higher_is_better: bool = True,
    metric_name: str = "metric",
    unit_bytes: int = 10**6,
    unit_label: str = "MB",
    counted: dict[int, int] | None = None,
    per_team: bool = True,
) -> Board:
    """Rank scored rows twice.

    A: metric best-first among rows with size <= size_limit; ties: smaller size, then the same
       rank (listed earlier first).
    B: size smallest-first among rows whose metric reaches the threshold (inclusive); ties:
       better metric, then the same rank.
    ``per_team`` (the default): each team appears at most once per ranking, with the submission
    it chose in ``counted`` (team id -> submission id) or else its best; the "not ranked"
    lists then hold one row per team that is not in that ranking. Otherwise every row is
    ranked and every ineligible row listed.
    """
    sign = -1.0 if higher_is_better else 1.0
    if per_team:
        rows = counted_rows(rows, counted or {})
    board = Board()
    size_ok: list[Row] = []
    metric_ok: list[Row] = []
    over: list[Row] = []
    under: list[Row] = []
    for row in rows:
        (size_ok if row.size <= size_limit else over).append(row)
        reached = (
            row.metric >= metric_threshold if higher_is_better else row.metric <= metric_threshold
        )
        (metric_ok if reached else under).append(row)
    key_a = lambda r: (sign * r.metric, r.size)  # noqa: E731
    key_b = lambda r: (r.size, sign * r.metric)  # noqa: E731
    for group, key in ((size_ok, key_a), (over, key_a), (metric_ok, key_b), (under, key_b)):
        group.sort(key=lambda r, key=key: (*key(r), r.submitted_at, r.submission_id))
    if per_team:
        size_ok, metric_ok = _best_per_team(size_ok), _best_per_team(metric_ok)
        in_a = {r.team_id for r in size_ok}
        in_b = {r.team_id for r in metric_ok}
        over = [r for r in _best_per_team(over) if r.team_id not in in_a]
        under = [r for r in _best_per_team(under) if r.team_id not in in_b]
    board.by_metric = _ranked(size_ok, key_a)
    board.by_size = _ranked(metric_ok, key_b)
    limit_text = format_size(size_limit, unit_bytes, unit_label)
    word = "below" if higher_is_better else "above"
    order = lambda r: (r.team_name.lower(), r.submitted_at, r.submission_id)  # noqa: E731
    board.over_size = [
        (r, f"size {format_size(r.size, unit_bytes, unit_label)} over {limit_text} cap")
        for r in sorted(over, key=order)
    ]
    board.under_metric = [
        (
            r,
            f"{metric_name} {format_metric(r.metric)} {word} "
            f"{format_metric(metric_threshold)} target",
        )
        for r in sorted(under, key=order)
    ]
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
