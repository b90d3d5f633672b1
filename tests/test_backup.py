"""scripts/backup.sh and restore.sh: rows and media survive a wipe, on SQLite and PostgreSQL.

The scripts run as a deployment runs them: in a subprocess, against their own database (never the
test database) and their own media directory.
"""

import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

# Writes an account, an edition and a private upload; prints nothing.
CREATE = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from emc2.models import User
from tests.factories.emc2 import EditionFactory
User.objects.create(email="kept@example.org")
EditionFactory(slug="2031-kept")
default_storage.save("papers/kept.pdf", ContentFile(b"%PDF-1.4 kept"))
"""
# Prints what a restore must bring back.
READ = """
from django.core.files.storage import default_storage
from emc2.models import Edition, User
print(sorted(User.objects.values_list("email", flat=True)))
print(sorted(Edition.objects.values_list("slug", flat=True)))
print(default_storage.exists("papers/kept.pdf") and default_storage.open("papers/kept.pdf").read())
"""
EXPECTED = "['kept@example.org']\n['2031-kept']\nb'%PDF-1.4 kept'\n"


def _env(database_url: str, media: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env["PYTHON"] = sys.executable
    return env


def _run(env: dict, *args: str) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _manage(env: dict, *args: str) -> str:
    return _run(env, sys.executable, "manage.py", *args)


def _round_trip(env: dict, media: Path, tmp_path: Path, wipe) -> None:
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "shell", "--no-imports", "-c", CREATE)
    assert _manage(env, "shell", "--no-imports", "-c", READ) == EXPECTED

    archive = Path(_run(env, "bash", "scripts/backup.sh", str(tmp_path / "backups")).strip())
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("emc2-backup-") and archive.name.endswith("Z.tar.gz")
    with tarfile.open(archive) as tar:
        assert "media/papers/kept.pdf" in tar.getnames()

    wipe()
    for child in media.iterdir():
        subprocess.run(["rm", "-rf", str(child)], check=True)
    _manage(env, "migrate", "--noinput", "-v", "0")
    assert _manage(env, "shell", "--no-imports", "-c", READ) == "[]\n[]\nFalse\n"

    _run(env, "bash", "scripts/restore.sh", str(archive))
    assert _manage(env, "shell", "--no-imports", "-c", READ) == EXPECTED


def test_backup_restore_round_trip_sqlite(tmp_path):
    db, media = tmp_path / "site.sqlite3", tmp_path / "media"
    media.mkdir()
    env = _env(f"sqlite:///{db}", media)
    _round_trip(env, media, tmp_path, wipe=db.unlink)


def test_restore_refuses_an_archive_of_another_database_kind(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "MANIFEST").write_text("format=1\ncreated=x\ndatabase=postgresql\n")
    (work / "media").mkdir()
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(work / "MANIFEST", "MANIFEST")
        tar.add(work / "media", "media")
    db = tmp_path / "site.sqlite3"
    media = tmp_path / "media"
    media.mkdir()
    (media / "untouched.txt").write_text("still here")
    result = subprocess.run(
        ["bash", "scripts/restore.sh", str(archive)],
        cwd=ROOT,
        env=_env(f"sqlite:///{db}", media),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "holds a postgresql database, the site is configured for sqlite" in result.stderr
    assert (media / "untouched.txt").read_text() == "still here"


@pytest.mark.postgres
def test_backup_restore_round_trip_postgresql(tmp_path, db):
    params = connection.settings_dict
    name = f"{params['NAME']}_backup_{uuid.uuid4().hex[:8]}"
    user, password = params.get("USER") or "", params.get("PASSWORD") or ""
    host, port = params.get("HOST") or "127.0.0.1", params.get("PORT") or "5432"
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    media = tmp_path / "media"
    media.mkdir()
    env = _env(f"postgres://{auth}{host}:{port}/{name}", media)

    # CREATE/DROP DATABASE cannot run in the test's transaction: use a separate connection.
    def admin(statement: str) -> None:
        _run(
            {**env, "PGPASSWORD": password},
            "psql",
            "-h",
            host,
            "-p",
            str(port),
            *(["-U", user] if user else []),
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            statement,
        )

    admin(f'CREATE DATABASE "{name}"')
    try:

        def wipe():
            admin(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin(f'CREATE DATABASE "{name}"')

        _round_trip(env, media, tmp_path, wipe=wipe)
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
