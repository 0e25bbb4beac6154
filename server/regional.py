"""The regional stream: every regional row compressed once, as it is published.

A new PC's first pull (``GET /feed?after=0&seq=delta&own=first``) is mostly regional rows,
the same for every office. Compressing them at zstd 19 costs about 0.34 ms of CPU per
row; before this, the first new PC after the head passed each multiple of
:data:`~server.stream.ALIGN` rebuilt the whole regional segment and paid 3.4 CPU-s per
10,000 bulletins. Here one builder thread per server process keeps a single zstd frame of
the regional rows growing as the feed grows, in seq order, and flushes a block every
:data:`~server.stream.LINK` seqs (a *mark*). Every row is compressed once, in the
background; a pull only copies bytes.

A frame that is still growing cannot be sent as it is, but the bytes up to any mark are a
whole zstd frame once a last block follows them. The *view* of a mark is those bytes and a
raw (uncompressed) last block holding the commit line of the mark, signed when the mark
was made; the client decodes it as any frame. The view ends at a mark below the head, and
the answer's tail (built per office and head, see :mod:`server.stream`) brings the rows
after it, with the view's last decoded bytes as its dictionary.

The frame is cut into *epochs*: once an epoch holds :data:`EPOCH_RAW` of row JSON it ends
(its own commit line and zstd's last block) and the next one starts, without dictionary,
so an answer capped at :data:`~server.stream.MAX_STREAM_RAW` ends after whole epochs and
the next answer starts where one does. The ratio is that of one frame at level 19 with the
stream's 16 MiB window (a block flush every :data:`~server.stream.LINK` seqs costs nothing
measurable: zstd's blocks are at most 128 KiB anyway).

Rows move: a bulletin changed or cancelled is published again at a higher seq, and the
copy an epoch holds is stale (the client keeps the higher seq, as with a cached segment).
An epoch older than :data:`REFRESH_AGE` that lost rows since it was compressed is
compressed again, so a cancelled bulletin's text leaves what new PCs are sent within
about that time, as it left cached segments before.

Each process compresses the rows itself (no bytes shared between worker processes); a
process that starts compresses the feed from the start in the background, niced.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import zstandard
from sqlalchemy import func, select

from app.sync.protocol import LANES
from server.db import Database
from server.feed import REGIONAL
from server.feedsig import CommitSigner
from server.metrics import PAGE_CACHE, REGIONAL_CPU, REGIONAL_ROWS, REGIONAL_SEQ
from server.models import FeedHead, FeedRow
from server.signing import PublisherKey
from server.stream import (
    ALIGN,
    LINK,
    MAX_STREAM_RAW,
    PREFIX_BYTES,
    Frame,
    RowWriter,
    WireRowTuple,
    commit_line,
    stream_compressor,
    tail_rows,
)

log = logging.getLogger("district_desk.server.regional")

#: Row JSON an epoch holds before it ends (below :data:`~server.stream.MAX_STREAM_RAW`
#: by more than :data:`~server.stream.LINK` rows of the largest size, so an answer
#: always holds at least one whole epoch).
EPOCH_RAW = 32 << 20
#: An epoch this old that lost rows (changed, cancelled) is compressed again.
REFRESH_AGE = 3600.0
#: How often the builder looks for new rows, and for epochs to refresh.
POLL_SECONDS = 1.0
REFRESH_CHECK_SECONDS = 60.0
#: A pull whose boundary is further than this past the builder waits for it (a bulk
#: publish just happened) rather than compress the gap, for at most
#: :data:`WAIT_SECONDS`, then is answered without the regional stream (a process that
#: just started on a large feed): the wait holds one of the worker's few database
#: threads.
WAIT_GAP = 4 * LINK
WAIT_SECONDS = 10.0
#: Views kept per epoch (a view is a copy of the epoch's bytes up to one mark).
_VIEWS_KEPT = 4
_VIEW_LEVEL = 3


def raw_last_block(data: bytes) -> bytes:
    """A zstd raw block marked last, holding ``data`` (at most 128 KiB): appended to the
    bytes of a frame up to a block flush, it ends the frame with ``data`` decoded last."""
    return struct.pack("<I", 1 | (len(data) << 3))[:3] + data


@dataclass(frozen=True)
class Mark:
    """A block flush of an epoch at a multiple of :data:`~server.stream.LINK`."""

    seq: int
    offset: int  # compressed bytes up to the flush
    raw: int  # decoded bytes up to the flush
    line: bytes  # the commit line of a view ending here (signed)


class Epoch:
    """One zstd frame of regional rows after ``start``, growing until it ends."""

    def __init__(
        self, start: int, lanes: Sequence[int], key: PublisherKey | None, seq_delta: bool
    ) -> None:
        """Start an empty epoch after seq ``start``."""
        self.start = start
        self.lanes = list(lanes)
        self.buf = bytearray()
        self.raw = bytearray()
        self.marks: dict[int, Mark] = {}
        self.reached = start
        self.end: int | None = None
        self.built = time.monotonic()
        self.frame: Frame | None = None  # the whole frame once the epoch has ended
        self.views: dict[int, Frame] = {}
        self._obj: Any = stream_compressor().compressobj()
        self._writer = RowWriter(
            self._emit,
            self._flush_block,
            CommitSigner(key, self.lanes, [start] * len(LANES)),
            [start] * len(LANES),
            seq_delta,
        )

    @property
    def rows(self) -> int:
        """Rows compressed into the epoch."""
        return self._writer.rows

    def _emit(self, data: bytes) -> None:
        self.raw.extend(data)
        out = self._obj.compress(data)
        if out:
            self.buf.extend(out)

    def _flush_block(self) -> None:
        self.buf.extend(self._obj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))

    def add(self, rows: dict[int, list[WireRowTuple]], upto: int) -> None:
        """Compress the rows of every lane in ``(reached, upto]`` (``rows``: by lane, in
        seq order, consumed from the front) and flush a block: a mark at ``upto``."""
        for lane in self.lanes:
            queue = rows.get(lane, [])
            taken = next((k for k, row in enumerate(queue) if row[0] > upto), len(queue))
            self._writer.lane(lane, queue[:taken], upto)
            del queue[:taken]
        self._flush_block()
        cursor = [upto] * len(LANES)
        line = commit_line(cursor, self._writer.signer.peek(cursor))
        self.marks[upto] = Mark(upto, len(self.buf), len(self.raw), line)
        self.reached = upto

    def finish(self) -> None:
        """End the epoch at its last mark: its commit line, then zstd's last block."""
        cursor = [self.reached] * len(LANES)
        self._emit(commit_line(cursor, self._writer.signer.sign(cursor)))
        self.buf.extend(self._obj.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH))
        self._obj = None
        self.end = self.reached
        frame = Frame(("epoch", self.start, self.end, self.built))
        frame.buf = self.buf
        frame.raw_tail = bytearray(self.raw[-PREFIX_BYTES:])
        frame.raw_bytes = len(self.raw)
        frame.rows = self.rows
        frame.finish()
        self.frame = frame
        # A view of a mark of an ended epoch is still possible (a pull planned on a
        # snapshot older than the builder's); keep the decoded bytes it needs only as
        # long as the epoch is the newest ended one (see RegionalStream._end_epoch).

    def view(self, seq: int) -> Frame | None:
        """The bytes up to the mark at ``seq`` as a whole frame (None: no such mark, or
        its decoded bytes were dropped)."""
        found = self.views.get(seq)
        if found is not None:
            PAGE_CACHE.labels("view_hit").inc()
            return found
        mark = self.marks.get(seq)
        if mark is None or len(self.raw) < mark.raw:
            return None
        frame = Frame(("view", self.start, seq, self.built))
        if mark.offset:
            frame.buf = bytearray(self.buf[: mark.offset]) + raw_last_block(mark.line)
        else:  # nothing compressed yet (no regional row): the commit line alone
            frame.buf = bytearray(zstandard.ZstdCompressor(level=_VIEW_LEVEL).compress(mark.line))
        frame.raw_tail = bytearray(self.raw[max(0, mark.raw - PREFIX_BYTES) : mark.raw])
        frame.raw_tail.extend(mark.line)
        frame.raw_bytes = mark.raw
        frame.finish()
        PAGE_CACHE.labels("view_miss").inc()
        self.views[seq] = frame
        while len(self.views) > _VIEWS_KEPT:
            self.views.pop(next(iter(self.views)))
        return frame

    def release(self) -> None:
        """Drop what only views of an ended epoch need (its decoded bytes and marks)."""
        self.raw = bytearray()
        self.marks = {}
        self.views = {}


