#!/usr/bin/env bash
# Restore an archive made by scripts/backup.sh: REPLACES the current database and media files.
#   scripts/restore.sh ARCHIVE
# The archive's database kind must match the configured one (DATABASE_URL). Stop the app servers
# and Celery workers first; run `manage.py migrate` afterwards if the code is newer than the backup.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
archive="${1:?usage: scripts/restore.sh ARCHIVE}"
[ -f "$archive" ] || { echo "restore: no file $archive" >&2; exit 1; }
eval "$("$PY" "$ROOT/scripts/_backup_env.py")"
export PGPASSWORD

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
grep -qx "format=1" "$work/MANIFEST" || { echo "restore: not an emc2 backup: $archive" >&2; exit 1; }
kind="$(sed -n 's/^database=//p' "$work/MANIFEST")"
[ "$kind" = "$DB_VENDOR" ] || {
  echo "restore: the archive holds a $kind database, the site is configured for $DB_VENDOR" >&2
  exit 1
}

case "$DB_VENDOR" in
  postgresql)
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
      ${DB_HOST:+--host="$DB_HOST"} ${DB_PORT:+--port="$DB_PORT"} ${DB_USER:+--username="$DB_USER"} \
      --dbname="$DB_NAME" "$work/database.pgdump"
    ;;
  sqlite)
    mkdir -p "$(dirname "$DB_NAME")"
    "$PY" "$ROOT/scripts/_backup_env.py" sqlite-copy "$work/database.sqlite3" "$DB_NAME"
    ;;
esac

"$PY" "$ROOT/scripts/_backup_env.py" media-import "$work/media"
echo "restored $archive"
