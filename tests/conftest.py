"""Fixtures shared by every test: an edition, the actors, eager Celery, a private media root."""

import itertools
import os
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from emc2.celery import app as celery_app
from emc2.enums import RoleKind
from tests.factories.emc2 import EditionFactory, UserFactory, user_with_role

# Every actor the access table and permission tests speak of. Apps add their own actors to the
# dict the ``actors`` fixture returns (e.g. papers makes "author" the author of a paper).
ACTOR_NAMES = [
    "anonymous",
    "stranger",
    "author",
    "pc_member",
    "chair",
    "chair_other_edition",
    "challenge_organizer",
    "evaluator",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto's standalone server) for the whole session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server, monkeypatch, tmp_path):
    """Media in a fresh bucket of the local S3 server, configured as production would be
    (``MEDIA_STORAGE_URL``). MEDIA_ROOT points at a folder that must stay absent. Returns the
    boto3 bucket. Name it before the fixtures that upload files, so they upload into it."""
    import boto3

    from emc2.settings import media_s3_options

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"emc2-test-{uuid.uuid4().hex[:12]}"
    s3 = boto3.resource(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=bucket)
    options = media_s3_options(f"s3://{bucket}/media?endpoint_url={s3_server}&region=us-east-1")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "emc2.storage.MediaS3Storage", "OPTIONS": options},
    }
    settings.MEDIA_ROOT = tmp_path / "must-stay-absent"
    yield s3.Bucket(bucket)
    assert not settings.MEDIA_ROOT.exists(), "a media file was written to local disk"


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process unless a test asks for the real worker (marker celery_worker)."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture(autouse=True)
def _skip_postgres_only(request, settings):
    if (
        request.node.get_closest_marker("postgres")
        and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
    ):
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


# Fixtures through which a test reaches the database (pytest-django's, and live_server).
_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _uses_database(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """``EMC2_DATABASE_TESTS_ONLY=1`` keeps the tests that touch the database and those marked
    ``celery_worker`` or ``postgres``.

    .ci/run sets it on its second leg (PostgreSQL + Redis): tests that never reach a database
    gave their answer in the SQLite leg, and running them again costs CI minutes and tells
    nothing new. They are deselected (counted in the summary), not skipped.
    """
    if os.environ.get("EMC2_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        needed = (
            _uses_database(item)
            or item.get_closest_marker("celery_worker")
            or item.get_closest_marker("postgres")
        )
        (keep if needed else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


_worlds = itertools.count()


def make_actors():
    """``(edition, other_edition, actors)``: one user per actor name, with their roles.

    A counter keeps slugs and e-mails unique when a test builds several worlds.
    """
    n = next(_worlds)
    edition = EditionFactory(slug=f"2030-test-{n}", title="Test edition")
    other_edition = EditionFactory(slug=f"2031-other-{n}", title="Other edition")
    return (
        edition,
        other_edition,
        {
            "anonymous": AnonymousUser(),
            "stranger": UserFactory(email=f"stranger{n}@example.org"),
            "author": UserFactory(email=f"author{n}@example.org"),
            "pc_member": user_with_role(edition, RoleKind.PC_MEMBER, email=f"pc{n}@example.org"),
            "chair": user_with_role(edition, RoleKind.CHAIR, email=f"chair{n}@example.org"),
            "chair_other_edition": user_with_role(
                other_edition, RoleKind.CHAIR, email=f"other-chair{n}@example.org"
            ),
            "challenge_organizer": user_with_role(
                edition, RoleKind.CHALLENGE_ORGANIZER, email=f"challenge{n}@example.org"
            ),
            "evaluator": user_with_role(
                edition, RoleKind.EVALUATOR, email=f"evaluator{n}@example.org"
            ),
        },
    )


@pytest.fixture
def world_parts(db):
    return make_actors()


@pytest.fixture
def edition(world_parts):
    return world_parts[0]


@pytest.fixture
def other_edition(world_parts):
    return world_parts[1]


@pytest.fixture
def actors(world_parts) -> dict:
    return world_parts[2]


@pytest.fixture
def chair(actors):
    return actors["chair"]


@pytest.fixture
def chair_client(client, chair):
    client.force_login(chair)
    return client
