"""Proceedings with media in an S3-compatible bucket: the engine reads the camera-ready PDFs
from the bucket, the volume is stored there and downloaded from it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from program.enums import BuildKind, BuildState
from program.publish.selectors import build_served
from program.publish.services import build_request

pytestmark = pytest.mark.django_db


def test_volume_is_built_from_and_into_the_bucket(
    s3_media,
    chair_client,
    edition,
    volume,
    two_papers,
    program_with_papers,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        build, queued = build_request(edition=edition, kind=BuildKind.VOLUME)
    build.refresh_from_db()
    assert (queued, build.state, build.error, build.page_count) == (True, BuildState.DONE, "", 12)
    assert f"media/{build.file}" in {o.key for o in s3_media.objects.all()}
    assert build_served(edition=edition, kind=BuildKind.VOLUME) == build
    # Same inputs read again from the bucket: nothing new is queued.
    assert build_request(edition=edition, kind=BuildKind.VOLUME) == (build, False)
    response = chair_client.get(reverse("program:public-volume", args=[edition.slug]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    with s3_media.Object(f"media/{build.file}").get()["Body"] as body:
        assert data == body.read()
    assert len(PdfReader(io.BytesIO(data)).pages) == 12
