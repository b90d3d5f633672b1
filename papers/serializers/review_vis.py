"""Serializers of the chairs' review API (form, reviews, bids, history) and of meta-reviews.

Review answers come out of papers.selectors.review_display only, already filtered for the
caller's audience: these classes never read ``Review.texts`` themselves.
"""

from rest_framework import serializers

from emc2.serializers import ErrorOutput  # noqa: F401 (the one error body, re-exported)
from papers.models import BidValue, FieldKind, Visibility


class ReviewFieldOutput(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    label = serializers.CharField()
    help_text = serializers.CharField(allow_blank=True)
    field_kind = serializers.ChoiceField(source="kind", choices=FieldKind.choices)
    scale_min = serializers.IntegerField()
    scale_max = serializers.IntegerField()
    scale_labels = serializers.DictField(child=serializers.CharField(allow_blank=True))
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        help_text="authors: authors and PC; pc: PC only; chairs: chairs only.",
    )
    required = serializers.BooleanField()
    order = serializers.IntegerField()


class ReviewFieldInput(serializers.Serializer):
    key = serializers.SlugField(max_length=40)
    label = serializers.CharField(max_length=200)
    help_text = serializers.CharField(max_length=300, allow_blank=True, default="")
    field_kind = serializers.ChoiceField(
        source="kind", choices=FieldKind.choices, default=FieldKind.SCORE
    )
    scale_min = serializers.IntegerField(min_value=-100, max_value=100, default=1)
    scale_max = serializers.IntegerField(min_value=-100, max_value=100, default=5)
    scale_labels = serializers.DictField(
        child=serializers.CharField(max_length=100, allow_blank=True), default=dict
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.AUTHORS)
    required = serializers.BooleanField(default=True)
    order = serializers.IntegerField(min_value=0, max_value=32767, default=0)

    def validate_scale_labels(self, value):
        out = {}
        for key, label in value.items():
            try:
                out[str(int(key))] = label
            except (TypeError, ValueError):
                raise serializers.ValidationError(f"“{key}” is not a whole number.") from None
        return out


class AnswerOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    field_kind = serializers.CharField(source="kind")
    display = serializers.CharField(allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)


class ChairReviewOutput(serializers.Serializer):
    id = serializers.IntegerField(source="review.pk")
    reviewer = serializers.IntegerField(source="review.reviewer_id")
    reviewer_email = serializers.EmailField(source="review.reviewer.email")
    status = serializers.CharField(source="review.status", help_text="draft or submitted.")
    submitted_at = serializers.DateTimeField(source="review.submitted_at", allow_null=True)
    answers = AnswerOutput(many=True)


class ChairBidOutput(serializers.Serializer):
    reviewer = serializers.IntegerField(source="user_id")
    reviewer_email = serializers.EmailField(source="user.email")
    value = serializers.ChoiceField(choices=BidValue.choices)
    updated = serializers.DateTimeField()


class VersionAnswerOutput(AnswerOutput):
    before = serializers.CharField(allow_blank=True, help_text="The previous version's answer.")
    changed = serializers.BooleanField()


class VersionOutput(serializers.Serializer):
    saved_at = serializers.DateTimeField(source="version.saved_at")
    saved_by = serializers.EmailField(source="version.saved_by.email", allow_null=True)
    status = serializers.CharField(source="version.status", allow_blank=True)
    answers = VersionAnswerOutput(source="rows", many=True)


class ReviewHistoryOutput(serializers.Serializer):
    review = serializers.IntegerField(source="review.pk")
    reviewer_email = serializers.EmailField(source="review.reviewer.email")
    versions = VersionOutput(many=True)


class MetaReviewOutput(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    updated = serializers.DateTimeField()


class MetaReviewInput(serializers.Serializer):
    body = serializers.CharField(max_length=20000, allow_blank=False)
