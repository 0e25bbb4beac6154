"""State and helpers every part of the sync engine shares (no network calls here)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict

from app import events
from app.context import Desk
from app.sync import apply as applying
from app.sync.client import (
    CallStats,
    Transport,
)
from app.sync.protocol import (
    Limits,
)
from app.sync.state import (
    Cancelled,
    EngineOptions,
    SyncProgress,
)
from app.workflow import RequestService

log = logging.getLogger(__name__)


class EngineBase:
    """What the parts of :class:`app.sync.engine.SyncEngine` share: the desk, options,
    progress reporting, cancellation and the measured link rate."""

    def __init__(self, desk: Desk, options: EngineOptions | None = None) -> None:
        """Prepare (no network activity until :meth:`run_once`)."""
        self.desk = desk
        self.options = options or EngineOptions()
        self.stats = CallStats()
        self.requests = RequestService(desk.store, desk.bus)
        self.applier = applying.Applier(self.requests, desk.blobs.put, desk.blobs.put_many)
        self._transport: Transport | None = None
        self._limits = Limits()
        #: Protocol versions the server listed in its last ``hello``.
        self._server_versions: set[int] = set()
        #: ``hello``'s ``features`` (``FEATURE_*`` of app.sync.protocol).
        self._server_features: set[str] = set()
        self._current: SyncProgress | None = None
        self._run_lock = threading.Lock()
        self._cycle_thread: int | None = None
        self._uploaded: set[str] = set()
        self._online: bool | None = None
        self._progress_cb: Callable[[SyncProgress], None] | None = None
        self._cancelled: Callable[[], bool] = lambda: False
        self._rate = 0.0
        #: Smoothed seconds a connection lasted before it was cut (0: never cut yet), and
        #: when the current stretch without a cut began.
        self._link_life = 0.0
        self._uncut_since = time.monotonic()
        #: Items per batch after the server refused a batch as a whole (halved each time).
        self._batch_cap = 1_000_000
        self._audit_added = 0  # audit batches queued beside requests in the current push
        #: Thumbnails the server could not give in this run (not asked for again).
        self._thumbs_unavailable: set[str] = set()
        #: Rows per apply transaction, adapted to the measured apply time.
        self._slice_rows = 50
        #: Whether the next complete pull fetches bad rows again, and how many at most.
        self._recheck_due = True
        self._recheck_budget = 20
        #: Until when (monotonic) the last ``/hello`` is trusted (see ``hello_ttl_seconds``).
        self._hello_until = 0.0
        #: Feed head of the last pull whose lane sums matched the server's (idle cycles
        #: then ask ``/news`` from it); ``None``: the next cycle pulls a page.
        self.news_head: int | None = None
        #: The server answered ``/news`` with 404 (an older server): pages as before.
        self.news_unsupported = False
        #: ``/news`` said the office journal grew: exchange it after this cycle's pull.
        self.office_due = False
        #: Thumbnail files of earlier versions are all in the pack (``media.py``).
        self._legacy_thumbs_packed = False
        #: The lane sums' tag when the store last had no thumbnail to fetch, and when that
        #: was (monotonic): until a row is applied the search is not run again, but at
        #: least every ``THUMBS_RECHECK_SECONDS`` (``media.py``).
        self._thumbs_clear: tuple[str, float] | None = None

    def metered(self) -> bool:
        """True when full-size media must wait (user preference or site default)."""
        try:
            prefs = self.desk.preferences
        except Exception:  # noqa: BLE001 - unreadable preferences fall back on the site
            return self.desk.site.metered_default
        return bool(prefs.metered_mode or self.desk.site.metered_default)

    def _report(self, progress: SyncProgress) -> None:
        self._current = progress
        if self._progress_cb is not None:
            try:
                self._progress_cb(progress)
            except Exception:  # a broken progress callback must not break the sync
                log.exception("progress callback failed")
        self.desk.bus.publish(events.SYNC_PROGRESS, **asdict(progress))

    def _check_cancel(self) -> None:
        if self._cancelled():
            raise Cancelled()

    def _link(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.desk.bus.publish(events.LINK_CHANGED, online=online, rate=self._rate)

    def _measure(self, wire_bytes: int, seconds: float) -> None:
        if seconds <= 0 or wire_bytes <= 0:
            return
        rate = wire_bytes / seconds
        # Exponential smoothing: one slow page should not halve the next one.
        self._rate = rate if self._rate <= 0 else 0.6 * self._rate + 0.4 * rate
