"""Protocol 2 feed stream: a whole pull in one response of committed frames.

``GET /api/v1/feed?after=CURSOR&lanes=L`` answers one zstd stream (``Content-Encoding:
zstd``) of JSON lines: change rows (the same objects as ``/changes`` rows), a commit line
``{"k": cursor}`` every :data:`COMMIT_RAW_BYTES` of rows (the compressor flushes its block
there, so the client can decode and apply everything up to it as soon as those bytes have
arrived), and a last line ``{"end": cursor, "has_more", "head", "server_time",
"integrity"}``.

The body is two zstd frames, each compressed once and kept in :class:`StreamCache`:

* the **segment**: every requested lane from the cursor up to the last multiple of
  :data:`ALIGN` at or below the head. The boundary does not depend on who asks, so every
  office pulling from the same cursor (every new PC pulls from 0) gets the same bytes,
  compressed once at zstd 19 with long-distance matching. A segment holds an office's
  own rows only if that office has rows in its range; otherwise it is the regional
  segment, shared by every office. A segment never goes wrong with age: the feed keeps the
  latest state of an entity at a new, higher seq, so a row that changed since the segment
  was built comes again in a later frame and the client keeps the higher seq.
* the **tail**: from the segment's boundary to the head, with the office's rows, ending
  with the ``end`` line (cursor, head and the integrity sums). Small; built per office
  and head.

A cut stream is resumed with ``Range: bytes=N-`` and ``If-Match: "etag"``: while the
assembly is cached the server answers ``206`` from byte ``N`` (``X-DD-Stream-Offset: N``),
and the client continues with the decoder state it kept, so no byte crosses twice;
otherwise ``412 stream_gone`` and the client asks again from its last committed cursor.
"""

from __future__ import annotations

import hashlib
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import zstandard
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.sync.protocol import (
    format_cursor,
)
from server.db import Database
from server.feed import REGIONAL, compact_json, integrity, visible_head, wire_row
from server.feedsig import CommitSigner
from server.metrics import PAGE_CACHE
from server.models import FeedRow
from server.signing import PublisherKey

#: Segment boundaries: multiples of this seq (aligned, so caches hit across offices).
ALIGN = 1024
#: Row JSON between two commit lines (a cut loses at most this much when it cannot resume).
#: Every commit line carries a 64-byte signature that does not compress: at 64 KiB a
#: 10,000-bulletin pull spent 17 KB (2 s of a 64 kbit/s link) on them, at 256 KiB 4 KB.
#: The client still stores a commit in slices of a few dozen milliseconds.
COMMIT_RAW_BYTES = 256 * 1024
#: Row JSON in one stream at most; the rest comes in the next stream (``has_more``).
MAX_STREAM_RAW = 48 << 20
#: zstd level of streams: compressed once, served many times, the link is the bottleneck.
STREAM_LEVEL = 19
#: Window of stream compression (16 MiB; clients accept up to 32 MiB).
STREAM_WINDOW_LOG = 24
#: Decoded bytes before a frame that serve as its dictionary (see :func:`stream_compressor`).
PREFIX_BYTES = 1 << 20
_FETCH = 1000
#: Magic of the zstd skippable frame that opens every answer (with its ETag).
SKIPPABLE_MAGIC = 0x184D2A50
#: Media type of a stream (before its zstd coding).
STREAM_MEDIA_TYPE = "application/x-ndjson"
#: Header of a stream answer: the byte offset of its first byte in the whole stream.
OFFSET_HEADER = "X-DD-Stream-Offset"
_PIECE = 16 * 1024


