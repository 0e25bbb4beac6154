#!/usr/bin/env bash
# Runs the whole suite headless inside a private D-Bus session with an unlocked
# GNOME Keyring, so the keyring tests use the real Secret Service backend.
#
# The keyring daemon keeps its files in a throwaway directory (its own XDG_DATA_HOME), so
# every run starts from a fresh "login" keyring unlocked with a known password and leaves
# no test secrets in the user's real keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
# DD_TEST_WORKERS=N runs the tests in N processes (pytest-xdist; "auto": one per core);
# the default is one process. Two processes halve the wall time on an idle 2-core
# machine, but in one of five such runs the Secret Service daemon of the session went
# away mid-run and every keyring test after it failed (cause not found yet), so the
# README's `make test` stays on one process. Tests that share a fixed resource carry an
# xdist_group mark and stay on one worker.
DD_TEST_WORKERS="${DD_TEST_WORKERS:-1}"
DD_XDIST=""
if [ "$DD_TEST_WORKERS" != 1 ]; then
  DD_XDIST="-n ${DD_TEST_WORKERS} --dist loadgroup"
fi
export DD_XDIST
DD_KEYRING_HOME="$(mktemp -d -t district-desk-keyring.XXXXXX)"
export DD_KEYRING_HOME
trap 'rm -rf "$DD_KEYRING_HOME"' EXIT
status=0
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf "district-desk-tests\n" \
    | XDG_DATA_HOME="$DD_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  if [ "$#" -eq 0 ]; then
    # Tests marked postgres need PostgreSQL only: they run once, in the pass below.
    .venv/bin/python -m pytest -m "not postgres" $DD_XDIST
  else
    .venv/bin/python -m pytest $DD_XDIST "$@"
  fi
' run_tests "$@" || status=$?

# The whole suite once more for the server against PostgreSQL: every integration test
# that starts the reference server gets a fresh database in a throwaway cluster.
if [ "$#" -eq 0 ] && [ "${DD_SKIP_PG:-0}" != 1 ]; then
  eval "$(bash tests/helpers/pg.sh start)"
  trap 'bash tests/helpers/pg.sh stop "$DD_TEST_PG_DIR"; rm -rf "$DD_KEYRING_HOME"' EXIT
  echo "== integration suite against PostgreSQL ($DD_TEST_PG_URL)"
  dbus-run-session -- bash -c '
    set -euo pipefail
    eval "$(printf "district-desk-tests\n" \
      | XDG_DATA_HOME="$DD_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets)"
    # The OpenAPI fuzzing checks the HTTP contract, which does not depend on the
    # database: it runs once, in the first pass.
    .venv/bin/python -m pytest tests/integration -q -p no:cacheprovider -m "not contract" $DD_XDIST
  ' || status=$?
fi
exit "$status"
