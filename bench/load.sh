#!/usr/bin/env bash
# Load test: the public program page served by gunicorn on PostgreSQL, next to the same bytes
# served as a static file by WhiteNoise (the ceiling), with wrk.
#
#   bench/load.sh                          # 30 s at 64 connections
#   DURATION=10 bench/load.sh              # a quicker run
#
# Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/program_public; the
# database is created, migrated and given the demo data when it has no 2023 edition),
# DURATION (s, 30), CONNECTIONS (64), THREADS (2), WORKERS (gunicorn, 2 x cores), PORT (8765),
# PAGE (/2023-aaai/program/). Prints req/s, p50/p99 latency and non-2xx answers of both, and
# the ratio page/static (the goal is >= 0.5 with 0 non-2xx). wrk is Debian's `wrk` package
# (scripts/install_system_packages.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/program_public}"
DURATION="${DURATION:-30}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WORKERS="${WORKERS:-$((2 * $(nproc)))}"
PORT="${PORT:-8765}"
PAGE="${PAGE:-/2023-aaai/program/}"
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install_system_packages.sh" >&2; exit 1; }

# Production settings, as `make serve-prod`; the proxy's header stands in for TLS.
export DEBUG=0 SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-not-for-production-0123456789}"
export ALLOWED_HOSTS=127.0.0.1,localhost
HEADER="X-Forwarded-Proto: https"

db_name="${DATABASE_URL##*/}"
db_server="${DATABASE_URL%/*}"
psql "$db_server/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1 \
  || psql "$db_server/postgres" -qc "CREATE DATABASE \"$db_name\""
$PY manage.py migrate --noinput -v 0
if ! $PY manage.py shell -c "from emc2.models import Edition; import sys; sys.exit(0 if Edition.objects.filter(slug='2023-aaai').exists() else 1)"; then
  $PY manage.py load_demo >/dev/null
fi
$PY manage.py collectstatic --noinput -v 0

STATIC_ROOT_DIR=$($PY -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'emc2.settings'); django.setup(); from django.conf import settings; print(settings.STATIC_ROOT)")
LOG=$(mktemp -d)
serve() {
  .venv/bin/gunicorn emc2.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --access-logfile /dev/null --error-logfile "$LOG/gunicorn.log" --daemon --pid "$LOG/pid"
  for _ in $(seq 50); do curl -fs -H "$HEADER" -o /dev/null "http://127.0.0.1:$PORT/healthz" && return; sleep 0.2; done
  echo "gunicorn did not start:" >&2; cat "$LOG/gunicorn.log" >&2; exit 1
}
stop() { [ -f "$LOG/pid" ] && kill "$(cat "$LOG/pid")" && while [ -f "$LOG/pid" ]; do sleep 0.1; done; true; }
trap stop EXIT

# The page's bytes become a static file (WhiteNoise indexes STATIC_ROOT when it starts).
serve
mkdir -p "$STATIC_ROOT_DIR/bench"
curl -fs -H "$HEADER" "http://127.0.0.1:$PORT$PAGE" -o "$STATIC_ROOT_DIR/bench/program.html"
stop
serve

run() {  # name url
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$HEADER" "$2")
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  printf '%-8s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "${bad:-0}"
  echo "$rps" >"$LOG/$1.rps"
}
echo "wrk: ${DURATION}s, $CONNECTIONS connections, $THREADS threads; gunicorn: $WORKERS workers"
echo "bytes: $(wc -c <"$STATIC_ROOT_DIR/bench/program.html") ($PAGE)"
run program "http://127.0.0.1:$PORT$PAGE"
run static "http://127.0.0.1:$PORT/static/bench/program.html"
awk -v a="$(cat "$LOG/program.rps")" -v b="$(cat "$LOG/static.rps")" \
  'BEGIN { printf "ratio    %.2f (program / static req/s; goal >= 0.5)\n", a / b }'
