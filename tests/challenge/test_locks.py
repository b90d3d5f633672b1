"""Row locks of the challenge (PostgreSQL only: SQLite ignores select_for_update)."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, connections, transaction

from challenge.exceptions import ChallengeError
from challenge.models import Submission, Team
from challenge.services import result_record, submission_create
from tests.factories.challenge import SubmissionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(fn):
    """Run ``fn`` on its own database connection; return its result or exception."""
    box = {}

    def run():
        try:
            box["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc
        finally:
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=30)
    return box


def test_submission_create_waits_for_the_team_row_lock(team, track, actors):
    def submit_with_short_timeout():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            return submission_create(
                team=team, track=track, by=actors["author"],
                artifact=ContentFile(b"w", name="m.bin"), framework="PyTorch",
            )  # fmt: skip

    with transaction.atomic():
        # Another request holds the team as the service does (a plain FK insert would not wait).
        Team.objects.select_for_update(no_key=True).get(pk=team.pk)
        box = in_thread(submit_with_short_timeout)
    assert isinstance(box.get("error"), OperationalError)
    assert Submission.objects.count() == 0


def test_parallel_submissions_cannot_exceed_the_daily_quota(team, track, actors, challenge):
    challenge.daily_quota = 1
    challenge.save()
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        barrier.wait()
        try:
            submission_create(
                team=team, track=track, by=actors["author"],
                artifact=ContentFile(b"w", name="m.bin"), framework="PyTorch",
            )  # fmt: skip
            outcomes.append("ok")
        except ChallengeError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert Submission.objects.count() == 1


def test_parallel_identical_results_make_one_version(team, track, actors):
    submission = SubmissionFactory(team=team, track=track)
    barrier = threading.Barrier(3)
    created = []

    def post():
        barrier.wait()
        try:
            created.append(
                result_record(submission=submission, by=actors["evaluator"], metric_value=70.0)[1]
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(created) == [False, False, True]
    assert submission.results.count() == 1


def test_team_decide_leaves_the_edition_row_unlocked(team, actors, edition):
    from challenge.services import team_decide
    from emc2.models import Edition

    def lock_edition_without_waiting():
        with transaction.atomic():
            return Edition.objects.select_for_update(nowait=True).get(pk=edition.pk)

    with transaction.atomic():
        team_decide(team=team, by=actors["chair"], approve=False, message="No.")
        box = in_thread(lock_edition_without_waiting)
    assert "error" not in box, box.get("error")
    assert box["value"].pk == edition.pk
