"""Honest transfer progress: phase, items and bytes of the total, rate and time left.

The sync engine reports a :class:`app.sync.engine.SyncProgress` after every page, batch or
chunk (on a 64 kbit/s link that is every 20-30 s). :class:`TransferEstimate` turns those
reports into what the status bar shows, and keeps the time left counting down between
reports. Plain Python (no Qt), so it is unit-tested with a fake clock.

The time left is the engine's own estimate when it gives one (a pull does: bytes on the
wire, the server's head and the page cadence, see :mod:`app.sync.eta`), counted down
between reports. Otherwise it is the work left divided by the rate measured over the second
half of the phase so far: the first pages are small (the page size grows with the measured
link) and pay a full round trip each, so the rate since the start would make the estimate
too long for most of the transfer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Typed only: the engine's vocabulary imports the HTTP stack, which start-up avoids.
    from app.sync.state import SyncProgress

#: Phases in which items are counted (the others count bytes only).
ITEM_PHASES = frozenset({"push", "pull", "thumbnails"})


def progress_fraction(progress: SyncProgress) -> float | None:
    """Share of the phase done, 0..1 (None: unknown, show a busy bar)."""
    if progress.phase in ITEM_PHASES and progress.items_total:
        return min(1.0, progress.items_done / progress.items_total)
    if progress.bytes_total:
        return min(1.0, progress.bytes_done / progress.bytes_total)
    return None


class TransferEstimate:
    """Completes the engine's progress reports with what the user sees (GUI thread): the
    bytes expected in a pull and the time left, counted down between reports.

    Args:
        clock: monotonic seconds (tests pass a fake clock).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._phase = ""
        self._samples: list[tuple[float, float]] = []  # (time, work done) in this phase
        self._started = 0.0
        self._view: SyncProgress | None = None
        self._eta_at: tuple[float, float] | None = None  # (time, seconds left then)

    def update(self, progress: SyncProgress) -> SyncProgress:
        """Take one engine report; return a copy completed for display (the report itself
        is left as the engine sent it)."""
        now = self._clock()
        phase = progress.phase
        if phase != self._phase:
            self._phase = phase
            self._samples = []
            self._started = now
            self._eta_at = None
        items_done = progress.items_done
        bytes_done = progress.bytes_done
        view = replace(
            progress,
            items_total=progress.items_total or None,
            bytes_total=progress.bytes_total or None,
            eta_seconds=None,
        )
        fraction = progress_fraction(view)
        if view.bytes_total is None and fraction and phase in ITEM_PHASES and bytes_done:
            # Bytes still to come, in proportion to the items still to come.
            view.bytes_total = max(bytes_done, round(bytes_done / fraction))
        if phase in ITEM_PHASES and view.items_total:
            done, total = float(items_done), float(view.items_total)
        elif view.bytes_total:
            done, total = float(bytes_done), float(view.bytes_total)
        else:
            done, total = 0.0, 0.0
        self._samples.append((now, done))
        self._eta_at = None
        engine_eta = progress.eta_seconds
        if engine_eta is not None and total > 0 and done < total:
            self._eta_at = (now, max(float(engine_eta), 0.0))
        elif total > 0 and 0 < done < total:
            rate = self._recent_rate(now)
            if rate > 0:
                self._eta_at = (now, (total - done) / rate)
        elif total > 0 and done >= total:
            self._eta_at = (now, 0.0)
        self._view = view
        self._count_down(view)
        return view

    def _recent_rate(self, now: float) -> float:
        """Work per second over the second half of the phase so far."""
        since = self._started + (now - self._started) / 2
        # The last report at or before the middle of the phase (or the first one).
        first = self._samples[0]
        for sample in self._samples:
            if sample[0] > since:
                break
            first = sample
        t0, d0 = first
        t1, d1 = self._samples[-1]
        if t1 <= t0 or d1 <= d0:
            return 0.0
        return (d1 - d0) / (t1 - t0)

    def view(self) -> SyncProgress | None:
        """The current view, its time left counted down to now."""
        if self._view is not None:
            self._count_down(self._view)
        return self._view

    def _count_down(self, view: SyncProgress) -> None:
        eta = None
        if self._eta_at is not None:
            at, left = self._eta_at
            eta = max(left - (self._clock() - at), 0.0)
        view.eta_seconds = eta

    def reset(self) -> None:
        """Forget the transfer (the cycle ended)."""
        self._phase = ""
        self._samples = []
        self._view = None
        self._eta_at = None
