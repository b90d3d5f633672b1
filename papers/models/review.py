"""Reviews: the per-edition review form, assignments, reviews with history, discussion."""

from django.conf import settings
from django.db import models


class FieldKind(models.TextChoices):
    SCORE = "score", "Score"
    TEXT = "text", "Text"


class Visibility(models.TextChoices):
    """Who reads a review field's answers (HotCRP's model). Ordered from widest to narrowest."""

    AUTHORS = "authors", "Authors and PC"
    PC = "pc", "PC only"
    CHAIRS = "chairs", "Chairs only"


class ReviewAudience(models.TextChoices):
    """Who is reading a review (papers.access.review_audience decides)."""

    AUTHOR = "author", "Author"
    PC = "pc", "PC member"
    CHAIR = "chair", "Chair"


# The field visibilities each audience may read.
READABLE = {
    ReviewAudience.AUTHOR: frozenset({Visibility.AUTHORS}),
    ReviewAudience.PC: frozenset({Visibility.AUTHORS, Visibility.PC}),
    ReviewAudience.CHAIR: frozenset({Visibility.AUTHORS, Visibility.PC, Visibility.CHAIRS}),
}


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


# The key of the score field whose mean and spread the chairs and decisions look at.
OVERALL_KEY = "overall"

# The review form of an edition whose chairs configured none.
DEFAULT_FORM = [
    {
        "key": OVERALL_KEY,
        "label": "Overall recommendation",
        "kind": "score",
        "scale_min": -3,
        "scale_max": 3,
        "scale_labels": {
            "-3": "Strong reject",
            "-2": "Reject",
            "-1": "Weak reject",
            "0": "Borderline",
            "1": "Weak accept",
            "2": "Accept",
            "3": "Strong accept",
        },
    },
    {
        "key": "confidence",
        "label": "Reviewer confidence",
        "kind": "score",
        "scale_min": 1,
        "scale_max": 5,
        "scale_labels": {
            "1": "Educated guess",
            "2": "Somewhat confident",
            "3": "Fairly confident",
            "4": "Confident",
            "5": "Expert, certain",
        },
    },
    {
        "key": "relevance",
        "label": "Relevance to energy-efficient machine learning",
        "kind": "score",
        "scale_min": 1,
        "scale_max": 5,
        "scale_labels": {"1": "Off topic", "3": "Related", "5": "Core topic"},
    },
    {"key": "summary", "label": "Summary of the paper", "kind": "text"},
    {"key": "strengths", "label": "Strengths", "kind": "text"},
    {"key": "weaknesses", "label": "Weaknesses and suggestions", "kind": "text"},
    {
        "key": "confidential",
        "label": "Confidential comments to the chairs",
        "kind": "text",
        "visibility": Visibility.CHAIRS,
        "required": False,
    },
]


class ReviewField(models.Model):
    """One question of an edition's review form."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="review_fields"
    )
    key = models.SlugField(max_length=40, help_text="Stable identifier, e.g. overall.")
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=FieldKind.choices, default=FieldKind.SCORE)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    # {"-3": "Strong reject", ...}: the labelled points of a score scale.
    scale_labels = models.JSONField(default=dict, blank=True)
    # Who reads the answers besides the reviewer who wrote them: papers.access.review_audience
    # and papers.selectors.review_display are the one filter every page, API, mail and export
    # goes through.
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.AUTHORS
    )
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="review_field_key_unique"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gte=models.F("scale_min")),
                name="review_field_scale_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_score(self) -> bool:
        return self.kind == FieldKind.SCORE

    @property
    def visible_to_authors(self) -> bool:
        return self.visibility == Visibility.AUTHORS

    def readable_by(self, audience: str | None) -> bool:
        """Whether ``audience`` (a ReviewAudience, None for nobody) may read the answers."""
        return audience is not None and self.visibility in READABLE.get(audience, ())

    @property
    def choices(self) -> list[tuple[int, str]]:
        labels = self.scale_labels or {}
        return [
            (v, f"{v}: {labels[str(v)]}" if labels.get(str(v)) else str(v))
            for v in range(self.scale_min, self.scale_max + 1)
        ]


class ReviewAssignment(models.Model):
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    affinity = models.FloatField(null=True, blank=True)
    is_meta_reviewer = models.BooleanField(default=False)
    # A chair's extension of the review deadline for this reviewer on this paper.
    deadline_extended_to = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "reviewer"], name="review_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} reviews paper {self.paper_id}"


class Review(models.Model):
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, db_index=True
    )
    # {field key: int} and {field key: str}, validated against the edition's ReviewFields.
    scores = models.JSONField(default=dict, blank=True)
    texts = models.JSONField(default=dict, blank=True)
    # Copy of scores["overall"], for sorting and aggregates in SQL.
    overall = models.SmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["paper", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "reviewer"], name="review_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(submitted_at__isnull=False),
                name="review_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of paper {self.paper_id} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class ReviewVersion(models.Model):
    """One state a review had: written by each save (draft or submitted), never changed.

    Read by chairs only (papers.selectors.review_history); rows from before the history was
    kept for every save have no ``saved_by``.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="versions")
    scores = models.JSONField(default=dict)
    texts = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "saved_at", "pk"]

    def __str__(self) -> str:
        return f"Version of review {self.review_id} ({self.saved_at:%Y-%m-%d %H:%M})"


class DiscussionPost(models.Model):
    paper = models.ForeignKey(
        "papers.Paper", on_delete=models.CASCADE, related_name="discussion_posts"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(help_text="Markdown.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "created", "pk"]

    def __str__(self) -> str:
        return f"Post on paper {self.paper_id}"


class MetaReview(models.Model):
    paper = models.OneToOneField(
        "papers.Paper", on_delete=models.CASCADE, related_name="meta_review"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(help_text="Markdown; visible to authors after the decision.")
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Meta-review of paper {self.paper_id}"


class AssignmentProposal(models.Model):
    """A solver run a chair looks at and edits before committing it."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="assignment_proposals"
    )
    parameters = models.JSONField(default=dict)
    objective = models.FloatField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "-created", "-pk"]

    def __str__(self) -> str:
        return f"Assignment proposal {self.pk} ({self.edition_id})"


class ProposedPair(models.Model):
    proposal = models.ForeignKey(AssignmentProposal, on_delete=models.CASCADE, related_name="pairs")
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    affinity = models.FloatField(default=0)
    # The pair was an assignment already when the proposal was computed (kept, not new).
    kept = models.BooleanField(default=False)
    # Why the solver chose it: bid, topics, text (shared terms), weights, binding constraints
    # (papers.services.review._explanations). Empty for pairs a chair added by hand.
    explanation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["proposal", "paper", "-affinity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "paper", "reviewer"], name="proposed_pair_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / paper {self.paper_id}"


class ReviewReminder(models.Model):
    """One reminder mail per reviewer per edition per day: makes the reminder task idempotent."""

    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "day", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "reviewer", "day"], name="review_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.reviewer} on {self.day}"
