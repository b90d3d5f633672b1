"""Decisions: per-edition settings, each paper's working decision, its audit trail, and the
notification e-mails announcing decisions to authors.

A chair's decision is first recorded on ``PaperDecision`` (seen by chairs only). Releasing the
decisions copies them onto ``Paper.decision``, which is what authors, the public page and
other apps (program) see; until then nothing outside the chair area can tell.
"""

from django.conf import settings
from django.db import models

from papers.enums import Decision


def all_decisions() -> list[str]:
    return list(Decision.values)


class PapersSettings(models.Model):
    """How an edition decides and what it has made public. One row per edition, lazily created."""

    edition = models.OneToOneField(
        "emc2.Edition", on_delete=models.CASCADE, related_name="papers_settings"
    )
    enabled_decisions = models.JSONField(
        default=all_decisions, help_text="Decision values chairs may choose in this edition."
    )
    decisions_released = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)
    accepted_page_published = models.BooleanField(default=False)
    # Authors read a paper's meta-review once its decision is released, if the chairs say so.
    meta_reviews_to_authors = models.BooleanField(default=False)

    class Meta:
        verbose_name = "papers settings"
        verbose_name_plural = "papers settings"

    def __str__(self) -> str:
        return f"Papers settings of {self.edition}"

    @property
    def decision_choices(self) -> list[tuple[str, str]]:
        return [(v, label) for v, label in Decision.choices if v in self.enabled_decisions]


class PaperDecision(models.Model):
    """The chair's current decision on a paper (before and after release)."""

    paper = models.OneToOneField("papers.Paper", on_delete=models.CASCADE, related_name="pending")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)
    # Goes up each time the decision changes: a changed decision gets a notice of its own.
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: paper {self.paper_id}"


class DecisionLog(models.Model):
    """Audit trail: every decision ever recorded, never changed."""

    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="decision_log")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["paper", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on paper {self.paper_id} at {self.at:%Y-%m-%d %H:%M}"


class NotificationTemplate(models.Model):
    """The e-mail of one decision kind in one edition; defaults come from template files."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="notification_templates"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["edition", "decision"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "decision"], name="notification_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} e-mail of {self.edition}"


class RunState(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Sending"
    DONE = "done", "Done"
    FAILED = "failed", "Stopped with errors"


class NotificationRun(models.Model):
    """One press of "send notifications": the notices it took on and how far it got.

    Its mails are the outbox batch ``batch``; ``state``, ``sent`` and ``failed`` are filled
    from those rows by the selectors (``notification_run_get``/``_latest``), not stored.
    """

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="notification_runs"
    )
    kind = models.CharField(max_length=20, default="decision")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=RunState.choices, default=RunState.PENDING)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "-created", "-pk"]

    def __str__(self) -> str:
        return f"Notification run {self.pk} of {self.edition} ({self.sent}/{self.total})"

    @property
    def batch(self) -> str:
        return f"decision-run:{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.state in (RunState.PENDING, RunState.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.sent + self.failed) / self.total)


class Notification(models.Model):
    """One paper's notice of one kind and decision version, sent at most once.

    A decision changed after its notice was queued has a new version, hence a new notice.
    """

    paper = models.ForeignKey(
        "papers.Paper", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, default="decision")
    run = models.ForeignKey(NotificationRun, on_delete=models.CASCADE, related_name="notices")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["run", "paper"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "kind", "version"], name="notification_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} notice of paper {self.paper_id} (version {self.version})"

    @property
    def mail_key(self) -> str:
        """The outbox key of this notice's e-mail (its status, recipients and errors)."""
        return f"{self.kind}:{self.paper_id}:{self.version}"


class CameraReadyConsent(models.Model):
    """The copyright/consent statement an author confirmed with a camera-ready upload."""

    paper = models.ForeignKey(
        "papers.Paper", on_delete=models.CASCADE, related_name="camera_ready_consents"
    )
    file = models.OneToOneField(
        "papers.PaperFile", on_delete=models.CASCADE, related_name="consent"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Consent for paper {self.paper_id} at {self.at:%Y-%m-%d}"
