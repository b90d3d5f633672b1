from rest_framework import serializers

from challenge.measure import SIZE_DEFINITION
from challenge.models import (
    Challenge,
    EvaluatorLog,
    Result,
    ResultFile,
    Submission,
    SubmissionEvent,
    Team,
    TeamMember,
    Track,
)
from challenge.services import LOG_MAX_CHARS

# --- output ---


class TrackOutput(serializers.ModelSerializer):
    size_limit_bytes = serializers.IntegerField(read_only=True)
    metric_threshold = serializers.DecimalField(max_digits=20, decimal_places=6, read_only=True)
    size_rule = serializers.CharField(source="size_rule_text", read_only=True)
    metric_rule = serializers.CharField(source="metric_rule_text", read_only=True)

    class Meta:
        model = Track
        fields = [
            "slug", "name", "task", "dataset", "metric_name", "higher_is_better",
            "size_cap_bytes", "size_tolerance", "size_tolerance_kind", "size_limit_bytes",
            "metric_target", "metric_tolerance", "metric_tolerance_kind", "metric_threshold",
            "metric_min", "metric_max", "size_rule", "metric_rule", "team_sees_logs",
        ]  # fmt: skip


class ChallengeOutput(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField()
    tracks = serializers.SerializerMethodField()
    size_definition = serializers.SerializerMethodField(help_text=SIZE_DEFINITION)

    class Meta:
        model = Challenge
        fields = [
            "title", "description", "rules_text", "phase", "registration_opens_at",
            "registration_closes_at", "submission_opens_at", "submission_closes_at",
            "results_published_at", "frameworks", "daily_quota", "total_quota",
            "max_artifact_bytes", "byte_unit", "leaderboard_public", "require_approval",
            "final_computed_at", "tracks", "size_definition",
        ]  # fmt: skip

    def get_phase(self, obj) -> str:
        return obj.phase()

    def get_size_definition(self, obj) -> str:
        return SIZE_DEFINITION

    def get_tracks(self, obj) -> list[dict]:
        return TrackOutput(self.context["tracks"], many=True).data


class MemberOutput(serializers.ModelSerializer):
    # Plain strings: three "status" enums in one schema would collide in name.
    status = serializers.CharField(read_only=True, help_text="invited or confirmed")

    class Meta:
        model = TeamMember
        fields = ["email", "status", "confirmed_at"]


class TensorSizeOutput(serializers.Serializer):
    name = serializers.CharField(help_text="Where the tensor is stored in the artifact")
    dtype = serializers.CharField()
    shape = serializers.ListField(child=serializers.IntegerField())
    size_bytes = serializers.IntegerField()


class SubmissionOutput(serializers.ModelSerializer):
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True)
    measured_size_bytes = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=SIZE_DEFINITION
    )
    size_breakdown = TensorSizeOutput(many=True, read_only=True)
    hidden = serializers.BooleanField(
        read_only=True, help_text="Hidden by the organizers: on no leaderboard."
    )

    class Meta:
        model = Submission
        fields = [
            "id", "team", "track", "submitted_at", "artifact_name", "framework", "description",
            "claimed_metric", "status", "failure_reason", "measured_size_bytes", "size_method",
            "metric_value", "size_bytes", "result_version", "size_breakdown", "hidden",
        ]  # fmt: skip


class EventOutput(serializers.ModelSerializer):
    from_status = serializers.CharField(read_only=True, help_text="Empty for the upload")
    to_status = serializers.CharField(read_only=True)
    action = serializers.CharField(read_only=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionEvent
        fields = ["at", "from_status", "to_status", "action", "actor", "reason"]

    def get_actor(self, obj) -> str:
        return obj.actor.get_full_name() or obj.actor.email if obj.actor else "system"


class LogOutput(serializers.ModelSerializer):
    class Meta:
        model = EvaluatorLog
        fields = ["id", "text", "posted_at"]


class ResultFileOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ResultFile
        fields = ["id", "name", "size_bytes", "posted_at", "url"]

    def get_url(self, obj) -> str:
        return self.context["file_url"](obj)


class TeamOutput(serializers.ModelSerializer):
    members = MemberOutput(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text="pending, approved or rejected")

    class Meta:
        model = Team
        fields = ["id", "name", "affiliation", "status", "decision_message", "members"]


class QuotaOutput(serializers.Serializer):
    used_today = serializers.IntegerField()
    daily = serializers.IntegerField()
    used_total = serializers.IntegerField()
    total = serializers.IntegerField()
    remaining = serializers.IntegerField()


class MyTeamOutput(serializers.Serializer):
    team = TeamOutput()
    quota = QuotaOutput()
    submissions = SubmissionOutput(many=True)


class PendingOutput(serializers.ModelSerializer):
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    artifact_url = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id", "track", "submitted_at", "artifact_name", "framework", "status",
            "measured_size_bytes", "size_method", "artifact_url",
        ]  # fmt: skip

    def get_artifact_url(self, obj) -> str:
        return self.context["artifact_url"](obj)


