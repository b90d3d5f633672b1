"""submission_measure and re-queueing: a submission never stays "measuring"."""

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from onnx import TensorProto
from rest_framework.test import APIClient

from challenge.enums import SubmissionStatus
from challenge.exceptions import ChallengeError
from challenge.models import Submission
from challenge.services import (
    result_record,
    submission_create,
    submission_measure,
    submission_requeue,
)
from tests.challenge.artifacts import graph, model_bytes, tensor, tiny_onnx
from tests.factories.challenge import SubmissionFactory


def _submit(team, track, actors, data=None, name="m.onnx"):
    return submission_create(
        team=team,
        track=track,
        by=actors["author"],
        artifact=ContentFile(data if data is not None else tiny_onnx(), name=name),
        framework="ONNX",
    )


def _negative_dims_onnx() -> bytes:
    t = TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[-5, 3])
    t.raw_data = b""
    return model_bytes(graph([], [t, tensor("B", np.ones(2, dtype=np.float32))]))


def test_unexpected_error_marks_the_submission_failed(
    team, track, actors, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("challenge.services.measure_artifact_bounded", broken)
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submit(team, track, actors)
    submission.refresh_from_db()
    assert (submission.status, submission.failure_reason) == (
        SubmissionStatus.FAILED,
        "The measurement stopped unexpectedly; organizers can re-queue it.",
    )


def test_killed_measurement_does_not_stay_measuring(team, track, actors, monkeypatch):
    class WorkerKilled(BaseException):
        pass

    def killed(*args, **kwargs):
        raise WorkerKilled

    submission = _submit(team, track, actors)
    monkeypatch.setattr("challenge.services.measure_artifact_bounded", killed)
    with pytest.raises(WorkerKilled):
        submission_measure(submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED


def test_malformed_dims_are_a_refusal_shown_to_the_team(
    client, edition, team, track, actors, django_capture_on_commit_callbacks
):
    client.force_login(actors["author"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("challenge:team-submit", args=[edition.slug, team.pk]),
            {"track": track.pk, "framework": "ONNX",
             "artifact": ContentFile(_negative_dims_onnx(), name="m.onnx")},
        )  # fmt: skip
    submission = Submission.objects.get()
    assert response.url == reverse("challenge:team-detail", args=[edition.slug, team.pk])
    assert submission.status == SubmissionStatus.FAILED
    assert submission.failure_reason == (
        "Refused: tensor 'g/W': dimension -5 is not a natural number"
    )
    page = client.get(reverse("challenge:team-submission", args=[edition.slug, submission.pk]))
    assert "dimension -5 is not a natural number" in page.content.decode()


def test_submission_page_shows_the_breakdown(
    client, edition, team, track, actors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submit(team, track, actors)
    client.force_login(actors["author"])
    page = client.get(reverse("challenge:team-submission", args=[edition.slug, submission.pk]))
    html = page.content.decode()
    assert "<td>g/W</td><td>FLOAT</td><td>4 × 3</td><td>48</td>" in html
    assert "<td>g/B</td><td>FLOAT16</td><td>3</td><td>6</td>" in html
    assert "Total (2 tensors)</th><td>54</td>" in html
    assert "stored parameter tensor at its stored precision" in html
    assert "Measure again" not in html  # only organizers re-queue


def test_requeue_measures_a_failed_submission_again(
    team, track, actors, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        "challenge.services.measure_artifact_bounded",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submit(team, track, actors)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission_requeue(submission=submission, by=actors["challenge_organizer"], reason="bug")
    submission.refresh_from_db()
    assert len(callbacks) == 1
    assert (submission.status, submission.measured_size_bytes, submission.failure_reason) == (
        SubmissionStatus.QUEUED,
        54,
        "",
    )


def test_requeue_refused_for_a_scored_submission(team, track, actors):
    submission = SubmissionFactory(team=team, track=track)
    result_record(submission=submission, by=actors["evaluator"], metric_value=71.0)
    with pytest.raises(ChallengeError, match="scored submission cannot be re-queued"):
        submission_requeue(submission=submission, by=actors["challenge_organizer"], reason="x")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SCORED


def test_organizer_requeues_a_stuck_submission_from_its_page(
    client, edition, team, track, actors, django_capture_on_commit_callbacks
):
    submission = _submit(team, track, actors)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.MEASURING)
    client.force_login(actors["challenge_organizer"])
    page_url = reverse("challenge:team-submission", args=[edition.slug, submission.pk])
    assert "Measure again" in client.get(page_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("challenge:organizer-submission-requeue", args=[edition.slug, submission.pk]),
            {"requeue-reason": "worker restarted"},
        )
    assert response.url == page_url
    html = client.get(page_url).content.decode()
    assert f"Submission #{submission.pk} re-queued for measuring." in html
    assert "<dt>Status</dt><dd>Waiting for an evaluator</dd>" in html


def test_requeue_api_returns_the_new_measurement(
    edition, team, track, actors, django_capture_on_commit_callbacks
):
    submission = _submit(team, track, actors)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.FAILED)
    api = APIClient()
    api.force_authenticate(actors["challenge_organizer"])
    url = reverse("api:challenge:requeue", kwargs={"edition": edition.slug, "pk": submission.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"reason": "check"}, format="json")
    submission.refresh_from_db()
    assert (response.status_code, response.json()["status"]) == (200, "uploaded")
    assert (submission.status, submission.measured_size_bytes) == (SubmissionStatus.QUEUED, 54)
    result_record(submission=submission, by=actors["evaluator"], metric_value=71.0)
    second = api.post(url, {"reason": "again"}, format="json")
    assert second.status_code == 400
    assert second.json() == {"detail": "A scored submission cannot be re-queued."}


def test_size_definition_on_the_public_page_and_in_the_api(client, edition, challenge):
    from challenge.measure import SIZE_DEFINITION

    page = client.get(reverse("challenge:public-challenge", args=[edition.slug])).content.decode()
    assert "How model size is measured" in page
    assert "the bytes of every stored parameter tensor at its stored precision" in page
    api = client.get(reverse("api:challenge:challenge-detail", kwargs={"edition": edition.slug}))
    assert api.json()["size_definition"] == SIZE_DEFINITION
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "stored parameter tensor at its stored precision" in schema