def stream_compressor(prefix: bytes = b"") -> zstandard.ZstdCompressor:
    """The compressor of stream frames: level 19 with long-distance matching.

    A frame after the first of an answer is compressed with the last
    :data:`PREFIX_BYTES` of what the answer decoded to so far as a raw-content
    dictionary (``prefix``), so splitting an answer into frames costs almost nothing.
    """
    params = zstandard.ZstdCompressionParameters.from_level(
        STREAM_LEVEL, window_log=STREAM_WINDOW_LOG, enable_ldm=True
    )
    if not prefix:
        return zstandard.ZstdCompressor(compression_params=params)
    data = zstandard.ZstdCompressionDict(prefix, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    return zstandard.ZstdCompressor(dict_data=data, compression_params=params)


class Frame:
    """One zstd frame of a stream, appended to while it is being built.

    Readers wait on :attr:`cond` for more bytes; a build that fails sets :attr:`failed`
    and the readers end their response early (the client sees a cut and resumes).
    """

    def __init__(self, key: tuple[Any, ...]) -> None:
        """Start an empty frame for ``key``."""
        self.key = key
        self.buf = bytearray()
        self.done = False
        self.failed = False
        self.raw_bytes = 0
        self.rows = 0
        #: The last :data:`PREFIX_BYTES` (at least) of what the frame decodes to.
        self.raw_tail = bytearray()
        self.built = time.monotonic()
        self.cond = threading.Condition()
        self.build_id = hashlib.sha256(repr((key, time.time_ns())).encode()).hexdigest()[:16]

    def emit(self, compressor: Any, raw: bytes) -> None:
        """Compress ``raw`` into the frame and remember it for the next frame's prefix."""
        self.raw_tail.extend(raw)
        if len(self.raw_tail) > 2 * PREFIX_BYTES:
            del self.raw_tail[: len(self.raw_tail) - PREFIX_BYTES]
        self.append(compressor.compress(raw))

    def prefix(self, timeout: float = 600.0) -> bytes | None:
        """The prefix dictionary for the frame after this one, once this one is complete."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not self.done and time.monotonic() < deadline:
                self.cond.wait(1.0)
            if not self.done or self.failed:
                return None
            return bytes(self.raw_tail[-PREFIX_BYTES:])

    def append(self, data: bytes) -> None:
        """Add compressed bytes and wake the readers."""
        if not data:
            return
        with self.cond:
            self.buf.extend(data)
            self.cond.notify_all()

    def finish(self, *, failed: bool = False) -> None:
        """Mark the frame complete (or failed) and wake the readers."""
        with self.cond:
            self.done = True
            self.failed = failed
            self.cond.notify_all()

    def read(self, offset: int, timeout: float = 60.0) -> bytes | None:
        """Bytes from ``offset`` (waiting for them); ``b""`` at the end; None if failed."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.buf) <= offset and not self.done:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 1.0))
            if self.failed:
                return None
            return bytes(self.buf[offset : offset + _PIECE])


@dataclass
class Assembly:
    """The frames of one answer, in order, under one ETag."""

    etag: str
    frames: list[Frame]
    cursor: str
    has_more: bool
    head: int = 0
    used: float = field(default_factory=time.monotonic)
    #: Every frame was complete when the answer was opened: its prologue says its size.
    sized: bool = False

    @property
    def prologue(self) -> bytes:
        """A zstd skippable frame holding the ETag, the head the answer was planned at and,
        for a :attr:`sized` answer, the bytes of the frames after it (``"<etag> <head>
        <bytes>"``): the client learns its resume tag, how many changes are coming and
        how many bytes (progress, rate and time left) from the first bytes of the body.
        ``sized`` is part of the ETag, so the bytes under one tag never change."""
        text = f"{self.etag} {self.head}"
        if self.sized:
            text += f" {sum(len(f.buf) for f in self.frames)}"
        tag = text.encode("ascii")
        return struct.pack("<II", SKIPPABLE_MAGIC, len(tag)) + tag

    def size(self) -> int | None:
        """Total bytes, once every frame is complete."""
        if all(f.done and not f.failed for f in self.frames):
            return len(self.prologue) + sum(len(f.buf) for f in self.frames)
        return None

    def chunks(self, offset: int) -> Iterator[bytes]:
        """The body from ``offset`` as it becomes available."""
        prologue = self.prologue
        if offset < len(prologue):
            yield prologue[offset:]
            offset = 0
        else:
            offset -= len(prologue)
        for frame in self.frames:
            while True:
                if offset < len(frame.buf) or not frame.done:
                    data = frame.read(offset)
                    if data is None:
                        return  # build failed or stalled: end early, the client resumes
                    if data:
                        offset += len(data)
                        yield data
                        continue
                if frame.done:
                    offset -= len(frame.buf)
                    break


def settle(frames: Sequence[Frame], timeout: float) -> bool:
    """Wait up to ``timeout`` s for the frames after a finished segment (the tail is small
    and built per office); True when every frame is then complete (the answer can say its
    size). A segment still being built is not waited for: its first bytes go out as they
    are compressed."""
    if any(not f.done for f in frames[:-1]):
        return False
    deadline = time.monotonic() + timeout
    last = frames[-1]
    with last.cond:
        while not last.done and time.monotonic() < deadline:
            last.cond.wait(max(0.0, min(0.2, deadline - time.monotonic())))
    return all(f.done and not f.failed for f in frames)


class StreamCache:
    """Frames and assemblies kept for reuse, bounded by bytes, oldest use out first.

    Segments live for ``segment_age`` seconds (they never go wrong, only stale); tails
    and assemblies for ``tail_age`` (they hold the head and integrity of one moment, and
    an assembly is what a resume refers to).
    """

    def __init__(
        self, max_bytes: int = 256 << 20, segment_age: float = 3600.0, tail_age: float = 600.0
    ) -> None:
        """Keep at most ``max_bytes`` of compressed frames."""
        self.max_bytes = max_bytes
        self.segment_age = segment_age
        self.tail_age = tail_age
        self._frames: OrderedDict[tuple[Any, ...], Frame] = OrderedDict()
        self._assemblies: OrderedDict[str, Assembly] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def frame(self, key: tuple[Any, ...], build: Callable[[Frame], None]) -> Frame:
        """The cached frame for ``key``, or a new one built by ``build`` in a thread."""
        age = self.segment_age if key[0] == "seg" else self.tail_age
        with self._lock:
            frame = self._frames.get(key)
            if frame is not None and (frame.failed or time.monotonic() - frame.built > age):
                del self._frames[key]
                frame = None
            if frame is not None:
                self._frames.move_to_end(key)
                self.hits += 1
                PAGE_CACHE.labels(f"{key[0]}_hit").inc()
                return frame
            self.misses += 1
            PAGE_CACHE.labels(f"{key[0]}_miss").inc()
            frame = Frame(key)
            self._frames[key] = frame
            self._trim()
        thread = threading.Thread(target=build, args=(frame,), name="dd-stream", daemon=True)
        thread.start()
        return frame

    def remember(self, assembly: Assembly) -> None:
        """Keep an assembly so that a cut answer can be resumed by its ETag."""
        with self._lock:
            self._assemblies[assembly.etag] = assembly
            self._assemblies.move_to_end(assembly.etag)
            while len(self._assemblies) > 4096:
                self._assemblies.popitem(last=False)

    def assembly(self, etag: str) -> Assembly | None:
        """The assembly with this ETag if it is still whole and fresh."""
        with self._lock:
            found = self._assemblies.get(etag)
            if found is None:
                return None
            fresh = time.monotonic() - found.used <= self.tail_age
            if not fresh or any(f.failed for f in found.frames):
                del self._assemblies[etag]
                return None
            found.used = time.monotonic()
            return found

    def _trim(self) -> None:
        total = sum(len(f.buf) for f in self._frames.values())
        while total > self.max_bytes and len(self._frames) > 1:
            _, old = self._frames.popitem(last=False)
            total -= len(old.buf)


def _rows(
    session: Session, scopes: Sequence[str], lane: int, after: int, upto: int | None
) -> Iterator[tuple[int, str, str, int, bool, str]]:
    """Rows of one lane in ``(after, upto]`` in seq order, fetched in chunks."""
    while True:
        stmt = select(
            FeedRow.seq,
            FeedRow.row_type,
            FeedRow.row_id,
            FeedRow.changed_at,
            FeedRow.tombstone,
            FeedRow.data,
        ).where(FeedRow.lane == lane, FeedRow.seq > after, FeedRow.scope.in_(list(scopes)))
        if upto is not None:
            stmt = stmt.where(FeedRow.seq <= upto)
        chunk = session.execute(stmt.order_by(FeedRow.seq).limit(_FETCH)).all()
        for seq, t, i, at, tomb, data in chunk:
            yield int(seq), str(t), str(i), int(at), bool(tomb), str(data)
        if len(chunk) < _FETCH:
            return
        after = int(chunk[-1][0])


def delta_row(text: str, step: int) -> str:
    """``text`` (a :func:`~server.feed.row_json` row, which starts with ``{"s":N,``) with
    ``{"q":step,`` in place of its ``s``. Consecutive rows of a lane are a few numbers
    apart: as differences the sequence numbers cost well under a byte each once
    compressed, against about 3 bytes written out (27 KB of a 10,000-bulletin pull)."""
    return '{"q":' + str(step) + text[text.index(",") :]


def commit_line(positions: Sequence[int], sig: dict[str, str] | None) -> bytes:
    """A commit line: the cursor and, when the server has a publisher key, its signature."""
    doc: dict[str, Any] = {"k": format_cursor(positions)}
    if sig is not None:
        doc["sig"] = sig
    return (compact_json(doc) + "\n").encode()


def write_rows(
    frame: Frame,
    session: Session,
    scopes: Sequence[str],
    start: Sequence[int],
    lanes: Sequence[int],
    upto: int | None,
    compressor: Any,
    signer: CommitSigner,
    seq_delta: bool = False,
) -> list[int]:
    """Compress the rows of ``lanes`` after ``start`` (up to ``upto``) into ``frame``.

    Returns the positions after the rows: each requested lane at ``upto`` (or at its last
    row when ``upto`` is None), the others unchanged. A commit line with the positions
    reached so far, signed by ``signer``, follows every :data:`COMMIT_RAW_BYTES` of rows,
    after a block flush. With ``seq_delta`` every row after the first of its lane in the
    frame carries ``q`` (its ``s`` minus the previous row's) instead of ``s``
    (:func:`delta_row`); the signature covers the rows as they are, with ``s``.
    """
    positions = list(start)
    pending = 0
    for lane in sorted(set(lanes)):
        previous: int | None = None
        for seq, t, i, at, tomb, data in _rows(session, scopes, lane, positions[lane], upto):
            text = wire_row(seq, lane, t, i, at, tomb, data)
            signer.row(text)
            sent = delta_row(text, seq - previous) if seq_delta and previous is not None else text
            previous = seq
            line = (sent + "\n").encode("utf-8")
            positions[lane] = seq
            frame.emit(compressor, line)
            frame.raw_bytes += len(line)
            frame.rows += 1
            pending += len(line)
            if pending >= COMMIT_RAW_BYTES:
                frame.emit(compressor, commit_line(positions, signer.sign(positions)))
                frame.append(compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))
                pending = 0
        if upto is not None and positions[lane] < upto:
            positions[lane] = upto
    return positions


