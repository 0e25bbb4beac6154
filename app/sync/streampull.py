"""The engine's pull over the feed stream (protocol 2; see :mod:`app.sync.feedstream`).

One answer brings everything after the stored cursor: no idle link between pages (there
are no pages to ask for), every commit stored with its cursor in one transaction as soon
as its bytes have arrived, and a cut resumed at the byte where it broke, within the same
cycle and at once (the link came back if a new connection can be made; otherwise the
call fails and the cycle backs off as for any transient failure).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from queue import Empty, Full, Queue
from typing import TYPE_CHECKING, Any, cast

from app.store.meta import (
    META_HEAD,
    META_LAST_SYNC,
    META_PAGE_BYTES,
    META_PUBLISHER_KEY,
    META_RATE,
    get_meta,
    set_meta,
)
from app.sync.client import Call, SyncFailure
from app.sync.eta import PullEstimate, recent_bytes_per_row
from app.sync.feedstream import (
    SIGNATURE_REASONS,
    CallFailed,
    Commit,
    StreamError,
    StreamResult,
    pull_stream,
)
from app.sync.protocol import (
    LANES,
    PROTOCOL_HEADER,
    STREAM_PROTOCOL_VERSION,
    ChangesPage,
    ErrorClass,
)
from app.sync.state import CursorAhead, SyncProgress, SyncResult

if TYPE_CHECKING:
    from app.sync.pull import PullPart

log = logging.getLogger(__name__)

#: Decoded bytes one answer may hold at most (the server sends at most 48 MiB of rows).
MAX_STREAM_DECODED = 64 << 20
#: Expected answer size for the total deadline (the stall deadline is what ends a dead
#: transfer; a whole initial load may take an hour on a slow link).
_EXPECT = 16 << 20
#: Commits read ahead of the one being stored (up to 256 KiB of rows each from this
#: server; about 4 MiB of rows in all).
_QUEUED_COMMITS = 16
#: Failures that a resume can cure: the link, not the server, failed.
_RESUMABLE = {"sync.network", "sync.timeout"}


def pull_streamed(engine: PullPart, result: SyncResult) -> None:
    """Pull until caught up through ``GET /feed`` (answers of at most 48 MiB of rows).

    Raises:
        SyncFailure: classified (a broken stream is ``sync.bad_reply``).
        CursorAhead: the stored cursor is ahead of the server's head.
    """
    _StreamPull(engine, result).run()


class _StreamPull:
    """One streamed pull: answers read beside the engine's thread, commits stored on it."""

    def __init__(self, engine: PullPart, result: SyncResult) -> None:
        self.engine = engine
        self.result = result
        self.transport = engine.transport()
        with engine.desk.store.read() as s:
            start = engine._positions(s)
            stored = get_meta(s, META_PAGE_BYTES)
            self.key = get_meta(s, META_PUBLISHER_KEY) or None
        self.page_bytes = (
            int(stored) if stored and stored.isdigit() else engine._limits.default_page_bytes
        )
        self.start_max = max(start)
        self.received = 0
        self.head_seen = 0
        self.t0 = time.monotonic()
        # Time left: the bytes of the answer are known from its first bytes when the
        # server has it built (its shared segment is cached); the link's rate is a
        # moving average of what arrives. On a link-bound pull bytes left / rate is
        # steadier than rows left, whose bytes vary with what the bulletins hold.
        self.estimate = PullEstimate(self.t0)
        self.bytes_total: int | None = None
        self._lock = threading.Lock()
        # The pace at which commits are stored (wall seconds per change): the network
        # side may read far ahead of the database (a loaded PC), and then the changes
        # still to store, not the bytes still to come, set the time left.
        # Seconds the PC spends storing one row (recent commits weigh more). Only the time
        # spent storing counts, not the time waiting for the link: rows differ in size, so
        # the link's pace per row does not tell how long the rows still to come take to
        # store once they are in (the bytes left over the link's rate tell the link's part).
        self._store_pace: float | None = None
        # (rows stored, bytes received) at each commit: the bytes per row of the recent
        # half of the rows tell the bytes still to come when the answer's size is unknown.
        self._marks: list[tuple[int, int]] = []

    def run(self) -> None:
        engine = self.engine
        engine._report(SyncProgress("pull", 0, None, 0, None, engine._rate, None, detail="stream"))
        while True:
            with engine.desk.store.read() as s:
                positions = engine._positions(s)
            streamed = self._one_answer(positions)
            end = streamed.end
            assert end is not None
            self.head_seen = end.head
            engine._measure(streamed.wire_bytes, time.monotonic() - self.t0)
            with engine.desk.store.write() as s:
                set_meta(s, META_HEAD, str(end.head))
                set_meta(s, META_RATE, f"{engine._rate:.0f}")
                if not end.has_more:
                    set_meta(s, META_LAST_SYNC, end.server_time)
            if end.has_more:
                if streamed.commits == 0:
                    raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "no_progress")
                engine._check_cancel()
                continue
            self._finish(streamed)
            return

    def _one_answer(self, positions: list[int]) -> StreamResult:
        """Read one answer to its end (resumed after cuts) and store its commits."""
        try:
            streamed = _pull_beside(
                functools.partial(self._read_answer, list(positions)), self._apply_commit
            )
        except CallFailed as failed:
            cause = failed.cause
            if isinstance(cause, SyncFailure):
                if cause.status == 412:
                    raise SyncFailure(
                        "sync.bad_reply", ErrorClass.TRANSIENT, "stream_gone_again"
                    ) from cause
                raise cause from failed
            raise
        except StreamError as exc:
            if exc.reason == "cursor_ahead" and exc.head is not None:
                ahead = [lane for lane in LANES if positions[lane] > exc.head]
                if ahead:
                    raise CursorAhead(ahead) from exc
            if exc.reason in SIGNATURE_REASONS:
                # As for a page (docs/protocol.md section 9): nothing of the refused commit
                # was applied; another key cannot be right until the PC is enrolled again.
                log.warning("feed stream commit refused: %s", exc.reason)
                klass = ErrorClass.FATAL if exc.reason == "other_key" else ErrorClass.TRANSIENT
                raise SyncFailure("sync.feed_unsigned", klass, exc.reason) from exc
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, exc.reason) from exc
        self.result.bytes_wasted += streamed.wasted_bytes
        self.result.resumes += streamed.resumes
        return streamed

    def _finish(self, streamed: StreamResult) -> None:
        """Caught up: compare the lanes with the server's and fetch bad rows once more."""
        end = streamed.end
        assert end is not None
        page = ChangesPage(
            rows=[],
            next_cursor=".".join(str(p) for p in end.positions),
            has_more=False,
            head=end.head,
            server_time=end.server_time or "",
            raw_bytes=0,
            integrity=end.integrity,
        )
        self.engine._integrity(page, end.positions, self.result)
        self.engine._recheck_bad_rows(self.result)
        log.info(
            "stream pull: %d rows, %d commits, %d B, %d resumes, %d B wasted",
            self.result.pulled_rows,
            self.result.pages,
            streamed.wire_bytes,
            streamed.resumes,
            streamed.wasted_bytes,
        )

    def _call(self, params: dict[str, str], headers: dict[str, str], sink: Any) -> dict[str, str]:
        try:
            answer = self.transport.request(
                Call(
                    "GET",
                    "/feed",
                    params=params,
                    headers={PROTOCOL_HEADER: str(STREAM_PROTOCOL_VERSION), **headers},
                    sink=sink,
                    max_wire=MAX_STREAM_DECODED,
                    expect_size=_EXPECT,
                )
            )
        except SyncFailure as exc:
            resumable = exc.klass is ErrorClass.TRANSIENT and exc.code in _RESUMABLE
            if exc.code in _RESUMABLE:
                self.transport.reset_connections()
            raise CallFailed(exc, resumable=resumable, gone=exc.status == 412) from exc
        return dict(answer.headers)

    def _apply_commit(self, commit: Commit) -> None:
        engine, result = self.engine, self.result
        # A commit is stored like a page: its rows and the cursor that covers them, in
        # slices of a few dozen milliseconds each (a user's save never waits long).
        page = ChangesPage(
            rows=commit.rows,
            next_cursor=".".join(str(p) for p in commit.positions),
            has_more=True,
            head=max(commit.positions),
            server_time="",
            raw_bytes=0,
        )
        storing = time.monotonic()
        outcome = engine._commit_page(page, commit.positions, self.page_bytes, commit.hold)
        result.pages += 1
        result.pulled_rows += outcome.applied
        result.bad_rows += outcome.bad
        engine._after_page(outcome)
        if commit.rows:
            pace = (time.monotonic() - storing) / len(commit.rows)
            previous = self._store_pace
            self._store_pace = pace if previous is None else previous + 0.3 * (pace - previous)
        # Progress: changes published since the cursor (the head the answer was planned
        # at, from its first bytes), bytes of the answer, and the time left.
        top = max(commit.positions)
        span = max(self.head_seen, top) - self.start_max
        rows_done = result.pulled_rows
        rows_total = max(span, rows_done)
        frac = rows_done / rows_total if rows_total > 0 else 1.0
        now = time.monotonic()
        with self._lock:
            received, total = self.received, self.bytes_total
            rate = self.estimate.rate
        eta = None
        self._marks.append((rows_done, received))
        if total is None and 0 < frac < 1 and received:
            total = max(received, self._bytes_total_guess(rows_done, rows_total, received))
        if total is not None and rate and rate > 0 and frac < 1:
            eta = max(total - received, 0) / rate
        elif 0 < frac < 1:
            eta = (now - self.t0) * (1 - frac) / frac
        if eta is not None and self._store_pace is not None:
            # The stream ends when both the link has delivered the last byte and the PC has
            # stored the last row: whichever of the two takes longer sets the time left.
            eta = max(eta, (rows_total - rows_done) * self._store_pace)
        engine._report(
            SyncProgress(
                "pull",
                rows_done,
                rows_total,
                received,
                total,
                rate or engine._rate,
                eta,
                detail=f"{max(top - self.start_max, 0)}/{max(span, 0)}",
            )
        )

    def _bytes_total_guess(self, rows_done: int, rows_total: int, received: int) -> int:
        """Bytes of the whole answer when the server did not say: the rows still to come
        at the bytes per row of the recent half of the rows (zstd compresses later rows
        better once its window holds earlier ones: at 64 kbit/s the first fifth of a
        10,000-bulletin stream cost 59 B per row, the rest 49 B, so the average of every
        row so far overstated the time left by 30 %)."""
        per_row = recent_bytes_per_row(self._marks)
        return round(received + (rows_total - rows_done) * per_row)

    def _on_bytes(self, n: int) -> None:
        with self._lock:
            self.received += n
            self.estimate.received(time.monotonic(), self.received)

    def _on_left(self, left: int) -> None:
        with self._lock:
            self.bytes_total = self.received + left

    def _on_head(self, head: int) -> None:
        self.head_seen = max(self.head_seen, head)

    def _read_answer(self, start: list[int], deliver: Callable[[Commit], None]) -> StreamResult:
        return pull_stream(
            self._call,
            start,
            list(LANES),
            deliver,
            max_decoded=MAX_STREAM_DECODED,
            cancelled=self.engine._cancelled,
            on_bytes=self._on_bytes,
            on_head=self._on_head,
            key=self.key,
            on_left=self._on_left,
        )


