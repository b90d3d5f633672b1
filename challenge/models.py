"""Challenge of an edition: tracks, teams, submissions, evaluator results, frozen standings."""

import uuid
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from challenge.enums import (
    ByteUnit,
    MemberStatus,
    Phase,
    Ranking,
    SizeMethod,
    SubmissionAction,
    SubmissionStatus,
    TeamStatus,
    ToleranceKind,
)
from challenge.ranking import format_metric, format_size


def artifact_path(instance, filename: str) -> str:
    # Generated name: never trust the uploaded name on disk; the original is kept in a field.
    suffix = "".join(c for c in filename.rsplit(".", 1)[-1].lower() if c.isalnum())[:16]
    return f"private/challenge/artifacts/{uuid.uuid4().hex}.{suffix or 'bin'}"


def result_file_path(instance, filename: str) -> str:
    # Private (served only through the permission-checked view); generated name, as above.
    suffix = "".join(c for c in filename.rsplit(".", 1)[-1].lower() if c.isalnum())[:16]
    return f"private/challenge/results/{uuid.uuid4().hex}.{suffix or 'bin'}"


class Challenge(models.Model):
    edition = models.OneToOneField(
        "emc2.Edition", on_delete=models.CASCADE, related_name="challenge"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown.")
    rules_text = models.TextField("rules", blank=True, help_text="Markdown. Teams accept these.")
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    submission_opens_at = models.DateTimeField(null=True, blank=True)
    submission_closes_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    frameworks = models.JSONField(default=list, blank=True)
    daily_quota = models.PositiveIntegerField(default=3, help_text="Submissions per team per day.")
    total_quota = models.PositiveIntegerField(default=20, help_text="Submissions per team in all.")
    max_artifact_bytes = models.PositiveBigIntegerField(default=200_000_000)
    byte_unit = models.CharField(max_length=10, choices=ByteUnit.choices, default=ByteUnit.DECIMAL)
    leaderboard_public = models.BooleanField(
        "live leaderboard public", default=True, help_text="Shown to everyone while open."
    )
    require_approval = models.BooleanField(default=False)
    logs_visible_to_teams = models.BooleanField(
        "teams see evaluator logs and result files",
        default=False,
        help_text="Each track may decide otherwise.",
    )
    final_computed_at = models.DateTimeField(null=True, blank=True)
    final_computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes_at__isnull=True)
                | Q(submission_opens_at__isnull=True)
                | Q(submission_closes_at__gt=models.F("submission_opens_at")),
                name="challenge_submission_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="challenge_registration_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def _within(now, start, end) -> bool:
        return start is not None and start <= now and (end is None or now < end)

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self._within(now, self.registration_opens_at, self.registration_closes_at)

    def submission_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self._within(now, self.submission_opens_at, self.submission_closes_at)

    def submission_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.submission_closes_at is not None and now >= self.submission_closes_at

    def results_published(self, now=None) -> bool:
        now = now or timezone.now()
        return self.results_published_at is not None and now >= self.results_published_at

    def phase(self, now=None) -> str:
        now = now or timezone.now()
        if self.results_published(now):
            return Phase.RESULTS
        if self.submission_closed(now):
            return Phase.CLOSED
        if self.submission_open(now):
            return Phase.SUBMISSION
        if self.registration_open(now):
            return Phase.REGISTRATION
        return Phase.BEFORE

    @property
    def phase_label(self) -> str:
        return Phase(self.phase()).label

    @property
    def is_frozen(self) -> bool:
        return self.final_computed_at is not None

    @property
    def unit_bytes(self) -> int:
        return 2**20 if self.byte_unit == ByteUnit.BINARY else 10**6

    @property
    def unit_label(self) -> str:
        return "MiB" if self.byte_unit == ByteUnit.BINARY else "MB"


def _apply_tolerance(value: Decimal, tolerance: Decimal, kind: str, sign: int) -> Decimal:
    delta = value * tolerance / 100 if kind == ToleranceKind.RELATIVE else tolerance
    return value + sign * delta


