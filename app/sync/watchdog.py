"""The per-call watchdog: ends a call at its total deadline or on cancel, from outside."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

#: How often the watchdog looks at the deadline and the cancel hook.
WATCH_PERIOD = 0.1
#: How often it looks during a held call (``/news`` long-poll) when nobody pokes it: a
#: held call lasts minutes, and every look costs CPU while the PC is idle. A cancel that
#: should end a held call at once pokes the watchdog (``Transport.interrupt``).
HELD_WATCH_PERIOD = 5.0


class Watchdog:
    """Ends one call at its total deadline or when the caller cancels, from outside.

    A per-read timeout cannot do it: a server sending one byte every few seconds never
    lets a read time out. The watchdog shuts the call's socket down, which makes the
    blocked read return at once; :attr:`fired` then says why the call failed. It looks
    every ``period`` seconds, at the deadline, and whenever :meth:`poke` is called.
    """

    def __init__(
        self,
        deadline: float,
        cancelled: Callable[[], bool],
        abort: Callable[[], None],
        period: float = WATCH_PERIOD,
    ) -> None:
        self.deadline = deadline
        self.fired: str | None = None
        self._cancelled = cancelled
        self._abort = abort
        self._period = period
        self._wake = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._run, name="dd-watchdog", daemon=True)

    def __enter__(self) -> Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done = True
        self._wake.set()
        self._thread.join()

    def poke(self) -> None:
        """Look at the cancel hook now (from any thread)."""
        self._wake.set()

    def _sleep(self, seconds: float) -> bool:
        """Wait up to ``seconds`` or until poked; False once the call has ended."""
        self._wake.wait(max(0.0, seconds))
        self._wake.clear()  # a poke after this wakes the next wait at once
        return not self._done

    def _run(self) -> None:
        while self._sleep(min(self._period, self.deadline - time.monotonic() + 0.01)):
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
            while self._sleep(WATCH_PERIOD):
                self._abort()
            return