class _Stopped(Exception):
    """The applying side gave up: the network side stops reading."""


def _pull_beside(
    run: Callable[[Callable[[Commit], None]], StreamResult],
    apply: Callable[[Commit], None],
) -> StreamResult:
    """Run the network side of a pull in a helper thread, apply commits on this one.

    The helper only reads, decodes and checks (``run`` with a ``deliver`` hook that
    queues each commit); every database write stays on this thread, in stream order. So
    the link keeps carrying the next commits while this one is stored, and the pull
    takes about the longer of the transfer and the applying, not their sum. The queue is
    bounded (:data:`_QUEUED_COMMITS`, about 4 MiB of rows): when applying falls behind,
    the helper waits and TCP holds the server back.
    """
    queue: Queue[tuple[str, Any]] = Queue(maxsize=_QUEUED_COMMITS)
    stop = threading.Event()

    def deliver(commit: Commit) -> None:
        while not stop.is_set():
            try:
                queue.put(("commit", commit), timeout=0.2)
                return
            except Full:
                continue
        raise _Stopped

    def network() -> None:
        try:
            queue.put(("done", run(deliver)))
        except BaseException as exc:  # noqa: BLE001 - the applying thread raises it
            queue.put(("error", exc))

    helper = threading.Thread(target=network, name="dd-stream", daemon=True)
    helper.start()
    try:
        while True:
            kind, value = queue.get()
            if kind == "commit":
                apply(value)
            elif kind == "done":
                return cast(StreamResult, value)
            else:
                raise value
    finally:
        stop.set()
        while helper.is_alive():
            try:
                queue.get(timeout=0.2)
            except Empty:
                pass
        helper.join(5)
