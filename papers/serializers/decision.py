"""API shapes of decisions and notifications. Inputs only parse; services decide."""

from rest_framework import serializers

from papers.enums import Decision
from papers.models import NotificationRun, Paper


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)


class BulkDecisionInput(serializers.Serializer):
    papers = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    decision = serializers.ChoiceField(choices=Decision.choices)


class ScoresOutput(serializers.Serializer):
    count = serializers.IntegerField(help_text="Submitted reviews.")
    assigned = serializers.IntegerField()
    mean_overall = serializers.FloatField(allow_null=True)
    spread = serializers.IntegerField(allow_null=True)


class ChairDecisionOutput(serializers.ModelSerializer):
    """A decidable paper: the chair's recorded decision, the released one, review scores."""

    paper = serializers.IntegerField(source="pk", read_only=True)
    recorded_decision = serializers.SerializerMethodField()
    scores = ScoresOutput(allow_null=True, read_only=True, default=None)

    class Meta:
        model = Paper
        fields = ["paper", "title", "recorded_decision", "decision", "scores"]

    def get_recorded_decision(self, obj) -> str:
        pending = getattr(obj, "pending_or_none", None)
        return pending.decision if pending else ""


class PreviewQuery(serializers.Serializer):
    paper = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)


class NotificationPreviewOutput(serializers.Serializer):
    subject = serializers.CharField()
    body = serializers.CharField()
    to = serializers.ListField(child=serializers.EmailField())


class NotificationRunOutput(serializers.ModelSerializer):
    # A plain string, not an enum: "StateEnum" would collide with other apps' states.
    state = serializers.CharField(help_text="pending, running, done or failed.")
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = NotificationRun
        fields = ["id", "state", "total", "sent", "failed", "percent", "created", "finished_at"]


class ReviewFieldForAuthorOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    field_kind = serializers.CharField(source="kind", help_text="score or text.")
    display = serializers.CharField(allow_blank=True, help_text="Score with its label, or text.")


class ReviewForAuthorOutput(serializers.Serializer):
    """A review as authors get it: numbered, to-author fields only, no reviewer."""

    number = serializers.IntegerField()
    answers = ReviewFieldForAuthorOutput(source="fields", many=True)


class AuthorDecisionOutput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    label = serializers.CharField()
    text = serializers.CharField()
    accepted = serializers.BooleanField()
    reviews = ReviewForAuthorOutput(many=True)
    meta_review = serializers.CharField(
        allow_blank=True, help_text="Empty unless the chairs show meta-reviews to authors."
    )
