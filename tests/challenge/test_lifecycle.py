"""The submission lifecycle: history of every transition, organizer moderation, leases,
evaluator logs and result files, and who may see them."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenge.enums import SubmissionStatus
from challenge.exceptions import ChallengeError
from challenge.models import EvaluatorLog, ResultFile, Submission
from challenge.services import (
    LEASE,
    LOG_MAX_CHARS,
    RESULT_FILE_MAX_BYTES,
    _transition,
    result_record,
    submission_claim,
    submission_create,
    submission_disqualify,
    submission_heartbeat,
    submission_hide,
    submission_leases_expire,
    submission_reevaluate,
)
from tests.challenge.artifacts import tiny_onnx
from tests.factories.challenge import SubmissionFactory, TeamFactory, add_member
from tests.factories.emc2 import UserFactory

S = SubmissionStatus


def _api(edition, name, sub, **extra):
    return reverse(f"api:challenge:{name}", kwargs={"edition": edition.slug, "pk": sub.pk, **extra})


def _history(sub):
    return [
        (e.from_status, e.to_status, e.action, e.actor_id) for e in sub.events.order_by("at", "pk")
    ]


def _scored(team, track, actors, metric=71.0):
    sub = SubmissionFactory(team=team, track=track)
    result_record(submission=sub, by=actors["evaluator"], metric_value=metric)
    return sub


@pytest.fixture
def other_member(challenge):
    """A confirmed member of another team of the same challenge."""
    user = UserFactory(email="rival@example.org")
    add_member(TeamFactory(challenge=challenge, name="Rival Team"), user)
    return user


def test_every_transition_is_in_the_history_with_actor_and_reason(
    team, track, actors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = submission_create(
            team=team, track=track, by=actors["author"], framework="ONNX",
            artifact=ContentFile(tiny_onnx(), name="m.onnx"),
        )  # fmt: skip
    claimed, claim_id = submission_claim(challenge=team.challenge, by=actors["evaluator"])
    result_record(submission=claimed, by=actors["evaluator"], metric_value=71.0)
    submission_reevaluate(submission=sub, by=actors["challenge_organizer"], reason="new test set")
    ev, org, author = actors["evaluator"].pk, actors["challenge_organizer"].pk, actors["author"].pk
    assert _history(sub) == [
        ("", S.UPLOADED, "upload", author),
        (S.UPLOADED, S.MEASURING, "measure", None),
        (S.MEASURING, S.QUEUED, "measure", None),
        (S.QUEUED, S.RUNNING, "claim", ev),
        (S.RUNNING, S.SCORED, "result", ev),
        (S.SCORED, S.QUEUED, "reevaluate", org),
    ]
    assert sub.events.get(pk=claim_id).action == "claim"
    assert sub.events.last().reason == "new test set"


def test_disqualified_is_never_ranked_claimed_or_scored(
    client, edition, challenge, team, track, actors
):
    sub = _scored(team, track, actors)
    board = reverse("challenge:public-leaderboard", args=[edition.slug, track.slug])
    assert "Tiny Tensors" in client.get(board).content.decode()
    submission_disqualify(submission=sub, by=actors["challenge_organizer"], reason="used test data")
    assert "Tiny Tensors" not in client.get(board).content.decode()
    api_board = client.get(
        reverse("api:challenge:leaderboard", kwargs={"edition": edition.slug, "track": track.slug})
    ).json()
    assert (api_board["by_metric"], api_board["by_size"], api_board["ineligible"]) == ([], [], [])
    assert submission_claim(challenge=challenge, by=actors["evaluator"]) is None
    with pytest.raises(ChallengeError, match="disqualified"):
        submission_reevaluate(submission=sub, by=actors["challenge_organizer"], reason="undo")
    with pytest.raises(ChallengeError, match="disqualified"):
        result_record(submission=sub, by=actors["evaluator"], metric_value=72.0)
    sub.refresh_from_db()
    assert (sub.status, sub.failure_reason, sub.result_version) == (
        S.DISQUALIFIED, "used test data", 1,
    )  # fmt: skip


def test_hidden_submission_is_on_no_public_board_but_its_team_sees_it(
    client, edition, team, track, actors
):
    sub = _scored(team, track, actors)
    submission_hide(submission=sub, by=actors["challenge_organizer"], reason="duplicate upload")
    board = reverse("challenge:public-leaderboard", args=[edition.slug, track.slug])
    assert "Tiny Tensors" not in client.get(board).content.decode()
    client.force_login(actors["author"])
    page = client.get(reverse("challenge:team-submission", args=[edition.slug, sub.pk]))
    html = page.content.decode()
    assert "hidden from the leaderboards" in html
    assert "duplicate upload" in html  # the reason, in the history
    submission_hide(
        submission=sub, by=actors["challenge_organizer"], reason="was fine", hidden=False
    )
    client.logout()
    assert "Tiny Tensors" in client.get(board).content.decode()


def test_expired_lease_goes_back_to_the_queue_in_the_history(challenge, team, track, actors):
    sub = SubmissionFactory(team=team, track=track)
    start = timezone.now()
    submission_claim(challenge=challenge, by=actors["evaluator"], now=start)
    assert submission_leases_expire(now=start + LEASE - dt.timedelta(seconds=1)) == 0
    assert submission_leases_expire(now=start + LEASE + dt.timedelta(seconds=1)) == 1
    sub.refresh_from_db()
    assert (sub.status, sub.claimed_by, sub.lease_expires_at) == (S.QUEUED, None, None)
    last = sub.events.last()
    assert (last.from_status, last.to_status, last.action, last.actor) == (
        S.RUNNING, S.QUEUED, "lease_expired", None,
    )  # fmt: skip
    with pytest.raises(ChallengeError, match="do not hold a live lease"):
        submission_heartbeat(submission=sub, by=actors["evaluator"], now=start)


def test_reevaluated_with_the_same_result_is_scored_again(challenge, team, track, actors):
    sub = _scored(team, track, actors)
    submission_reevaluate(submission=sub, by=actors["challenge_organizer"], reason="rerun")
    claimed, _ = submission_claim(challenge=challenge, by=actors["evaluator"])
    result, created = result_record(submission=claimed, by=actors["evaluator"], metric_value=71.0)
    sub.refresh_from_db()
    assert (created, result.version, sub.status, sub.result_version) == (False, 1, S.SCORED, 1)


@pytest.mark.parametrize("action", ["reevaluate", "disqualify", "hide"])
def test_moderation_api_requires_a_reason(edition, team, track, actors, action):
    sub = _scored(team, track, actors)
    api = APIClient()
    api.force_authenticate(actors["challenge_organizer"])
    refused = api.post(_api(edition, action, sub), {"reason": " "}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json()
    done = api.post(_api(edition, action, sub), {"reason": "organizer check"}, format="json")
    assert done.status_code == 200
    sub.refresh_from_db()
    assert (sub.events.last().action, sub.events.last().reason) == (action, "organizer check")


def test_moderation_from_the_page_logs_the_reason(client, edition, team, track, actors):
    sub = _scored(team, track, actors)
    client.force_login(actors["challenge_organizer"])
    url = reverse("challenge:organizer-submission-moderate", args=[edition.slug, sub.pk])
    client.post(url, {"moderate-action": "disqualify", "moderate-reason": ""})
    sub.refresh_from_db()
    assert sub.status == S.SCORED  # no reason: nothing happens
    response = client.post(
        url, {"moderate-action": "disqualify", "moderate-reason": "model trained on test"},
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert f"Submission #{sub.pk} disqualified." in html
    assert "model trained on test" in html
    sub.refresh_from_db()
    assert sub.status == S.DISQUALIFIED


def _output(sub, evaluator_api, edition):
    r = evaluator_api.post(_api(edition, "logs", sub), {"text": "accuracy 0.97"}, format="json")
    assert r.status_code == 201
    f = evaluator_api.post(
        _api(edition, "result-files", sub),
        {"file": SimpleUploadedFile("pred.csv", b"id,label\n1,7\n")},
        format="multipart",
    )
    assert f.status_code == 201
    return f.json()["id"]


def test_team_sees_logs_and_files_only_when_the_host_allows(
    client, edition, challenge, team, track, actors, evaluator_api
):
    sub = _scored(team, track, actors)
    file_id = _output(sub, evaluator_api, edition)
    client.force_login(actors["author"])
    page_url = reverse("challenge:team-submission", args=[edition.slug, sub.pk])
    file_url = reverse("challenge:team-result-file", args=[edition.slug, sub.pk, file_id])
    html = client.get(page_url).content.decode()
    assert "accuracy 0.97" not in html
    assert "do not show evaluator logs" in html
    assert client.get(file_url).status_code == 404
    track.logs_visible_to_teams = True
    track.save()
    html = client.get(page_url).content.decode()
    assert "accuracy 0.97" in html and "pred.csv" in html
    download = client.get(file_url)
    assert b"".join(download.streaming_content) == b"id,label\n1,7\n"


def test_other_team_sees_no_logs_or_files(
    client, edition, team, track, actors, evaluator_api, other_member
):
    track.logs_visible_to_teams = True
    track.save()
    sub = _scored(team, track, actors)
    file_id = _output(sub, evaluator_api, edition)
    client.force_login(other_member)
    page = client.get(reverse("challenge:team-submission", args=[edition.slug, sub.pk]))
    download = client.get(
        reverse("challenge:team-result-file", args=[edition.slug, sub.pk, file_id])
    )
    assert (page.status_code, download.status_code) == (404, 404)
    assert "accuracy 0.97" not in page.content.decode()
    api = APIClient()
    api.force_authenticate(other_member)
    for url in (
        _api(edition, "logs", sub),
        _api(edition, "result-files", sub),
        _api(edition, "result-file", sub, file=file_id),
        _api(edition, "submission", sub),
    ):
        response = api.get(url)
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_huge_log_is_refused_with_400_and_nothing_stored(
    edition, team, track, actors, evaluator_api
):
    sub = SubmissionFactory(team=team, track=track)
    url = _api(edition, "logs", sub)
    one_too_many = evaluator_api.post(url, {"text": "x" * (LOG_MAX_CHARS + 1)}, format="json")
    assert one_too_many.status_code == 400
    assert one_too_many.json()["text"] == [
        f"Ensure this field has no more than {LOG_MAX_CHARS} characters."
    ]
    huge = evaluator_api.post(url, {"text": "x" * 3_000_000}, format="json")
    assert (huge.status_code, huge.json()["text"]) == (
        400, [f"A log post holds at most {LOG_MAX_CHARS:,} characters."],
    )  # fmt: skip
    assert EvaluatorLog.objects.count() == 0
    ok = evaluator_api.post(url, {"text": "x" * LOG_MAX_CHARS}, format="json")
    assert ok.status_code == 201


def test_logs_total_is_bounded(edition, team, track, actors, evaluator_api, monkeypatch):
    monkeypatch.setattr("challenge.services.LOG_TOTAL_MAX_CHARS", 10)
    sub = SubmissionFactory(team=team, track=track)
    url = _api(edition, "logs", sub)
    assert evaluator_api.post(url, {"text": "123456"}, format="json").status_code == 201
    refused = evaluator_api.post(url, {"text": "123456"}, format="json")
    assert refused.json()["detail"] == "The logs of a submission hold at most 10 characters."
    assert EvaluatorLog.objects.count() == 1


def test_result_file_too_large_leaves_no_file(
    edition, team, track, actors, evaluator_api, settings
):
    sub = SubmissionFactory(team=team, track=track)
    big = SimpleUploadedFile("big.bin", b"\0" * (RESULT_FILE_MAX_BYTES + 1))
    refused = evaluator_api.post(_api(edition, "result-files", sub), {"file": big})
    assert (refused.status_code, refused.json()["file"]) == (
        400, [f"The file is larger than the {RESULT_FILE_MAX_BYTES:,} bytes allowed."],
    )  # fmt: skip
    assert ResultFile.objects.count() == 0
    stored = [p for p in (settings.MEDIA_ROOT / "private/challenge/results").rglob("*")]
    assert [p for p in stored if p.is_file()] == []


def test_evaluator_output_refused_for_a_disqualified_submission(
    edition, team, track, actors, evaluator_api
):
    sub = _scored(team, track, actors)
    submission_disqualify(submission=sub, by=actors["challenge_organizer"], reason="cheating")
    r = evaluator_api.post(_api(edition, "logs", sub), {"text": "late"}, format="json")
    assert r.json() == {"detail": "A disqualified submission takes no evaluator output."}
    assert Submission.objects.get(pk=sub.pk).logs.count() == 0


def test_submission_page_shows_history_breakdown_scores(client, edition, team, track, actors):
    sub = SubmissionFactory(
        team=team, track=track, claimed_metric=72.5, description="int8 weights",
        size_breakdown=[{"name": "W", "dtype": "int8", "shape": [64, 10], "size_bytes": 640}],
    )  # fmt: skip
    result_record(submission=sub, by=actors["evaluator"], metric_value=71.0)
    result_record(submission=sub, by=actors["evaluator"], metric_value=71.5)
    client.force_login(actors["author"])
    html = client.get(reverse("challenge:team-submission", args=[edition.slug, sub.pk])).content
    html = html.decode()
    for text in ("72.5", "int8 weights", "<td>W</td><td>int8</td><td>64 × 10</td>", "v1", "v2",
                 "Result posted", "Version 2, metric 71.5"):  # fmt: skip
        assert text in html


def test_measurement_of_a_killed_worker_does_not_stay_measuring(team, track, actors):
    from challenge.services import MEASURE_STUCK_AFTER, submission_measuring_expire
    from challenge.tasks import measure_submission

    sub = SubmissionFactory(team=team, track=track, status=S.UPLOADED)
    start = timezone.now()
    with transaction.atomic():  # what a worker killed right after "measuring" leaves behind
        locked = Submission.objects.get(pk=sub.pk)
        _transition(locked, to=S.MEASURING, action="measure", now=start)
    measure_submission(submission_id=sub.pk)  # the redelivered task leaves it alone
    assert submission_measuring_expire(now=start + MEASURE_STUCK_AFTER / 2) == 0
    assert submission_measuring_expire(now=start + MEASURE_STUCK_AFTER * 2) == 1
    sub.refresh_from_db()
    assert (sub.status, sub.failure_reason) == (
        S.FAILED, "The measurement did not finish; organizers can re-queue it.",
    )  # fmt: skip


@pytest.mark.parametrize("versions", [1, 5])
def test_submission_page_queries_do_not_grow_with_its_history(
    client, edition, team, track, actors, evaluator_api, django_assert_max_num_queries, versions
):
    track.logs_visible_to_teams = True
    track.save()
    sub = SubmissionFactory(team=team, track=track)
    for i in range(versions):
        result_record(submission=sub, by=actors["evaluator"], metric_value=70.0 + i)
        _output(sub, evaluator_api, edition)
    client.force_login(actors["author"])
    with django_assert_max_num_queries(22):
        page = client.get(reverse("challenge:team-submission", args=[edition.slug, sub.pk]))
    assert page.content.decode().count("pred.csv") == versions
