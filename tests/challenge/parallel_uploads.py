"""Ten parallel uploads by one team against a real database, in a fresh process.

Run by tests/challenge/test_uploads.py with DATABASE_URL pointing at a SQLite file (pytest's
SQLite test database lives in memory, where connections share a cache and lock differently).
Prints one JSON line: the status codes and the number of submissions stored.
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emc2.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from challenge.models import Submission  # noqa: E402
from tests.challenge.artifacts import tiny_onnx  # noqa: E402
from tests.challenge.threads import run_at_once  # noqa: E402
from tests.factories.challenge import (  # noqa: E402
    ChallengeFactory,
    TeamFactory,
    TrackFactory,
    add_member,
)
from tests.factories.emc2 import EditionFactory, UserFactory  # noqa: E402

PARALLEL = 10


def main() -> None:
    # As under pytest: no collected static manifest is needed to render a page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    edition = EditionFactory(slug="2030-parallel", title="Parallel")
    challenge = ChallengeFactory(edition=edition, daily_quota=3, total_quota=10)
    track = TrackFactory(challenge=challenge)
    team = TeamFactory(challenge=challenge, name="Racers")
    user = UserFactory(email="racer@example.org")
    add_member(team, user)
    connections.close_all()
    url = reverse("challenge:team-submit", args=[edition.slug, team.pk])
    codes, refused = [], []

    def upload():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        data = {"track": track.pk, "framework": "ONNX",
                "artifact": SimpleUploadedFile("m.onnx", tiny_onnx())}  # fmt: skip
        response = client.post(url, data, secure=True)
        codes.append(response.status_code)
        if response.status_code == 200:
            refused.append("try again tomorrow" in response.content.decode())

    run_at_once(upload, times=PARALLEL)
    media = settings.MEDIA_ROOT
    files = sum(len(f) for _, _, f in os.walk(media)) if os.path.isdir(media) else 0
    print(
        json.dumps(
            {
                "codes": sorted(codes),
                "stored": Submission.objects.count(),
                "refused_with_reason": sum(refused),
                "files": files,
            }
        )
    )


if __name__ == "__main__":
    main()