class Track(models.Model):
    """One task of the challenge, ranked twice: by metric under a size cap, by size at a target.

    Thresholds are computed in Decimal so that "5% over 3,500,000 bytes" is exactly 3,675,000.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    task = models.CharField(max_length=120, blank=True, help_text="e.g. Image classification")
    dataset = models.CharField(max_length=120, blank=True, help_text="e.g. ImageNet 2012")
    metric_name = models.CharField(max_length=60, help_text="e.g. top-1 accuracy (%)")
    higher_is_better = models.BooleanField(default=True)
    size_cap_bytes = models.PositiveBigIntegerField(help_text="Target model size, in bytes.")
    size_tolerance = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal(0))
    size_tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.RELATIVE
    )
    metric_target = models.DecimalField(max_digits=14, decimal_places=6)
    metric_tolerance = models.DecimalField(max_digits=14, decimal_places=6, default=Decimal(0))
    metric_tolerance_kind = models.CharField(
        max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.RELATIVE
    )
    metric_min = models.FloatField(
        null=True, blank=True, help_text="Lowest valid metric value, e.g. 0. Empty: no bound."
    )
    metric_max = models.FloatField(
        null=True, blank=True, help_text="Highest valid metric value, e.g. 100 or 1."
    )
    order = models.PositiveIntegerField(default=0)
    logs_visible_to_teams = models.BooleanField(
        "teams see evaluator logs and result files",
        null=True,
        blank=True,
        help_text="Empty: as the challenge says.",
    )

    class Meta:
        ordering = ["challenge", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "slug"], name="track_slug_unique"),
            models.CheckConstraint(
                condition=Q(size_tolerance__gte=0) & Q(metric_tolerance__gte=0),
                name="track_tolerances_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def edition(self):
        return self.challenge.edition

    @property
    def team_sees_logs(self) -> bool:
        if self.logs_visible_to_teams is not None:
            return self.logs_visible_to_teams
        return self.challenge.logs_visible_to_teams

    @property
    def size_limit_bytes(self) -> int:
        """Largest eligible size (inclusive), whole bytes, rounded down."""
        limit = _apply_tolerance(
            Decimal(self.size_cap_bytes), self.size_tolerance, self.size_tolerance_kind, +1
        )
        return int(limit.to_integral_value(rounding=ROUND_FLOOR))

    @property
    def metric_threshold(self) -> Decimal:
        """Worst eligible metric (inclusive): target minus tolerance, or plus if lower is better."""
        sign = -1 if self.higher_is_better else +1
        return _apply_tolerance(
            self.metric_target, self.metric_tolerance, self.metric_tolerance_kind, sign
        ).normalize()

    def _tolerance_text(self, tolerance: Decimal, kind: str, unit: str) -> str:
        if not tolerance:
            return "no tolerance"
        if kind == ToleranceKind.RELATIVE:
            return f"{format_metric(float(tolerance))}%"
        return f"{format_metric(float(tolerance))}{unit}"

    @property
    def size_rule_text(self) -> str:
        """The size rule in plain words, with the byte convention spelled out."""
        c = self.challenge
        limit = self.size_limit_bytes
        unit_def = "10^6" if c.unit_bytes == 10**6 else "2^20"
        tol = self._tolerance_text(self.size_tolerance, self.size_tolerance_kind, " bytes")
        return (
            f"Eligible if size <= {limit:,} bytes"
            f" ({format_size(limit, c.unit_bytes, c.unit_label)},"
            f" 1 {c.unit_label} = {unit_def} bytes): target {self.size_cap_bytes:,} bytes"
            f" plus {tol}."
        )

    @property
    def metric_rule_text(self) -> str:
        op, word = (">=", "minus") if self.higher_is_better else ("<=", "plus")
        tol = self._tolerance_text(self.metric_tolerance, self.metric_tolerance_kind, "")
        return (
            f"Eligible if {self.metric_name} {op} {format_metric(float(self.metric_threshold))}:"
            f" target {format_metric(float(self.metric_target))} {word} {tol}."
        )


class Team(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    affiliation = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=TeamStatus.choices)
    decision_message = models.TextField(blank=True)
    rules_accepted_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The member who manages the team (members, name, captain role); the registrant at first.
    captain = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Counts registrations of this team: a rejected team that registers again is a new round,
    # so the organizers' "new pending team" mail is sent once per round.
    registration_round = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["challenge", "name"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def edition(self):
        return self.challenge.edition

    @property
    def is_approved(self) -> bool:
        return self.status == TeamStatus.APPROVED

    @property
    def is_rejected(self) -> bool:
        """A rejected team can register again (its captain re-registers it)."""
        return self.status == TeamStatus.REJECTED


class TeamMember(models.Model):
    """A member is invited by e-mail and joins when the account with that address confirms."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    # Repeated from the team so that "one team per user per challenge" is a constraint.
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="challenge_memberships",
    )
    status = models.CharField(max_length=10, choices=MemberStatus.choices)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "email"], name="team_member_email_unique"),
            models.UniqueConstraint(
                fields=["challenge", "user"],
                condition=Q(user__isnull=False),
                name="one_team_per_user_per_challenge",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def edition(self):
        return self.team.challenge.edition


class Submission(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="submissions")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    artifact = models.FileField(upload_to=artifact_path, max_length=200)
    artifact_name = models.CharField(max_length=200)
    framework = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    claimed_metric = models.FloatField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.UPLOADED
    )
    # Hidden by the organizers: kept, visible to its team and staff, never on a leaderboard.
    hidden = models.BooleanField(default=False)
    failure_reason = models.TextField(blank=True)
    measured_size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    size_method = models.CharField(max_length=12, choices=SizeMethod.choices, blank=True)
    # [{"name", "dtype", "shape", "size_bytes"}, ...] as measured, shown to the team.
    size_breakdown = models.JSONField(default=list, blank=True)
    # An evaluator's claim: while the lease runs, no other evaluator is given this submission.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The current result, repeated here so that a leaderboard is one query.
    metric_value = models.FloatField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    result_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["track", "status"], name="submission_track_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.team} – {self.track}"

    @property
    def edition(self):
        return self.team.challenge.edition


