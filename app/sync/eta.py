"""Time left of a pull, from what the engine knows: bytes on the wire, rows and page cadence.

A pull receives pages while the previous page is being applied (one page ahead), so the
link and the database work overlap and the pull ends when the last page has been both
received and applied. :class:`PullEstimate` therefore estimates:

- the bytes of the whole pull: the wire bytes per row of the recent half of the rows
  received (:func:`recent_bytes_per_row`), times the rows the server's head says are still
  to come. Not every row so far: pages grow during a pull and a bigger page compresses
  better, so the first small pages cost more per row
  than the rest will (measured at 64 kbit/s: 84 B per row over the first 400 rows, 75 B
  over the whole pull; the average of every page so far overstated the bytes left by
  7-10 % at a fifth of the pull);
- the pace at which bytes arrive: the bytes of the last pages over the wall time from the
  end of the page before them to the end of the last (:data:`PACE_PAGES`), so each
  page's round trip, the server's work and any wait for the database are in it, at the
  size pages have now. Before the first page ends (and for the rate shown), an
  exponentially weighted moving average of the throughput measured between samples,
  weighted by the time each sample covers;
- the time still needed after the last byte: applying the last page, at the measured
  apply time per row of the last pages;
- when the PC is slower than the link (a loaded PC), the rows still to come at the pace
  of the last pages (wall seconds per row between two applied pages).

The PC's figure is used (when larger) only while the pages wait for the PC: while the
engine waits for the link, the pages' cadence follows the link's round trips and page
sizes, which the bytes already tell better.

Plain Python, no clock of its own: the engine passes monotonic seconds, so the estimate is
unit-tested with a fake clock.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

#: Seconds of link time over which the rate is averaged (the weight of older throughput
#: halves every ``HALF_LIFE`` seconds). Long enough to span the round trips and apply
#: pauses of two or three pages on a 64 kbit/s link, short enough to follow a link that
#: changes.
HALF_LIFE = 40.0

#: The time left counts the bytes still to come at the pace of this many recent pages,
#: each measured from the end of the page before (its round trip, the server's work and
#: its bytes). Pages grow during a pull, so a page's round trip weighs less on the later
#: ones: the average since the start of the pull (the moving average of the link's rate)
#: ran 17 % below the pace of the rest of a 10,000-bulletin pull at 64 kbit/s, 1 s round
#: trip, and the time left with it 28 % above the real one at a fifth of the pull.
PACE_PAGES = 2

#: A page the engine waited less than this for (seconds) was already on the PC: the link is
#: faster than the PC parses and applies, and the pages' cadence sets the pace.
PC_BOUND_WAIT = 0.2


@dataclass
class PullFigures:
    """What :meth:`PullEstimate.figures` returns (None while not known honestly)."""

    bytes_total: int | None
    eta_seconds: float | None


def recent_bytes_per_row(marks: list[tuple[int, int]]) -> float:
    """Bytes per row over the recent half of the rows, from ``(rows, bytes)`` running
    totals in order (at least one, with rows > 0).

    The rows still to come cost what the latest ones did rather than the average of all:
    compression gets better as a pull goes on (bigger pages; a stream's window holding
    earlier rows), so the first rows cost more per row than the rest will.
    """
    rows, got = marks[-1]
    at = bisect.bisect_right(marks, (rows // 2, got)) - 1
    base_rows, base_bytes = marks[at] if at >= 0 else (0, 0)
    if rows > base_rows and got > base_bytes:
        return (got - base_bytes) / (rows - base_rows)
    return got / max(rows, 1)


class PullEstimate:
    """Bytes total and time left of one pull. Not thread-safe: the engine thread feeds it.

    Args:
        now: monotonic seconds at the start of the pull.
        half_life: seconds after which a throughput sample weighs half (see ``HALF_LIFE``).
    """

    def __init__(self, now: float, half_life: float = HALF_LIFE) -> None:
        self._half_life = half_life
        self._last_t = now
        self._last_received = 0
        self._rate: float | None = None
        self._weight = 0.0
        self._received = 0
        self._rows_received = 0  # rows of the pages received so far
        self._wire_of_received_pages = 0
        #: (rows, wire bytes) of the pages received so far, at each page's end.
        self._marks: list[tuple[int, int]] = []
        #: (time, wire bytes of the pages received) at the start and at the last page ends.
        self._page_ends: list[tuple[float, int]] = [(now, 0)]
        self._rows_total: int | None = None
        self._rows_done = 0
        self._apply_pace: float | None = None  # seconds per row applied, recent pages
        self._pc_bound = False  # the last page was waiting when the one before was in
        self._cadence: float | None = None  # wall seconds per row between applied pages
        self._last_commit: tuple[float, int] | None = None  # (time, rows done then)
        self._last_page_rows = 0

    def received(self, now: float, wire_bytes: int) -> None:
        """Bytes received on the link since the start of the pull (headers included)."""
        wire_bytes = max(wire_bytes, self._received)
        dt = now - self._last_t
        if dt > 0:
            sample = (wire_bytes - self._last_received) / dt
            # Time-weighted EWMA: a sample covering ``dt`` seconds weighs 1 - 2^(-dt/H).
            alpha = 1.0 - math.pow(2.0, -dt / self._half_life)
            if self._rate is None:
                self._rate = sample
                self._weight = alpha
            else:
                # Until a half-life has been seen, weigh the samples by their duration only
                # (an EWMA started from one short sample would lean on it for too long).
                self._weight = self._weight + alpha * (1.0 - self._weight)
                self._rate += (sample - self._rate) * min(1.0, alpha / self._weight)
            self._last_t = now
            self._last_received = wire_bytes
        self._received = wire_bytes

    @property
    def rate(self) -> float | None:
        """Bytes per second on the link, the time-weighted moving average (None: unknown)."""
        return self._rate

    def page(
        self, rows: int, wire_bytes: int, waited: float = 0.0, now: float | None = None
    ) -> None:
        """A page of ``rows`` rows and ``wire_bytes`` bytes was received in full (at
        ``now``, when given); the engine waited ``waited`` seconds for it after applying
        the page before (none: the PC, not the link, sets the pace)."""
        self._pc_bound = waited < PC_BOUND_WAIT
        self._rows_received += rows
        self._wire_of_received_pages += wire_bytes
        self._marks.append((self._rows_received, self._wire_of_received_pages))
        if now is not None:
            self._page_ends.append((now, self._wire_of_received_pages))
            del self._page_ends[: -(PACE_PAGES + 1)]
        self._last_page_rows = max(self._last_page_rows, rows)

    def applied(
        self, now: float, seconds: float, rows: int, rows_done: int, rows_total: int | None
    ) -> None:
        """A page of ``rows`` rows was applied in ``seconds``, ending at ``now``;
        ``rows_done`` of ``rows_total`` rows (the server's head minus the cursor at the
        start) are in."""
        if self._last_commit is not None and rows_done > self._last_commit[1]:
            # The page cadence: wall seconds per row between two applied pages. The first
            # page is left out (it carries the connection and the smallest page).
            at, before = self._last_commit
            pace = (now - at) / (rows_done - before)
            self._cadence = pace if self._cadence is None else (self._cadence + pace) / 2
        self._last_commit = (now, rows_done)
        if rows > 0:
            # The recent pages tell the pace best (the load of a shared PC changes): each
            # page weighs as much as all the pages before it.
            pace = max(seconds, 0.0) / rows
            self._apply_pace = pace if self._apply_pace is None else (self._apply_pace + pace) / 2
        self._rows_done = rows_done
        self._rows_total = rows_total

    def _page_pace(self) -> float | None:
        """Bytes per second of the pipeline over the last :data:`PACE_PAGES` pages, from
        the end of one page to the end of another (None before a page end is known)."""
        if len(self._page_ends) < 2:
            return None
        (t0, b0), (t1, b1) = self._page_ends[0], self._page_ends[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 and b1 > b0 else None

    def figures(self, now: float) -> PullFigures:
        """Bytes of the whole pull and seconds left at ``now`` (after a :meth:`received`)."""
        total_rows = self._rows_total
        if not total_rows or not self._rows_received or not self._wire_of_received_pages:
            return PullFigures(None, None)
        per_row = recent_bytes_per_row(self._marks)
        rows_to_receive = max(total_rows - self._rows_received, 0)
        # The page crossing the link now is part of the rows still to receive: its bytes
        # so far count as received, so the bytes left shrink while it arrives.
        whole_pages = self._wire_of_received_pages + rows_to_receive * per_row
        bytes_total = max(self._received, round(whole_pages))
        rate = self._page_pace() or self._rate
        if rate is None or rate <= 0 or self._rows_done <= 0:
            return PullFigures(bytes_total, None)
        wire_left = max(bytes_total - self._received, 0)
        # Applying the pages overlaps receiving the next one. The rate is measured against
        # the wall clock, so it is already the pipeline's pace (the link's, or the
        # database's on a loaded PC) for the rows still to receive; after those, the rows
        # received and not applied yet (or, while a page is on the link, that page once it
        # has arrived) are still to be applied.
        per_row_apply = self._apply_pace or 0.0
        rows_unapplied = max(total_rows - self._rows_done, 0)
        waiting = max(self._rows_received - self._rows_done, 0)
        tail_rows = waiting or min(rows_unapplied, max(self._last_page_rows, 1))
        pipeline = wire_left / rate + tail_rows * per_row_apply
        # When the PC is the bottleneck (a loaded PC parses and applies slower than the
        # link delivers), the bytes arrive in bursts and the pages' cadence tells the pace
        # better: the rows still to apply at that pace, counted down since the last page.
        cadence = 0.0
        if self._pc_bound and self._cadence is not None and self._last_commit is not None:
            cadence = rows_unapplied * self._cadence - (now - self._last_commit[0])
        return PullFigures(bytes_total, max(pipeline, cadence, 0.0))
