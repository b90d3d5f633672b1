"""The outbox: every e-mail the site sends is one row here first (see emc2/mail.py)."""

from django.db import models

from emc2.enums import MailStatus


class OutboxMail(models.Model):
    """One e-mail, written in the transaction of the change it tells about.

    ``key`` names the message (``decision:<paper>:<version>``): a second ``mail_queue`` with
    the same key is the same mail and is not sent again. ``batch`` groups the mails of one bulk
    run (a notification run, a day's reminders) so that the run's progress is read from here.
    ``guard_*`` name a permission and the objects it is checked on before the mail log shows
    this mail's recipients (a chair conflicted with a paper sees no names of its mails).
    """

    key = models.CharField(max_length=200, unique=True)
    edition = models.ForeignKey(
        "emc2.Edition", null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    batch = models.CharField(max_length=100, blank=True, db_index=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    guard_perm = models.CharField(max_length=100, blank=True)
    guard_model = models.CharField(max_length=100, blank=True)
    guard_pks = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["edition", "-created"], name="outbox_edition_created")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