class SubmissionEvent(models.Model):
    """One row of a submission's history: a state change (or hide/unhide), who, when, why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=12, choices=SubmissionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    action = models.CharField(max_length=16, choices=SubmissionAction.choices)
    # None: the system (the measuring task, an expired lease).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status or '-'} -> {self.to_status}"


class EvaluatorLog(models.Model):
    """A chunk of an evaluator's log for a submission (bounded in size by the service)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="logs")
    text = models.TextField()
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submission", "posted_at", "pk"]

    def __str__(self) -> str:
        return f"log {self.pk} of {self.submission_id}"


class ResultFile(models.Model):
    """A file an evaluator attached to a submission (predictions, a report), bounded in size."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="result_files"
    )
    file = models.FileField(upload_to=result_file_path, max_length=200)
    name = models.CharField(max_length=200)
    size_bytes = models.PositiveBigIntegerField()
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submission", "posted_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Result(models.Model):
    """One version of an evaluator's result. Versions are never changed, only added."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="results")
    version = models.PositiveIntegerField()
    metric_value = models.FloatField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    failed_reason = models.TextField(blank=True)
    logs = models.TextField(blank=True)
    # The evaluator's key for this post: the same key again is the same answer.
    idempotency_key = models.CharField(max_length=200, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submission", "version"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "version"], name="result_version_unique"),
            models.UniqueConstraint(
                fields=["submission", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="result_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.version}"


class FinalStanding(models.Model):
    """A row of the frozen final leaderboard, written once by the organizers' "compute final"."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="final_standings")
    ranking = models.CharField(max_length=10, choices=Ranking.choices)
    rank = models.PositiveIntegerField()
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    metric_value = models.FloatField()
    size_bytes = models.PositiveBigIntegerField()
    result_version = models.PositiveIntegerField()

    class Meta:
        ordering = ["track", "ranking", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "ranking", "team"], name="final_standing_team_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.track} {self.ranking} #{self.rank}"


class CountedSubmission(models.Model):
    """The submission a team chose to count on a track; without one, its best counts."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="counted")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "track"], name="counted_submission_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} counts #{self.submission_id} on {self.track}"


class Baseline(models.Model):
    """A reference point set by the organizers (e.g. the uncompressed model): shown beside the
    rankings and on the chart, never ranked."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="baselines")
    name = models.CharField(max_length=120)
    metric_value = models.FloatField()
    size_bytes = models.PositiveBigIntegerField()
    description = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["track", "size_bytes", "pk"]

    def __str__(self) -> str:
        return self.name


class FinalSnapshot(models.Model):
    """Everything the final board of a track is drawn from, frozen by "compute final": the
    scored rows, the teams' counted choices and the baselines as they were. Rankings, the
    "not ranked" lists and the chart are all computed from this one snapshot."""

    track = models.OneToOneField(Track, on_delete=models.CASCADE, related_name="final_snapshot")
    # [[submission_id, team_id, team_name, metric, size, submitted_at ISO, result_version]]
    rows = models.JSONField(default=list)
    counted = models.JSONField(default=dict)  # {team_id: submission_id}
    baselines = models.JSONField(default=list)  # [[name, metric, size, description]]
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"final {self.track} at {self.computed_at:%Y-%m-%d %H:%M}"


class FinalCorrection(models.Model):
    """An organizer's correction of a frozen final standing: shown marked, with its reason and
    time, beside the frozen row (which never changes)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="final_corrections")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    metric_value = models.FloatField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["track", "created_at", "pk"]

    def __str__(self) -> str:
        return f"correction of {self.team} on {self.track}"
