"""Races the row locks of papers.services guard against (PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from papers import signals
from papers.exceptions import PapersError
from papers.models import Paper

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_withdrawals_withdraw_once(paper, author_user):
    from papers.services import paper_withdraw

    barrier = threading.Barrier(2)
    outcomes, sent = [], []

    def receiver(sender, paper, **kwargs):
        sent.append(paper.pk)

    def withdraw():
        try:
            barrier.wait()
            paper_withdraw(paper=paper, by=author_user)
            outcomes.append("ok")
        except PapersError:
            outcomes.append("refused")
        finally:
            connection.close()

    signals.paper_withdrawn.connect(receiver)
    try:
        threads = [threading.Thread(target=withdraw) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        signals.paper_withdrawn.disconnect(receiver)
    assert sorted(outcomes) == ["ok", "refused"]
    assert sent == [paper.pk]
    assert Paper.objects.get(pk=paper.pk).status == "withdrawn"
