"""Evaluators claim submissions with a lease and keep it with heartbeats."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenge.exceptions import ChallengeError
from challenge.services import LEASE, submission_claim, submission_heartbeat
from tests.challenge.threads import run_at_once
from tests.factories.challenge import SubmissionFactory
from tests.factories.emc2 import UserFactory

NOW = timezone.now


def _two(team, track):
    older = SubmissionFactory(team=team, track=track, submitted_at=NOW() - dt.timedelta(hours=2))
    newer = SubmissionFactory(team=team, track=track, submitted_at=NOW() - dt.timedelta(hours=1))
    return older, newer


def test_claims_hand_out_each_submission_once_oldest_first(challenge, team, track, actors):
    older, newer = _two(team, track)
    first, _ = submission_claim(challenge=challenge, by=actors["evaluator"])
    second, _ = submission_claim(challenge=challenge, by=actors["chair"])
    assert (first.pk, second.pk) == (older.pk, newer.pk)
    assert submission_claim(challenge=challenge, by=actors["evaluator"]) is None


def test_an_expired_lease_returns_the_submission_to_the_queue(challenge, team, track, actors):
    sub = SubmissionFactory(team=team, track=track)
    start = NOW()
    submission_claim(challenge=challenge, by=actors["evaluator"], now=start)
    later = start + LEASE + dt.timedelta(seconds=1)
    again, _ = submission_claim(challenge=challenge, by=actors["chair"], now=later)
    assert (again.pk, again.claimed_by) == (sub.pk, actors["chair"])


def test_heartbeat_extends_only_the_holders_lease(challenge, team, track, actors):
    SubmissionFactory(team=team, track=track)
    start = NOW()
    sub, _ = submission_claim(challenge=challenge, by=actors["evaluator"], now=start)
    beat = submission_heartbeat(
        submission=sub, by=actors["evaluator"], now=start + dt.timedelta(minutes=5)
    )
    assert beat.lease_expires_at == start + dt.timedelta(minutes=5) + LEASE
    with pytest.raises(ChallengeError, match="do not hold a live lease"):
        submission_heartbeat(submission=sub, by=actors["chair"], now=start)
    with pytest.raises(ChallengeError, match="do not hold a live lease"):
        submission_heartbeat(submission=sub, by=actors["evaluator"], now=start + 3 * LEASE)


def test_claim_api_returns_the_artifact_url_and_204_when_empty(edition, team, track, actors):
    sub = SubmissionFactory(team=team, track=track)
    api = APIClient()
    api.force_authenticate(actors["evaluator"])
    url = reverse("api:challenge:evaluator-claim", kwargs={"edition": edition.slug})
    claimed = api.post(url)
    assert claimed.status_code == 200
    body = claimed.json()
    assert body["submission"]["id"] == sub.pk
    assert body["submission"]["artifact_url"].endswith(f"/submissions/{sub.pk}/artifact/")
    assert api.post(url).status_code == 204
    beat_url = reverse("api:challenge:heartbeat", kwargs={"edition": edition.slug, "pk": sub.pk})
    assert api.post(beat_url).status_code == 200
    other = APIClient()
    other.force_authenticate(actors["challenge_organizer"])
    refused = other.post(beat_url)
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "You do not hold a live lease on this submission; claim again."
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_claims_take_different_submissions(challenge, team, track, actors):
    for i in range(4):
        SubmissionFactory(team=team, track=track, submitted_at=NOW() - dt.timedelta(minutes=i))
    evaluators = iter([UserFactory() for _ in range(4)])
    claimed = []

    def claim():
        got = submission_claim(challenge=challenge, by=next(evaluators))
        claimed.append(got[0].pk if got else None)

    run_at_once(claim, times=4, timeout=30)
    assert None not in claimed and len(set(claimed)) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claim_skips_a_row_another_evaluator_is_locking(challenge, team, track, actors):
    from django.db import connection, transaction

    from challenge.models import Submission

    older, newer = _two(team, track)
    box = {}

    def claim():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '500ms'")  # waiting would be the bug
            box["pk"] = submission_claim(challenge=challenge, by=actors["evaluator"])[0].pk
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc
        finally:
            connections.close_all()

    with transaction.atomic():
        Submission.objects.select_for_update().get(pk=older.pk)
        t = threading.Thread(target=claim)
        t.start()
        t.join(timeout=30)
    assert box == {"pk": newer.pk}
