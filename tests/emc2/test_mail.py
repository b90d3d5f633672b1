"""The outbox (emc2/mail.py): one row per mail, delivered once, visible in the chair's log."""

import datetime as dt
import re
import threading
import time
from pathlib import Path

import pytest
import rules
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from emc2.exceptions import Emc2Error
from emc2.mail import (
    mail_batch_progress,
    mail_batch_resume,
    mail_deliver,
    mail_queue,
    mail_requeue_stale,
    mail_resend,
)
from emc2.models import MailStatus, OutboxMail
from tests.factories.papers import PaperFactory


def _queue(edition, key="test:1", to=("ada@example.org",), **kw):
    kw.setdefault("subject", "Hello")
    kw.setdefault("body", "Body text")
    return mail_queue(key=key, to=list(to), edition=edition, **kw)


def test_queue_delivers_after_commit_only(edition, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail = _queue(edition)
    assert (mail.status, mailoutbox) == (MailStatus.QUEUED, [])
    for callback in callbacks:
        callback()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, [m.to for m in mailoutbox]) == (
        MailStatus.SENT,
        1,
        [["ada@example.org"]],
    )
    assert mail.sent_at is not None


def test_a_rolled_back_change_leaves_no_mail(edition, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue(edition)
        raise RuntimeError("the business change failed")
    assert (OutboxMail.objects.count(), mailoutbox) == (0, [])


def test_the_same_key_twice_is_one_mail(edition, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(edition, subject="First")
        second = _queue(edition, subject="Second")
    assert (first.pk, OutboxMail.objects.count()) == (second.pk, 1)
    assert [m.subject for m in mailoutbox] == ["First"]


def test_no_recipient_writes_nothing(edition):
    assert _queue(edition, to=("",)) is None
    assert OutboxMail.objects.count() == 0


def test_template_is_rendered_into_the_row(edition):
    mail = _queue(edition, template="papers/email/review_discussion.txt", body="", context={})
    assert mail.body != ""


def test_a_retried_delivery_sends_nothing_twice(edition, mailoutbox):
    mail = _queue(edition)
    assert mail_deliver(mail_id=mail.pk) is True
    assert mail_deliver(mail_id=mail.pk) is False
    assert mail_deliver(mail_id=987654) is False
    assert len(mailoutbox) == 1


def test_an_smtp_error_marks_the_row_failed_and_resend_sends_it(
    edition, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    mail = _queue(edition)

    def refuse(self, *args, **kwargs):
        raise OSError("451 try again later")

    with monkeypatch.context() as m:
        m.setattr(EmailMessage, "send", refuse)
        assert mail_deliver(mail_id=mail.pk) is False
    mail.refresh_from_db()
    assert (mail.status, mail.last_error) == (MailStatus.FAILED, "451 try again later")
    assert mail_deliver(mail_id=mail.pk) is False  # a failed row waits for the chair
    with django_capture_on_commit_callbacks(execute=True):
        mail_resend(mail=mail)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error, len(mailoutbox)) == (
        MailStatus.SENT,
        2,
        "",
        1,
    )
    with pytest.raises(Emc2Error, match="Only failed"):
        mail_resend(mail=mail)


def test_stuck_rows_are_requeued_and_fresh_ones_left_alone(
    edition, mailoutbox, django_capture_on_commit_callbacks
):
    old = timezone.now() - dt.timedelta(minutes=30)
    stuck = _queue(edition, key="stuck")
    lost = _queue(edition, key="lost")
    busy = _queue(edition, key="busy")
    done = _queue(edition, key="done")
    OutboxMail.objects.filter(pk=stuck.pk).update(status=MailStatus.SENDING, claimed_at=old)
    OutboxMail.objects.filter(pk=lost.pk).update(created=old)
    OutboxMail.objects.filter(pk=busy.pk).update(
        status=MailStatus.SENDING, claimed_at=timezone.now()
    )
    OutboxMail.objects.filter(pk=done.pk).update(status=MailStatus.SENT, created=old)
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_requeue_stale(older_than=dt.timedelta(minutes=10)) == 2
    assert dict(OutboxMail.objects.values_list("key", "status")) == {
        "stuck": MailStatus.SENT,
        "lost": MailStatus.SENT,
        "busy": MailStatus.SENDING,
        "done": MailStatus.SENT,
    }
    assert len(mailoutbox) == 2


def test_batch_progress_and_resume(edition, mailoutbox, django_capture_on_commit_callbacks):
    for i in range(5):
        _queue(edition, key=f"run:{i}", to=[f"p{i}@example.org"], batch="run-1")
    _queue(edition, key="other", batch="run-2")
    OutboxMail.objects.filter(key__in=["run:0", "run:1", "run:2"]).update(status=MailStatus.SENT)
    OutboxMail.objects.filter(key="run:3").update(status=MailStatus.SENDING)
    progress = mail_batch_progress(batch="run-1")
    assert (str(progress), progress.complete) == ("3 of 5 sent, 2 queued", False)
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_batch_resume(batch="run-1") == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["p3@example.org", "p4@example.org"]
    progress = mail_batch_progress(batch="run-1")
    assert (str(progress), progress.complete) == ("5 of 5 sent", True)
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_batch_resume(batch="run-1") == 0
    assert len(mailoutbox) == 2


# --- the chair's mail log ------------------------------------------------------------------


@pytest.fixture
def paper_mails(edition):
    paper = PaperFactory(edition=edition, title="Guarded paper")
    _queue(
        edition,
        key=f"discussion:{paper.pk}:rev@example.org",
        to=["rev@example.org"],
        subject="Discussion of the guarded paper",
        guard_perm="papers.view_paper",
        guard_objects=[paper],
    )
    _queue(edition, key="plain", to=["plain@example.org"], subject="Plain mail")
    return paper


@pytest.fixture
def deny_view_paper():
    """As for a chair conflicted with every paper (the access layer decides this for real)."""
    original = rules.permissions.permissions["papers.view_paper"]
    rules.set_perm("papers.view_paper", rules.always_deny)
    yield
    rules.set_perm("papers.view_paper", original)


def _log(client, edition, **params):
    return client.get(reverse("chair-mail-log", args=[edition.slug]), params).content.decode()


def test_mail_log_lists_recipient_subject_key_and_status(chair_client, edition, paper_mails):
    page = _log(chair_client, edition)
    assert "rev@example.org" in page
    assert "Discussion of the guarded paper" in page
    assert f"discussion:{paper_mails.pk}:rev@example.org" in page
    assert "plain@example.org" in page
    assert re.search(r"<td>queued", page)


def test_mail_log_hides_recipients_of_papers_the_chair_may_not_see(
    chair_client, edition, paper_mails, deny_view_paper
):
    page = _log(chair_client, edition)
    assert "rev@example.org" not in page
    assert "hidden (you may not see this paper)" in page
    assert "plain@example.org" in page


def test_mail_log_shows_only_its_edition(chair_client, edition, other_edition):
    _queue(other_edition, key="elsewhere", to=["elsewhere@example.org"])
    assert "elsewhere@example.org" not in _log(chair_client, edition)


def test_mail_log_filters_by_status(chair_client, edition, paper_mails):
    OutboxMail.objects.filter(key="plain").update(status=MailStatus.FAILED)
    page = _log(chair_client, edition, status="failed")
    assert ("plain@example.org" in page, "rev@example.org" in page) == (True, False)


def test_resend_button_queues_a_failed_mail_once(
    chair_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    mail = _queue(edition, key="refused")
    OutboxMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED, last_error="550")
    assert "Resend" in _log(chair_client, edition)
    url = reverse("chair-mail-resend", args=[edition.slug, mail.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(url)
    assert response["Location"] == reverse("chair-mail-log", args=[edition.slug])
    with django_capture_on_commit_callbacks(execute=True):
        chair_client.post(url)  # a second click: the mail is sent, nothing to resend
    mail.refresh_from_db()
    assert (mail.status, len(mailoutbox)) == (MailStatus.SENT, 1)


def test_resend_of_another_editions_mail_is_a_404(chair_client, edition, other_edition):
    mail = _queue(other_edition, key="theirs")
    OutboxMail.objects.filter(pk=mail.pk).update(status=MailStatus.FAILED)
    response = chair_client.post(reverse("chair-mail-resend", args=[edition.slug, mail.pk]))
    mail.refresh_from_db()
    assert (response.status_code, mail.status) == (404, MailStatus.FAILED)


def test_resume_button_sends_the_unsent_mails_of_a_run(
    chair_client, edition, mailoutbox, django_capture_on_commit_callbacks
):
    for i in range(3):
        _queue(edition, key=f"rem:{i}", to=[f"r{i}@example.org"], batch="review-reminders:x")
    OutboxMail.objects.filter(key="rem:0").update(status=MailStatus.SENT)
    page = _log(chair_client, edition)
    assert "1 of 3 sent, 2 queued" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(
            reverse("chair-mail-resume", args=[edition.slug]), {"batch": "review-reminders:x"}
        )
    assert response["Location"] == reverse("chair-mail-log", args=[edition.slug])
    assert sorted(m.to[0] for m in mailoutbox) == ["r1@example.org", "r2@example.org"]
    assert "Runs with unsent mails" not in _log(chair_client, edition)


def test_chair_area_links_to_the_mail_log(chair_client, edition):
    page = chair_client.get(reverse("chair-home", args=[edition.slug])).content.decode()
    assert reverse("chair-mail-log", args=[edition.slug]) in page


# --- one mail path -------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
SENDING = re.compile(
    r"\bsend_mail\(|\bsend_mass_mail\(|\bmail_admins\(|\bmail_managers\(|\.send_messages\("
    r"|\bget_connection\(|\bEmailMessage\(|\bEmailMultiAlternatives\(|\bsmtplib\b"
)


def _sources():
    for app in ("emc2", "papers", "program", "challenge"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_nothing_but_the_outbox_sends_mail():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _sources()
        if path != ROOT / "emc2" / "mail.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SENDING.search(line)
    ]
    assert offenders == []


def test_the_grep_finds_a_sender():
    assert SENDING.search('    EmailMessage(subject="x", to=["a"]).send()')
    assert SENDING.search("    send_mail(subject, body, None, to)")
    assert SENDING.search("    get_connection().send_messages(messages)")
    assert not SENDING.search("    mail_queue(key=key, to=to, subject=subject)")


# --- two workers on one row (PostgreSQL: SQLite has no row locks) ---------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_held_by_one_worker_is_skipped_by_another(edition, monkeypatch, mailoutbox):
    mail = _queue(edition, key="slow")
    in_smtp, release = threading.Event(), threading.Event()
    real_send = EmailMessage.send

    def slow_send(self, *args, **kwargs):
        in_smtp.set()
        release.wait(10)
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", slow_send)
    OutboxMail.objects.filter(pk=mail.pk).update(status=MailStatus.QUEUED, attempts=0)
    mailoutbox.clear()
    results = {}

    def first():
        try:
            results["first"] = mail_deliver(mail_id=mail.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert in_smtp.wait(10)
    started = time.monotonic()
    results["second"] = mail_deliver(mail_id=mail.pk)  # skip_locked: no waiting
    waited = time.monotonic() - started
    release.set()
    thread.join(10)
    mail.refresh_from_db()
    assert (results, mail.status, len(mailoutbox)) == (
        {"first": True, "second": False},
        MailStatus.SENT,
        1,
    )
    assert waited < 2


# --- settings and the beat job ---------------------------------------------------------------


def test_celery_gives_a_dead_workers_tasks_back(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert 60 <= settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 900


def test_beat_runs_the_stuck_mail_job(settings, edition, mailoutbox):
    from emc2.tasks import mail_requeue_stale_task

    entry = settings.CELERY_BEAT_SCHEDULE["mail-requeue-stale"]
    assert entry["task"] == mail_requeue_stale_task.name == "emc2.mail_requeue_stale"
    stuck = _queue(edition, key="stuck")
    old = timezone.now() - dt.timedelta(seconds=settings.MAIL_STUCK_AFTER + 5)
    OutboxMail.objects.filter(pk=stuck.pk).update(status=MailStatus.SENDING, claimed_at=old)
    assert mail_requeue_stale_task() == 1
