"""Choices of papers. A leaf module: safe to import from anywhere (program does)."""

from django.db import models


class PaperStatus(models.TextChoices):
    """Where a paper is in its life. The outcome of review is ``Paper.decision``, apart."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Papers that go to review: submitted (or already under review), never drafts or withdrawn.
REVIEWABLE = (PaperStatus.SUBMITTED, PaperStatus.UNDER_REVIEW)


class Decision(models.TextChoices):
    ORAL = "oral", "Accept as oral"
    LIGHTNING = "lightning", "Accept as lightning talk"
    POSTER = "poster", "Accept as poster"
    REJECT = "reject", "Reject"


ACCEPTED_DECISIONS = (Decision.ORAL, Decision.LIGHTNING, Decision.POSTER)


class Anonymity(models.TextChoices):
    DOUBLE_BLIND = "double_blind", "Double-blind (authors hidden from reviewers)"
    SINGLE_BLIND = "single_blind", "Single-blind (authors visible to reviewers)"


class FileKind(models.TextChoices):
    PAPER = "paper", "Paper"
    SUPPLEMENTARY = "supplementary", "Supplementary material"
    CAMERA_READY = "camera_ready", "Camera-ready"


class BidValue(models.TextChoices):
    """A PC member's bid on a paper; the assignment's affinity scores these values."""

    EAGER = "eager", "Eager"
    WILLING = "willing", "Willing"
    PINCH = "pinch", "In a pinch"
    NOT_WILLING = "not_willing", "Not willing"


class ConflictType(models.TextChoices):
    """HotCRP's conflict types, plus "author" (the PC member wrote the paper; never waived)."""

    ADVISOR = "advisor", "Advisor/advisee"
    COAUTHOR = "coauthor", "Co-author (recent)"
    INSTITUTIONAL = "institutional", "Institutional"
    PERSONAL = "personal", "Personal"
    OTHER = "other", "Other"
    AUTHOR = "author", "Author of the paper"


# What an author, a reviewer or a chair may declare ("author" is found, not declared).
DECLARABLE_CONFLICTS = [c for c in ConflictType.choices if c[0] != ConflictType.AUTHOR]


class ConflictSource(models.TextChoices):
    AUTHOR = "author", "Declared by an author"
    REVIEWER = "reviewer", "Declared by the PC member"
    CHAIR = "chair", "Added by a chair"
    AUTOMATIC = "automatic", "Automatic"