class ClaimOutput(serializers.Serializer):
    submission = PendingOutput()
    lease_expires_at = serializers.DateTimeField()
    claim = serializers.IntegerField(
        help_text="This claim's id: a stable part of the evaluator's idempotency keys."
    )


class ResultOutput(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["version", "metric_value", "size_bytes", "failed_reason", "logs", "posted_at"]


class RowOutput(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    team = serializers.CharField()
    submission = serializers.IntegerField()
    metric = serializers.FloatField()
    size_bytes = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)


class BaselineOutput(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    name = serializers.CharField()
    metric = serializers.FloatField()
    size_bytes = serializers.IntegerField()
    note = serializers.CharField(default="baseline, not ranked")


class CorrectionOutput(serializers.Serializer):
    team = serializers.CharField(source="team.name")
    reason = serializers.CharField()
    metric = serializers.FloatField(source="metric_value", allow_null=True)
    size_bytes = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class TieRulesOutput(serializers.Serializer):
    by_metric = serializers.CharField()
    by_size = serializers.CharField()


class CountsOutput(serializers.Serializer):
    by_metric = serializers.IntegerField()
    by_size = serializers.IntegerField()
    ineligible = serializers.IntegerField()


class LeaderboardOutput(serializers.Serializer):
    track = serializers.CharField()
    kind = serializers.ChoiceField(choices=["live", "final"])
    per_team = serializers.BooleanField(help_text="One row per team (its counted submission).")
    frozen_at = serializers.DateTimeField(allow_null=True)
    tie_rules = TieRulesOutput()
    scored_submissions = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    counts = CountsOutput(help_text="Rows in each list over all pages.")
    by_metric = RowOutput(many=True)
    by_size = RowOutput(many=True)
    ineligible = RowOutput(many=True, help_text="Not ranked, with the reason as note.")
    baselines = BaselineOutput(many=True, help_text="Set by the organizers; never ranked.")
    corrections = CorrectionOutput(many=True, help_text="Organizers' corrections after freeze.")


class LeaderboardQuery(serializers.Serializer):
    all = serializers.BooleanField(
        required=False, default=False, help_text="Every submission, not one row per team."
    )
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=10**6)
    page_size = serializers.IntegerField(required=False, default=25, min_value=1, max_value=100)


class BaselineInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    metric_value = serializers.FloatField()
    size_bytes = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    description = serializers.CharField(max_length=300, required=False, default="")


class CountedInput(serializers.Serializer):
    track = serializers.SlugField()
    submission = serializers.IntegerField(
        allow_null=True, min_value=1, max_value=2**63 - 1,
        help_text="A submission of your team on the track; null: the best counts again.",
    )  # fmt: skip


class CountedOutput(serializers.Serializer):
    track = serializers.CharField()
    submission = serializers.IntegerField(allow_null=True)


class CorrectionInput(serializers.Serializer):
    team = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(max_length=2000)
    metric_value = serializers.FloatField(required=False, allow_null=True, default=None)
    size_bytes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**63 - 1
    )


# --- input ---


class TeamRegisterInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    affiliation = serializers.CharField(max_length=300, required=False, default="")
    member_emails = serializers.ListField(
        child=serializers.EmailField(), required=False, default=list
    )
    accept_rules = serializers.BooleanField()


class SubmissionInput(serializers.Serializer):
    track = serializers.SlugField()
    framework = serializers.CharField(max_length=60)
    artifact = serializers.FileField()
    description = serializers.CharField(required=False, default="", allow_blank=True)
    claimed_metric = serializers.FloatField(required=False, allow_null=True, default=None)


class ResultInput(serializers.Serializer):
    metric_value = serializers.FloatField(
        required=False, allow_null=True, default=None,
        help_text="Finite, within the track's metric range (metric_min, metric_max).",
    )  # fmt: skip
    size_bytes = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=2**63 - 1
    )
    idempotency_key = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=200,
        help_text="The same key again returns the same result; a different result: 409.",
    )  # fmt: skip

    failed_reason = serializers.CharField(required=False, default="", allow_blank=True)
    logs = serializers.CharField(required=False, default="", allow_blank=True)


class RequeueInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Kept in the history.")


class HideInput(RequeueInput):
    hidden = serializers.BooleanField(required=False, default=True, help_text="false: show again")


class LogInput(serializers.Serializer):
    text = serializers.CharField(max_length=LOG_MAX_CHARS, trim_whitespace=False)


class ResultFileInput(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)


class FinalInput(serializers.Serializer):
    recompute = serializers.BooleanField(required=False, default=False)


class FinalOutput(serializers.Serializer):
    standings = serializers.IntegerField()
    final_computed_at = serializers.DateTimeField()


class SubmissionDetailOutput(serializers.Serializer):
    submission = SubmissionOutput()
    history = EventOutput(many=True)
    results = ResultOutput(many=True)


class TeamInviteInput(serializers.Serializer):
    emails = serializers.CharField(
        max_length=5000, help_text="Addresses separated by commas, semicolons or new lines."
    )


class TeamRenameInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)


class TeamInvitedOutput(serializers.Serializer):
    invited = serializers.ListField(child=serializers.EmailField())
