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


# Fixed interleavings (tests/races.py): the second call starts while the first holds its locks.


def test_decision_while_the_paper_is_withdrawn_is_refused(paper, author_user, chair):
    from papers.services import paper_withdraw
    from tests.races import race

    outcomes = race(
        lambda: paper_withdraw(paper=paper, by=author_user),
        lambda: decision_record(paper=paper, by=chair, decision=Decision.ORAL),
    )
    assert outcomes == {
        "first": "ok",
        "second": "Only submitted papers that are not withdrawn can be decided.",
    }
    assert DecisionLog.objects.filter(paper=paper).count() == 0


def test_decision_while_the_chair_disables_it_is_refused(paper, edition, chair):
    from papers.models import PapersSettings
    from papers.services import papers_settings_update
    from tests.races import race

    # The row exists already: the first call updates it (a create would block the second's).
    PapersSettings.objects.get_or_create(edition=edition)
    outcomes = race(
        lambda: papers_settings_update(
            edition=edition,
            by=chair,
            enabled_decisions=[Decision.POSTER, Decision.REJECT],
            accepted_page_published=False,
        ),
        lambda: decision_record(paper=paper, by=chair, decision=Decision.ORAL),
    )
    assert outcomes == {"first": "ok", "second": "This edition does not use that decision."}
    assert DecisionLog.objects.filter(paper=paper).count() == 0


def test_decision_leaves_the_edition_row_unlocked(paper, edition, chair):
    """Locks take the row itself (of=self), not the edition a default ordering joins."""
    from django.db import transaction

    from emc2.models import Edition
    from tests.races import race

    def lock_edition_nowait():
        with transaction.atomic():
            Edition.objects.select_for_update(nowait=True).get(pk=edition.pk)

    outcomes = race(
        lambda: decision_record(paper=paper, by=chair, decision=Decision.ORAL),
        lock_edition_nowait,
    )
    assert outcomes == {"first": "ok", "second": "ok"}
