"""The artifact limit holds while the upload streams: nothing past it is read or kept."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from challenge.models import Submission
from tests.challenge.artifacts import tiny_onnx
from tests.challenge.threads import run_at_once

BOUNDARY = "XyZboundary"
LIMIT = 1_000_000


class StreamingBody:
    """A multipart body of ``file_bytes`` zeros, produced on demand; counts what is read."""

    def __init__(self, fields: dict, file_bytes: int):
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="artifact"; '
            f'filename="m.onnx"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        self.head = head.encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file_bytes = file_bytes
        self.length = len(self.head) + file_bytes + len(self.tail)
        self.read_bytes = 0

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.length - self.read_bytes
        size = min(size, self.length - self.read_bytes, 2**20)
        out = bytearray()
        pos = self.read_bytes
        end = pos + size
        head_end, file_end = len(self.head), len(self.head) + self.file_bytes
        if pos < head_end:
            out += self.head[pos : min(end, head_end)]
        if end > head_end and pos < file_end:
            out += b"\x00" * (min(end, file_end) - max(pos, head_end))
        if end > file_end:
            out += self.tail[max(pos, file_end) - file_end : end - file_end]
        self.read_bytes = end
        return bytes(out)

    def readline(self, size=-1):
        return self.read(size)


@pytest.fixture
def small_limit(challenge, settings, tmp_path):
    challenge.max_artifact_bytes = LIMIT
    challenge.save()
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    return tmp_path / "upload-tmp"


def _post_stream(client, url, body: StreamingBody, content_length: int, **extra):
    return client.generic(
        "POST",
        url,
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(content_length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        },
        **extra,
    )


def _left_behind(settings, tmp_dir) -> list:
    media = list((settings.MEDIA_ROOT).rglob("*")) if settings.MEDIA_ROOT.exists() else []
    return [p for p in media if p.is_file()] + list(tmp_dir.iterdir())


def test_two_gigabyte_upload_is_cut_off_before_its_bytes_are_read(
    client, edition, team, track, actors, small_limit, settings
):
    client.force_login(actors["author"])
    body = StreamingBody({"track": track.pk, "framework": "ONNX"}, file_bytes=2 * 2**30)
    url = reverse("challenge:team-submit", args=[edition.slug, team.pk])
    response = _post_stream(client, url, body, body.length)
    assert response.status_code == 200
    assert "The file is larger than the 1,000,000 bytes allowed." in response.content.decode()
    assert body.read_bytes <= 64 * 1024  # the first chunk (the form fields), none of the file
    assert Submission.objects.count() == 0
    assert _left_behind(settings, small_limit) == []


def test_upload_within_the_declared_allowance_still_stops_at_the_limit(
    client, edition, team, track, actors, small_limit, settings, monkeypatch
):
    # A body whose length passes the first check: the bytes themselves are counted.
    monkeypatch.setattr("challenge.uploads.FORM_OVERHEAD_BYTES", 100 * 2**20)
    client.force_login(actors["author"])
    body = StreamingBody({"track": track.pk, "framework": "ONNX"}, file_bytes=50 * 2**20)
    url = reverse("challenge:team-submit", args=[edition.slug, team.pk])
    response = _post_stream(client, url, body, body.length)
    assert "The file is larger than the 1,000,000 bytes allowed." in response.content.decode()
    assert body.read_bytes < LIMIT + 2**20  # stopped one chunk past the limit, not at 50 MB
    assert Submission.objects.count() == 0
    assert _left_behind(settings, small_limit) == []


def test_api_upload_past_the_limit_is_a_400_and_leaves_nothing(
    client, edition, team, track, actors, small_limit, settings
):
    token = Token.objects.create(user=actors["author"])
    body = StreamingBody({"track": track.slug, "framework": "ONNX"}, file_bytes=2 * 2**30)
    url = reverse("api:challenge:submission-create", kwargs={"edition": edition.slug})
    response = _post_stream(client, url, body, body.length, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400
    assert response.json() == {"artifact": ["The file is larger than the 1,000,000 bytes allowed."]}
    assert body.read_bytes <= 64 * 1024  # the first chunk (the form fields), none of the file
    assert Submission.objects.count() == 0
    assert _left_behind(settings, small_limit) == []


def test_upload_within_the_limit_is_kept(
    client, edition, team, track, actors, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(actors["author"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("challenge:team-submit", args=[edition.slug, team.pk]),
            {"track": track.pk, "framework": "ONNX",
             "artifact": SimpleUploadedFile("m.onnx", tiny_onnx())},
        )  # fmt: skip
    assert response.url == reverse("challenge:team-detail", args=[edition.slug, team.pk])
    assert Submission.objects.get().measured_size_bytes == 54


def test_upload_view_still_checks_csrf(edition, team, track, actors, small_limit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(actors["author"])
    response = client.post(
        reverse("challenge:team-submit", args=[edition.slug, team.pk]),
        {"track": track.pk, "framework": "ONNX"},
    )
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_ten_parallel_uploads_on_a_sqlite_file_never_answer_500(tmp_path):
    """The embedded default: a SQLite file, eager tasks. The quota of 3 a day holds."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": "",
    }
    run = subprocess.run(
        [sys.executable, "-W", "ignore", "tests/challenge/parallel_uploads.py"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {
        "codes": [200] * 7 + [302] * 3,
        "stored": 3,
        "refused_with_reason": 7,
        "files": 3,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_uploads_on_postgresql_hold_the_quota(edition, team, track, actors):
    url = reverse("challenge:team-submit", args=[edition.slug, team.pk])
    codes = []

    def upload():
        client = Client(raise_request_exception=False)
        client.force_login(actors["author"])
        data = {"track": track.pk, "framework": "ONNX",
                "artifact": SimpleUploadedFile("m.onnx", tiny_onnx())}  # fmt: skip
        codes.append(client.post(url, data).status_code)

    run_at_once(upload, times=10)
    assert sorted(codes) == [200] * 7 + [302] * 3
    assert Submission.objects.count() == 3
    stored = [p for p in django_settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(stored) == 3


def test_quota_refusal_deletes_the_stored_file(team, track, actors, challenge, settings):
    from django.core.files.base import ContentFile

    from challenge.exceptions import ChallengeError
    from challenge.services import submission_create

    challenge.daily_quota = 0
    challenge.save()
    with pytest.raises(ChallengeError, match="for today"):
        submission_create(
            team=team, track=track, by=actors["author"], framework="ONNX",
            artifact=ContentFile(tiny_onnx(), name="m.onnx"),
        )  # fmt: skip
    assert (settings.MEDIA_ROOT / "private/challenge/artifacts").is_dir()  # it was written
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []
