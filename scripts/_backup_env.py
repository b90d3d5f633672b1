"""Helper of scripts/backup.sh and restore.sh.

``_backup_env.py``: print emc2's database and media settings as shell assignments.
``_backup_env.py sqlite-copy SRC DST``: copy a SQLite database with SQLite's online backup API
(consistent while the site writes to SRC; DST is replaced).
``_backup_env.py media-export DIR`` / ``media-import DIR``: copy every media file out of / into
the configured media storage (local disk or bucket); the import first deletes what is there.
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

if sys.argv[1:2] in (["media-export"], ["media-import"]):
    import django

    django.setup()
    from django.core.files import File
    from django.core.files.storage import default_storage

    def stored(prefix=""):
        try:
            dirs, files = default_storage.listdir(prefix)
        except FileNotFoundError:  # local disk: no media folder yet
            return
        for name in files:
            yield f"{prefix}{name}"
        for sub in dirs:
            yield from stored(f"{prefix}{sub}/")

    local = Path(sys.argv[2])
    if sys.argv[1] == "media-export":
        for name in stored():
            dest = local / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as src, open(dest, "wb") as out:
                out.write(src.read())
    else:
        for name in list(stored()):
            default_storage.delete(name)
        for path in sorted(p for p in local.rglob("*") if p.is_file()):
            name = path.relative_to(local).as_posix()
            with open(path, "rb") as fh:
                saved = default_storage.save(name, File(fh, name=path.name))
            if saved != name:
                sys.exit(f"restore: media {name} came back as {saved}")
    sys.exit(0)

db = settings.DATABASES["default"]
vendor = {"django.db.backends.postgresql": "postgresql", "django.db.backends.sqlite3": "sqlite"}
values = {
    "DB_VENDOR": vendor.get(db["ENGINE"], db["ENGINE"]),
    "DB_NAME": str(db.get("NAME") or ""),
    "DB_USER": str(db.get("USER") or ""),
    "DB_HOST": str(db.get("HOST") or ""),
    "DB_PORT": str(db.get("PORT") or ""),
    "PGPASSWORD": str(db.get("PASSWORD") or ""),
}
for key, value in values.items():
    print(f"{key}={shlex.quote(value)}")
