"""Print the database and media settings of emc2 as shell assignments (for backup/restore)."""

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emc2.settings")

from django.conf import settings  # noqa: E402

db = settings.DATABASES["default"]
vendor = {"django.db.backends.postgresql": "postgresql", "django.db.backends.sqlite3": "sqlite"}
values = {
    "DB_VENDOR": vendor.get(db["ENGINE"], db["ENGINE"]),
    "DB_NAME": str(db.get("NAME") or ""),
    "DB_USER": str(db.get("USER") or ""),
    "DB_HOST": str(db.get("HOST") or ""),
    "DB_PORT": str(db.get("PORT") or ""),
    "PGPASSWORD": str(db.get("PASSWORD") or ""),
    "MEDIA_DIR": str(settings.MEDIA_ROOT),
}
for key, value in values.items():
    print(f"{key}={shlex.quote(value)}")
