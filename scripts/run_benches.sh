#!/usr/bin/env bash
# Runs every benchmark and prints its JSON figures. Not part of `make test`: figures are
# reported, not asserted. Quick sizes by default; BENCH_FULL=1 uses the budget sizes
# (1,000,000 persons for search: expect tens of minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
PY=.venv/bin/python
full=${BENCH_FULL:-0}
run() { echo "== $*" >&2; "$PY" "$@"; }
run bench/bench_core.py
if [ "$full" = 1 ]; then
  run bench/bench_search.py --persons 1000000
else
  run bench/bench_search.py --persons 50000
fi
[ -f bench/bench_sync_pull.py ] && run bench/bench_sync_pull.py
[ -f bench/bench_sync_push.py ] && run bench/bench_sync_push.py
run bench/bench_ui_start.py --runs 5
run bench/bench_ui_scroll.py
if ls /tmp/district-desk-build-cache/*/district-desk >/dev/null 2>&1 || [ "$full" = 1 ]; then
  run bench/bench_frozen_start.py --runs 7
fi
