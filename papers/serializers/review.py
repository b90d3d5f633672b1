"""Serializers of the review API. Reviewer outputs never carry author data for double-blind
types, nor reviewer identities."""

from rest_framework import serializers

from papers.models import BidValue, Visibility


class TopicRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReviewPaperOutput(serializers.Serializer):
    """A paper as a PC member sees it: no authors."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    abstract = serializers.CharField()
    submission_type = serializers.CharField(source="submission_type.name")
    double_blind = serializers.BooleanField(source="submission_type.is_double_blind")
    topics = TopicRef(many=True, source="topics.all")


class BidPaperOutput(ReviewPaperOutput):
    bid = serializers.CharField(source="my_bid", allow_blank=True)


class BidInput(serializers.Serializer):
    paper = serializers.IntegerField()
    value = serializers.ChoiceField(choices=[("", "No bid"), *BidValue.choices], allow_blank=True)


class BidOutput(serializers.Serializer):
    paper = serializers.IntegerField()
    value = serializers.CharField(allow_blank=True)


class AssignmentOutput(serializers.Serializer):
    paper = ReviewPaperOutput()
    is_meta_reviewer = serializers.BooleanField()
    review_status = serializers.SerializerMethodField()
    due = serializers.DateTimeField(allow_null=True)

    def get_review_status(self, obj) -> str:
        return obj.my_review.status if obj.my_review else "not_started"


class ReviewInput(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField(allow_null=True), required=False)
    texts = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    submit = serializers.BooleanField(default=False)


class ReviewOutput(serializers.Serializer):
    status = serializers.CharField()
    scores = serializers.DictField(child=serializers.IntegerField())
    texts = serializers.DictField(child=serializers.CharField())
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated = serializers.DateTimeField()


class ReviewFieldRow(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    display = serializers.CharField(allow_blank=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices)


class OtherReviewOutput(serializers.Serializer):
    reviewer_number = serializers.IntegerField()
    mine = serializers.BooleanField()
    fields = ReviewFieldRow(many=True)


class ReviewPaperDetailOutput(serializers.Serializer):
    paper = ReviewPaperOutput()
    my_review = ReviewOutput(allow_null=True)
    reviews = OtherReviewOutput(many=True, allow_null=True)


class PostInput(serializers.Serializer):
    body = serializers.CharField()


class PostOutput(serializers.Serializer):
    id = serializers.IntegerField()
    who = serializers.CharField()
    body = serializers.CharField()
    created = serializers.DateTimeField()


class AssignmentRunInput(serializers.Serializer):
    reviewers_per_paper = serializers.IntegerField(min_value=1, max_value=10, default=3)
    min_load = serializers.IntegerField(min_value=0, default=0)
    max_load = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    weight_bid = serializers.FloatField(default=1.0)
    weight_topic = serializers.FloatField(default=1.0)
    weight_text = serializers.FloatField(default=1.0)


class PairOutput(serializers.Serializer):
    paper = serializers.IntegerField(source="paper_id")
    reviewer = serializers.IntegerField(source="reviewer_id")
    reviewer_email = serializers.EmailField(source="reviewer.email")
    affinity = serializers.FloatField()


class ProposalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    objective = serializers.FloatField()
    parameters = serializers.JSONField()
    committed_at = serializers.DateTimeField(allow_null=True)
    pairs = PairOutput(many=True, source="pairs.all")


class CommitOutput(serializers.Serializer):
    created = serializers.IntegerField()
