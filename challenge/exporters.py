"""CSV export of a track's leaderboard (the same ranking code as the page), served by the one
export view (``emc2.views.exports.ExportView``) at ``challenge/tracks/<track>/leaderboard.csv``."""

from dataclasses import dataclass

from challenge.enums import Ranking
from challenge.models import Challenge, Track
from challenge.selectors import LeaderboardPage, challenge_get, leaderboard_get, track_get
from emc2.exporters import BaseExporter, Export, register
from emc2.tables import CONTENT_TYPE, csv_bytes

HEADER = [
    "ranking", "rank", "team", "submission", "metric", "size_bytes", "submitted_at",
    "result_version", "note",
]  # fmt: skip


def leaderboard_access(*, user, challenge: Challenge) -> tuple[bool, bool]:
    """Which boards ``user`` may see: (final, live). Once the final board is public, only
    organizers still see the live one beside it."""
    final = challenge.is_frozen and user.has_perm("challenge.view_final_leaderboard", challenge)
    live = user.has_perm("challenge.view_live_leaderboard", challenge) and (
        not final or user.has_perm("challenge.change_challenge", challenge)
    )
    return final, live


def leaderboard_rows(*, page: LeaderboardPage, final: bool) -> list[list]:
    """Every row of the board the page shows first (the frozen one once it is public), with
    the "not ranked" rows and organizers' corrections as notes."""
    standings = page.main
    rows: list[list] = [HEADER]
    if standings is None:
        return rows
    corrections = page.corrections_by_team()

    def note(team_id: int) -> str:
        return "; ".join(
            f"corrected {c.created_at.isoformat()}: {c.reason}"
            for c in corrections.get(team_id, [])
        )

    board = standings.board
    for ranking, ranked in ((Ranking.METRIC, board.by_metric), (Ranking.SIZE, board.by_size)):
        for x in ranked:
            r = x.row
            rows.append(
                [ranking, x.rank, r.team_name, r.submission_id, r.metric, r.size,
                 r.submitted_at.isoformat(), r.result_version, note(r.team_id)]
            )  # fmt: skip
    for ranking, items in ((Ranking.METRIC, board.over_size), (Ranking.SIZE, board.under_metric)):
        for r, reason in items:
            rows.append(
                [ranking, "", r.team_name, r.submission_id, r.metric, r.size,
                 r.submitted_at.isoformat(), r.result_version, f"not ranked: {reason}"]
            )  # fmt: skip
    for b in standings.baselines:
        rows.append(["baseline", "", b.name, "", b.metric, b.size, "", "", "baseline, not ranked"])
    return rows


@dataclass
class _Board:
    track: Track
    page: LeaderboardPage
    final: bool


@register
class LeaderboardCsvExporter(BaseExporter):
    identifier = "challenge.leaderboard_csv"
    label = "Leaderboard (CSV)"
    filename = "leaderboard.csv"
    content_type = CONTENT_TYPE
    permission = "challenge.view_challenge"
    url_name = "challenge:public-leaderboard-csv"
    # Organizers see the live board beside the final one: the file depends on who asks.
    public = False

    def permission_object(self, *, edition, **kwargs) -> Challenge:
        return challenge_get(edition=edition)

    def load(self, *, edition, obj, request, track: str = "", **kwargs) -> Export:
        track_obj = track_get(challenge=obj, slug=track)
        final, live = leaderboard_access(user=request.user, challenge=obj)
        if not (final or live):
            return Export(data=None)
        page = leaderboard_get(track=track_obj, final=final, live=live and not final)
        return Export(data=_Board(track=track_obj, page=page, final=final))

    def render(self, *, data: _Board, edition, request) -> bytes:
        return csv_bytes(leaderboard_rows(page=data.page, final=data.final))

    def download_name(self, *, edition, data: _Board) -> str:
        return f"{edition.slug}-{data.track.slug}-{'final' if data.final else 'live'}.csv"
