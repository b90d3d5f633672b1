from django.db import models

# IANA name of Anywhere on Earth (UTC-12). Etc/ zones have inverted signs: GMT+12 is UTC-12.
AOE = "Etc/GMT+12"


class RoleKind(models.TextChoices):
    CHAIR = "chair", "Chair"
    ORGANIZER = "organizer", "Organizer"
    PC_MEMBER = "pc_member", "Program committee member"
    CHALLENGE_ORGANIZER = "challenge_organizer", "Challenge organizer"
    EVALUATOR = "evaluator", "Challenge evaluator"
    # Decides the papers no chair may decide (every chair wrote or is conflicted with them).
    DECIDER = "decider", "Decider of the chairs' papers"


class SponsorTier(models.TextChoices):
    PLATINUM = "platinum", "Platinum"
    GOLD = "gold", "Gold"
    SILVER = "silver", "Silver"
    BRONZE = "bronze", "Bronze"
    SUPPORTER = "supporter", "Supporter"


class DateKey(models.TextChoices):
    """Dates that code enforces. Apps look them up by key; other dates are only shown."""

    ABSTRACT = "abstract", "Abstract registration"
    SUBMISSION = "submission", "Paper submission"
    SUPPLEMENTARY = "supplementary", "Supplementary material"
    REVIEW = "review", "Reviews due"
    NOTIFICATION = "notification", "Acceptance notification"
    CAMERA_READY = "camera_ready", "Camera-ready"


class MailStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    SENDING = "sending", "sending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed"
    # Replaced by a newer mail before it went out (a decision changed again): never sent.
    SUPERSEDED = "superseded", "superseded"
