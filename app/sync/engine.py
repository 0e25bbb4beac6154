"""The sync engine: one full, resumable exchange with the regional server per call.

API for the UI (call from ONE worker thread; plain dataclasses, no Qt)::

    engine = SyncEngine(desk)                      # desk from app.context.open_desk
    result = engine.run_once(progress=cb, cancelled=lambda: stop_flag)   # -> SyncResult
    status = engine.status()                       # -> SyncStatus, cheap, any thread
    actor  = engine.login_online(username, password)    # -> app.users.Actor
    engine.fetch_media(sha256, progress=cb)        # full-size photo / attachment, resumable
    engine.retry_quarantined(item_id)              # put a quarantined item back in the queue
    engine.discard_quarantined(item_id)            # give up on it (kept, marked discarded)

Events on ``desk.bus`` (names in :mod:`app.events`): ``SYNC_PROGRESS`` (the fields of
:class:`SyncProgress`), ``SYNC_STATE_CHANGED`` (``state``, ``code``, ``next_attempt``),
``LINK_CHANGED`` (``online``, ``rate``), ``BULLETINS_CHANGED``, ``REPLIES_CHANGED``,
``OUTBOX_CHANGED``, ``REQUESTS_CHANGED``, ``NOTIFICATION`` (``kind``: ``reply``,
``urgent_bulletin``, ``cancelled``, ``rejected``, ``quarantined``).

One cycle (:meth:`SyncEngine.run_once`):

1. ``hello``: protocol version, server id (the one enrolled with), limits, codecs;
2. a device session token (cached in the keyring until it expires);
3. push the outbox in ``seq`` order, in batches: each batch is frozen (``SENDING``,
   committed) before the network call; receipts are applied in one transaction; a
   repeated receipt is success; a rejected or conflicting item is quarantined with the
   server's reason and the others go on; attachments are uploaded first, resumably;
4. pull the change feed page by page (priority lanes come first inside every page);
   each page's rows and its cursor are committed in one transaction; page size follows
   the measured throughput; after the last page, per-lane integrity is compared and a
   lane that differs is pulled again from 0;
5. thumbnails that did not travel inline; full-size media only on demand, or on a good
   link when the link is not metered.

Every failure is classified (:class:`app.sync.protocol.ErrorClass`): transient failures
schedule the next attempt with full-jitter exponential backoff (honouring
``Retry-After``); auth failures pause until someone logs in online; fatal ones (wrong
server, protocol version, revoked device, TLS pin) stop and say so. The next attempt and
the last error are kept in ``meta`` so they survive a restart and show in the status.
"""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import audit, events
from app.context import Desk
from app.errors import AccountLocked, AuthError, DeskError
from app.store.blobs import CHUNK, BlobCorrupt
from app.store.models import (
    Attachment,
    Media,
    Meta,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    Role,
    SyncCursor,
    SyncRow,
    User,
    utcnow,
)
from app.sync import apply as applying
from app.sync.client import (
    MAX_RETRY_AFTER,
    CallStats,
    Deadlines,
    SyncFailure,
    Transport,
    page_decode_limit,
    parse_model,
)
from app.sync.protocol import (
    LANES,
    MAX_BATCH_BYTES,
    MAX_BATCH_ITEMS,
    MAX_BLOB_CHUNK,
    MAX_BLOB_SIZE,
    MAX_PAGE_BYTES,
    MIN_ROW_BYTES,
    PROTOCOL_VERSION,
    UPLOAD_LENGTH_HEADER,
    ChangesPage,
    ErrorClass,
    ErrorCode,
    HelloResponse,
    IntegrityResponse,
    Limits,
    OutboxResponse,
    ReceiptStatus,
    SessionResponse,
    UploadState,
    b64encode,
    content_hash,
    format_cursor,
    format_timestamp,
    parse_cursor,
    parse_timestamp,
)
from app.users import Actor, actor_for, create_user, hash_password, new_signing_key
from app.workflow import RequestService

log = logging.getLogger(__name__)

# Keyring names (Credentials namespaces them per installation).
CRED_DEVICE_ID = "device-id"
CRED_DEVICE_SECRET = "device-secret"  # noqa: S105 - a key name, not a secret
CRED_DEVICE_TOKEN = "device-token"  # noqa: S105


def user_token_key(username: str) -> str:
    """Keyring name of a user's session token."""
    return f"token:{username}"


# Meta keys.
META_SERVER_URL = "server_url"
META_SERVER_ID = "server_id"
META_OFFICE = "office_code"
META_DEVICE_ID = "device_id"
META_LAST_SYNC = "last_sync_server_time"
META_HEAD = "sync.head"
META_NEXT = "sync.next_attempt"
META_FAILURES = "sync.failures"
META_ERROR = "sync.last_error"
META_STATE = "sync.state"
META_PAGE_BYTES = "sync.page_bytes"
META_RATE = "sync.rate"
META_AUDIT_SENT = "sync.audit_enqueued_seq"


class SyncState:
    """Values of :attr:`SyncStatus.state`."""

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

    phase: str  # hello, push, upload, pull, integrity, thumbnails, media
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
    device_name: str = field(default_factory=socket.gethostname)


class _Cancelled(Exception):
    pass


class _CursorAhead(Exception):
    """The stored cursor is past the server's head in some lanes (another feed's history)."""

    def __init__(self, lanes: list[int]) -> None:
        super().__init__(lanes)
        self.lanes = lanes


def _now() -> datetime:
    return datetime.now(UTC)


