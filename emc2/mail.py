"""One mail path: the outbox. Every e-mail the site sends (allauth's account mails aside) is
written here with ``mail_queue`` and delivered by the ``emc2.mail_deliver`` task.

How often a mail goes out, honestly:

- ``mail_queue`` writes one ``OutboxMail`` row with a unique ``key`` inside the caller's
  transaction: if the business change rolls back, no mail exists; if it commits, the mail does.
  The same key twice is one mail (a retried task, a second click).
- ``mail_deliver`` claims the row with ``select_for_update(skip_locked=True)``, keeps it locked
  while the SMTP server takes the message, and marks it sent in that same transaction. Two
  workers never send one row at the same time, and a sent row is never sent again.
- The one duplicate window: the SMTP server accepted the message and the worker died (or lost
  the database) before the commit. The row then reads ``sending``; the redelivered task or the
  stuck-row job (``mail_requeue_stale``, run by beat) sends it again. So: at least once, and
  exactly once unless a crash falls into that window.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from emc2.exceptions import Emc2Error
from emc2.models import Edition, MailStatus, OutboxMail

logger = logging.getLogger(__name__)

SUBJECT_MAX = 255
LOG_LIMIT = 1000
UNSENT = (MailStatus.QUEUED, MailStatus.SENDING, MailStatus.FAILED)


def _enqueue_on_commit(mail_ids: list[int]) -> None:
    from emc2.tasks import mail_deliver_task

    def send() -> None:
        for mail_id in mail_ids:
            mail_deliver_task.delay(mail_id=mail_id)

    if mail_ids:
        transaction.on_commit(send)


def mail_queue(
    *,
    key: str,
    to: list[str],
    subject: str,
    body: str = "",
    template: str = "",
    context: dict | None = None,
    edition: Edition | None = None,
    batch: str = "",
    guard_perm: str = "",
    guard_objects: list | tuple = (),
) -> OutboxMail | None:
    """Write the mail ``key`` to the outbox; deliver it after the current transaction commits.

    ``body`` is the text, or ``template`` is rendered with ``context``. A key already in the
    outbox returns that row and queues nothing (whatever its status). No recipients: nothing
    is written, returns None. ``guard_perm`` with ``guard_objects`` (one model) hides the
    recipients in the mail log from viewers who lack that permission on any of the objects.
    Side effect: the ``emc2.mail_deliver`` task, on commit.
    """
    to = [address for address in dict.fromkeys(to) if address]
    if not to:
        return None
    if template:
        body = render_to_string(template, context or {})
    guard_objects = list(guard_objects)
    with transaction.atomic():
        mail, created = OutboxMail.objects.get_or_create(
            key=key[:200],
            defaults={
                "to": to,
                "subject": " ".join(subject.split())[:SUBJECT_MAX],
                "body": body,
                "edition": edition,
                "batch": batch,
                "guard_perm": guard_perm if guard_objects else "",
                "guard_model": guard_objects[0]._meta.label_lower if guard_objects else "",
                "guard_pks": [obj.pk for obj in guard_objects],
            },
        )
    if created:
        _enqueue_on_commit([mail.pk])
    return mail


def mail_deliver(*, mail_id: int) -> bool:
    """Send one outbox row unless it is sent, failed, gone or held by another worker.

    True when this call sent it. An SMTP error marks the row failed with the error (the chair
    can resend it from the mail log). The task body; safe to run twice at once or in a row.
    """
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status__in=[MailStatus.QUEUED, MailStatus.SENDING])
            .first()
        )
        if mail is None:
            return False
        mail.status = MailStatus.SENDING
        mail.attempts += 1
        mail.claimed_at = timezone.now()
        mail.save(update_fields=["status", "attempts", "claimed_at"])
    with transaction.atomic():
        # Locked again for the SMTP call: whoever holds the row sends it; anyone else skips.
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=MailStatus.SENDING)
            .first()
        )
        if mail is None:
            return False
        try:
            EmailMessage(subject=mail.subject, body=mail.body, to=mail.to).send()
        except Exception as exc:  # an SMTP failure: recorded on the row, nothing else stops
            logger.exception("outbox mail %s (%s) failed", mail.pk, mail.key)
            mail.status = MailStatus.FAILED
            mail.last_error = str(exc)[:1000] or exc.__class__.__name__
            mail.save(update_fields=["status", "last_error"])
            return False
        # The duplicate window: a crash between the server's "250 OK" and this commit.
        mail.status = MailStatus.SENT
        mail.sent_at = timezone.now()
        mail.last_error = ""
        mail.save(update_fields=["status", "sent_at", "last_error"])
        return True


def mail_requeue_stale(*, older_than: dt.timedelta) -> int:
    """Queue delivery again for rows stuck in ``sending`` (their worker died) or left in
    ``queued`` (the task was lost) for longer than ``older_than``. Returns how many.

    Rows a live worker holds are skipped. The beat job ``emc2.mail_requeue_stale`` runs this.
    """
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        ids = list(
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(status=MailStatus.SENDING, claimed_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        OutboxMail.objects.filter(pk__in=ids).update(status=MailStatus.QUEUED)
        ids += (
            OutboxMail.objects.filter(status=MailStatus.QUEUED, created__lt=cutoff)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        _enqueue_on_commit(sorted(ids))
    if ids:
        logger.warning("outbox: re-queued %s stuck mail(s)", len(ids))
    return len(ids)


def mail_supersede(*, keys: list[str]) -> int:
    """Stop the mails ``keys`` that have not gone out yet (a newer mail replaces them).

    A mail a worker is sending right now is not stopped. Returns how many were stopped.
    """
    with transaction.atomic():
        ids = list(
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(key__in=keys, status__in=UNSENT)
            .values_list("pk", flat=True)
        )
        return OutboxMail.objects.filter(pk__in=ids).update(status=MailStatus.SUPERSEDED)


def mail_resend(*, mail: OutboxMail) -> OutboxMail:
    """Queue a failed mail again (the chair's "resend"). Raises Emc2Error for other states."""
    with transaction.atomic():
        updated = OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
            status=MailStatus.QUEUED
        )
        if not updated:
            raise Emc2Error("Only failed mails can be sent again.")
        _enqueue_on_commit([mail.pk])
    mail.refresh_from_db()
    return mail


