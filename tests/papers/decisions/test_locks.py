"""Races the decision locks guard against (PostgreSQL only)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from emc2.mail import mail_deliver
from emc2.models import MailStatus, OutboxMail
from papers.enums import Decision
from papers.exceptions import PapersError
from papers.models import DecisionLog, Notification, NotificationRun
from papers.services import decision_record, notifications_start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*targets):
    barrier = threading.Barrier(len(targets))

    def wrap(fn):
        def run():
            try:
                barrier.wait()
                fn()
            finally:
                connection.close()

        return run

    threads = [threading.Thread(target=wrap(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_two_presses_at_once_queue_each_paper_once(make_paper, decide, edition, chair):
    for i in range(3):
        decide(make_paper(title=f"P{i}"), Decision.POSTER)
    outcomes = []

    def press():
        try:
            notifications_start(edition=edition, by=chair)
            outcomes.append("started")
        except PapersError:
            outcomes.append("refused")

    _race(press, press)
    assert sorted(outcomes) == ["refused", "started"]
    assert (NotificationRun.objects.count(), Notification.objects.count()) == (1, 3)


def test_two_workers_on_one_run_mail_each_paper_once(make_paper, decide, edition, chair):
    for i in range(4):
        decide(make_paper(title=f"P{i}"), Decision.ORAL)
    notifications_start(edition=edition, by=chair)  # on_commit: the eager tasks ran
    notices = OutboxMail.objects.filter(key__startswith="decision:")
    notices.update(status=MailStatus.QUEUED, attempts=0)  # as if never delivered
    mail.outbox = []
    ids = list(notices.order_by("pk").values_list("pk", flat=True))

    def worker():
        for mail_id in ids:
            mail_deliver(mail_id=mail_id)

    _race(worker, worker)
    assert sorted(m.subject.split('"')[1] for m in mail.outbox) == ["P0", "P1", "P2", "P3"]
    assert set(notices.values_list("status", flat=True)) == {MailStatus.SENT}


def test_concurrent_decisions_leave_one_consistent_log(paper, edition, chair):
    _race(
        lambda: decision_record(paper=paper, by=chair, decision=Decision.ORAL),
        lambda: decision_record(paper=paper, by=chair, decision=Decision.REJECT),
    )
    last = DecisionLog.objects.filter(paper=paper).order_by("-at", "-pk").first()
    assert DecisionLog.objects.filter(paper=paper).count() == 2
    assert paper.pending.decision == last.decision
