"""The sync engine's vocabulary: states, progress, results, status and options.

Plain dataclasses with no behaviour: the UI imports these (through
:mod:`app.sync.engine`) to show what the engine does, and mypy checks that seam.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from app.sync.canonical import parse_timestamp
from app.sync.client import Deadlines


class SyncState(StrEnum):
    """Values of :attr:`SyncStatus.state` (plain strings in ``meta`` and on the bus)."""

    NOT_ENROLLED = "not_enrolled"
    IDLE = "idle"
    RUNNING = "running"
    UP_TO_DATE = "up_to_date"
    BACKING_OFF = "backing_off"  # a transient failure; next_attempt says when
    AUTH_REQUIRED = "auth_required"  # someone must log in online
    FATAL = "fatal"  # wrong server, protocol, revoked device: IT staff must act


@dataclass
class SyncProgress:
    """What the current transfer is doing (the ``SYNC_PROGRESS`` event carries these)."""

    phase: str  # hello, push, upload, pull, integrity, thumbnails, media, listening
    items_done: int = 0
    items_total: int | None = None
    bytes_done: int = 0
    bytes_total: int | None = None
    rate: float = 0.0  # bytes per second on the wire, measured
    eta_seconds: float | None = None
    detail: str = ""


@dataclass
class FailureInfo:
    """A classified failure, safe to show (codes, no content)."""

    code: str
    klass: str
    detail: str = ""
    server_code: str | None = None


@dataclass
class SyncResult:
    """Outcome of one :meth:`SyncEngine.run_once`."""

    ok: bool
    up_to_date: bool
    state: str
    pulled_rows: int = 0
    pushed_items: int = 0
    quarantined: int = 0
    bad_rows: int = 0
    integrity_ok: bool | None = None
    repaired_lanes: list[int] = field(default_factory=list)
    failure: FailureInfo | None = None
    next_attempt: datetime | None = None
    round_trips: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    seconds: float = 0.0
    pages: int = 0
    #: Feed stream (protocol 2): bytes received but thrown away after cuts, and answers
    #: resumed by byte offset.
    bytes_wasted: int = 0
    resumes: int = 0
    #: Seconds the server was allowed to hold this cycle's ``/news`` call (long-poll).
    held_seconds: float = 0.0


@dataclass
class QuarantinedItem:
    """An outbox item the server refused for good, with its reason."""

    item_id: str
    kind: str
    ref_id: str
    code: str
    message: str
    at: datetime | None


@dataclass
class BadRow:
    """A feed row this PC could not apply (the rest of the feed went on without it)."""

    row_type: str
    row_id: str
    seq: int
    lane: int
    reason: str


@dataclass
class SyncStatus:
    """Honest status for the UI (ARCHITECTURE section 4 rule 8)."""

    state: str
    enrolled: bool
    server_url: str
    last_confirmed_sync: str | None  # server time of the last complete pull
    pending_items: int
    pending_bytes: int
    current: SyncProgress | None
    quarantine: list[QuarantinedItem]
    next_attempt: datetime | None
    last_error: FailureInfo | None
    metered: bool
    #: Feed rows that could not be applied (newest first, at most 200) and their count.
    bad_rows: list[BadRow] = field(default_factory=list)
    bad_row_count: int = 0
    #: Outbox items written to a USB bundle and not yet receipted (not in pending_items).
    carried_items: int = 0


@dataclass
class EngineOptions:
    """Tuning; the defaults suit a 64 kbit/s, 1 s RTT link."""

    deadlines: Deadlines = field(default_factory=Deadlines)
    #: Aim for this many seconds of transfer per outbox batch or blob chunk...
    target_seconds: float = 20.0
    #: ...and per pulled page (pages are pipelined, so bigger pages mostly save the
    #: server's page-building time; a page that fails halves the next one).
    page_target_seconds: float = 30.0
    min_page_bytes: int = 16 * 1024
    min_chunk_bytes: int = 16 * 1024
    #: Regular interval between cycles when all is well (the UI's scheduler reads it).
    interval_seconds: float = 300.0
    #: Longest the server may hold an idle cycle's ``/news`` call until something is
    #: published (long-poll; 0: answered at once). Capped by the interval and two thirds
    #: of ``site.toml`` ``nat_idle_seconds``; the next cycle then starts ``interval -
    #: hold`` seconds later, so long-poll never makes more calls than polling.
    news_wait_seconds: float = 300.0
    #: Ask ``/news`` in a cycle after a verified pull (off: every cycle pulls a page,
    #: as before ``/news``; tests of hostile pages use it).
    idle_news: bool = True
    backoff_base: float = 5.0
    backoff_cap: float = 900.0
    #: Transient failures tolerated inside one blob transfer before it is left for the
    #: next cycle (each retry resumes where the last one stopped).
    blob_retries: int = 12
    blob_retry_pause: float = 0.2
    #: Full-size media are fetched automatically only when not metered and faster than this.
    good_link_rate: float = 100_000.0
    auto_media_bytes: int = 20 * 1024 * 1024
    #: Leave at most this many pages to one cycle (None: until caught up).
    max_pages: int | None = None
    #: Pull with the feed stream when the server speaks protocol 2 (else pages, the
    #: fallback). Stream commits are signed and checked like pages (docs/protocol.md 3.6).
    stream_pull: bool = True
    #: Retry budgets: a server that keeps the client busy without progress ends the cycle
    #: with a classified failure (and a backoff) once one of these is spent.
    #: Pages in one cycle (an honest initial load of a year of bulletins needs a few
    #: hundred; the rest continues in the next cycle).
    cycle_page_budget: int = 2000
    #: Pages in a row that say ``has_more`` but move no lane forward.
    no_progress_budget: int = 3
    #: ``offset_mismatch`` answers, or chunks the server did not take, per blob upload.
    upload_offset_budget: int = 6
    #: Restarts of one blob download after ``416 range not satisfiable``.
    range_restart_budget: int = 2
    #: A page is applied in write transactions of about this many seconds each (the
    #: number of rows per transaction follows the measured apply time), so a user's save
    #: never waits long behind a sync.
    apply_seconds_per_transaction: float = 0.05
    #: Rows per write transaction, at most.
    apply_rows_per_transaction: int = 500
    #: A successful ``/hello`` (protocol versions, limits, codecs) is trusted this long:
    #: an idle cycle is then one request. Every call still carries and checks the
    #: protocol version and the server id, and any failure asks ``/hello`` again.
    hello_ttl_seconds: float = 6 * 3600.0
    #: Audit events per ``audit_batch`` outbox item.
    audit_batch_events: int = 2000
    #: Thumbnails fetched per cycle (the rest come in the next ones).
    thumbnails_per_cycle: int = 200
    #: Full-size media considered per cycle for the automatic download on a good link.
    auto_media_per_cycle: int = 100
    #: Bad feed rows listed in the status (the count covers them all).
    bad_rows_listed: int = 200
    #: How often a cycle asks for the office's list of revoked devices (office LAN
    #: exchange; an unchanged list is a ``204`` without a body). Like the office
    #: journal's poll, rarely, so an idle cycle stays one request (0: every cycle).
    revocation_poll_seconds: float = 900.0
    device_name: str = field(default_factory=socket.gethostname)


class Cancelled(Exception):
    """The user (or the window closing) stopped the cycle; what is committed stays."""


class CursorAhead(Exception):
    """The stored cursor is past the server's head in some lanes (another feed's history)."""

    def __init__(self, lanes: list[int]) -> None:
        super().__init__(lanes)
        self.lanes = lanes


def now_utc() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def parse_time(text: str | None) -> datetime | None:
    """A stored protocol timestamp, or ``None`` when absent or unreadable."""
    if not text:
        return None
    try:
        return parse_timestamp(text)
    except ValueError:
        return None
