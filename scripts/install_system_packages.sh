#!/usr/bin/env bash
# Installs the Debian packages emc2 needs and the machine lacks (idempotent, no-op when present):
# Chromium for the browser test, Pango for WeasyPrint, fonts for PDFs, poppler for PDF checks,
# wrk for bench/load.sh.
set -euo pipefail
PACKAGES=(chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
          fonts-dejavu-core poppler-utils wrk)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
