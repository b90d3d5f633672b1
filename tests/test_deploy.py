"""Production settings pass Django's deployment checks; the API schema has no warnings."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_silent_with_production_values(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "EMC2_TESTING": "0",
        "SECRET_KEY": "p7#v!x9q-long-random-production-secret-key-for-the-check-0123456789",
        "ALLOWED_HOSTS": "emc2.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    # The browser fixture sets this for its whole xdist worker; production never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_openapi_schema_validates_without_warnings(tmp_path, db):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/editions/" in out.read_text()
