#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (pytest marker `browser`), once.
# Playwright drives this system browser: nothing is ever downloaded by Playwright itself.
# Idempotent: does nothing when the browser is already there (/usr/bin/chromium, or the
# path in COLLECTIVIA_CHROMIUM).
set -euo pipefail

chromium="${COLLECTIVIA_CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$chromium" ]]; then
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "Chromium is missing ($chromium) and installing it needs root:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2
    echo "or set COLLECTIVIA_CHROMIUM to an installed Chromium or Chrome." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
if [[ ! -x "$chromium" ]]; then
    echo "apt-get installed chromium but $chromium is still missing" >&2
    exit 1
fi
