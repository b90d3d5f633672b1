"""Choices of papers. A leaf module: safe to import from anywhere (program does)."""

from django.db import models


class PaperStatus(models.TextChoices):
    """Where a paper is in its life. The outcome of review is ``Paper.decision``, apart."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    WITHDRAWN = "withdrawn", "Withdrawn"


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
