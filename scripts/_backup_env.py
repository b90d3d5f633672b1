"""Helper of scripts/backup.sh and restore.sh.

``_backup_env.py``: print emc2's database and media settings as shell assignments.
``_backup_env.py sqlite-copy SRC DST``: copy a SQLite database with SQLite's online backup API
(consistent while the site writes to SRC; DST is replaced).
"""

import os
import shlex
import sqlite3
import sys
from pathlib import Path

if sys.argv[1:2] == ["sqlite-copy"]:
    src, dst = sqlite3.connect(sys.argv[2]), sqlite3.connect(sys.argv[3])
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    sys.exit(0)

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
