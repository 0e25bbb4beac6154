"""Return-bundle import processes for the kill -9 test.

``python -m tests.integration.bundle_kill_runner DATA_DIR BUNDLE``: for every ``run``
line on stdin forks a fresh process that opens the store and imports the return bundle;
prints ``pid N`` when the child starts, ``applying`` once it has committed its first
frame, and ``exit CODE`` when it ends (negative: killed by that signal).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from app.context import open_desk
from app.exchange.bundle import import_return_bundle

for _module in ("app.search.index", "app.sync.apply", "app.workflow"):
    importlib.import_module(_module)


def run_import(data_dir: str, bundle: str) -> int:
    desk = open_desk(data_dir)
    told = False

    def progress(done: int, total: int, kind: str) -> None:
        nonlocal told
        if not told:
            told = True
            print("applying", flush=True)

    try:
        import_return_bundle(desk, Path(bundle), progress=progress)
    finally:
        desk.close()
    return 0


def zygote(data_dir: str, bundle: str) -> int:
    for line in sys.stdin:
        if line.strip() != "run":
            break
        pid = os.fork()
        if pid == 0:
            code = 2
            try:
                code = run_import(data_dir, bundle)
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(zygote(sys.argv[1], sys.argv[2]))