@dataclass
class Shared:
    """The regional frames an answer from ``low`` can use, up to ``reached``."""

    frames: list[Frame]
    reached: int
    has_more: bool


class RegionalStream:
    """The epochs of one server process, kept up to date by a builder thread.

    Serves the answers of today's client: every lane, ``seq=delta``, signed with the
    server's publisher key, asked from 0 or from the start of an epoch.
    """

    def __init__(self, db: Database, key: PublisherKey | None, seq_delta: bool = True) -> None:
        """Keep the regional stream of ``db``; call :meth:`start` for the builder."""
        self.db = db
        self.key = key
        self.kid = key.public_key_b64() if key is not None else ""
        self.seq_delta = seq_delta
        self.lanes = list(LANES)
        self.epochs: list[Epoch] = [Epoch(0, self.lanes, key, seq_delta)]
        self.cond = threading.Condition()
        self._wake = threading.Event()
        self._last_check = time.monotonic()
        self.failures = 0

    def serves(
        self, positions: Sequence[int], lanes: Sequence[int], seq_delta: bool, kid: str
    ) -> bool:
        """Whether an answer asked with these parameters can use the regional stream:
        every lane asked, all of them where an epoch starts (a new PC: 0). A PC's sync
        cycle, from its own cursor, is told so without touching the database."""
        low = positions[0]
        return (
            list(lanes) == self.lanes
            and seq_delta == self.seq_delta
            and kid == self.kid
            and all(p == low for p in positions)
            and any(e.start == low for e in self.epochs)
        )

    # -- the builder ------------------------------------------------------------------

    def start(self) -> threading.Thread:
        """Start the builder thread; it ends when this object is collected."""
        ref = weakref.ref(self)
        wake = self._wake
        thread = threading.Thread(target=_run, args=(ref, wake), name="dd-regional", daemon=True)
        thread.start()
        return thread

    def kick(self) -> None:
        """Have the builder look for new rows now."""
        self._wake.set()

    def step(self) -> None:
        """Compress every complete :data:`~server.stream.LINK` of rows not yet compressed,
        and refresh stale epochs now and then (the builder thread's work)."""
        with self.db.read() as session:
            head = int(session.scalar(select(func.max(FeedHead.seq))) or 0)
        target = head // LINK * LINK
        while self.epochs[-1].reached < target:
            self._advance(self.epochs[-1], target)
        if time.monotonic() - self._last_check >= REFRESH_CHECK_SECONDS:
            self._last_check = time.monotonic()
            self.refresh()

    def _advance(self, epoch: Epoch, target: int, close_at: int | None = None) -> None:
        """Add rows to ``epoch`` up to ``target`` (at most :data:`~server.stream.ALIGN`
        seqs per read), ending it when it is full or at ``close_at``."""
        low = epoch.reached
        high = min(target, low + ALIGN)
        with self.db.read() as session:
            rows = tail_rows(session, (REGIONAL,), self.lanes, [low] * len(LANES), high)
        before = epoch.rows
        for upto in range(low + LINK, high + 1, LINK):
            with self.cond:
                epoch.add(rows, upto)
                full = close_at is None and len(epoch.raw) >= EPOCH_RAW
                if full or upto == close_at:
                    epoch.finish()
                if full and epoch is self.epochs[-1]:
                    self._end_epoch(epoch)
                self.cond.notify_all()
            if epoch.end is not None:
                break
        REGIONAL_ROWS.inc(epoch.rows - before)
        REGIONAL_SEQ.set(self.epochs[-1].reached)

    def _end_epoch(self, epoch: Epoch) -> None:
        for older in self.epochs[:-1]:
            older.release()
        self.epochs.append(Epoch(epoch.end or epoch.reached, self.lanes, self.key, self.seq_delta))

    def refresh(self, age: float = REFRESH_AGE) -> int:
        """Compress again every epoch older than ``age`` seconds that lost rows since;
        the number compressed again."""
        done = 0
        for index, epoch in enumerate(list(self.epochs)):
            if time.monotonic() - epoch.built < age or epoch.reached <= epoch.start:
                continue
            with self.db.read() as session:
                live = int(
                    session.scalar(
                        select(func.count())
                        .select_from(FeedRow)
                        .where(
                            FeedRow.scope == REGIONAL,
                            FeedRow.seq > epoch.start,
                            FeedRow.seq <= epoch.reached,
                        )
                    )
                    or 0
                )
            if live >= epoch.rows:
                continue
            again = Epoch(epoch.start, self.lanes, self.key, self.seq_delta)
            while again.end is None and again.reached < epoch.reached:
                # An open epoch compressed again is never ended here (-1: no mark is it).
                self._advance(again, epoch.reached, close_at=-1 if epoch.end is None else epoch.end)
            with self.cond:
                if self.epochs[index] is epoch:
                    if epoch.end is None and epoch.reached != again.reached:
                        continue  # the open epoch grew meanwhile: next time
                    if epoch.end is not None and index < len(self.epochs) - 2:
                        again.release()
                    self.epochs[index] = again
                    done += 1
        return done

    # -- answers ----------------------------------------------------------------------

    def shared(self, low: int, boundary: int) -> Shared | None:
        """The frames an answer from ``low`` (every lane there) can send up to
        ``boundary`` at most: whole epochs while the answer stays within
        :data:`~server.stream.MAX_STREAM_RAW`, then a view of the epoch the boundary is
        in. None when ``low`` is not where an epoch starts, or nothing is ready."""
        behind = self.epochs[-1].reached
        if boundary - behind > WAIT_GAP:
            self.kick()
            deadline = time.monotonic() + WAIT_SECONDS
            with self.cond:
                while self.epochs[-1].reached < boundary:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self.cond.wait(min(left, 1.0))
        with self.cond:
            epochs = list(self.epochs)
            starts = [e.start for e in epochs]
            if low not in starts:
                return None
            frames: list[Frame] = []
            reached, total, has_more = low, 0, False
            for epoch in epochs[starts.index(low) :]:
                if epoch.end is not None and epoch.end <= boundary and epoch.frame is not None:
                    if frames and total + epoch.frame.raw_bytes > MAX_STREAM_RAW:
                        has_more = True
                        break
                    frames.append(epoch.frame)
                    total += epoch.frame.raw_bytes
                    reached = epoch.end
                    continue
                upto = min(boundary, epoch.reached) // LINK * LINK
                if upto > reached:
                    view = epoch.view(upto)
                    if view is None:
                        return None
                    frames.append(view)
                    reached = upto
                break
        if not frames:
            return None
        return Shared(frames, reached, has_more)


def _run(ref: weakref.ref[RegionalStream], wake: threading.Event) -> None:
    """The builder thread: niced, it keeps the stream at the head until its owner goes."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not allowed: run at normal priority
        pass
    while True:
        stream = ref()
        if stream is None:
            return
        started = time.thread_time()
        try:
            stream.step()
            stream.failures = 0
        except Exception:  # the database is away or restarting: try again later
            stream.failures += 1
            if stream.failures in (1, 10, 100):
                log.warning("regional stream: compressing failed", exc_info=True)
        REGIONAL_CPU.inc(time.thread_time() - started)
        del stream
        wake.wait(POLL_SECONDS)
        wake.clear()
