"""Sync client processes for the kill -9 test.

``python -m tests.faults.kill_runner DATA_DIR`` runs one cycle and exits (0 when up to
date). ``python -m tests.faults.kill_runner --zygote DATA_DIR`` imports everything once,
then for every ``run`` line on stdin forks a fresh client process that opens the store and
runs one cycle; it prints ``pid N`` when the child starts and ``exit CODE`` when it ends
(negative: killed by that signal). Forking from a warm parent makes each client start in
milliseconds, so fifty SIGKILLs land inside syncs rather than inside Python's start-up.

Tiny pages and batches make a cycle commit many small transactions, so a kill at a random
moment lands inside a page, between the freeze and the receipt of a batch, or in a commit.
"""

from __future__ import annotations

import os
import sys

from app.context import open_desk
from app.sync.engine import SyncEngine
from tests.faults.syncenv import fast_options


def run_cycle(data_dir: str) -> int:
    desk = open_desk(data_dir)
    # DD_KILL_STREAM=1: pull with the feed stream (protocol 2) instead of pages.
    stream = os.environ.get("DD_KILL_STREAM") == "1"
    options = fast_options(target_seconds=1e-6, min_page_bytes=3000, stream_pull=stream)
    engine = SyncEngine(desk, options)
    try:
        result = engine.run_once()
    finally:
        engine.close()
        desk.close()
    return 0 if result.up_to_date else 1


def zygote(data_dir: str) -> int:
    for line in sys.stdin:
        if line.strip() != "run":
            break
        pid = os.fork()
        if pid == 0:  # the client process
            code = 2
            try:
                code = run_cycle(data_dir)
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--zygote":
        sys.exit(zygote(sys.argv[2]))
    sys.exit(run_cycle(sys.argv[1]))
