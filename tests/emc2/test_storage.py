"""Media storage: local disk by default, an S3-compatible bucket when configured."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from emc2.settings import media_s3_options
from emc2.storage import MediaS3Storage, local_copies, storage_is_local

pytestmark = pytest.mark.django_db


def test_media_storage_url_configures_the_bucket(monkeypatch):
    monkeypatch.setenv("MEDIA_S3_REGION", "eu-central-1")
    options = media_s3_options(
        "s3://emc2-media/prod?endpoint_url=https://s3.example.org&public_url=https://m.example.org/"
    )
    assert (options["bucket_name"], options["location"], options["endpoint_url"]) == (
        "emc2-media",
        "prod",
        "https://s3.example.org",
    )
    # A MEDIA_S3_* variable wins over the URL's part; uploads never overwrite each other.
    assert (options["region_name"], options["file_overwrite"]) == ("eu-central-1", False)
    assert options["public_url"] == "https://m.example.org/"


def test_no_bucket_means_local_disk():
    assert media_s3_options("", "") is None
    assert storage_is_local()


@pytest.mark.parametrize("url", ["http://bucket/x", "s3:///nobucket", "bucket"])
def test_media_storage_url_must_be_s3(url):
    with pytest.raises(ValueError, match="s3://"):
        media_s3_options(url)


def test_public_names_get_plain_urls_private_ones_signed(s3_media):
    storage = storages["default"]
    assert isinstance(storage, MediaS3Storage) and not storage_is_local()
    storage.public_url = "https://media.example.org"
    assert (
        storage.url("public/people/a b.png") == "https://media.example.org/public/people/a%20b.png"
    )
    private = storage.url("private/papers/1/v1.pdf")
    assert "X-Amz-Signature=" in private and "X-Amz-Expires=300" in private


def test_public_media_view_streams_from_the_bucket(client, s3_media):
    name = default_storage.save("public/people/photo.png", ContentFile(b"\x89PNG fake"))
    assert [o.key for o in s3_media.objects.all()] == [f"media/{name}"]
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert (response["Content-Type"], b"".join(response.streaming_content)) == (
        "image/png",
        b"\x89PNG fake",
    )


@pytest.mark.parametrize(
    "path", ["missing.png", "../private/papers/1/v1.pdf", "%2e%2e/private/x.pdf", "a/../../x"]
)
def test_public_media_view_never_reaches_private_files(client, s3_media, path):
    default_storage.save("private/papers/1/v1.pdf", ContentFile(b"%PDF-secret"))
    response = client.get(f"/media/public/{path}")
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_public_media_view_on_local_disk(client, settings):
    name = default_storage.save("public/logos/logo.svg", ContentFile(b"<svg/>"))
    assert (settings.MEDIA_ROOT / name).is_file()
    response = client.get(f"/media/{name}")
    assert b"".join(response.streaming_content) == b"<svg/>"
    default_storage.save("private/x.pdf", ContentFile(b"%PDF-secret"))
    assert client.get("/media/public/../private/x.pdf").status_code == 404


def test_local_copies_are_temporary_and_skip_missing_names(s3_media):
    name = default_storage.save("private/a.pdf", ContentFile(b"%PDF-1"))
    with local_copies([name, "private/missing.pdf", ""]) as paths:
        assert list(paths) == [name]
        path = paths[name]
        assert path.read_bytes() == b"%PDF-1"
    assert not path.exists()
