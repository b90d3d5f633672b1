"""Decision e-mails: rendered from the chair's template, sent exactly once per paper."""

import pytest
from django.core.mail import EmailMessage

from emc2.mail import mail_deliver
from emc2.models import MailStatus, OutboxMail
from papers.enums import Decision
from papers.exceptions import PapersError
from papers.models import Notification, NotificationRun, Paper, RunState
from papers.selectors import notification_render, notification_run_get
from papers.services import decision_record, notification_template_save, notifications_start
from papers.tasks import send_notifications


@pytest.fixture
def decided(make_paper, decide):
    """Three papers: oral, poster, reject (each with two authors)."""
    papers = [make_paper(title=f"Paper {i}") for i in range(3)]
    for p, d in zip(papers, [Decision.ORAL, Decision.POSTER, Decision.REJECT], strict=True):
        decide(p, d)
    return papers


def _start(edition, chair, capture):
    with capture(execute=True):
        return notifications_start(edition=edition, by=chair)


def test_each_paper_gets_one_mail_to_all_its_authors(
    decided, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    run = _start(edition, chair, django_capture_on_commit_callbacks)
    run = notification_run_get(edition=edition, pk=run.pk)
    assert (run.state, run.total, run.sent, run.failed) == (RunState.DONE, 3, 3, 0)
    assert str(run.progress) == "3 of 3 sent"
    assert sorted(len(m.to) for m in mailoutbox) == [2, 2, 2]
    subjects = sorted(m.subject for m in mailoutbox)
    assert subjects[0] == f'[{edition.title}] Decision on your paper "Paper 0": ' + (
        "accepted as an oral presentation"
    )


def test_sending_releases_the_decisions(
    decided, edition, chair, django_capture_on_commit_callbacks
):
    _start(edition, chair, django_capture_on_commit_callbacks)
    assert dict(Paper.objects.values_list("title", "decision")) == {
        "Paper 0": Decision.ORAL,
        "Paper 1": Decision.POSTER,
        "Paper 2": Decision.REJECT,
    }


def test_second_press_after_the_run_sends_nothing(
    decided, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    _start(edition, chair, django_capture_on_commit_callbacks)
    with pytest.raises(PapersError, match="notified already"):
        _start(edition, chair, django_capture_on_commit_callbacks)
    assert (len(mailoutbox), NotificationRun.objects.count()) == (3, 1)


def test_a_stuck_run_reads_queued_and_does_not_block_a_new_run(
    decided, make_paper, decide, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    stuck = notifications_start(edition=edition, by=chair)  # on_commit never fires: a dead worker
    assert str(notification_run_get(edition=edition, pk=stuck.pk).progress) == (
        "0 of 3 sent, 3 queued"
    )
    with pytest.raises(PapersError, match="notified already"):
        notifications_start(edition=edition, by=chair)
    decide(make_paper(title="Late"), Decision.POSTER)
    run = _start(edition, chair, django_capture_on_commit_callbacks)
    assert (run.total, [m.subject.split('"')[1] for m in mailoutbox]) == (1, ["Late"])
    assert (Notification.objects.count(), OutboxMail.objects.count()) == (4, 4)


def test_a_retried_task_never_mails_a_paper_twice(
    decided, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    run = _start(edition, chair, django_capture_on_commit_callbacks)
    for mail in OutboxMail.objects.all():  # each delivery task redelivered by the broker
        assert mail_deliver(mail_id=mail.pk) is False
    with django_capture_on_commit_callbacks(execute=True):
        assert send_notifications(run_id=run.pk) == 0  # the run resumed: nothing left
    assert len(mailoutbox) == 3
    assert set(OutboxMail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 1)}


def test_a_retry_sends_what_failed_and_only_that(
    decided, edition, chair, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    real_send = EmailMessage.send
    calls = {"n": 0}

    def flaky_send(self, *args, **kwargs):  # the mail server refuses the second message
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("connection reset")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky_send)
    run = _start(edition, chair, django_capture_on_commit_callbacks)
    run = notification_run_get(edition=edition, pk=run.pk)
    assert (run.state, run.sent, run.failed, len(mailoutbox)) == (RunState.FAILED, 2, 1, 2)
    assert OutboxMail.objects.get(status=MailStatus.FAILED).last_error == "connection reset"
    with django_capture_on_commit_callbacks(execute=True):
        send_notifications(run_id=run.pk)
    run = notification_run_get(edition=edition, pk=run.pk)
    assert (run.state, run.sent, run.failed) == (RunState.DONE, 3, 0)
    # Three mails for three different papers: the failed one once, the others not again.
    assert sorted(m.subject.split('"')[1] for m in mailoutbox) == ["Paper 0", "Paper 1", "Paper 2"]


def test_a_later_decision_gets_its_own_notice_only(
    decided, make_paper, decide, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    _start(edition, chair, django_capture_on_commit_callbacks)
    late = make_paper(title="Late")
    decide(late, Decision.POSTER)
    run = _start(edition, chair, django_capture_on_commit_callbacks)
    assert run.total == 1
    assert [m.subject.split('"')[1] for m in mailoutbox[3:]] == ["Late"]


def test_a_changed_decision_after_the_notice_gets_a_new_notice(
    decided, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    _start(edition, chair, django_capture_on_commit_callbacks)
    paper = decided[2]
    decision_record(paper=paper, by=chair, decision=Decision.POSTER)  # was reject
    decision_record(paper=decided[0], by=chair, decision=Decision.ORAL)  # unchanged
    run = _start(edition, chair, django_capture_on_commit_callbacks)
    assert run.total == 1
    assert mailoutbox[-1].subject == (
        f'[{edition.title}] Decision on your paper "Paper 2": accepted as a poster'
    )
    assert sorted(
        OutboxMail.objects.filter(key__startswith=f"decision:{paper.pk}:").values_list(
            "key", flat=True
        )
    ) == [f"decision:{paper.pk}:1", f"decision:{paper.pk}:2"]
    assert len(mailoutbox) == 4


def test_missing_run_is_logged_not_raised(db):
    assert send_notifications(run_id=987654) == 0


def test_render_fills_the_placeholders_of_the_saved_template(paper, decide, edition, chair):
    decide(paper, Decision.POSTER)
    notification_template_save(
        edition=edition,
        by=chair,
        decision=Decision.POSTER,
        subject="{edition}: {title}",
        body="Dear {authors}: {decision}. Deadline: {camera_ready_deadline}.",
    )
    mail = notification_render(paper=paper, decision=Decision.POSTER)
    assert mail["subject"] == f"{edition.title}: Cheaper inference"
    assert mail["body"].startswith(
        "Dear Ada Lovelace, Grace Hopper: accepted as a poster. "
        "Deadline: the camera-ready deadline."
    )
    assert mail["to"] == [paper.authors.first().email, "grace@example.org"]


def test_render_accepts_unsaved_text_for_the_preview(paper, decide):
    decide(paper, Decision.REJECT)
    mail = notification_render(
        paper=paper, decision=Decision.REJECT, subject="S {title}", body="B {title}"
    )
    assert (mail["subject"], mail["body"].splitlines()[0]) == (
        "S Cheaper inference",
        "B Cheaper inference",
    )
