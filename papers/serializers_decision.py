"""API shapes of decisions and notifications. Inputs only parse; services decide."""

from rest_framework import serializers

from papers.enums import Decision
from papers.models import NotificationRun, Paper


class DecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)


class BulkDecisionInput(serializers.Serializer):
    papers = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    decision = serializers.ChoiceField(choices=Decision.choices)


class ChairDecisionOutput(serializers.ModelSerializer):
    """A decidable paper: the chair's recorded decision and the released one."""

    paper = serializers.IntegerField(source="pk", read_only=True)
    recorded_decision = serializers.SerializerMethodField()

    class Meta:
        model = Paper
        fields = ["paper", "title", "recorded_decision", "decision"]

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


class ReviewForAuthorOutput(serializers.Serializer):
    fields = serializers.ListField(child=serializers.DictField(), read_only=True)


class AuthorDecisionOutput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    label = serializers.CharField()
    text = serializers.CharField()
    accepted = serializers.BooleanField()
    reviews = ReviewForAuthorOutput(many=True)
