#!/usr/bin/env bash
# What the tests need from the system and npm cannot give: Debian's Chromium
# (Playwright cannot download its own browser here) and Debian's sympy (packed
# into the app for the Python engine). Installs them when missing and allowed.
set -euo pipefail

missing=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || missing+=(chromium)
[ -d /usr/lib/python3/dist-packages/sympy ] || missing+=(python3-sympy)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} with apt-get (needed by the tests)…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need: ${missing[*]}." >&2
  echo "On Debian/Ubuntu: sudo apt-get install -y ${missing[*]}; or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