def mail_batch_resume(*, batch: str) -> int:
    """Queue every unsent mail of ``batch`` again (queued, stuck in sending, failed).

    The Resume button of a bulk run whose worker died. Sent mails are not touched, so
    resuming twice, or while the run is still going, sends nothing twice. Returns how many.
    """
    if not batch:
        raise Emc2Error("No run to resume.")
    with transaction.atomic():
        ids = list(
            OutboxMail.objects.filter(batch=batch, status__in=UNSENT)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        OutboxMail.objects.filter(pk__in=ids, status=MailStatus.FAILED).update(
            status=MailStatus.QUEUED
        )
        _enqueue_on_commit(ids)
    return len(ids)


# --- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchProgress:
    batch: str
    total: int
    queued: int
    sending: int
    sent: int
    failed: int
    superseded: int = 0

    @property
    def unsent(self) -> int:
        return self.queued + self.sending + self.failed

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.sent + self.superseded == self.total

    @property
    def percent(self) -> int:
        done = self.sent + self.failed + self.superseded
        return 100 if not self.total else round(100 * done / self.total)

    def __str__(self) -> str:
        text = f"{self.sent} of {self.total} sent"
        for label, n in (
            ("queued", self.queued + self.sending),
            ("failed", self.failed),
            ("superseded", self.superseded),
        ):
            if n:
                text += f", {n} {label}"
        return text


def mail_batch_progress(*, batch: str) -> BatchProgress:
    """How far the mails of one bulk run got, counted from the outbox rows."""
    counts = Counter(
        dict(
            OutboxMail.objects.filter(batch=batch)
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    return BatchProgress(
        batch=batch,
        total=sum(counts.values()),
        queued=counts[MailStatus.QUEUED],
        sending=counts[MailStatus.SENDING],
        sent=counts[MailStatus.SENT],
        failed=counts[MailStatus.FAILED],
        superseded=counts[MailStatus.SUPERSEDED],
    )


def mail_list_for_chair(*, edition: Edition, user, status: str = "") -> list[OutboxMail]:
    """The edition's newest ``LOG_LIMIT`` mails, newest first, for its mail log.

    Each row gets ``shown_to``: its recipients, or None when the row is guarded by a
    permission the viewer lacks on one of its objects (a chair conflicted with the paper);
    the page then shows neither recipients nor key (keys may hold an address).
    """
    qs = OutboxMail.objects.filter(edition=edition).order_by("-created", "-pk")
    if status:
        qs = qs.filter(status=status)
    rows = list(qs.defer("body")[:LOG_LIMIT])
    objects: dict[str, dict] = {}
    for row in rows:
        if row.guard_model:
            objects.setdefault(row.guard_model, {}).update(dict.fromkeys(row.guard_pks))
    for label, pks in objects.items():
        found = apps.get_model(label).objects.in_bulk(list(pks))
        objects[label] = found
    allowed: dict[tuple, bool] = {}

    def may_see(row: OutboxMail) -> bool:
        for pk in row.guard_pks:
            key = (row.guard_perm, row.guard_model, pk)
            if key not in allowed:
                obj = objects[row.guard_model].get(pk)
                allowed[key] = obj is not None and user.has_perm(row.guard_perm, obj)
            if not allowed[key]:
                return False
        return True

    for row in rows:
        row.shown_to = row.to if not row.guard_model or may_see(row) else None
    return rows


def mail_batches_unsent(*, edition: Edition) -> list[BatchProgress]:
    """The edition's bulk runs that still have unsent mails (each one can be resumed)."""
    batches = (
        OutboxMail.objects.filter(edition=edition, status__in=UNSENT)
        .exclude(batch="")
        .values_list("batch", flat=True)
        .distinct()
        .order_by("batch")
    )
    return [mail_batch_progress(batch=b) for b in batches]


def mail_get_for_chair(*, edition: Edition, pk: int) -> OutboxMail:
    from django.http import Http404

    try:
        return OutboxMail.objects.get(edition=edition, pk=pk)
    except OutboxMail.DoesNotExist:
        raise Http404("No such mail.") from None
