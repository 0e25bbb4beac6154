"""``district-desk export-bundle`` processes for the kill -9 test of the outbox export.

``python -m tests.faults.usb_export_kill_runner DATA_DIR USB_DIR``: for every line on
stdin forks a fresh process that runs the command line ``district-desk --data-dir
DATA_DIR export-bundle --to USB_DIR`` (:func:`app.cli.main`, what the entry point runs);
prints ``pid N`` when the child starts and ``exit CODE SECONDS`` when it ends (negative:
killed by that signal; the seconds it ran). The modules are imported once here, so each
child starts at once.

Lines: ``run`` (the test kills it at a random moment), ``tmp-written`` (the child kills
itself with SIGKILL once every part is fsynced under its ``.tmp`` name) and ``renamed``
(once the parts have their final names, before the store commits), ``stop``.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import time
from typing import Any

from app import cli
from app.sync.protocol import bundlefile as bf

for _module in ("app.context", "app.exchange.bundle", "app.sync.push", "app.workflow"):
    importlib.import_module(_module)


def _die(*_args: Any, **_kwargs: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_points(mode: str) -> None:
    if mode == "tmp-written":
        write_parts = bf.write_parts

        def written(*args: Any, **kwargs: Any) -> Any:
            write_parts(*args, **kwargs)
            _die()

        bf.write_parts = written
    elif mode == "renamed":
        bf._fsync_dir = _die  # runs right after the renames  # type: ignore[assignment]


def zygote(data_dir: str, usb_dir: str) -> int:
    for line in sys.stdin:
        mode = line.strip()
        if mode not in ("run", "tmp-written", "renamed"):
            break
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            code = 2
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)  # the command's JSON must not mix with our lines
                _kill_points(mode)
                code = cli.main(["--data-dir", data_dir, "export-bundle", "--to", usb_dir])
            finally:
                os._exit(code)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"exit {code} {time.monotonic() - started:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(zygote(sys.argv[1], sys.argv[2]))
