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
from dataclasses import dataclass
from typing import Any

#: Phases in which items are counted (the others count bytes only).
ITEM_PHASES = frozenset({"push", "pull", "thumbnails"})


@dataclass
class TransferView:
    """The current transfer as the user sees it.

    Attributes:
        phase: the engine's phase code (hello, push, upload, pull, integrity, thumbnails,
            media); ``ui.sync_panel`` names it.
        items_done / items_total: records received or sent, of the expected total (None
            while unknown).
        bytes_done / bytes_total: bytes on the link so far and the expected total (for a
            pull an estimate from the share of items done).
        rate: bytes per second on the link, measured.
        eta_seconds: time left (None while it cannot be estimated honestly).
    """

    phase: str
    items_done: int = 0
    items_total: int | None = None
    bytes_done: int = 0
    bytes_total: int | None = None
    rate: float = 0.0
    eta_seconds: float | None = None

    @property
    def fraction(self) -> float | None:
        """Share of the phase done, 0..1 (None: unknown, show a busy bar)."""
        if self.phase in ITEM_PHASES and self.items_total:
            return min(1.0, self.items_done / self.items_total)
        if self.bytes_total:
            return min(1.0, self.bytes_done / self.bytes_total)
        return None


class TransferEstimate:
    """Turns the engine's progress reports into :class:`TransferView` (GUI thread).

    Args:
        clock: monotonic seconds (tests pass a fake clock).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._phase = ""
        self._samples: list[tuple[float, float]] = []  # (time, work done) in this phase
        self._started = 0.0
        self._view: TransferView | None = None
        self._eta_at: tuple[float, float] | None = None  # (time, seconds left then)

    def update(self, progress: Any) -> TransferView:
        """Take one engine report (any object with SyncProgress's attributes)."""
        now = self._clock()
        phase = str(getattr(progress, "phase", ""))
        if phase != self._phase:
            self._phase = phase
            self._samples = []
            self._started = now
            self._eta_at = None
        items_done = int(getattr(progress, "items_done", 0) or 0)
        items_total = getattr(progress, "items_total", None)
        bytes_done = int(getattr(progress, "bytes_done", 0) or 0)
        bytes_total = getattr(progress, "bytes_total", None)
        view = TransferView(
            phase=phase,
            items_done=items_done,
            items_total=int(items_total) if items_total else None,
            bytes_done=bytes_done,
            bytes_total=int(bytes_total) if bytes_total else None,
            rate=float(getattr(progress, "rate", 0.0) or 0.0),
        )
        fraction = view.fraction
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
        engine_eta = getattr(progress, "eta_seconds", None)
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

    def view(self) -> TransferView | None:
        """The current view, its time left counted down to now."""
        if self._view is not None:
            self._count_down(self._view)
        return self._view

    def _count_down(self, view: TransferView) -> None:
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
