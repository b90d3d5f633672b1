"""CSV export of a track's leaderboard (the same ranking code as the page)."""

import csv
import io

from challenge.enums import Ranking
from challenge.selectors import LeaderboardPage

HEADER = [
    "ranking", "rank", "team", "submission", "metric", "size_bytes", "submitted_at",
    "result_version", "note",
]  # fmt: skip


def leaderboard_csv(*, page: LeaderboardPage, final: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    if final and page.final is not None:
        for ranking in (Ranking.METRIC, Ranking.SIZE):
            for row in page.final[ranking]:
                s = row.standing
                note = "corrected after freeze" if row.corrected else ""
                writer.writerow(
                    [ranking, row.rank, s.team.name, s.submission_id, s.metric_value,
                     s.size_bytes, s.submission.submitted_at.isoformat(), s.result_version, note]
                )  # fmt: skip
    else:
        board = page.board
        for ranking, rows in ((Ranking.METRIC, board.by_metric), (Ranking.SIZE, board.by_size)):
            for i, r in enumerate(rows, start=1):
                writer.writerow(
                    [ranking, i, r.team_name, r.submission_id, r.metric, r.size,
                     r.submitted_at.isoformat(), r.result_version, ""]
                )  # fmt: skip
    for ranking, items in (
        (Ranking.METRIC, page.board.over_size),
        (Ranking.SIZE, page.board.under_metric),
    ):
        for r, reason in items:
            writer.writerow(
                [ranking, "", r.team_name, r.submission_id, r.metric, r.size,
                 r.submitted_at.isoformat(), r.result_version, f"ineligible: {reason}"]
            )  # fmt: skip
    return out.getvalue()
