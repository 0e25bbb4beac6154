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
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import events
from app.errors import DeskError
from app.peer import revocation
from app.store.meta import (
    META_DEVICE_ID,
    META_ERROR,
    META_FAILURES,
    META_LAST_SYNC,
    META_NEXT,
    META_SERVER_URL,
    META_STATE,
    get_meta,
    set_meta,
)
from app.store.models import (
    Meta,
    OutboxItem,
    OutboxState,
    SyncRow,
)
from app.sync.client import (
    MAX_RETRY_AFTER,
    CallStats,
    SyncFailure,
)
from app.sync.office import exchange_office_journal
from app.sync.protocol import (
    ErrorClass,
    ErrorCode,
    format_timestamp,
)
from app.sync.pull import PullPart
from app.sync.push import PushPart, audit_event_fields
from app.sync.revocations import fetch_revocations
from app.sync.session import (
    CRED_DEVICE_ID,
    CRED_DEVICE_SECRET,
    CRED_DEVICE_TOKEN,
    user_token_key,
)
from app.sync.state import (
    BadRow,
    Cancelled,
    EngineOptions,
    FailureInfo,
    QuarantinedItem,
    SyncProgress,
    SyncResult,
    SyncState,
    SyncStatus,
    now_utc,
    parse_time,
)

__all__ = [
    "CRED_DEVICE_ID",
    "CRED_DEVICE_SECRET",
    "CRED_DEVICE_TOKEN",
    "BadRow",
    "EngineOptions",
    "FailureInfo",
    "QuarantinedItem",
    "SyncEngine",
    "SyncProgress",
    "SyncResult",
    "SyncState",
    "SyncStatus",
    "audit_event_fields",
    "user_token_key",
]

log = logging.getLogger(__name__)


class SyncEngine(PushPart, PullPart):
    """The client side of the protocol for one open :class:`app.context.Desk`."""

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
            result.next_attempt = now_utc() + timedelta(seconds=self.next_interval())
            self._finish_ok(result)
            self._link(True)
        except Cancelled:
            result.state = SyncState.IDLE
            result.failure = FailureInfo("sync.cancelled", ErrorClass.TRANSIENT.value)
            result.next_attempt = now_utc() + timedelta(seconds=self.options.interval_seconds)
            self._set_state(SyncState.IDLE, result.failure, result.next_attempt)
        except SyncFailure as exc:
            if exc.code == "sync.cancelled":
                result.state = SyncState.IDLE
                result.failure = FailureInfo("sync.cancelled", ErrorClass.TRANSIENT.value)
                result.next_attempt = now_utc() + timedelta(seconds=self.options.interval_seconds)
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
        self._hello_if_due()
        self._link(True)
        self._check_cancel()
        self._ensure_device_token()
        self._push(result)
        exchange_office_journal(self)
        fetch_revocations(self)
        self._check_audit_anchor()
        self._check_cancel()
        self._pull(result)
        if self.office_due:
            # Another PC of the office added work in progress while this one listened.
            self.office_due = False
            exchange_office_journal(self, force=True)
        self._check_cancel()
        self._thumbnails()
        if not self.metered() and self._rate >= self.options.good_link_rate:
            self._auto_media()

    def _finish_ok(self, result: SyncResult) -> None:
        with self.desk.store.write() as s:
            set_meta(s, META_FAILURES, "0")
            set_meta(s, META_ERROR, None)
            set_meta(s, META_NEXT, format_timestamp(result.next_attempt or now_utc()))
            set_meta(s, META_STATE, result.state)
        self.desk.bus.publish(
            events.SYNC_STATE_CHANGED,
            state=result.state,
            code=None,
            next_attempt=result.next_attempt,
        )

    def _fail(self, result: SyncResult, exc: SyncFailure) -> None:
        self._forget_hello()  # the next attempt starts by asking /hello again
        info = FailureInfo(
            exc.code, exc.klass.value, str(exc.params.get("detail", "")), exc.server_code
        )
        result.failure = info
        with self.desk.store.read() as s:
            failures = int(get_meta(s, META_FAILURES, "0") or 0)
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
            state, next_attempt = SyncState.BACKING_OFF, now_utc() + timedelta(seconds=delay)
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
                set_meta(s, META_FAILURES, str(failures))
                set_meta(s, META_ERROR, json.dumps(asdict(info)))
                set_meta(s, META_NEXT, format_timestamp(next_attempt) if next_attempt else None)
                set_meta(s, META_STATE, state)
                if exc.server_code == ErrorCode.DEVICE_REVOKED.value:
                    revocation.note_region_revoked(s)  # the LAN stops too
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
            meta = _status_meta(s)
            pending = list(
                s.scalars(
                    select(OutboxItem).where(
                        OutboxItem.state.in_([OutboxState.PENDING, OutboxState.SENDING])
                    )
                )
            )
            pending_bytes = sum(len(json.dumps(i.payload)) for i in pending)
            carried = int(
                s.scalar(
                    select(func.count())
                    .select_from(OutboxItem)
                    .where(OutboxItem.state == OutboxState.CARRIED)
                )
                or 0
            )
            quarantine = _quarantined(s)
            bad_rows, bad_count = _bad_rows(s, self.options.bad_rows_listed)
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
            quarantine=quarantine,
            next_attempt=parse_time(meta.get(META_NEXT)),
            last_error=err,
            metered=self.metered(),
            bad_rows=bad_rows,
            bad_row_count=bad_count,
            carried_items=carried,
        )


_STATUS_KEYS = (META_SERVER_URL, META_LAST_SYNC, META_NEXT, META_ERROR, META_STATE, META_DEVICE_ID)


def _status_meta(s: Session) -> dict[str, str]:
    """The ``meta`` values the status shows, in one query."""
    return {m.key: m.value for m in s.scalars(select(Meta).where(Meta.key.in_(_STATUS_KEYS)))}


def _quarantined(s: Session) -> list[QuarantinedItem]:
    """Outbox items the server refused for good, oldest first."""
    return [
        QuarantinedItem(
            i.id, i.kind, i.ref_id, i.error_code or "", i.last_error, i.sent_at or i.created_at
        )
        for i in s.scalars(
            select(OutboxItem)
            .where(OutboxItem.state == OutboxState.QUARANTINED)
            .order_by(OutboxItem.seq)
        )
    ]


def _bad_rows(s: Session, listed: int) -> tuple[list[BadRow], int]:
    """The newest ``listed`` feed rows this PC could not apply, and how many there are."""
    rows = [
        BadRow(t, i, sv, lane, reason or "schema")
        for t, i, sv, lane, reason in s.execute(
            select(SyncRow.t, SyncRow.i, SyncRow.s, SyncRow.lane, SyncRow.reason)
            .where(SyncRow.bad.is_(True))
            .order_by(SyncRow.s.desc())
            .limit(listed)
        )
    ]
    if len(rows) < listed:
        return rows, len(rows)
    return rows, int(s.scalar(select(func.count()).select_from(SyncRow).where(SyncRow.bad)) or 0)
