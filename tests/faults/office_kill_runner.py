"""Office journal receivers for the kill -9 test.

``python -m tests.faults.office_kill_runner --zygote DATA_DIR ENTRIES_JSON`` imports
everything once, then for every ``run`` line on stdin forks a fresh process that opens
the store in DATA_DIR and applies, in small batches, the entries of ENTRIES_JSON (a
neighbour's journal in wire form) that the store's version vector lacks, exactly as a
transport does. It prints ``pid N`` when the child starts, ``opened`` when the child has
opened the store, and ``exit CODE`` when it ends (0: nothing left to apply; negative:
killed by that signal).
"""

from __future__ import annotations

import json
import os
import sys

from app.context import open_desk
from app.office import journal

BATCH = 1


def run_exchange(data_dir: str, entries_file: str) -> int:
    with open(entries_file, encoding="utf-8") as fh:
        entries = json.load(fh)
    desk = open_desk(data_dir)
    print("opened", flush=True)  # the parent times its kill from here
    try:
        while True:
            vector = journal.version_vector(desk.store)
            lacking = [e for e in entries if e["counter"] > vector.get(e["device_id"], 0)]
            lacking.sort(key=lambda e: (e["device_id"], e["counter"]))
            if not lacking:
                return 0
            journal.apply_entries(desk.store, lacking[:BATCH])
    finally:
        desk.close()


def zygote(data_dir: str, entries_file: str) -> int:
    for line in sys.stdin:
        if line.strip() != "run":
            break
        pid = os.fork()
        if pid == 0:  # the receiving process
            code = 2
            try:
                code = run_exchange(data_dir, entries_file)
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--zygote":
        sys.exit(zygote(sys.argv[2], sys.argv[3]))
    sys.exit(run_exchange(sys.argv[1], sys.argv[2]))
