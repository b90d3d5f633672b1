"""Reads of the challenge: configuration, teams, quotas, pending work, leaderboards."""

import datetime as dt
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from challenge.charts import BaselinePoint, pareto_svg
from challenge.enums import MemberStatus, SubmissionStatus
from challenge.models import (
    Baseline,
    Challenge,
    CountedSubmission,
    EvaluatorLog,
    FinalCorrection,
    FinalSnapshot,
    Result,
    ResultFile,
    Submission,
    SubmissionEvent,
    Team,
    TeamMember,
    Track,
)
from challenge.ranking import Board, Row, rank


def challenge_get(*, edition) -> Challenge:
    try:
        challenge = Challenge.objects.get(edition=edition)
    except Challenge.DoesNotExist:
        raise Http404("No challenge in this edition.") from None
    challenge.edition = edition  # same object: predicates and templates need no extra query
    return challenge


def challenge_get_or_none(*, edition) -> Challenge | None:
    challenge = Challenge.objects.filter(edition=edition).first()
    if challenge is not None:
        challenge.edition = edition
    return challenge


def challenge_upload_limit(*, edition_slug: str) -> int:
    """The artifact limit of the edition's challenge, read before the upload body is."""
    limit = (
        Challenge.objects.filter(edition__slug=edition_slug)
        .values_list("max_artifact_bytes", flat=True)
        .first()
    )
    return limit if limit is not None else Challenge._meta.get_field("max_artifact_bytes").default


def track_list(*, challenge: Challenge) -> list[Track]:
    tracks = list(Track.objects.filter(challenge=challenge).order_by("order", "pk"))
    for track in tracks:
        track.challenge = challenge
    return tracks


def track_get(*, challenge: Challenge, slug: str) -> Track:
    try:
        track = Track.objects.get(challenge=challenge, slug=slug)
    except Track.DoesNotExist:
        raise Http404("No such track.") from None
    track.challenge = challenge
    return track


def team_for_user(*, challenge: Challenge, user) -> Team | None:
    """The team the user is a confirmed member of (at most one per challenge)."""
    if not user.is_authenticated:
        return None
    team = (
        Team.objects.filter(
            challenge=challenge, members__user=user, members__status=MemberStatus.CONFIRMED
        )
        .prefetch_related("members")
        .first()
    )
    if team is not None:
        team.challenge = challenge
    return team


def invitation_list_for_user(*, challenge: Challenge, user) -> QuerySet[TeamMember]:
    if not user.is_authenticated:
        return TeamMember.objects.none()
    return TeamMember.objects.filter(
        challenge=challenge,
        email__iexact=user.email,
        status=MemberStatus.INVITED,
        user__isnull=True,
    ).select_related("team")


def team_get(*, challenge: Challenge, pk: int) -> Team:
    try:
        team = Team.objects.prefetch_related("members").get(challenge=challenge, pk=pk)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None
    team.challenge = challenge
    return team


def team_list(*, challenge: Challenge) -> QuerySet[Team]:
    return (
        Team.objects.filter(challenge=challenge)
        .prefetch_related("members")
        .order_by("status", "name")
    )


def submission_list_for_team(*, team: Team) -> QuerySet[Submission]:
    return Submission.objects.filter(team=team).select_related("track").order_by("-submitted_at")


def submission_list(*, challenge: Challenge) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(team__challenge=challenge)
        .select_related("team", "track")
        .order_by("-submitted_at", "-pk")
    )


def submission_list_with_history(*, challenge: Challenge) -> QuerySet[Submission]:
    """All submissions with their result versions (the organizers' list)."""
    return submission_list(challenge=challenge).prefetch_related(
        Prefetch("results", queryset=Result.objects.order_by("version"))
    )


def submission_list_pending(*, challenge: Challenge) -> QuerySet[Submission]:
    """What evaluators still have to score: measured, not yet scored or failed."""
    return (
        submission_list(challenge=challenge)
        .filter(status=SubmissionStatus.QUEUED)
        .order_by("submitted_at", "pk")
    )


def submission_get(*, challenge: Challenge, pk: int) -> Submission:
    try:
        submission = Submission.objects.select_related("team", "track").get(
            team__challenge=challenge, pk=pk
        )
    except Submission.DoesNotExist:
        raise Http404("No such submission.") from None
    submission.team.challenge = challenge
    submission.track.challenge = challenge
    return submission


