#!/usr/bin/env bash
# Runs the whole suite headless inside a private D-Bus session with an unlocked
# GNOME Keyring, so the keyring tests use the real Secret Service backend.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
exec dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf "district-desk-tests\n" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  .venv/bin/python -m pytest "$@"
' run_tests "$@"
