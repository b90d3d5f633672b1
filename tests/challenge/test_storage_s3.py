"""Challenge artifacts in an S3-compatible bucket: uploaded there, measured from a temporary
local copy, downloaded by the team from the bucket."""

import pytest
from django.urls import reverse

from challenge.enums import SubmissionStatus
from challenge.services import submission_create
from tests.challenge.artifacts import tiny_onnx

pytestmark = pytest.mark.django_db


def test_artifact_in_the_bucket_is_measured_and_downloaded(
    s3_media, client, edition, team, track, actors, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    data = tiny_onnx()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_create(
            team=team,
            track=track,
            by=actors["author"],
            artifact=ContentFile(data, name="m.onnx"),
            framework="ONNX",
        )
    submission.refresh_from_db()
    assert (submission.status, submission.measured_size_bytes, submission.failure_reason) == (
        SubmissionStatus.QUEUED,
        54,
        "",
    )
    assert [o.key for o in s3_media.objects.all()] == [f"media/{submission.artifact.name}"]
    client.force_login(actors["author"])
    response = client.get(reverse("challenge:team-artifact", args=[edition.slug, submission.pk]))
    assert b"".join(response.streaming_content) == data


def test_artifact_gone_from_the_bucket_fails_with_a_reason(
    s3_media, edition, team, track, actors, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from challenge.services import submission_measure

    submission = submission_create(
        team=team, track=track, by=actors["author"],
        artifact=ContentFile(tiny_onnx(), name="m.onnx"), framework="ONNX",
    )  # fmt: skip
    s3_media.Object(f"media/{submission.artifact.name}").delete()
    submission = submission_measure(submission=submission)
    assert (submission.status, submission.failure_reason) == (
        SubmissionStatus.FAILED,
        "Unreadable: FileNotFoundError",
    )
