"""The per-call watchdog: ends a call at its total deadline or on cancel, from outside."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

#: How often the watchdog looks at the deadline and the cancel hook.
WATCH_PERIOD = 0.1


class Watchdog:
    """Ends one call at its total deadline or when the caller cancels, from outside.

    A per-read timeout cannot do it: a server sending one byte every few seconds never
    lets a read time out. The watchdog shuts the call's socket down, which makes the
    blocked read return at once; :attr:`fired` then says why the call failed.
    """

    def __init__(
        self, deadline: float, cancelled: Callable[[], bool], abort: Callable[[], None]
    ) -> None:
        self.deadline = deadline
        self.fired: str | None = None
        self._cancelled = cancelled
        self._abort = abort
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dd-watchdog", daemon=True)

    def __enter__(self) -> Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(WATCH_PERIOD):
            try:
                stop = bool(self._cancelled())
            except Exception:  # noqa: BLE001 - a broken hook must not stop the watchdog
                stop = False
            if stop:
                self.fired = "cancelled"
            elif time.monotonic() > self.deadline:
                self.fired = "deadline"
            else:
                continue
            self._abort()
            # Keep aborting: the call may be between two sockets (a retry, a reconnect).
            while not self._done.wait(WATCH_PERIOD):
                self._abort()
            return
