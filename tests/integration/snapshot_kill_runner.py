"""Snapshot import processes for the kill -9 test.

``python -m tests.integration.snapshot_kill_runner DATA_DIR SNAPSHOT PASSPHRASE_FILE``
imports everything once, then for every ``run`` line on stdin forks a fresh process that
opens the store and imports the snapshot; it prints ``pid N`` when the child starts and
``applying`` once it has committed its first frame, ``exit CODE`` when it
ends (negative: killed by that signal). Forking from a warm parent
makes each import start in milliseconds, so the kills land inside the import.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from app.context import open_desk
from app.exchange.snapshot import ImportProgress, import_snapshot

# Loaded before the forks, so a child spends its time importing the snapshot.
for _module in ("app.search.index", "app.sync.apply", "app.workflow"):
    importlib.import_module(_module)


def run_import(data_dir: str, snapshot: str, passphrase: str) -> int:
    desk = open_desk(data_dir)
    told = False

    def progress(p: ImportProgress) -> None:
        # Tell the test once the first frame of this run is committed: its kill then
        # lands among the frames rather than in start-up.
        nonlocal told
        if p.stage == "apply" and not told:
            told = True
            print("applying", flush=True)

    try:
        import_snapshot(desk, Path(snapshot), passphrase, progress=progress)
    finally:
        desk.close()
    return 0


def zygote(data_dir: str, snapshot: str, passphrase_file: str) -> int:
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").rstrip("\n")
    for line in sys.stdin:
        if line.strip() != "run":
            break
        pid = os.fork()
        if pid == 0:
            code = 2
            try:
                code = run_import(data_dir, snapshot, passphrase)
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(zygote(sys.argv[1], sys.argv[2], sys.argv[3]))