class SyncEngine:
    """The client side of the protocol for one open :class:`app.context.Desk`."""

    def __init__(self, desk: Desk, options: EngineOptions | None = None) -> None:
        """Prepare (no network activity until :meth:`run_once`)."""
        self.desk = desk
        self.options = options or EngineOptions()
        self.stats = CallStats()
        self.requests = RequestService(desk.store, desk.bus)
        self.applier = applying.Applier(self.requests, desk.blobs.put)
        self._transport: Transport | None = None
        self._limits = Limits()
        self._current: SyncProgress | None = None
        self._run_lock = threading.Lock()
        self._cycle_thread: int | None = None
        self._uploaded: set[str] = set()
        self._online: bool | None = None
        self._progress_cb: Callable[[SyncProgress], None] | None = None
        self._cancelled: Callable[[], bool] = lambda: False
        self._rate = 0.0
        #: Items per batch after the server refused a batch as a whole (halved each time).
        self._batch_cap = 1_000_000
        #: Thumbnails the server could not give in this run (not asked for again).
        self._thumbs_unavailable: set[str] = set()
        #: Rows per apply transaction, adapted to the measured apply time.
        self._slice_rows = 50
        #: Whether the next complete pull fetches bad rows again, and how many at most.
        self._recheck_due = True
        self._recheck_budget = 20

    # ------------------------------------------------------------------------------------
    # configuration and meta
    # ------------------------------------------------------------------------------------

    def _meta(self, session: Session, key: str, default: str | None = None) -> str | None:
        row = session.get(Meta, key)
        return row.value if row is not None else default

    @staticmethod
    def _set_meta(session: Session, key: str, value: str | None) -> None:
        row = session.get(Meta, key)
        if value is None:
            if row is not None:
                session.delete(row)
            return
        if row is None:
            session.add(Meta(key=key, value=value))
        else:
            row.value = value

    def _server(self) -> tuple[str, str | None]:
        with self.desk.store.read() as s:
            # The site file wins: IT staff change it when the regional server moves. The
            # device credentials still belong to the server enrolled with, and the server
            # id sent with every call makes any other server refuse them (wrong_server).
            url = self.desk.site.server_url or self._meta(s, META_SERVER_URL) or ""
            sid = self._meta(s, META_SERVER_ID)
        return url, sid

    def metered(self) -> bool:
        """True when full-size media must wait (user preference or site default)."""
        try:
            prefs = self.desk.preferences
        except Exception:  # noqa: BLE001 - unreadable preferences fall back on the site
            return self.desk.site.metered_default
        return bool(prefs.metered_mode or self.desk.site.metered_default)

    def transport(self) -> Transport:
        """The (lazily created) transport to the enrolled server."""
        if self._transport is None:
            url, sid = self._server()
            if not url:
                raise SyncFailure("sync.not_enrolled", ErrorClass.FATAL, "no_server_url")
            self._transport = Transport(
                url,
                ca_bundle=self.desk.site.ca_bundle,
                pin_sha256=self.desk.site.pin_sha256,
                deadlines=self.options.deadlines,
                server_id=sid,
                stats=self.stats,
            )
            self._transport.renew_token = self._renew_device_token
        return self._transport

    def close(self) -> None:
        """Close network connections (the store stays open: it belongs to the desk)."""
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    # ------------------------------------------------------------------------------------
    # progress and events
    # ------------------------------------------------------------------------------------

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
            raise _Cancelled()

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

    # ------------------------------------------------------------------------------------
    # handshake and sessions
    # ------------------------------------------------------------------------------------

    def _hello(self) -> HelloResponse:
        t = self.transport()
        hello = t.call("GET", "/hello", HelloResponse, auth=False)
        if PROTOCOL_VERSION not in hello.protocol_versions:
            raise SyncFailure(
                "sync.fatal",
                ErrorClass.FATAL,
                "protocol_version",
                server_code=ErrorCode.PROTOCOL_UNSUPPORTED.value,
            )
        if t.server_id and hello.server_id != t.server_id:
            raise SyncFailure(
                "sync.fatal",
                ErrorClass.FATAL,
                "wrong_server",
                server_code=ErrorCode.WRONG_SERVER.value,
            )
        t.codecs = [c for c in ("zstd", "gzip") if c in hello.codecs]
        self._limits = _sane_limits(hello.limits)
        return hello

    def _device_credentials(self) -> tuple[str, str]:
        creds = self.desk.credentials
        device_id = creds.get(CRED_DEVICE_ID)
        secret = creds.get(CRED_DEVICE_SECRET)
        if not device_id or not secret:
            raise SyncFailure("sync.not_enrolled", ErrorClass.FATAL, "not_enrolled")
        return device_id, secret

    def _ensure_device_token(self) -> None:
        t = self.transport()
        if t.token:
            return
        cached = self.desk.credentials.get(CRED_DEVICE_TOKEN)
        if cached:
            try:
                doc = json.loads(cached)
                if parse_timestamp(doc["expires_at"]) > _now() + timedelta(seconds=60):
                    t.token = str(doc["token"])
                    return
            except (ValueError, KeyError, TypeError):
                pass
        self._renew_device_token()

    def _renew_device_token(self) -> None:
        t = self.transport()
        device_id, secret = self._device_credentials()
        t.token = None
        resp = t.call(
            "POST",
            "/device-session",
            SessionResponse,
            auth=False,
            json_body={"device_id": device_id, "device_secret": secret},
            retry_auth=False,
        )
        t.token = resp.token
        self.desk.credentials.set(
            CRED_DEVICE_TOKEN, json.dumps({"token": resp.token, "expires_at": resp.expires_at})
        )

    # ------------------------------------------------------------------------------------
    # the cycle
    # ------------------------------------------------------------------------------------

    def run_once(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SyncResult:
        """Run one full sync cycle (push, pull, integrity, thumbnails); never raises.

        Returns a :class:`SyncResult` whose ``failure`` says what went wrong, if anything;
        the next attempt is scheduled (and stored) either way.
        """
        if not self._run_lock.acquire(blocking=False):
            return SyncResult(
                ok=False,
                up_to_date=False,
                state=SyncState.RUNNING,
                failure=FailureInfo("sync.busy", ErrorClass.TRANSIENT.value),
            )
        started = time.monotonic()
        before = CallStats(self.stats.round_trips, self.stats.bytes_in, self.stats.bytes_out)
        result = SyncResult(ok=False, up_to_date=False, state=SyncState.RUNNING)
        self._progress_cb = progress
        self._cancelled = cancelled or (lambda: False)
        self._cycle_thread = threading.get_ident()
        self._set_state(SyncState.RUNNING, None, None)
        try:
            try:
                self.transport().cancelled = self._cancelled
            except SyncFailure:
                pass  # not enrolled: the cycle says so below
            self._cycle(result)
            result.ok = True
            result.up_to_date = self._pending_count() == 0 and result.integrity_ok is not False
            result.state = SyncState.UP_TO_DATE if result.up_to_date else SyncState.IDLE
            result.next_attempt = _now() + timedelta(seconds=self.options.interval_seconds)
            self._finish_ok(result)
            self._link(True)
        except _Cancelled:
            result.state = SyncState.IDLE
            result.failure = FailureInfo("sync.cancelled", ErrorClass.TRANSIENT.value)
            result.next_attempt = _now() + timedelta(seconds=self.options.interval_seconds)
            self._set_state(SyncState.IDLE, result.failure, result.next_attempt)
        except SyncFailure as exc:
            if exc.code == "sync.cancelled":
                result.state = SyncState.IDLE
                result.failure = FailureInfo("sync.cancelled", ErrorClass.TRANSIENT.value)
                result.next_attempt = _now() + timedelta(seconds=self.options.interval_seconds)
                self._set_state(SyncState.IDLE, result.failure, result.next_attempt)
            else:
                self._fail(result, exc)
        except DeskError as exc:
            # A local problem (store full, keyring): keep the data, say so, try again later.
            # The driver's own message (e.g. "database is locked"), never SQL parameters.
            log.warning(
                "sync stopped by a local error: %s (%s)",
                exc.code,
                str(exc.params.get("detail", "-"))[:120],
            )
            self._fail(result, SyncFailure(exc.code, ErrorClass.TRANSIENT, "local_error"))
        except Exception as exc:  # the worker thread must survive anything
            # The traceback only at debug level: the CLI and the log show the class.
            log.error(
                "unexpected sync error: %s",
                type(exc).__name__,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            self._fail(
                result, SyncFailure("sync.internal", ErrorClass.TRANSIENT, type(exc).__name__)
            )
        finally:
            if self._transport is not None:
                self._transport.cancelled = lambda: False
            self._current = None
            self._progress_cb = None
            self._cycle_thread = None
            result.round_trips = self.stats.round_trips - before.round_trips
            result.bytes_in = self.stats.bytes_in - before.bytes_in
            result.bytes_out = self.stats.bytes_out - before.bytes_out
            result.seconds = time.monotonic() - started
            self._run_lock.release()
        return result

    def _cycle(self, result: SyncResult) -> None:
        self._report(SyncProgress("hello", detail="connecting"))
        self._hello()
        self._link(True)
        self._check_cancel()
        self._ensure_device_token()
        self._enqueue_audit_batch()
        self._push(result)
        self._check_audit_anchor()
        self._check_cancel()
        self._pull(result)
        self._check_cancel()
        self._thumbnails()
        if not self.metered() and self._rate >= self.options.good_link_rate:
            self._auto_media()

    def _finish_ok(self, result: SyncResult) -> None:
        with self.desk.store.write() as s:
            self._set_meta(s, META_FAILURES, "0")
            self._set_meta(s, META_ERROR, None)
            self._set_meta(s, META_NEXT, format_timestamp(result.next_attempt or _now()))
            self._set_meta(s, META_STATE, result.state)
        self.desk.bus.publish(
            events.SYNC_STATE_CHANGED,
            state=result.state,
            code=None,
            next_attempt=result.next_attempt,
        )

    def _fail(self, result: SyncResult, exc: SyncFailure) -> None:
        info = FailureInfo(
            exc.code, exc.klass.value, str(exc.params.get("detail", "")), exc.server_code
        )
        result.failure = info
        with self.desk.store.read() as s:
            failures = int(self._meta(s, META_FAILURES, "0") or 0)
        next_attempt: datetime | None
        if exc.klass is ErrorClass.FATAL:
            state, next_attempt = SyncState.FATAL, None
        elif exc.klass is ErrorClass.AUTH:
            state, next_attempt = SyncState.AUTH_REQUIRED, None
        else:
            failures += 1
            # Full jitter (AWS): uniform in [0, min(cap, base * 2^n)], honouring Retry-After.
            ceiling = min(
                self.options.backoff_cap, self.options.backoff_base * 2 ** min(failures, 20)
            )
            delay = random.uniform(0, ceiling)
            if exc.retry_after is not None:
                delay = max(delay, float(exc.retry_after))
            # The transport already caps server-given delays; this keeps any path honest.
            delay = min(max(delay, 1.0), MAX_RETRY_AFTER)
            state, next_attempt = SyncState.BACKING_OFF, _now() + timedelta(seconds=delay)
        if exc.code in ("sync.network", "sync.timeout", "sync.not_our_server"):
            self._link(False)
        result.state = state
        result.next_attempt = next_attempt
        log.info(
            "sync failed: %s (%s, %s); next attempt %s",
            exc.code,
            exc.klass.value,
            info.detail,
            next_attempt,
        )
        try:
            with self.desk.store.write() as s:
                self._set_meta(s, META_FAILURES, str(failures))
                self._set_meta(s, META_ERROR, json.dumps(asdict(info)))
                self._set_meta(
                    s, META_NEXT, format_timestamp(next_attempt) if next_attempt else None
                )
                self._set_meta(s, META_STATE, state)
        except DeskError:
            log.warning("could not record the sync failure")
        self.desk.bus.publish(
            events.SYNC_STATE_CHANGED, state=state, code=exc.code, next_attempt=next_attempt
        )

    def _set_state(
        self, state: str, failure: FailureInfo | None, next_attempt: datetime | None
    ) -> None:
        self.desk.bus.publish(
            events.SYNC_STATE_CHANGED,
            state=state,
            code=failure.code if failure else None,
            next_attempt=next_attempt,
        )

    # ------------------------------------------------------------------------------------
    # push
    # ------------------------------------------------------------------------------------

    def _pending_query(self) -> Any:
        return (
            select(OutboxItem)
            .where(OutboxItem.state.in_([OutboxState.PENDING, OutboxState.SENDING]))
            .order_by(OutboxItem.seq)
        )

    def _pending_count(self) -> int:
        with self.desk.store.read() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(OutboxItem)
                    .where(OutboxItem.state.in_([OutboxState.PENDING, OutboxState.SENDING]))
                )
                or 0
            )

    @staticmethod
    def wire_item(item: OutboxItem) -> dict[str, Any]:
        """The protocol form of an outbox item."""
        doc: dict[str, Any] = {
            "id": item.id,
            "kind": item.kind,
            "content_hash": item.content_hash,
            "payload": item.payload,
        }
        if item.signature:
            doc["signature"] = {"sig": b64encode(item.signature)}
        return doc

    def _push(self, result: SyncResult) -> None:
        skip: set[str] = set()
        total = self._pending_count()
        done = 0
        while True:
            self._check_cancel()
            batch = self._next_batch(skip)
            if not batch:
                return
            ids = [d["id"] for d in batch]
            self._upload_attachments(batch, skip)
            batch = [d for d in batch if d["id"] not in skip]
            if not batch:
                continue
            ids = [d["id"] for d in batch]
            # Freeze before the network call, in its own committed transaction: whatever
            # happens next, this item is never changed or re-created, only re-sent as is.
            with self.desk.store.write() as s:
                # An item withdrawn since the batch was read is gone: never send it.
                still = set(
                    s.scalars(
                        select(OutboxItem.id).where(
                            OutboxItem.id.in_(ids),
                            OutboxItem.state.in_([OutboxState.PENDING, OutboxState.SENDING]),
                        )
                    )
                )
                batch = [d for d in batch if d["id"] in still]
                ids = [d["id"] for d in batch]
                s.execute(
                    update(OutboxItem)
                    .where(OutboxItem.id.in_(ids))
                    .values(state=OutboxState.SENDING, attempts=OutboxItem.attempts + 1)
                )
            if not batch:
                continue
            self._report(
                SyncProgress("push", done, total, detail=f"{len(batch)} items", rate=self._rate)
            )
            t0 = time.monotonic()
            in0 = self.stats.bytes_out
            try:
                resp = self.transport().call(
                    "POST", "/outbox", OutboxResponse, json_body={"items": batch}, compress=True
                )
            except SyncFailure as exc:
                if exc.klass not in (ErrorClass.REQUEST, ErrorClass.ITEM):
                    raise
                # The server refuses the call itself (too large, malformed): find the item
                # that causes it by halving, and quarantine it alone.
                if len(batch) == 1:
                    self._quarantine(
                        batch[0]["id"],
                        exc.server_code or exc.code,
                        str(exc.params.get("detail", "")),
                    )
                    result.quarantined += 1
                else:
                    self._batch_cap = max(1, len(batch) // 2)
                with self.desk.store.write() as s:
                    s.execute(
                        update(OutboxItem)
                        .where(OutboxItem.id.in_(ids), OutboxItem.state == OutboxState.SENDING)
                        .values(state=OutboxState.PENDING)
                    )
                continue
            self._measure(self.stats.bytes_out - in0, time.monotonic() - t0)
            if len(resp.receipts) != len(batch) or any(
                r.id != d["id"] for r, d in zip(resp.receipts, batch, strict=False)
            ):
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "receipts_mismatch")
            quarantined = self._apply_receipts(resp, skip)
            done += len(batch)
            result.pushed_items += len(batch) - quarantined
            result.quarantined += quarantined
            self.desk.bus.publish(events.OUTBOX_CHANGED)
            self.desk.bus.publish(events.REQUESTS_CHANGED)

    def _quarantine(self, item_id: str, code: str, message: str) -> None:
        with self.desk.store.write() as s:
            item = s.get(OutboxItem, item_id)
            if item is None:
                return
            item.state = OutboxState.QUARANTINED
            item.error_code = code[:64]
            item.last_error = message[:500]
            if item.kind == "request" and s.get(OutgoingRequest, item.ref_id) is not None:
                self.requests.apply_rejection(s, item.ref_id, item.error_code, item.last_error)
        self.desk.bus.publish(events.NOTIFICATION, kind="quarantined", item_id=item_id, code=code)

    def _next_batch(self, skip: set[str]) -> list[dict[str, Any]]:
        max_items = max(1, min(self._limits.max_batch_items, self._batch_cap))
        budget = self._byte_budget(self._limits.max_batch_bytes)
        out: list[dict[str, Any]] = []
        size = 0
        with self.desk.store.read() as s:
            for item in s.scalars(self._pending_query().limit(max_items + len(skip))):
                if item.id in skip:
                    continue
                doc = self.wire_item(item)
                n = len(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode())
                if out and size + n > budget:
                    break
                out.append(doc)
                size += n
                if len(out) >= max_items:
                    break
        return out

    def _byte_budget(self, cap: int) -> int:
        """Raw bytes for the next page/batch from the measured rate (compression ~4x)."""
        if self._rate <= 0:
            return min(cap, 256 * 1024)
        return int(
            max(self.options.min_page_bytes, min(cap, self._rate * self.options.target_seconds * 4))
        )

    def _apply_receipts(self, resp: OutboxResponse, skip: set[str]) -> int:
        quarantined = 0
        notes: list[dict[str, str]] = []
        with self.desk.store.write() as s:
            for receipt in resp.receipts:
                item = s.get(OutboxItem, receipt.id)
                if item is None:
                    continue
                status = receipt.status
                if status == ReceiptStatus.DUPLICATE:
                    status = receipt.first_status or ReceiptStatus.ACCEPTED
                item.receipt = receipt.model_dump(exclude_none=True)
                when = _parse_time(receipt.server_time) or utcnow()
                if status == ReceiptStatus.ACCEPTED:
                    item.state = OutboxState.DONE
                    item.sent_at = when
                    item.error_code = None
                    item.last_error = ""
                    if item.kind == "request" and s.get(OutgoingRequest, item.ref_id) is not None:
                        self.requests.apply_receipt(s, item.ref_id, server_time=when)
                    if item.kind == "audit_batch":
                        self._audit_accepted(s, item)
                        self._remember_audit_anchor(item)
                elif status == ReceiptStatus.RETRY:
                    item.state = OutboxState.PENDING
                    item.error_code = receipt.code or "retry"
                    item.last_error = (receipt.message or "")[:500]
                    skip.add(item.id)
                else:  # rejected or conflict: permanent for this item
                    item.state = OutboxState.QUARANTINED
                    item.error_code = receipt.code or str(status)
                    item.last_error = (receipt.message or "")[:500]
                    quarantined += 1
                    known = s.get(OutgoingRequest, item.ref_id) is not None
                    if item.kind == "request" and status == ReceiptStatus.REJECTED and known:
                        self.requests.apply_rejection(
                            s, item.ref_id, item.error_code, item.last_error
                        )
                    notes.append(
                        {
                            "item_id": item.id,
                            "item_kind": item.kind,
                            "ref_id": item.ref_id,
                            "code": item.error_code,
                        }
                    )
        for note in notes:
            self.desk.bus.publish(events.NOTIFICATION, kind="quarantined", **note)
        return quarantined

    def _upload_attachments(self, batch: list[dict[str, Any]], skip: set[str]) -> None:
        for doc in batch:
            if doc["kind"] != "request":
                continue
            content = doc["payload"].get("request", {}).get("content", {})
            for sha in content.get("attachments", []) or []:
                if sha in self._uploaded:
                    continue
                if not self.desk.blobs.has(sha):
                    # The file is not on this PC (yet); the server would answer "retry".
                    skip.add(doc["id"])
                    break
                self.upload_blob(sha)

    # ------------------------------------------------------------------------------------
    # blobs
    # ------------------------------------------------------------------------------------

    def _chunk_size(self) -> int:
        # A server advertising a tiny (or zero) chunk would make an upload endless.
        cap = max(self._limits.max_blob_chunk, 4096)
        if self._rate <= 0:
            return min(cap, 64 * 1024)
        return int(
            max(self.options.min_chunk_bytes, min(cap, self._rate * self.options.target_seconds))
        )

    def upload_blob(self, sha: str, progress: Callable[[SyncProgress], None] | None = None) -> None:
        """Upload a local blob resumably (the server's offset says where to go on).

        Raises:
            SyncFailure: after ``blob_retries`` transient failures, or a permanent one.
        """
        data = self.desk.blobs.read(sha)
        if len(data) > self._limits.max_blob_size:
            raise SyncFailure("sync.refused", ErrorClass.ITEM, "blob_too_large")
        t = self.transport()
        failures = 0
        stuck = 0  # offset_mismatch answers and chunks that moved nothing
        sent = 0
        t_start = time.monotonic()

        def spent(detail: str) -> SyncFailure:
            return SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, detail)

        def tick(n: int) -> None:
            nonlocal sent
            sent += n
            elapsed = max(time.monotonic() - t_start, 1e-3)
            p = SyncProgress(
                "upload",
                bytes_done=sent,
                bytes_total=len(data),
                rate=sent / elapsed,
                detail=sha[:12],
            )
            if progress:
                progress(p)
            self._report(p)

        while True:
            try:
                state = t.call("GET", f"/blobs/{sha}/upload", UploadState)
                offset = state.offset
                while not state.complete:
                    self._check_cancel()
                    if offset >= len(data):
                        break
                    chunk = data[offset : offset + self._chunk_size()]
                    t0 = time.monotonic()
                    resp = t.request(
                        "PATCH",
                        f"/blobs/{sha}",
                        params={"offset": offset},
                        body=chunk,
                        headers={
                            UPLOAD_LENGTH_HEADER: str(len(data)),
                            "Content-Type": "application/octet-stream",
                        },
                        on_bytes=tick,
                    )
                    self._measure(len(chunk), time.monotonic() - t0)
                    state = parse_model(resp.body, UploadState)
                    if state.offset <= offset and not state.complete:
                        stuck += 1
                        if stuck > self.options.upload_offset_budget:
                            raise spent("upload_no_progress")
                    offset = state.offset
                if state.complete or offset >= len(data):
                    self._uploaded.add(sha)
                    return
            except SyncFailure as exc:
                if exc.server_code == ErrorCode.OFFSET_MISMATCH.value:
                    stuck += 1
                    if stuck > self.options.upload_offset_budget:
                        raise spent("upload_offset_loop") from exc
                    continue  # ask the server where it stands and go on from there
                if exc.klass is not ErrorClass.TRANSIENT or exc.code == "sync.cancelled":
                    raise
                failures += 1
                if failures > self.options.blob_retries:
                    raise
                time.sleep(self.options.blob_retry_pause * random.uniform(0.5, 1.5))

    def fetch_media(
        self,
        sha: str,
        progress: Callable[[SyncProgress], None] | None = None,
        size_hint: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Download a blob (full-size photo, attachment) resumably into the blob store.

        ``cancelled`` (the UI's Cancel) interrupts the download within a second, even in
        the middle of a call; what is safe on disk is kept for the next try.

        A cut resumes with ``Range`` from the bytes already safe on disk (whole encrypted
        chunks, ``BlobWriter.complete_bytes()``) plus what this call still holds in
        memory, so nothing is downloaded twice within a call and little after a restart.

        Returns:
            True when the blob is complete and verified.

        Raises:
            SyncFailure: after ``blob_retries`` transient failures, or a permanent one.
        """
        if self.desk.blobs.has(sha):
            return True
        if self._cycle_thread == threading.get_ident():
            return self._fetch_media(sha, progress, size_hint)
        # From another thread (the UI's "show full photo"): the transport is not shared
        # between threads, so wait for a running cycle to finish first.
        with self._run_lock:
            self._cycle_thread = threading.get_ident()
            t = self.transport()
            t.cancelled = cancelled or (lambda: False)
            try:
                return self._fetch_media(sha, progress, size_hint)
            finally:
                t.cancelled = lambda: False
                self._cycle_thread = None

    def _fetch_media(
        self,
        sha: str,
        progress: Callable[[SyncProgress], None] | None,
        size_hint: int | None,
    ) -> bool:
        t = self.transport()
        if not t.token:
            self._hello()
            self._ensure_device_token()
        writer = self.desk.blobs.writer(sha)
        tail = bytearray()
        failures = 0
        restarts = 0
        t_start = time.monotonic()
        got = 0
        # Never store more than the declared size (the hash check comes only at the end).
        declared = size_hint if size_hint and 0 < size_hint <= MAX_BLOB_SIZE else MAX_BLOB_SIZE

        def sink(chunk: bytes) -> None:
            nonlocal got
            tail.extend(chunk)
            whole = len(tail) // CHUNK * CHUNK
            if whole:
                writer.append(bytes(tail[:whole]))
                del tail[:whole]
            got += len(chunk)
            done = writer.complete_bytes() + len(tail)
            elapsed = max(time.monotonic() - t_start, 1e-3)
            rate = got / elapsed
            eta = ((size_hint - done) / rate) if size_hint and rate > 0 else None
            p = SyncProgress(
                "media",
                bytes_done=done,
                bytes_total=size_hint,
                rate=rate,
                eta_seconds=eta,
                detail=sha[:12],
            )
            if progress:
                progress(p)
            self._report(p)

        while True:
            start = writer.complete_bytes() + len(tail)
            headers = {"Range": f"bytes={start}-"} if start else {}
            try:
                resp = t.request(
                    "GET",
                    f"/blobs/{sha}",
                    headers=headers,
                    sink=sink,
                    expect_size=size_hint or 0,
                    max_wire=max(declared - start, 0),
                )
                if start and resp.status != 206:
                    raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "range_ignored")
                writer.append(bytes(tail))
                tail.clear()
                try:
                    writer.finish()
                except BlobCorrupt as exc:
                    raise SyncFailure(
                        "sync.bad_reply", ErrorClass.TRANSIENT, "blob_hash_mismatch"
                    ) from exc
                with self.desk.store.write() as s:
                    att = s.get(Attachment, sha)
                    if att is not None:
                        att.present = True
                return True
            except SyncFailure as exc:
                if exc.server_code == ErrorCode.RANGE_NOT_SATISFIABLE.value:
                    restarts += 1
                    if restarts > self.options.range_restart_budget:
                        raise SyncFailure(
                            "sync.bad_reply", ErrorClass.TRANSIENT, "range_loop"
                        ) from exc
                    tail.clear()
                    writer.partial.unlink(missing_ok=True)
                    writer = self.desk.blobs.writer(sha)
                    continue
                if exc.klass is not ErrorClass.TRANSIENT or exc.code in (
                    "sync.bad_reply",
                    "sync.cancelled",
                ):
                    if exc.params.get("detail") == "too_large":
                        # More bytes than declared: what was kept is not worth resuming.
                        tail.clear()
                        writer.partial.unlink(missing_ok=True)
                    raise
                failures += 1
                if failures > self.options.blob_retries:
                    raise
                time.sleep(self.options.blob_retry_pause * random.uniform(0.5, 1.5))

    def _thumbnails(self) -> None:
        """Fetch thumbnails that did not travel inline (always: they are small)."""
        with self.desk.store.read() as s:
            rows = s.execute(
                select(Media.thumb_sha256, Media.thumb_size)
                .join(Attachment, Attachment.sha256 == Media.thumb_sha256)
                .where(Media.deleted.is_(False), Attachment.present.is_(False))
                .limit(200 + len(self._thumbs_unavailable))
            ).all()
        todo = [(sha, size) for sha, size in rows if sha not in self._thumbs_unavailable][:200]
        for i, (sha, size) in enumerate(todo):
            self._check_cancel()
            self._report(SyncProgress("thumbnails", i, len(todo), rate=self._rate))
            try:
                self.fetch_media(sha, size_hint=size)
            except SyncFailure as exc:
                if exc.code in ("sync.network", "sync.timeout", "sync.cancelled") or exc.klass in (
                    ErrorClass.AUTH,
                    ErrorClass.FATAL,
                ):
                    raise  # the link or the session is the problem: the cycle stops
                # This one thumbnail cannot be had (missing on the server, wrong bytes):
                # the photo shows a placeholder; every other thumbnail and the next
                # cycles go on, without asking for it again until the program restarts.
                log.warning("thumbnail %s not fetched: %s", sha[:12], exc.code)
                self._thumbs_unavailable.add(sha)

    def _auto_media(self) -> None:
        budget = self.options.auto_media_bytes
        with self.desk.store.read() as s:
            rows = s.execute(
                select(Media.sha256, Media.size)
                .join(Attachment, Attachment.sha256 == Media.sha256)
                .where(Media.deleted.is_(False), Attachment.present.is_(False))
                .limit(100)
            ).all()
        for sha, size in rows:
            if size > budget:
                break
            self._check_cancel()
            budget -= size
            try:
                self.fetch_media(sha, size_hint=size)
            except SyncFailure as exc:
                if exc.klass is ErrorClass.TRANSIENT and exc.code != "sync.bad_reply":
                    raise
                log.warning("media %s not fetched: %s", sha[:12], exc.code)

    # ------------------------------------------------------------------------------------
    # pull
    # ------------------------------------------------------------------------------------

    def _positions(self, session: Session) -> list[int]:
        pos = dict.fromkeys(LANES, 0)
        for cur in session.scalars(select(SyncCursor)):
            if cur.lane.isdigit() and int(cur.lane) in pos:
                pos[int(cur.lane)] = cur.cursor
        return [pos[lane] for lane in LANES]

    @staticmethod
    def _store_positions(session: Session, positions: list[int]) -> None:
        existing = {c.lane: c for c in session.scalars(select(SyncCursor))}
        for lane, value in zip(LANES, positions, strict=True):
            cur = existing.get(str(lane))
            if cur is None:
                session.add(SyncCursor(lane=str(lane), cursor=value))
            elif cur.cursor != value:
                cur.cursor = value
                cur.updated_at = utcnow()

    def cursor(self) -> str:
        """The stored pull cursor (``s0.s1.s2.s3``)."""
        with self.desk.store.read() as s:
            return format_cursor(self._positions(s))

    def _fetch_page(self, positions: list[int], page_bytes: int) -> tuple[ChangesPage, int, float]:
        """One ``GET /changes``; returns the page, its wire bytes and seconds."""
        t0 = time.monotonic()
        in0 = self.stats.bytes_in
        try:
            page = self.transport().call(
                "GET",
                "/changes",
                ChangesPage,
                params={"after": format_cursor(positions), "max_bytes": page_bytes, "integrity": 1},
                expect_size=page_bytes,
                max_decoded=page_decode_limit(page_bytes),
            )
        except SyncFailure as exc:
            if exc.klass is ErrorClass.TRANSIENT:
                # Multiplicative decrease: a page that cannot cross the link in one piece
                # is too big for it right now.
                self._remember_page_bytes(max(self.options.min_page_bytes, page_bytes // 2))
            raise
        return page, self.stats.bytes_in - in0, time.monotonic() - t0

    def _next_page_bytes(self, page: ChangesPage, wire: int, page_bytes: int) -> int:
        # Additive increase towards what the link carries in ``target_seconds``.
        ratio = max(1.0, page.raw_bytes / max(wire, 1))
        want = int(
            self._rate
            * min(self.options.page_target_seconds, self.options.target_seconds * 1.5)
            * ratio
        )
        return max(
            self.options.min_page_bytes,
            min(self._limits.max_page_bytes, max(want, page_bytes // 2), page_bytes * 4),
        )

    def _pull(self, result: SyncResult) -> None:
        """Pull pages until caught up (see :meth:`_pull_pages`).

        A stored cursor past the server's head in some lane (left by a server that lied,
        or by a restored server) is not trusted: those lanes are pulled again from 0.
        """
        try:
            self._pull_pages(result)
        except _CursorAhead as ahead:
            log.warning("cursor ahead of the server's head in lanes %s; pulling again", ahead.lanes)
            with self.desk.store.write() as s:
                positions = self._positions(s)
                for lane in ahead.lanes:
                    positions[lane] = 0
                self._store_positions(s, positions)
            try:
                self._pull_pages(result)
            except _CursorAhead as again:
                # From 0 and still ahead: the server's head contradicts its own rows.
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "head_behind") from again

    def _pull_pages(self, result: SyncResult) -> None:
        """Pull pages until caught up.

        The next page is requested (in a helper thread) as soon as this page's cursor is
        known, while this page is being applied: on a 1 s link that hides the apply time
        and the server's page-building time behind the transfer. The helper thread only
        does network I/O; every database write stays on this thread, in page order.
        """
        with self.desk.store.read() as s:
            positions = self._positions(s)
            stored = self._meta(s, META_PAGE_BYTES)
            rate = self._meta(s, META_RATE)
        if self._rate <= 0 and rate:
            self._rate = float(rate)
        page_bytes = (
            int(stored) if stored and stored.isdigit() else (self._limits.default_page_bytes)
        )
        page_bytes = max(self.options.min_page_bytes, min(page_bytes, self._limits.max_page_bytes))
        start_max = max(positions)
        bytes_in = 0
        t_start = time.monotonic()
        pages = 0
        if self.options.max_pages is not None and self.options.max_pages <= 0:
            return
        self._check_cancel()
        # Say at once that bulletins are being received: the first page may take half a
        # minute on a slow link, and the previous phase must not stay on screen meanwhile.
        self._report(SyncProgress("pull", 0, None, 0, None, self._rate, None, detail="page 1"))
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dd-prefetch")
        stalled = 0
        try:
            page, wire, elapsed = self._fetch_page(positions, page_bytes)
            ahead_lanes = [lane for lane in LANES if positions[lane] > page.head]
            if ahead_lanes:
                raise _CursorAhead(ahead_lanes)
            while True:
                self._measure(wire, elapsed)
                new_positions = self._validate_page(page, positions, page_bytes)
                if page.has_more and new_positions == positions:
                    stalled += 1
                    if stalled >= self.options.no_progress_budget:
                        raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_progress")
                else:
                    stalled = 0
                if pages >= self.options.cycle_page_budget:
                    raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "endless_feed")
                used_bytes = page_bytes
                page_bytes = self._next_page_bytes(page, wire, page_bytes)
                pages += 1
                more = page.has_more and not (
                    self.options.max_pages is not None and pages >= self.options.max_pages
                )
                ahead: Future[tuple[ChangesPage, int, float]] | None = None
                if more and not self._cancelled():
                    ahead = pool.submit(self._fetch_page, new_positions, page_bytes)
                outcome = self._commit_page(page, new_positions, used_bytes)
                positions = new_positions
                result.pages += 1
                result.pulled_rows += outcome.applied
                result.bad_rows += outcome.bad
                bytes_in += wire
                self._after_page(outcome)
                span = max(page.head - start_max, 1)
                frac = min(1.0, (max(positions) - start_max) / span)
                spent = time.monotonic() - t_start
                eta = spent * (1 - frac) / frac if frac > 0 else None
                self._report(
                    SyncProgress(
                        "pull",
                        result.pulled_rows,
                        # Changes published since the cursor: what this pull has to receive
                        # (an upper bound when other offices' rows share the numbering).
                        max(page.head - start_max, result.pulled_rows)
                        if page.has_more
                        else result.pulled_rows,
                        bytes_in,
                        None,
                        self._rate,
                        eta if page.has_more else None,
                        detail=f"page {pages}",
                    )
                )
                if not page.has_more:
                    self._integrity(page, positions, result)
                    self._recheck_bad_rows(result)
                    return
                if ahead is None:
                    self._check_cancel()
                    return  # max_pages reached: the rest waits for the next cycle
                page, wire, elapsed = ahead.result()
        finally:
            pool.shutdown(wait=True)

    def _remember_page_bytes(self, page_bytes: int) -> None:
        try:
            with self.desk.store.write() as s:
                self._set_meta(s, META_PAGE_BYTES, str(page_bytes))
        except DeskError:
            pass

    @staticmethod
    def _validate_page(
        page: ChangesPage, positions: list[int], asked_bytes: int | None = None
    ) -> list[int]:
        """The page's new cursor, checked against what the page itself proves.

        A lane's position moves only to the last row the page delivers in that lane (a
        cursor past it would skip rows for good), never backwards and never past the
        page's head; a page holding far more rows than ``asked_bytes`` could carry is not
        what was asked for.
        """
        try:
            new = list(parse_cursor(page.next_cursor))
        except ValueError as exc:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "bad_cursor") from exc
        if any(n < o for n, o in zip(new, positions, strict=True)):
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "cursor_backwards")
        if asked_bytes is not None and len(page.rows) > asked_bytes // MIN_ROW_BYTES + 1:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "page_too_large")
        last = list(positions)
        for row in page.rows:
            if row.l not in LANES or row.s > new[row.l] or row.s <= positions[row.l]:
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "row_outside_page")
            last[row.l] = max(last[row.l], row.s)
        if new != last or any(n > page.head for n in new):
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "cursor_ahead")
        return new

    def _commit_page(
        self, page: ChangesPage, positions: list[int], page_bytes: int
    ) -> applying.ApplyOutcome:
        """Rows and the cursor that covers them in one transaction per slice of the page.

        A page is applied in slices of ``apply_rows_per_transaction`` rows, each committed
        with the cursor of the last row it holds (rows in lane, then seq order), so a
        crash leaves rows and cursor together and a user's save never waits behind a
        page of thousands of rows.
        """
        with self.desk.store.read() as s:
            done = self._positions(s)
        rows = sorted(page.rows, key=lambda r: (r.l, r.s))
        outcome = applying.ApplyOutcome()
        start = 0
        while True:
            step = max(1, min(self._slice_rows, self.options.apply_rows_per_transaction))
            part = rows[start : start + step]
            start += len(part)
            last = start >= len(rows)
            cursor = list(positions) if last else list(done)
            if not last:
                for row in part:
                    cursor[row.l] = max(cursor[row.l], row.s)
                done = cursor
            t0 = time.monotonic()
            with self.desk.store.write() as s:
                out = self.applier.apply_rows(s, part)
                applying.index_hook(s, out.person_ids)
                self._store_positions(s, cursor)
                if last:
                    self._set_meta(s, META_HEAD, str(page.head))
                    self._set_meta(s, META_PAGE_BYTES, str(page_bytes))
                    self._set_meta(s, META_RATE, f"{self._rate:.0f}")
                    if not page.has_more:
                        self._set_meta(s, META_LAST_SYNC, page.server_time)
            outcome.merge(out)
            if len(part) >= 10:
                per_row = max(time.monotonic() - t0, 1e-4) / len(part)
                want = int(self.options.apply_seconds_per_transaction / per_row)
                self._slice_rows = max(10, min(want, self._slice_rows * 2))
            if last:
                return outcome

    def _after_page(self, outcome: applying.ApplyOutcome) -> None:
        for sha in outcome.purge_blobs:
            self.desk.blobs.delete(sha)
        bus = self.desk.bus
        if outcome.bulletins or outcome.cancelled:
            bus.publish(
                events.BULLETINS_CHANGED,
                count=outcome.bulletins,
                cancelled=[c["bulletin_id"] for c in outcome.cancelled],
            )
        if outcome.replies or outcome.request_outcomes:
            bus.publish(events.REPLIES_CHANGED, reply_ids=[r["reply_id"] for r in outcome.replies])
            bus.publish(events.REQUESTS_CHANGED)
        for reply in outcome.replies:
            bus.publish(events.NOTIFICATION, kind="reply", **reply)
        for urgent in outcome.urgent:
            bus.publish(events.NOTIFICATION, kind="urgent_bulletin", **urgent)
        for cancelled in outcome.cancelled:
            bus.publish(events.NOTIFICATION, kind="cancelled", **cancelled)
        for res in outcome.request_outcomes:
            if res.get("status") == "rejected":
                bus.publish(events.NOTIFICATION, kind="rejected", **res)

    def _integrity(self, page: ChangesPage, positions: list[int], result: SyncResult) -> None:
        self._report(SyncProgress("integrity", rate=self._rate))
        info: IntegrityResponse | None = page.integrity
        if info is None:
            info = self.transport().call("GET", "/integrity", IntegrityResponse)
        if info.head != page.head:
            result.integrity_ok = None  # the feed moved on; compare after the next pull
            return
        with self.desk.store.read() as s:
            local = applying.local_lane_sums(s)
        differ = [
            li.lane
            for li in info.lanes
            if li.lane in local and local[li.lane] != (li.count, li.checksum)
        ]
        if not differ:
            result.integrity_ok = True
            return
        log.warning("integrity mismatch in lanes %s; pulling them again", differ)
        for lane in differ:
            self._repair_lane(lane, result)
        result.repaired_lanes = differ
        check = self.transport().call("GET", "/integrity", IntegrityResponse)
        with self.desk.store.read() as s:
            local = applying.local_lane_sums(s)
        result.integrity_ok = all(
            local.get(li.lane) == (li.count, li.checksum) for li in check.lanes
        )

    def _recheck_bad_rows(self, result: SyncResult) -> None:
        """Fetch the rows recorded as bad once more, in the first complete pull of a run
        and in the one after a pull that recorded new bad rows.

        A row may have been recorded as bad from a broken or lying answer while the server
        holds a good version at the same ``s``; integrity sums cannot tell (they cover the
        row's version). One small page starting just before the row brings the server's
        copy: applied if good, still listed if the server itself holds it bad (and then
        not asked for again until something new goes wrong: idle cycles cost nothing).
        """
        due, self._recheck_due = self._recheck_due, result.bad_rows > 0
        if not due:
            return
        with self.desk.store.read() as s:
            rows = s.execute(
                select(SyncRow.t, SyncRow.i, SyncRow.s, SyncRow.lane)
                .where(SyncRow.bad.is_(True), SyncRow.s > 0)
                .order_by(SyncRow.s)
                .limit(200)
            ).all()
        for t, i, sv, lane in rows[: self._recheck_budget]:
            self._check_cancel()
            if lane not in LANES:
                continue
            positions = [0] * len(LANES)
            positions[lane] = sv - 1
            page = self.transport().call(
                "GET",
                "/changes",
                ChangesPage,
                params={"after": format_cursor(positions), "lanes": str(lane), "max_bytes": 1},
                max_decoded=page_decode_limit(1),
            )
            self._validate_page(page, positions, 1)
            mine = [r for r in page.rows if (r.t, r.i, r.s) == (t, i, sv)]
            if not mine:
                continue  # the server has moved on: the next pull or repair brings it
            with self.desk.store.write() as s:
                s.execute(update(SyncRow).where(SyncRow.t == t, SyncRow.i == i).values(s=0))
                outcome = self.applier.apply_rows(s, mine)
                applying.index_hook(s, outcome.person_ids)
            result.pulled_rows += outcome.applied
            self._after_page(outcome)

    def _repair_lane(self, lane: int, result: SyncResult) -> None:
        """Pull one lane again from 0 and make this PC hold what the server holds.

        Every row whose version, liveness or lane differs from what this PC recorded (or
        that it recorded as bad) is applied again from the server's copy, so a
        cancellation that a lying server re-sent as live is applied. A row this PC holds
        live in the lane that the server does not have there is a phantom: what it put
        in the store is removed (local work is never touched) and its record is reset so
        that the server's real version, wherever it is, applies when it comes.
        """
        positions = [0] * len(LANES)
        seen: set[tuple[str, str]] = set()
        while True:
            self._check_cancel()
            page = self.transport().call(
                "GET",
                "/changes",
                ChangesPage,
                params={
                    "after": format_cursor(positions),
                    "lanes": str(lane),
                    "max_bytes": self._limits.max_page_bytes,
                },
                max_decoded=page_decode_limit(self._limits.max_page_bytes),
            )
            new = self._validate_page(page, positions, self._limits.max_page_bytes)
            if page.has_more and new == positions:
                raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_progress")
            seen.update((r.t, r.i) for r in page.rows)
            with self.desk.store.write() as s:
                ids = [r.i for r in page.rows]
                held: dict[tuple[str, str], tuple[int, bool, int, bool]] = {}
                for start in range(0, len(ids), 500):
                    for t, i, sv, live, ln, bad in s.execute(
                        select(
                            SyncRow.t, SyncRow.i, SyncRow.s, SyncRow.live, SyncRow.lane, SyncRow.bad
                        ).where(SyncRow.i.in_(ids[start : start + 500]))
                    ):
                        held[(t, i)] = (sv, bool(live), ln, bool(bad))
                for r in page.rows:
                    mine = held.get((r.t, r.i))
                    if mine is not None and (mine[3] or mine[:3] != (r.s, not r.x, r.l)):
                        s.execute(
                            update(SyncRow).where(SyncRow.t == r.t, SyncRow.i == r.i).values(s=0)
                        )
                outcome = self.applier.apply_rows(s, page.rows)
                applying.index_hook(s, outcome.person_ids)
                current = self._positions(s)
                current[lane] = max(current[lane], new[lane])
                self._store_positions(s, current)
            result.pulled_rows += outcome.applied
            result.bad_rows += outcome.bad
            self._after_page(outcome)
            positions = new
            if not page.has_more:
                break
        with self.desk.store.write() as s:
            phantoms = [
                (t, i)
                for t, i in s.execute(
                    select(SyncRow.t, SyncRow.i).where(SyncRow.lane == lane, SyncRow.live.is_(True))
                ).all()
                if (t, i) not in seen
            ]
            outcome = applying.ApplyOutcome()
            for t, i in phantoms:
                outcome.merge(self.applier.forget(s, t, i))
            applying.index_hook(s, outcome.person_ids)
        if phantoms:
            log.warning("removed %d rows the server does not hold in lane %d", len(phantoms), lane)
        self._after_page(outcome)

    # ------------------------------------------------------------------------------------
    # audit upload
    # ------------------------------------------------------------------------------------

    def _enqueue_audit_batch(self) -> None:
        """Queue the audit events not yet queued as one ``audit_batch`` outbox item."""
        from app.store.models import AuditEvent
        from app.workflow import enqueue

        with self.desk.store.write() as s:
            done = int(self._meta(s, META_AUDIT_SENT, "0") or 0)
            evs = list(
                s.scalars(
                    select(AuditEvent)
                    .where(AuditEvent.seq > done)
                    .order_by(AuditEvent.seq)
                    .limit(2000)
                )
            )
            if not evs:
                return
            payload = {
                "prev_head": evs[0].prev_hash,
                "head": evs[-1].hash,
                "events": [audit_event_fields(e) for e in evs],
            }
            enqueue(
                s,
                kind="audit_batch",
                ref_id=evs[-1].id,
                content_hash=content_hash(payload),
                payload=payload,
            )
            self._set_meta(s, META_AUDIT_SENT, str(evs[-1].seq))

    def _remember_audit_anchor(self, item: OutboxItem) -> None:
        """Keep the head the server just anchored outside the store (see app.audit)."""
        events_sent = item.payload.get("events") or []
        if events_sent:
            last = int(events_sent[-1]["seq"])
            audit.remember_anchor(self.desk.credentials, last, str(item.payload["head"]))

    def _check_audit_anchor(self) -> None:
        """Stop, loudly, when the store lost audit events the server had acknowledged.

        Runs after the push, so the server has seen the chain that does not continue its
        anchor (and recorded it) before this PC stops syncing until IT staff look at it.
        """
        anchor = audit.load_anchor(self.desk.credentials)
        problem = audit.anchor_problem(self.desk.store.engine, anchor)
        if problem is not None and anchor is not None:
            raise SyncFailure(
                "store.rolled_back",
                ErrorClass.FATAL,
                f"{problem}: the server acknowledged audit event {anchor.seq}",
            )

    @staticmethod
    def _audit_accepted(session: Session, item: OutboxItem) -> None:
        from app.store.models import AuditEvent

        seqs = [int(e["seq"]) for e in item.payload.get("events", [])]
        if seqs:
            session.execute(
                update(AuditEvent).where(AuditEvent.seq.in_(seqs)).values(uploaded=True)
            )

    # ------------------------------------------------------------------------------------
    # users
    # ------------------------------------------------------------------------------------

    def login_online(self, username: str, password: str) -> Actor:
        """Log in against the server; cache the profile and Argon2 hash for offline login.

        The user's Ed25519 public key is registered with the server in the same call (or
        right after, for a user new to this PC), before anything they sign is pushed.

        Raises:
            AuthError: wrong user name or password (the server said so).
            AccountLocked: the account is locked on this PC.
            SyncFailure: the server cannot be reached or refused for another reason.
        """
        username = username.strip()
        self._hello()
        device_id, secret = self._device_credentials()
        with self.desk.store.read() as s:
            local = s.scalar(select(User).where(User.username == username))
            public = local.signing_public_key if local is not None else None
        body: dict[str, Any] = {
            "device_id": device_id,
            "device_secret": secret,
            "username": username,
            "password": password,
        }
        if public:
            body["public_key"] = b64encode(public)
        t = self.transport()
        try:
            resp = t.call(
                "POST", "/login", SessionResponse, auth=False, json_body=body, retry_auth=False
            )
        except SyncFailure as exc:
            if exc.server_code in (ErrorCode.BAD_CREDENTIALS.value,):
                raise AuthError() from exc
            if exc.server_code == ErrorCode.LOGIN_LOCKED.value:
                # The server's lock-out (too many wrong passwords): ui says who can lift it.
                raise AuthError(ErrorCode.LOGIN_LOCKED.value) from exc
            raise
        profile = resp.user
        if profile is None:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_profile")
        self.desk.credentials.set(
            user_token_key(username),
            json.dumps({"token": resp.token, "expires_at": resp.expires_at}),
        )
        register_key: bytes | None = None
        with self.desk.store.write() as s:
            user = s.scalar(select(User).where(User.username == username))
            if user is None:
                user = create_user(
                    s,
                    username=username,
                    password=password,
                    role=Role(profile.role.value),
                    office_code=profile.office,
                    display_name=profile.display_name,
                )
                register_key = user.signing_public_key
            else:
                from app.users import _hasher  # the same hasher offline login uses

                same: bool
                try:
                    same = bool(_hasher.verify(user.password_hash, password))
                except Exception:  # noqa: BLE001 - mismatch or an old hash: replace it
                    same = False
                if not same:
                    # The password changed on the server: cache the new hash and give the
                    # user a new signing key (the old one is sealed under the old password).
                    user.password_hash = hash_password(password)
                    user.signing_public_key, user.signing_private_key_enc = new_signing_key(
                        password
                    )
                    user.key_registered = False
                    register_key = user.signing_public_key
                user.role = Role(profile.role.value)
                user.office_code = profile.office
                user.display_name = profile.display_name or user.display_name
                user.failed_attempts = 0
                if user.signing_public_key and not public:
                    register_key = user.signing_public_key
            if user.locked:
                raise AccountLocked(username=user.username)
            user.last_online_login = utcnow()
            if register_key is None:
                user.key_registered = True
            audit.record(
                s,
                audit.Action.LOGIN,
                actor_id=user.id,
                actor_name=user.username,
                details={"mode": "online"},
            )
            user_id = user.id
        if register_key is not None:
            from app.sync.protocol import KeyRegistered

            saved = t.token
            t.token = resp.token
            try:
                t.call(
                    "POST",
                    "/keys",
                    KeyRegistered,
                    json_body={"public_key": b64encode(register_key)},
                    retry_auth=False,
                )
            finally:
                t.token = saved
            with self.desk.store.write() as s:
                u = s.get(User, user_id)
                if u is not None:
                    u.key_registered = True
        from app.users import _unwrap_key

        with self.desk.store.read() as s:
            u = s.get(User, user_id)
            assert u is not None
            key = (
                _unwrap_key(password, u.signing_private_key_enc)
                if (u.signing_private_key_enc)
                else None
            )
            return actor_for(u, key)

    # ------------------------------------------------------------------------------------
    # quarantine and status
    # ------------------------------------------------------------------------------------

    def retry_quarantined(self, item_id: str) -> None:
        """Put a quarantined item back in the queue, unchanged (e.g. after a server fix)."""
        with self.desk.store.write() as s:
            item = s.get(OutboxItem, item_id)
            if item is None or item.state != OutboxState.QUARANTINED:
                return
            item.state = OutboxState.PENDING
        self.desk.bus.publish(events.OUTBOX_CHANGED)

    def discard_quarantined(self, item_id: str) -> None:
        """Give up on a quarantined item: it stays for the record, marked done/discarded."""
        with self.desk.store.write() as s:
            item = s.get(OutboxItem, item_id)
            if item is None or item.state != OutboxState.QUARANTINED:
                return
            item.state = OutboxState.DONE
            item.receipt = {**(item.receipt or {}), "discarded": True}
        self.desk.bus.publish(events.OUTBOX_CHANGED)

    def status(self) -> SyncStatus:
        """The sync status for the UI; cheap, safe from any thread."""
        with self.desk.store.read() as s:
            meta = {
                m.key: m.value
                for m in s.scalars(
                    select(Meta).where(
                        Meta.key.in_(
                            [
                                META_SERVER_URL,
                                META_LAST_SYNC,
                                META_NEXT,
                                META_ERROR,
                                META_STATE,
                                META_DEVICE_ID,
                            ]
                        )
                    )
                )
            }
            pending = list(
                s.scalars(
                    select(OutboxItem).where(
                        OutboxItem.state.in_([OutboxState.PENDING, OutboxState.SENDING])
                    )
                )
            )
            pending_bytes = sum(len(json.dumps(i.payload)) for i in pending)
            q = [
                QuarantinedItem(
                    i.id,
                    i.kind,
                    i.ref_id,
                    i.error_code or "",
                    i.last_error,
                    i.sent_at or i.created_at,
                )
                for i in s.scalars(
                    select(OutboxItem)
                    .where(OutboxItem.state == OutboxState.QUARANTINED)
                    .order_by(OutboxItem.seq)
                )
            ]
            bad_rows = [
                BadRow(t, i, sv, lane, reason or "schema")
                for t, i, sv, lane, reason in s.execute(
                    select(SyncRow.t, SyncRow.i, SyncRow.s, SyncRow.lane, SyncRow.reason)
                    .where(SyncRow.bad.is_(True))
                    .order_by(SyncRow.s.desc())
                    .limit(200)
                )
            ]
            bad_count = (
                len(bad_rows)
                if len(bad_rows) < 200
                else int(
                    s.scalar(select(func.count()).select_from(SyncRow).where(SyncRow.bad)) or 0
                )
            )
        enrolled = bool(self.desk.credentials.get(CRED_DEVICE_ID)) or bool(meta.get(META_DEVICE_ID))
        err = None
        if meta.get(META_ERROR):
            try:
                err = FailureInfo(**json.loads(meta[META_ERROR]))
            except (ValueError, TypeError):
                err = None
        state = meta.get(META_STATE, SyncState.IDLE)
        if self._run_lock.locked():
            state = SyncState.RUNNING
        if not enrolled:
            state = SyncState.NOT_ENROLLED
        return SyncStatus(
            state=state,
            enrolled=enrolled,
            server_url=self.desk.site.server_url or meta.get(META_SERVER_URL, ""),
            last_confirmed_sync=meta.get(META_LAST_SYNC),
            pending_items=len(pending),
            pending_bytes=pending_bytes,
            current=self._current,
            quarantine=q,
            next_attempt=_parse_time(meta.get(META_NEXT)),
            last_error=err,
            metered=self.metered(),
            bad_rows=bad_rows,
            bad_row_count=bad_count,
        )


def audit_event_fields(ev: Any) -> dict[str, Any]:
    """The dict an audit event was hashed over (``app.audit``'s canonical fields)."""
    return {
        "seq": ev.seq,
        "id": ev.id,
        "at": ev.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": ev.actor_id,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "target_type": ev.target_type,
        "target_id": ev.target_id,
        "details": ev.details or {},
    }


def _sane_limits(limits: Limits) -> Limits:
    """The server's limits kept within the protocol's own (a server cannot ask the client
    for 1 TB pages, zero-byte chunks or a million items per batch)."""

    def clamp(value: int, low: int, high: int) -> int:
        return max(low, min(value, high))

    page = clamp(limits.max_page_bytes, 4096, MAX_PAGE_BYTES)
    return limits.model_copy(
        update={
            "max_page_bytes": page,
            "default_page_bytes": clamp(limits.default_page_bytes, 4096, page),
            "max_batch_items": clamp(limits.max_batch_items, 1, MAX_BATCH_ITEMS),
            "max_batch_bytes": clamp(limits.max_batch_bytes, 4096, MAX_BATCH_BYTES),
            "max_blob_chunk": clamp(limits.max_blob_chunk, 4096, MAX_BLOB_CHUNK),
            "max_blob_size": clamp(limits.max_blob_size, 0, MAX_BLOB_SIZE),
        }
    )


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return parse_timestamp(text)
    except ValueError:
        return None
