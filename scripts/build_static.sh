#!/usr/bin/env bash
# Installs the front-end libraries from the npm registry (package-lock.json) and copies the
# files the site serves into static/vendor/ (not committed). Run by `make`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
rm -rf static/vendor
mkdir -p static/vendor/htmx static/vendor/pico static/vendor/sortable
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico/
cp node_modules/sortablejs/Sortable.min.js static/vendor/sortable/
