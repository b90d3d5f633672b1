#!/usr/bin/env bash
# Back up the database and the media files into one archive:
#   scripts/backup.sh [DIR]   ->  DIR/emc2-backup-YYYYMMDDTHHMMSSZ.tar.gz (DIR defaults to ./backups)
# PostgreSQL (DATABASE_URL=postgres://...) is dumped with pg_dump (custom format, no owners);
# SQLite is copied with SQLite's online backup API, so the site may keep running.
# Restore with scripts/restore.sh ARCHIVE. Settings come from the environment / .env as for the site.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
OUT_DIR="${1:-$ROOT/backups}"
eval "$("$PY" "$ROOT/scripts/_backup_env.py")"
export PGPASSWORD

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT_DIR" "$work/media"

case "$DB_VENDOR" in
  postgresql)
    pg_dump --format=custom --no-owner --no-privileges \
      ${DB_HOST:+--host="$DB_HOST"} ${DB_PORT:+--port="$DB_PORT"} ${DB_USER:+--username="$DB_USER"} \
      --file="$work/database.pgdump" "$DB_NAME"
    ;;
  sqlite)
    [ -f "$DB_NAME" ] || { echo "backup: no SQLite database at $DB_NAME" >&2; exit 1; }
    "$PY" "$ROOT/scripts/_backup_env.py" sqlite-copy "$DB_NAME" "$work/database.sqlite3"
    ;;
  *)
    echo "backup: unsupported database engine $DB_VENDOR" >&2; exit 1 ;;
esac

# Media through Django's storage: the same for local disk and a bucket.
"$PY" "$ROOT/scripts/_backup_env.py" media-export "$work/media"
printf 'format=1\ncreated=%s\ndatabase=%s\n' "$stamp" "$DB_VENDOR" > "$work/MANIFEST"

archive="$OUT_DIR/emc2-backup-$stamp.tar.gz"
tar -czf "$archive.part" -C "$work" MANIFEST media $(cd "$work" && ls database.*)
mv "$archive.part" "$archive"
echo "$archive"
