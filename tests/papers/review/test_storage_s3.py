"""Papers with media in an S3-compatible bucket: upload, then the reviewer's download."""

import pytest
from django.urls import reverse

from tests.papers.pdf_leaks import pdf_texts

pytestmark = pytest.mark.django_db


def test_uploaded_pdf_lands_in_the_bucket_and_reviewer_downloads_it(client, s3_media, rw):
    version = rw.paper.files.get()
    keys = sorted(o.key for o in s3_media.objects.all())
    # The original and the anonymized copy, both in the bucket, none on local disk.
    assert keys == sorted(f"media/{n}" for n in (version.file.name, version.anonymized.name))
    client.force_login(rw.reviewer)
    response = client.get(reverse("papers:reviewer-pdf", args=[rw.edition.slug, rw.paper.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert "Quillfeather" not in "".join(pdf_texts(data))  # the anonymized copy
    with version.anonymized.open("rb") as fh:
        assert fh.read() == data


def test_stranger_gets_nothing_from_the_bucket(client, s3_media, rw, actors):
    client.force_login(actors["stranger"])
    response = client.get(reverse("papers:reviewer-pdf", args=[rw.edition.slug, rw.paper.pk]))
    assert response.status_code == 403
    assert b"%PDF" not in response.content