@dataclass(frozen=True)
class StreamPlan:
    """Where an answer's segment ends and which rows it holds."""

    head: int
    boundary: int  # end of the segment (0: no segment)
    segment_scope: str  # REGIONAL or the office
    has_more: bool


def plan(
    session: Session, office: str, positions: Sequence[int], lanes: Sequence[int]
) -> StreamPlan:
    """Choose the segment boundary for a device of ``office`` at ``positions``."""
    head = visible_head(session, office)
    low = min(positions[lane] for lane in lanes)
    boundary = (head // ALIGN) * ALIGN
    has_more = False
    scopes = (REGIONAL, office)
    if boundary > low:
        size = _range_bytes(session, scopes, lanes, low, boundary)
        if size > MAX_STREAM_RAW:
            boundary = _capped_boundary(session, scopes, lanes, positions, boundary)
            has_more = True
    if boundary <= low:
        return StreamPlan(head, 0, REGIONAL, has_more)
    own = session.scalar(
        select(func.count())
        .select_from(FeedRow)
        .where(
            FeedRow.scope == office,
            FeedRow.lane.in_(list(lanes)),
            FeedRow.seq > low,
            FeedRow.seq <= boundary,
        )
    )
    return StreamPlan(head, boundary, office if own else REGIONAL, has_more)


def _range_bytes(
    session: Session, scopes: Sequence[str], lanes: Sequence[int], low: int, high: int
) -> int:
    stmt = select(func.coalesce(func.sum(func.length(FeedRow.data)), 0)).where(
        FeedRow.scope.in_(list(scopes)),
        FeedRow.lane.in_(list(lanes)),
        FeedRow.seq > low,
        FeedRow.seq <= high,
    )
    return int(session.scalar(stmt) or 0)


def _capped_boundary(
    session: Session,
    scopes: Sequence[str],
    lanes: Sequence[int],
    positions: Sequence[int],
    boundary: int,
) -> int:
    """The highest boundary below which the rows fit :data:`MAX_STREAM_RAW`."""
    low = min(positions[lane] for lane in lanes)
    stmt = (
        select(FeedRow.seq, FeedRow.lane, func.length(FeedRow.data))
        .where(
            FeedRow.scope.in_(list(scopes)),
            FeedRow.lane.in_(list(lanes)),
            FeedRow.seq > low,
            FeedRow.seq <= boundary,
        )
        .order_by(FeedRow.seq)
    )
    total = 0
    for seq, lane, size in session.execute(stmt):
        if seq <= positions[lane]:
            continue
        total += int(size) + 64
        if total > MAX_STREAM_RAW:
            aligned = (int(seq) - 1) // ALIGN * ALIGN
            return aligned if aligned > low else int(seq) - 1
    return boundary


def open_stream(
    db: Database,
    cache: StreamCache,
    office: str,
    positions: Sequence[int],
    lanes: Sequence[int],
    now_text: Callable[[], str],
    key: PublisherKey | None = None,
    settle_seconds: float = 2.0,
    seq_delta: bool = False,
) -> Assembly:
    """Plan an answer and get (or start building) its frames, signed with ``key``;
    ``seq_delta``: rows after the first of their lane carry ``q`` (:func:`delta_row`)."""
    lanes = sorted(set(lanes))
    kid = key.public_key_b64() if key is not None else ""
    with db.read() as session:
        chosen = plan(session, office, positions, lanes)
    frames: list[Frame] = []
    after = list(positions)
    if chosen.boundary:
        scope = chosen.segment_scope
        scopes = (REGIONAL,) if scope == REGIONAL else (REGIONAL, office)
        seg_key = ("seg", scope, tuple(positions), tuple(lanes), chosen.boundary, kid, seq_delta)
        start, boundary = list(positions), chosen.boundary

        def build_segment(frame: Frame) -> None:
            _build(db, frame, scopes, start, lanes, boundary, key, seq_delta)

        frames.append(cache.frame(seg_key, build_segment))
        after = [max(p, boundary) if lane in lanes else p for lane, p in enumerate(positions)]
    tail_start = list(after)
    before = frames[0] if frames else None
    tail_key = (
        "tail",
        office,
        tuple(tail_start),
        tuple(lanes),
        chosen.head,
        chosen.has_more,
        before.build_id if before else "",
        kid,
        seq_delta,
    )

    def build_tail(frame: Frame) -> None:
        prefix = b""
        if before is not None:
            found = before.prefix()
            if found is None:
                frame.finish(failed=True)
                return
            prefix = found
        _build_tail(
            db, frame, office, tail_start, lanes, chosen.has_more, now_text, prefix, key, seq_delta
        )

    frames.append(cache.frame(tail_key, build_tail))
    etag = hashlib.sha256("|".join(f.build_id for f in frames).encode()).hexdigest()[:32]
    sized = settle(frames, settle_seconds)
    if sized:
        etag = hashlib.sha256(f"{etag}|sized".encode()).hexdigest()[:32]
    assembly = Assembly(
        etag, frames, format_cursor(after), chosen.has_more, chosen.head, sized=sized
    )
    cache.remember(assembly)
    return assembly


def _build(
    db: Database,
    frame: Frame,
    scopes: Sequence[str],
    start: Sequence[int],
    lanes: Sequence[int],
    upto: int,
    key: PublisherKey | None,
    seq_delta: bool = False,
) -> None:
    """Build a segment frame: rows up to ``upto``, then its commit line (own thread).

    Its commits are signed here, once for every office that will be sent the segment.
    """
    compressor = stream_compressor().compressobj()
    signer = CommitSigner(key, lanes, start)
    try:
        with db.read() as session:
            reached = write_rows(
                frame, session, scopes, start, lanes, upto, compressor, signer, seq_delta
            )
            frame.emit(compressor, commit_line(reached, signer.sign(reached)))
        frame.append(compressor.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH))
    except Exception:
        frame.finish(failed=True)
        raise
    frame.finish()


