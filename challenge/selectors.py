"""Reads of the challenge: configuration, teams, quotas, pending work, leaderboards."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from challenge.enums import MemberStatus, Ranking, SubmissionStatus
from challenge.models import (
    Challenge,
    EvaluatorLog,
    FinalStanding,
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


def _scored_rows(*, track: Track) -> list[Row]:
    values = (
        # Disqualified submissions are not scored; hidden ones stay off every board.
        Submission.objects.filter(track=track, status=SubmissionStatus.SCORED, hidden=False)
        .exclude(metric_value=None)
        .exclude(size_bytes=None)
        .values_list(
            "pk", "team_id", "team__name", "metric_value", "size_bytes", "submitted_at",
            "result_version",
        )
    )  # fmt: skip
    return [Row(*v) for v in values]


def track_board(*, track: Track, rows: list[Row] | None = None) -> Board:
    challenge = track.challenge
    return rank(
        _scored_rows(track=track) if rows is None else rows,
        size_limit=track.size_limit_bytes,
        metric_threshold=float(track.metric_threshold),
        higher_is_better=track.higher_is_better,
        metric_name=track.metric_name,
        unit_bytes=challenge.unit_bytes,
        unit_label=challenge.unit_label,
    )


@dataclass
class FinalRow:
    rank: int
    standing: FinalStanding
    corrected: bool  # the submission's result changed after the freeze
    current_metric: float | None
    current_size: int | None


def final_board(*, track: Track) -> dict[str, list[FinalRow]]:
    """The frozen standings per ranking, each flagged when its result was corrected later."""
    standings = FinalStanding.objects.filter(track=track).select_related("team", "submission")
    result: dict[str, list[FinalRow]] = {Ranking.METRIC: [], Ranking.SIZE: []}
    for s in standings.order_by("ranking", "rank"):
        sub = s.submission
        result[s.ranking].append(
            FinalRow(
                rank=s.rank,
                standing=s,
                corrected=sub.result_version != s.result_version,
                current_metric=sub.metric_value,
                current_size=sub.size_bytes,
            )
        )
    return result


@dataclass
class LeaderboardPage:
    track: Track
    board: Board
    rows: list[Row]
    final: dict[str, list[FinalRow]] | None


def leaderboard_get(*, track: Track, final: bool) -> LeaderboardPage:
    rows = _scored_rows(track=track)
    return LeaderboardPage(
        track=track,
        board=track_board(track=track, rows=rows),
        rows=rows,
        final=final_board(track=track) if final else None,
    )