def edition_day_bounds(*, edition, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Start and end (exclusive) of ``now``'s calendar day in the edition's time zone."""
    tz = edition.tz
    day = now.astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


@dataclass(frozen=True)
class Quota:
    used_today: int
    daily: int
    used_total: int
    total: int

    @property
    def remaining(self) -> int:
        return max(0, min(self.daily - self.used_today, self.total - self.used_total))

    @property
    def remaining_today(self) -> int:
        return max(0, self.daily - self.used_today)

    @property
    def remaining_total(self) -> int:
        return max(0, self.total - self.used_total)


def submission_quota(*, team: Team, now: dt.datetime | None = None) -> Quota:
    """Every submission counts, failed ones too: a malformed upload still used an evaluation."""
    now = now or timezone.now()
    challenge = team.challenge
    start, end = edition_day_bounds(edition=challenge.edition, now=now)
    qs = Submission.objects.filter(team=team)
    return Quota(
        used_today=qs.filter(submitted_at__gte=start, submitted_at__lt=end).count(),
        daily=challenge.daily_quota,
        used_total=qs.count(),
        total=challenge.total_quota,
    )


def result_history(*, submission: Submission):
    return submission.results.order_by("version")


def submission_history(*, submission: Submission) -> QuerySet[SubmissionEvent]:
    """Every state change (and hide/unhide) of the submission, oldest first, with the actor."""
    return (
        SubmissionEvent.objects.filter(submission=submission)
        .select_related("actor")
        .order_by("at", "pk")
    )


def evaluator_log_list(*, submission: Submission) -> QuerySet[EvaluatorLog]:
    """Callers check ``challenge.view_evaluator_output`` first."""
    return EvaluatorLog.objects.filter(submission=submission).order_by("posted_at", "pk")


def result_file_list(*, submission: Submission) -> QuerySet[ResultFile]:
    """Callers check ``challenge.view_evaluator_output`` first."""
    return ResultFile.objects.filter(submission=submission).order_by("posted_at", "pk")


def result_file_get(*, submission: Submission, pk: int) -> ResultFile:
    try:
        return ResultFile.objects.get(submission=submission, pk=pk)
    except ResultFile.DoesNotExist:
        raise Http404("No such result file.") from None


# --- Leaderboards ------------------------------------------------------------------------


PAGE_SIZE = 25
STANDINGS_TTL = 24 * 3600


def _leaderboard_submissions(*, track: Track) -> QuerySet[Submission]:
    """The submissions a leaderboard shows: scored, with a current result. The one place that
    decides it (a hidden or disqualified state would be excluded here)."""
    return (
        # Disqualified submissions are not scored; hidden ones stay off every board.
        Submission.objects.filter(track=track, status=SubmissionStatus.SCORED, hidden=False)
        .exclude(metric_value=None)
        .exclude(size_bytes=None)
    )


def scored_rows(*, track: Track) -> list[Row]:
    values = _leaderboard_submissions(track=track).values_list(
        "pk", "team_id", "team__name", "metric_value", "size_bytes", "submitted_at",
        "result_version",
    )  # fmt: skip
    return [Row(*v) for v in values]


def counted_choices(*, track: Track) -> dict[int, int]:
    """Team id -> the submission it chose to count on ``track``."""
    return dict(
        CountedSubmission.objects.filter(track=track).values_list("team_id", "submission_id")
    )


def counted_for_team(*, team: Team) -> dict[int, int]:
    """Track id -> the submission the team chose to count there."""
    return dict(
        CountedSubmission.objects.filter(team=team).values_list("track_id", "submission_id")
    )


def baseline_list(*, track: Track) -> QuerySet[Baseline]:
    return Baseline.objects.filter(track=track).order_by("size_bytes", "pk")


def track_board(
    *,
    track: Track,
    rows: list[Row] | None = None,
    counted: dict[int, int] | None = None,
    per_team: bool = True,
) -> Board:
    challenge = track.challenge
    if rows is None:
        rows, counted = scored_rows(track=track), counted_choices(track=track)
    return rank(
        rows,
        size_limit=track.size_limit_bytes,
        metric_threshold=float(track.metric_threshold),
        higher_is_better=track.higher_is_better,
        metric_name=track.metric_name,
        unit_bytes=challenge.unit_bytes,
        unit_label=challenge.unit_label,
        counted=counted,
        per_team=per_team,
    )


@dataclass
class Standings:
    """One board as a page shows it: rankings, "not ranked" lists, baselines and chart, all
    computed from the same rows (live, or the frozen snapshot)."""

    board: Board
    baselines: list[BaselinePoint]
    chart: SafeString
    total: int  # scored submissions behind the board
    per_team: bool
    frozen_at: dt.datetime | None = None


def _standings_build(*, track, rows, counted, baselines, per_team, frozen_at=None) -> Standings:
    board = track_board(track=track, rows=rows, counted=counted, per_team=per_team)
    per_team_board = board if per_team else track_board(track=track, rows=rows, counted=counted)
    counted_ids = {x.row.submission_id for x in per_team_board.by_metric + per_team_board.by_size}
    counted_ids |= {r.submission_id for r, _ in per_team_board.over_size}
    counted_ids |= {r.submission_id for r, _ in per_team_board.under_metric}
    chart = pareto_svg(track=track, rows=rows, counted_ids=counted_ids, baselines=baselines)
    return Standings(
        board=board, baselines=baselines, chart=chart, total=len(rows), per_team=per_team,
        frozen_at=frozen_at,
    )  # fmt: skip


def _rules_key(track: Track) -> str:
    """What of the track's configuration a board depends on (a changed cap is a new board)."""
    c = track.challenge
    parts = (
        track.name, track.metric_name, track.higher_is_better, track.size_limit_bytes,
        track.size_cap_bytes, track.metric_threshold, c.byte_unit,
    )  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def standings_generation_key(*, challenge_id: int) -> str:
    return f"challenge:standings-generation:{challenge_id}"


def _standings_generation(*, challenge_id: int) -> int:
    key = standings_generation_key(challenge_id=challenge_id)
    generation = cache.get(key)
    if generation is None:
        # Lost (evicted, cache restarted): start from a value no earlier generation had, so
        # that no process's memo can answer with a board built before the loss.
        cache.add(key, time.time_ns(), None)
        generation = cache.get(key, 0)
    return generation


# Boards this process built or read lately: a warm page neither queries nor unpickles them.
# The keys hold everything a board depends on, so a memo is never stale, only unused.
_MEMO: OrderedDict[str, "Standings"] = OrderedDict()
MEMO_SIZE = 16


def standings_memo_clear() -> None:
    _MEMO.clear()


def _cached(key: str, build) -> "Standings":
    standings = _MEMO.get(key)
    if standings is None:
        standings = cache.get(key)
        if standings is None:
            standings = build()
            cache.set(key, standings, STANDINGS_TTL)
        _MEMO[key] = standings
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return standings


def live_standings(*, track: Track, per_team: bool = True) -> Standings:
    """The live board, cached until it changes. The key holds a fingerprint of the scored
    submissions (one aggregate query: a new result, a new version or a submission leaving the
    board changes it) and a generation that the services bump for what the fingerprint cannot
    see (renamed teams, counted choices, baselines)."""
    fp = _leaderboard_submissions(track=track).aggregate(
        n=Count("pk"), s=Sum("pk"), v=Sum("result_version"), m=Sum("metric_value"),
        b=Sum("size_bytes"),
    )  # fmt: skip
    generation = _standings_generation(challenge_id=track.challenge_id)
    key = (
        f"challenge:standings:{track.pk}:{int(per_team)}:{_rules_key(track)}:{generation}:"
        f"{fp['n']}:{fp['s']}:{fp['v']}:{fp['m']!r}:{fp['b']}"
    )
    return _cached(
        key,
        lambda: _standings_build(
            track=track,
            rows=scored_rows(track=track),
            counted=counted_choices(track=track),
            baselines=[
                BaselinePoint(b.name, b.metric_value, b.size_bytes)
                for b in baseline_list(track=track)
            ],
            per_team=per_team,
        ),
    )


def final_standings(*, track: Track, per_team: bool = True) -> Standings | None:
    """The frozen final board of ``track`` from its snapshot, None when it has none."""
    snap = FinalSnapshot.objects.filter(track=track).values("pk", "computed_at").first()
    if snap is None:
        return None
    key = f"challenge:final:{snap['pk']}:{snap['computed_at'].isoformat()}:{int(per_team)}:"
    key += _rules_key(track)

    def build() -> Standings:
        full = FinalSnapshot.objects.get(pk=snap["pk"])
        rows = [
            Row(pk, team, name, metric, size, dt.datetime.fromisoformat(at), version)
            for pk, team, name, metric, size, at, version in full.rows
        ]
        return _standings_build(
            track=track,
            rows=rows,
            counted={int(k): v for k, v in full.counted.items()},
            baselines=[BaselinePoint(n, m, s) for n, m, s, _ in full.baselines],
            per_team=per_team,
            frozen_at=full.computed_at,
        )

    return _cached(key, build)


def final_correction_list(*, track: Track) -> list[FinalCorrection]:
    return list(
        FinalCorrection.objects.filter(track=track).select_related("team").order_by("created_at")
    )


@dataclass
class LeaderboardPage:
    track: Track
    final: Standings | None  # the frozen board, when the viewer may see it
    live: Standings | None  # the current board, when the viewer may see it
    corrections: list[FinalCorrection]

    @property
    def main(self) -> Standings | None:
        """The board whose "not ranked" lists and chart the page shows."""
        return self.final or self.live

    def corrections_by_team(self) -> dict[int, list[FinalCorrection]]:
        by_team: dict[int, list[FinalCorrection]] = {}
        for c in self.corrections:
            by_team.setdefault(c.team_id, []).append(c)
        return by_team


def leaderboard_get(
    *, track: Track, final: bool, live: bool = False, per_team: bool = True
) -> LeaderboardPage:
    """The boards the viewer may see: ``final`` (the frozen snapshot) and/or ``live``."""
    frozen = final_standings(track=track, per_team=per_team) if final else None
    current = live_standings(track=track, per_team=per_team) if live else None
    return LeaderboardPage(
        track=track,
        final=frozen,
        live=current,
        corrections=final_correction_list(track=track) if frozen else [],
    )