def _build_tail(
    db: Database,
    frame: Frame,
    office: str,
    start: Sequence[int],
    lanes: Sequence[int],
    has_more: bool,
    now_text: Callable[[], str],
    prefix: bytes,
    key: PublisherKey | None,
    seq_delta: bool = False,
) -> None:
    """Build a tail frame: rows up to the head, then the ``end`` line (own thread).

    Head, rows and integrity sums come from one snapshot, so they agree with each other
    even when something was published since the answer was planned. ``prefix`` is the
    end of the segment before it (its dictionary).
    """
    compressor = stream_compressor(prefix).compressobj()
    signer = CommitSigner(key, lanes, start)
    try:
        with db.read() as session:
            head = visible_head(session, office)
            reached = list(start)
            if not has_more and head > min(start[lane] for lane in lanes):
                scopes = (REGIONAL, office)
                reached = write_rows(
                    frame, session, scopes, start, lanes, head, compressor, signer, seq_delta
                )
            entries = integrity(session, office)
            check = [entry.model_dump() for entry in entries]
            covered = [
                (int(e.lane), int(e.rows), str(e.digest))
                for e in entries
                if e.digest is not None and e.rows is not None
            ]
            now = now_text()
            doc: dict[str, Any] = {
                "end": format_cursor(reached),
                "has_more": has_more,
                "head": head,
                "server_time": now,
                "integrity": {"head": head, "server_time": now, "lanes": check},
            }
            sig = signer.sign(reached, (head, has_more, covered))
            if sig is not None:
                doc["sig"] = sig
            frame.emit(compressor, (compact_json(doc) + "\n").encode())
        frame.append(compressor.flush(zstandard.COMPRESSOBJ_FLUSH_FINISH))
    except Exception:
        frame.finish(failed=True)
        raise
    frame.finish()


def parse_resume(range_header: str | None, if_match: str | None) -> tuple[int, str] | None:
    """``(offset, etag)`` of a resume (``Range: bytes=N-`` with ``If-Match``), else None.

    A ``Range`` that is not such a resume (no ``If-Match``, another form, an offset too
    large) is ignored and the whole answer is sent, as HTTP lets a server do (RFC 9110
    section 14.2): without the tag there is no telling which answer the bytes belonged to.
    """
    if not range_header:
        return None
    text = range_header.strip()
    if not text.startswith("bytes=") or not text.endswith("-") or not if_match:
        return None
    number = text[len("bytes=") : -1]
    if not number.isdigit() or len(number) > 15:
        return None
    return int(number), if_match.strip().strip('"')
