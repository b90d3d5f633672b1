"""Serializers of the review API. Reviewer outputs never carry author data for double-blind
types, nor reviewer identities."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from emc2.serializers import ErrorOutput  # noqa: F401 (the one error body, re-exported)
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


class ReviewerFilesOutput(serializers.Serializer):
    """Download links (API routes) for what reviewers may have; null when there is none."""

    pdf = serializers.URLField(allow_null=True)
    supplementary = serializers.URLField(allow_null=True)


class ReviewPaperDetailOutput(serializers.Serializer):
    paper = ReviewPaperOutput()
    files = ReviewerFilesOutput()
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
    fair = serializers.BooleanField(
        default=False,
        help_text="Maximize the lowest paper's total affinity first, then the total.",
    )


class ExplanationOutput(serializers.Serializer):
    """Why the solver chose a pair (empty for a pair a chair added by hand)."""

    bid = serializers.CharField(help_text="The bid value, empty without a bid.")
    bid_label = serializers.CharField()
    bid_score = serializers.FloatField()
    topic = serializers.FloatField(help_text="Topic overlap in [0, 1].")
    topics = serializers.ListField(child=serializers.CharField(), help_text="Shared topics.")
    text = serializers.FloatField(help_text="TF-IDF cosine of expertise and title + abstract.")
    terms = serializers.ListField(
        child=serializers.CharField(), help_text="The shared terms that add most, best first."
    )
    weights = serializers.DictField(child=serializers.FloatField())
    parts = serializers.DictField(child=serializers.FloatField(), help_text="Weighted parts.")
    affinity = serializers.FloatField()
    load = serializers.IntegerField(help_text="The reviewer's papers in the run.")
    min_load = serializers.IntegerField()
    max_load = serializers.IntegerField(allow_null=True)
    bound = serializers.ListField(
        child=serializers.CharField(), help_text="The constraints that bound the choice."
    )


class PairOutput(serializers.Serializer):
    paper = serializers.IntegerField(source="paper_id")
    reviewer = serializers.IntegerField(source="reviewer_id")
    reviewer_email = serializers.EmailField(source="reviewer.email")
    reviewer_name = serializers.SerializerMethodField()
    affinity = serializers.FloatField()
    kept = serializers.BooleanField(help_text="An assignment already when the run started.")
    explanation = serializers.SerializerMethodField()

    def get_reviewer_name(self, pair) -> str:
        from papers.selectors import person_label

        return person_label(pair.reviewer)

    @extend_schema_field(ExplanationOutput(allow_null=True))
    def get_explanation(self, pair):
        return pair.explanation or None


class ProposalSummaryOutput(serializers.Serializer):
    fair = serializers.BooleanField()
    objective = serializers.FloatField()
    lowest = serializers.FloatField(allow_null=True, help_text="Lowest paper total.")
    plain_objective = serializers.FloatField(allow_null=True, help_text="Fair runs only.")
    plain_lowest = serializers.FloatField(allow_null=True)
    lowest_bound = serializers.FloatField(allow_null=True)
    proven = serializers.BooleanField(allow_null=True)
    cost = serializers.FloatField(allow_null=True, help_text="Plain optimum minus this total.")
    cost_share = serializers.FloatField(allow_null=True)


class LoadOutput(serializers.Serializer):
    reviewer = serializers.IntegerField()
    load = serializers.IntegerField()
    new = serializers.IntegerField()
    max_load = serializers.IntegerField(allow_null=True)


class ProposalOutput(serializers.Serializer):
    """A proposal as the chair may see it: the pairs of papers they may not handle are left
    out, and loads count only the pairs shown."""

    id = serializers.IntegerField(source="proposal.id")
    objective = serializers.FloatField(source="proposal.objective")
    parameters = serializers.JSONField(source="proposal.parameters")
    committed_at = serializers.DateTimeField(source="proposal.committed_at", allow_null=True)
    summary = ProposalSummaryOutput()
    pairs = PairOutput(many=True)
    loads = LoadOutput(many=True)


class CommitOutput(serializers.Serializer):
    created = serializers.IntegerField()
