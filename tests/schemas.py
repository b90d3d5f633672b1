"""Where the shared c3voc schemas are: ``../shared/schemas`` beside the clone, or
``EMC2_SCHEMAS_DIR`` (``FRAB_XSD`` names the XSD itself). Under ``CI=true`` a missing schema
fails the test instead of skipping it: the exports must be validated in CI."""

import os
from pathlib import Path

import pytest
from django.conf import settings


def schema_path(name: str, *, env: str = "") -> Path:
    if env and os.environ.get(env):
        path = Path(os.environ[env])
    else:
        base = (
            os.environ.get("EMC2_SCHEMAS_DIR") or Path(settings.BASE_DIR).parent / "shared/schemas"
        )
        path = Path(base) / name
    if not path.is_file():
        hint = f"EMC2_SCHEMAS_DIR or {env}" if env else "EMC2_SCHEMAS_DIR"
        message = f"schema {path} is missing (set {hint})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
