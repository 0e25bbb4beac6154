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

A client that asks ``own=first`` gets the office's own rows first, in an **office frame**
of hold lines (``{"h": cursor}``: stored, cursor unchanged), so its segment is always the
regional one; and, between the segment and the tail, **links**: the regional rows up to
the last multiple of :data:`LINK` below the head, :data:`LINK` seqs per frame, each
compressed once with the end of the frame before it as its dictionary, so every office
shares them and the part built per office and head stays small.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import zstandard
from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from app.sync.protocol import (
    format_cursor,
)
from server.db import Database
from server.feed import (
    REGIONAL,
    WIRE_COLUMNS,
    compact_json,
    integrity,
    visible_head,
    wire_row,
)
from server.feedsig import CommitSigner
from server.metrics import PAGE_CACHE
from server.models import FeedRow
from server.signing import PublisherKey

if TYPE_CHECKING:
    from server.regional import RegionalStream

#: Segment boundaries: multiples of this seq (aligned, so caches hit across offices).
ALIGN = 1024
#: Seqs per *link*: with ``own=first``, the regional rows from the segment's boundary up
#: to the last multiple of this below the head come in links of this many seqs, each
#: built once (chained on the one before) and shared by every office, so the part built
#: per office and head (the tail) holds fewer than this many regional rows.
LINK = 128
#: Row JSON between two commit lines (a cut loses at most this much when it cannot resume).
#: Every commit line carries a 64-byte signature that does not compress: at 64 KiB a
#: 10,000-bulletin pull spent 17 KB (2 s of a 64 kbit/s link) on them, at 256 KiB 4 KB.
#: The client still stores a commit in slices of a few dozen milliseconds.
COMMIT_RAW_BYTES = 256 * 1024
#: Row JSON in one stream at most; the rest comes in the next stream (``has_more``).
MAX_STREAM_RAW = 48 << 20
#: zstd level of streams: compressed once, served many times, the link is the bottleneck.
STREAM_LEVEL = 19
#: zstd level of the frames built per office: the tail (from the segment's boundary to
#: the head, built again whenever the head has moved) and the office's own rows. A tail
#: of 512 bulletins after a 1 MiB prefix costs 0.30 CPU-s at level 19 and 0.13 at 17 for
#: 2.6 % more bytes (1.5 KB, 0.13 % of a 10,000-bulletin pull); see docs/protocol.md 3.6.
OFFICE_LEVEL = 17
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


def stream_params(level: int = STREAM_LEVEL) -> zstandard.ZstdCompressionParameters:
    """Parameters of stream frames: ``level`` with long-distance matching, 16 MiB window."""
    return zstandard.ZstdCompressionParameters.from_level(
        level, window_log=STREAM_WINDOW_LOG, enable_ldm=True
    )


def stream_compressor(
    prefix: bytes | zstandard.ZstdCompressionDict = b"", level: int = STREAM_LEVEL
) -> zstandard.ZstdCompressor:
    """The compressor of stream frames (level 19 with long-distance matching by default).

    A frame after the first of an answer is compressed with the last
    :data:`PREFIX_BYTES` of what the answer decoded to so far as a raw-content
    dictionary (``prefix``, or that dictionary already digested for ``level``, see
    :meth:`Frame.prefix_dict`), so splitting an answer into frames costs almost nothing.
    """
    params = stream_params(level)
    if isinstance(prefix, zstandard.ZstdCompressionDict):
        return zstandard.ZstdCompressor(dict_data=prefix, compression_params=params)
    if not prefix:
        return zstandard.ZstdCompressor(compression_params=params)
    data = zstandard.ZstdCompressionDict(prefix, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
    return zstandard.ZstdCompressor(dict_data=data, compression_params=params)


#: Row JSON a frame built for one device or office buffers before it chooses how to
#: compress: a frame that ends within it is compressed in one go, with zstd's tables
#: sized for it (:data:`SIZED_LEVEL`); a longer one (a PC far behind) at
#: :data:`STREAM_LEVEL` with the stream parameters, its first bytes going out as soon
#: as they are compressed.
SIZED_UP_TO = 1 << 20


#: zstd level of a frame compressed for one device or office (:class:`SizedCompressor`).
#:
#: Setting up level 19 with the stream's 16 MiB window costs about 59 ms before the
#: first byte; with tables sized for a 25-row delta, 6 ms at level 19, 1.7 ms at 15 and
#: 0.6 ms at 12, for 3 % more bytes than 19 (200 B, 25 ms of a 64 kbit/s link). Every
#: PC's sync cycle pays this, so these frames use level 12: a 900-row delta then costs
#: 12.5 ms instead of 273 ms at 19, for 10 % more bytes (docs/protocol.md 3.6).
SIZED_LEVEL = 12


#: Most bits of the match finder's tables of a :class:`SizedCompressor`. For a frame after
#: a 1 MiB prefix zstd picks 22 and 21 (24 MiB of tables, about 10,000 pages the kernel
#: must hand over and zero for every tail: 20-120 ms of system time in a busy server);
#: 20 gives 8 MiB for 0.4 % more bytes of that frame.
SIZED_TABLE_LOG = 20


def sized_params(total: int) -> zstandard.ZstdCompressionParameters:
    """Parameters of a frame compressed at :data:`SIZED_LEVEL` whose dictionary and
    content together are ``total`` bytes."""
    params = zstandard.ZstdCompressionParameters.from_level(SIZED_LEVEL, source_size=total)
    if params.hash_log <= SIZED_TABLE_LOG and params.chain_log <= SIZED_TABLE_LOG:
        return params
    return zstandard.ZstdCompressionParameters.from_level(
        SIZED_LEVEL,
        source_size=total,
        hash_log=min(params.hash_log, SIZED_TABLE_LOG),
        chain_log=min(params.chain_log, SIZED_TABLE_LOG),
    )


class SizedCompressor:
    """A ``compressobj`` that picks its parameters once it knows how much is coming.

    It buffers up to :data:`SIZED_UP_TO` bytes. A frame that ends within them is
    compressed at :data:`SIZED_LEVEL` with tables sized for it and ``prefix`` (raw
    content the client has decoded just before, its dictionary); a frame that grows past
    them goes on at the stream's level and parameters. Block flushes (commit lines) wait
    until then: the whole small frame is compressed in milliseconds.
    """

    def __init__(self, prefix: bytes = b"") -> None:
        """Start buffering; ``prefix`` is the frame's raw-content dictionary."""
        self.prefix = prefix
        self._buf = bytearray()
        self._obj: Any = None

    def _start(self, size: int | None) -> bytes:
        if size is None:
            self._obj = stream_compressor(self.prefix).compressobj()
        else:
            params = sized_params(size + len(self.prefix))
            if self.prefix:
                data = zstandard.ZstdCompressionDict(
                    self.prefix, dict_type=zstandard.DICT_TYPE_RAWCONTENT
                )
                compressor = zstandard.ZstdCompressor(dict_data=data, compression_params=params)
            else:
                compressor = zstandard.ZstdCompressor(compression_params=params)
            self._obj = compressor.compressobj()
        pending, self._buf = bytes(self._buf), bytearray()
        return bytes(self._obj.compress(pending))

    def compress(self, data: bytes) -> bytes:
        """Compressed bytes ready so far (none while buffering)."""
        if self._obj is not None:
            return bytes(self._obj.compress(data))
        self._buf.extend(data)
        return self._start(None) if len(self._buf) > SIZED_UP_TO else b""

    def flush(self, mode: int = zstandard.COMPRESSOBJ_FLUSH_FINISH) -> bytes:
        """Flush a block (nothing while buffering) or finish the frame."""
        if self._obj is None:
            if mode != zstandard.COMPRESSOBJ_FLUSH_FINISH:
                return b""
            out = self._start(len(self._buf))
        else:
            out = b""
        obj: Any = self._obj
        return out + bytes(obj.flush(mode))


class Frame:
    """One zstd frame of a stream, appended to while it is being built.

    Readers wait on :attr:`cond` for more bytes; a build that fails sets :attr:`failed`
    and the readers end their response early (the client sees a cut and resumes).
    """

    def __init__(self, key: tuple[Any, ...], owner: StreamCache | None = None) -> None:
        """Start an empty frame for ``key``, counted in ``owner``'s bytes while it holds it."""
        self.key = key
        self.owner = owner
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
        self._dicts: dict[int, zstandard.ZstdCompressionDict] = {}
        #: :attr:`raw_tail` starts with what the client decoded before this frame (links).
        self.seeded = False
        self._dict_lock = threading.Lock()

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

    def prefix_dict(
        self, level: int, timeout: float = 600.0
    ) -> zstandard.ZstdCompressionDict | None:
        """:meth:`prefix` as a dictionary digested once for ``level`` and kept: every
        office's tail after this segment starts from it (digesting 1 MiB at level 17 costs
        about 0.12 CPU-s, as much again as compressing a tail of 500 bulletins)."""
        raw = self.prefix(timeout)
        if raw is None:
            return None
        with self._dict_lock:
            found = self._dicts.get(level)
            if found is None:
                found = zstandard.ZstdCompressionDict(raw, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
                found.precompute_compress(compression_params=stream_params(level))
                self._dicts[level] = found
            return found

    def append(self, data: bytes) -> None:
        """Add compressed bytes and wake the readers."""
        if not data:
            return
        with self.cond:
            self.buf.extend(data)
            self.cond.notify_all()
        owner = self.owner
        if owner is not None:
            owner.grew(self, len(data))

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
        #: Compressed bytes of the frames held (kept as they grow, not summed per call:
        #: a busy server holds thousands of tails).
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def grew(self, frame: Frame, added: int) -> None:
        """``frame`` gained ``added`` bytes; drop the oldest frames if over the bound."""
        with self._lock:
            if frame.owner is self:
                self._bytes += added
                self._trim()

    def frame(
        self, key: tuple[Any, ...], build: Callable[[Frame], None], inline: bool = False
    ) -> Frame:
        """The cached frame for ``key``, or a new one built by ``build`` in a thread (or,
        ``inline``, in the caller's: a small frame with nothing to wait for, where a
        thread would cost more than the build)."""
        age = self.segment_age if key[0] in ("seg", "link") else self.tail_age
        with self._lock:
            frame = self._frames.get(key)
            if frame is not None and (frame.failed or time.monotonic() - frame.built > age):
                self._drop(key)
                frame = None
            if frame is not None:
                self._frames.move_to_end(key)
                self.hits += 1
                PAGE_CACHE.labels(f"{key[0]}_hit").inc()
                return frame
            self.misses += 1
            PAGE_CACHE.labels(f"{key[0]}_miss").inc()
            frame = Frame(key, self)
            self._frames[key] = frame
            self._trim()
        if inline:
            try:
                build(frame)
            finally:
                if not frame.done:
                    frame.finish(failed=True)
            return frame
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

    @property
    def held_bytes(self) -> int:
        """Compressed bytes of the frames held now."""
        with self._lock:
            return self._bytes

    def _drop(self, key: tuple[Any, ...]) -> None:
        old = self._frames.pop(key)
        old.owner = None
        self._bytes -= len(old.buf)

    def _trim(self) -> None:
        """Drop the least recently used frames past the bound, and stale ones at the old
        end (a tail is of no use after ``tail_age``, a segment or link after
        ``segment_age``)."""
        now = time.monotonic()
        while len(self._frames) > 1:
            key, oldest = next(iter(self._frames.items()))
            age = self.segment_age if key[0] in ("seg", "link") else self.tail_age
            if self._bytes <= self.max_bytes and now - oldest.built <= age:
                break
            self._drop(key)


def _rows(
    session: Session, scopes: Sequence[str], lane: int, after: int, upto: int | None
) -> Iterator[tuple[int, str, str, int, bool, str]]:
    """Rows of one lane in ``(after, upto]`` in seq order, fetched in chunks."""
    while True:
        stmt = select(*WIRE_COLUMNS).where(
            FeedRow.lane == lane, FeedRow.seq > after, FeedRow.scope.in_(list(scopes))
        )
        if upto is not None:
            stmt = stmt.where(FeedRow.seq <= upto)
        chunk = session.execute(stmt.order_by(FeedRow.seq).limit(_FETCH)).all()
        for seq, t, i, at, tomb, data in chunk:
            yield int(seq), str(t), str(i), int(at), bool(tomb), str(data)
        if len(chunk) < _FETCH:
            return
        after = int(chunk[-1][0])


def tail_rows(
    session: Session, scopes: Sequence[str], lanes: Sequence[int], start: Sequence[int], upto: int
) -> dict[int, list[tuple[int, str, str, int, bool, str]]]:
    """Rows of every lane in ``(start[lane], upto]`` in one statement, by lane and seq.

    For a tail: at most one segment's width of seqs (each seq is one row) or, without a
    segment, less than :data:`SIZED_UP_TO` of row data, so one read replaces a read per
    lane."""
    stmt = _prebuilt("tail", lanes, _tail_statement)
    out: dict[int, list[tuple[int, str, str, int, bool, str]]] = {lane: [] for lane in lanes}
    for lane, seq, t, i, at, tomb, data in session.execute(
        stmt, _after_params(scopes, lanes, start, upto)
    ):
        out[int(lane)].append((int(seq), str(t), str(i), int(at), bool(tomb), str(data)))
    return out


def delta_row(text: str, step: int) -> str:
    """``text`` (a :func:`~server.feed.row_json` row, which starts with ``{"s":N,``) with
    ``{"q":step,`` in place of its ``s``. Consecutive rows of a lane are a few numbers
    apart: as differences the sequence numbers cost well under a byte each once
    compressed, against about 3 bytes written out (27 KB of a 10,000-bulletin pull)."""
    return '{"q":' + str(step) + text[text.index(",") :]


def commit_line(positions: Sequence[int], sig: dict[str, str] | None, hold: bool = False) -> bytes:
    """A commit line: the cursor and, when the server has a publisher key, its signature.

    ``hold``: a *hold* line (``{"h": cursor}``) of an office frame: its rows lie ahead of
    the cursor, which does not move (docs/protocol.md section 3.6)."""
    doc: dict[str, Any] = {("h" if hold else "k"): format_cursor(positions)}
    if sig is not None:
        doc["sig"] = sig
    return (compact_json(doc) + "\n").encode()


#: One row as read for the wire: seq, type, id, changed at, tombstone, data.
WireRowTuple = tuple[int, str, str, int, bool, str]


class RowWriter:
    """Writes feed rows as stream lines into a frame being compressed.

    Each row as wire JSON (:func:`~server.feed.wire_row`), accounted in ``signer``; with
    ``seq_delta`` every row after the first of its lane carries ``q`` instead of ``s``
    (:func:`delta_row`; the signature covers the rows with ``s``); every
    :data:`COMMIT_RAW_BYTES` of rows a commit line with the positions reached so far
    (with ``hold``, a hold line at ``start``, :func:`commit_line`), then a block flush.
    ``emit(data)`` compresses and keeps bytes, ``flush_block()`` flushes a block. One
    writer serves one frame: a frame built in one go (:func:`write_rows`) or the
    regional stream's, which grows over many calls (:mod:`server.regional`).
    """

    def __init__(
        self,
        emit: Callable[[bytes], None],
        flush_block: Callable[[], None],
        signer: CommitSigner,
        start: Sequence[int],
        seq_delta: bool = False,
        hold: bool = False,
    ) -> None:
        """Write after the cursor ``start``."""
        self.emit = emit
        self.flush_block = flush_block
        self.signer = signer
        self.start = list(start)
        self.seq_delta = seq_delta
        self.hold = hold
        #: Each lane's position after the rows written so far.
        self.positions = list(start)
        #: Rows written so far.
        self.rows = 0
        self._previous: dict[int, int] = {}
        self._pending = 0

    def lane(self, lane: int, rows: Iterable[WireRowTuple], upto: int | None) -> None:
        """Write ``rows`` of ``lane`` (in seq order); the lane then stands at ``upto``
        (or at its last row when ``upto`` is None)."""
        positions = self.positions
        for seq, t, i, at, tomb, data in rows:
            text = wire_row(seq, lane, t, i, at, tomb, data)
            self.signer.row(text)
            previous = self._previous.get(lane)
            sent = (
                delta_row(text, seq - previous) if self.seq_delta and previous is not None else text
            )
            self._previous[lane] = seq
            line = (sent + "\n").encode("utf-8")
            positions[lane] = seq
            self.emit(line)
            self.rows += 1
            self._pending += len(line)
            if self._pending >= COMMIT_RAW_BYTES:
                mark = self.start if self.hold else positions
                self.emit(commit_line(mark, self.signer.sign(mark), self.hold))
                self.flush_block()
                self._pending = 0
        if upto is not None and positions[lane] < upto:
            positions[lane] = upto


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
    hold: bool = False,
    prefetched: dict[int, list[WireRowTuple]] | None = None,
) -> list[int]:
    """Compress the rows of ``lanes`` after ``start`` (up to ``upto``) into ``frame``
    (:class:`RowWriter`: signed commit lines, ``seq_delta``, ``hold``).

    Returns the positions after the rows: each requested lane at ``upto`` (or at its last
    row when ``upto`` is None), the others unchanged.
    ``prefetched``: the rows of each lane, already read (:func:`tail_rows`).
    """

    def flush_block() -> None:
        frame.append(compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))

    writer = RowWriter(
        lambda data: frame.emit(compressor, data), flush_block, signer, start, seq_delta, hold
    )
    for lane in sorted(set(lanes)):
        source = (
            prefetched.get(lane, [])
            if prefetched is not None
            else _rows(session, scopes, lane, writer.positions[lane], upto)
        )
        writer.lane(lane, source, upto)
    frame.rows += writer.rows
    return writer.positions


@dataclass(frozen=True)
class StreamPlan:
    """Where an answer's segment ends and which rows it holds."""

    head: int
    boundary: int  # end of the segment (0: no segment)
    segment_scope: str  # REGIONAL or the office
    has_more: bool
    own_rows: int = 0  # the office's rows up to the boundary (``own_first``: up to chain_to)
    chain_to: int = 0  # ``own_first``: end of the chain of shared links after the segment


def plan(
    session: Session,
    office: str,
    positions: Sequence[int],
    lanes: Sequence[int],
    own_first: bool = False,
) -> StreamPlan:
    """Choose the segment boundary for a device of ``office`` at ``positions``.

    ``own_first``: the office's rows up to the boundary go in an office frame before the
    segment, so the segment is always the regional one (:func:`open_stream`)."""
    head = visible_head(session, office)
    low = min(positions[lane] for lane in lanes)
    boundary = (head // ALIGN) * ALIGN
    has_more = False
    scopes = (REGIONAL, office)
    if boundary > low:
        size = _range_bytes(session, scopes, lanes, positions, boundary)
        if size > MAX_STREAM_RAW:
            boundary = _capped_boundary(session, scopes, lanes, positions, boundary)
            has_more = True
        elif low > 0 and size < SIZED_UP_TO:
            # A PC's own cursor a little behind (its sync cycle after the head passed a
            # boundary): no other PC asks from it, so a segment would be built for this
            # answer alone. One frame, the tail, holds everything up to the head.
            return StreamPlan(head, 0, REGIONAL, False)
    if boundary <= low:
        return StreamPlan(head, 0, REGIONAL, has_more)
    chain_to = boundary
    level = all(positions[lane] == low for lane in lanes)
    if own_first and level and not has_more and head - boundary >= LINK:
        # Links need the segment to fill the client's whole prefix window by itself
        # (regional rows of at least PREFIX_BYTES characters, so at least as many bytes);
        # with every lane from ``low`` (a new PC) the segment holds all of this range.
        if _range_bytes(session, (REGIONAL,), lanes, positions, boundary) >= PREFIX_BYTES:
            chain_to = boundary + (head - boundary) // LINK * LINK
    own = session.scalar(
        select(func.count())
        .select_from(FeedRow)
        .where(
            FeedRow.scope == office,
            FeedRow.lane.in_(list(lanes)),
            FeedRow.seq > low,
            FeedRow.seq <= chain_to,
        )
    )
    scope = REGIONAL if own_first or not own else office
    return StreamPlan(head, boundary, scope, has_more, int(own or 0), chain_to)


def _after(lanes: Sequence[int]) -> Any:
    """Rows of ``scopes`` in ``lanes`` after each one's position ``p<lane>``, up to ``upto``
    (bound parameters: :func:`_after_params`)."""
    return and_(
        FeedRow.scope.in_(bindparam("scopes", expanding=True)),
        or_(*(and_(FeedRow.lane == lane, FeedRow.seq > bindparam(f"p{lane}")) for lane in lanes)),
        FeedRow.seq <= bindparam("upto"),
    )


def _after_params(
    scopes: Sequence[str], lanes: Sequence[int], positions: Sequence[int], upto: int
) -> dict[str, Any]:
    params: dict[str, Any] = {f"p{lane}": positions[lane] for lane in lanes}
    params["scopes"] = list(scopes)
    params["upto"] = upto
    return params


def _tail_statement(lanes: Sequence[int]) -> Any:
    return (
        select(FeedRow.lane, *WIRE_COLUMNS).where(_after(lanes)).order_by(FeedRow.lane, FeedRow.seq)
    )


def _range_statement(lanes: Sequence[int]) -> Any:
    return select(func.coalesce(func.sum(func.length(FeedRow.data)), 0)).where(_after(lanes))


#: Statements of every cycle's stream, built once per set of lanes (a device asks for
#: all of them, or a few): building one and its cache key cost about as much as running it.
_STATEMENTS: dict[tuple[str, tuple[int, ...]], Any] = {}


def _prebuilt(kind: str, lanes: Sequence[int], build: Callable[[Sequence[int]], Any]) -> Any:
    key = (kind, tuple(lanes))
    stmt = _STATEMENTS.get(key)
    if stmt is None:
        # Two threads may build the same one: either is kept, both are equal.
        stmt = _STATEMENTS.setdefault(key, build(key[1]))
    return stmt


def _range_bytes(
    session: Session,
    scopes: Sequence[str],
    lanes: Sequence[int],
    positions: Sequence[int],
    high: int,
) -> int:
    """Characters of row data in each lane after its position, up to ``high``."""
    stmt = _prebuilt("range", lanes, _range_statement)
    return int(session.scalar(stmt, _after_params(scopes, lanes, positions, high)) or 0)


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
    own_first: bool = False,
    session: Session | None = None,
    regional: RegionalStream | None = None,
) -> Assembly:
    """Plan an answer and get (or start building) its frames, signed with ``key``;
    ``seq_delta``: rows after the first of their lane carry ``q`` (:func:`delta_row`).

    ``own_first`` (a client that asked ``own=first``): the office's rows up to the
    segment's boundary come first, in an *office frame* of hold lines, and the segment
    holds regional rows only, so one segment serves every office, however many rows of
    its own an office has in that range. Without it a segment that holds rows of the
    office is that office's alone (clients of protocol 2 before hold lines).

    ``session``: the caller's read snapshot, which plans the answer and, when nothing
    before the tail is still being built, builds the tail too (one snapshot, one pooled
    connection for a sync cycle's pull).
    """
    lanes = sorted(set(lanes))
    kid = key.public_key_b64() if key is not None else ""
    if own_first and regional is not None and regional.serves(positions, lanes, seq_delta, kid):
        with nullcontext(session) if session is not None else db.read() as planning:
            answer = _regional_answer(
                db,
                cache,
                regional,
                office,
                positions,
                lanes,
                now_text,
                key,
                seq_delta,
                settle_seconds,
                planning,
            )
        if answer is not None:
            return answer
    if session is None:
        with db.read() as own:
            chosen = plan(own, office, positions, lanes, own_first)
    else:
        chosen = plan(session, office, positions, lanes, own_first)
    frames: list[Frame] = []
    after = list(positions)
    if chosen.boundary:
        start, boundary, chain_to = list(positions), chosen.boundary, chosen.chain_to
        if own_first and chosen.own_rows:
            own_key = ("own", office, tuple(positions), tuple(lanes), chain_to, kid, seq_delta)

            def build_own(frame: Frame) -> None:
                _build_own(db, frame, office, start, lanes, chain_to, key, seq_delta)

            frames.append(cache.frame(own_key, build_own))
        scope = chosen.segment_scope
        scopes = (REGIONAL,) if scope == REGIONAL else (REGIONAL, office)
        seg_key = ("seg", scope, tuple(positions), tuple(lanes), boundary, kid, seq_delta)

        def build_segment(frame: Frame) -> None:
            _build(db, frame, scopes, start, lanes, boundary, key, seq_delta)

        frames.append(cache.frame(seg_key, build_segment))
        after = [max(p, boundary) if lane in lanes else p for lane, p in enumerate(positions)]
        for low in range(boundary, chain_to, LINK):
            frames.append(_link(db, cache, frames[-1], after, lanes, low, key, kid, seq_delta))
            after = [max(p, low + LINK) if lane in lanes else p for lane, p in enumerate(after)]
    return _with_tail(
        db,
        cache,
        office,
        frames,
        after,
        lanes,
        chosen.head,
        chosen.has_more,
        now_text,
        key,
        seq_delta,
        settle_seconds,
        session,
    )


def _with_tail(
    db: Database,
    cache: StreamCache,
    office: str,
    frames: list[Frame],
    after: Sequence[int],
    lanes: Sequence[int],
    head: int,
    has_more: bool,
    now_text: Callable[[], str],
    key: PublisherKey | None,
    seq_delta: bool,
    settle_seconds: float,
    session: Session | None,
    digest: bool = True,
) -> Assembly:
    """The answer of ``frames`` and, after them, the tail from ``after`` to the head
    (built per office and head), under one ETag; kept for resumes.

    ``digest``: the tail's dictionary is digested once per frame before it and kept
    (frames that many tails follow); otherwise it is the raw prefix and the tail is
    compressed at :data:`SIZED_LEVEL` (:class:`SizedCompressor`)."""
    kid = key.public_key_b64() if key is not None else ""
    tail_start = list(after)
    before = list(frames)
    tail_key = (
        "tail",
        office,
        tuple(tail_start),
        tuple(lanes),
        head,
        has_more,
        tuple(f.build_id for f in before),
        kid,
        seq_delta,
    )

    # Nothing before the tail, or all of it built: the tail (small) is built in this
    # thread, in the planning snapshot. Otherwise in its own, so the segment's first
    # bytes go out while it builds.
    inline = all(f.done for f in before)
    snapshot = (session, head) if inline and session is not None else None

    def build_tail(frame: Frame) -> None:
        prefix = _prefix_of(before, digest)
        if prefix is None:
            frame.finish(failed=True)
            return
        _build_tail(
            db,
            frame,
            office,
            tail_start,
            lanes,
            has_more,
            now_text,
            prefix,
            key,
            seq_delta,
            snapshot,
        )

    frames = [*frames, cache.frame(tail_key, build_tail, inline=inline)]
    etag = hashlib.sha256("|".join(f.build_id for f in frames).encode()).hexdigest()[:32]
    sized = settle(frames, settle_seconds)
    if sized:
        etag = hashlib.sha256(f"{etag}|sized".encode()).hexdigest()[:32]
    assembly = Assembly(etag, frames, format_cursor(tail_start), has_more, head, sized=sized)
    cache.remember(assembly)
    return assembly


#: The office's own rows in ``(low, upto]``: whether an answer needs an office frame.
_OWN_ROWS = (
    select(func.count())
    .select_from(FeedRow)
    .where(
        FeedRow.scope == bindparam("office"),
        FeedRow.seq > bindparam("low"),
        FeedRow.seq <= bindparam("upto"),
    )
)


def _regional_answer(
    db: Database,
    cache: StreamCache,
    regional: RegionalStream,
    office: str,
    positions: Sequence[int],
    lanes: Sequence[int],
    now_text: Callable[[], str],
    key: PublisherKey | None,
    seq_delta: bool,
    settle_seconds: float,
    session: Session,
) -> Assembly | None:
    """An answer from ``positions`` (every lane at one seq, 0 for a new PC) made of the
    regional stream's frames (:mod:`server.regional`: compressed once, as published):
    the office's rows up to where they end first, in an office frame of hold lines, then
    the regional frames, then the tail. None when the regional stream cannot serve it."""
    low = positions[0]
    head = visible_head(session, office)
    boundary = head // LINK * LINK
    if boundary <= low:
        return None
    shared = regional.shared(low, boundary)
    if shared is None:
        return None
    reached = shared.reached
    frames: list[Frame] = []
    start = list(positions)
    if session.scalar(_OWN_ROWS, {"office": office, "low": low, "upto": reached}):
        kid = regional.kid
        own_key = ("own", office, tuple(positions), tuple(lanes), reached, kid, seq_delta)

        def build_own(frame: Frame) -> None:
            _build_own(db, frame, office, start, lanes, reached, key, seq_delta)

        # Small next to the regional frames; built here, so the tail is built in the
        # planning snapshot too.
        frames.append(cache.frame(own_key, build_own, inline=True))
    frames.extend(shared.frames)
    return _with_tail(
        db,
        cache,
        office,
        frames,
        [reached] * len(positions),
        lanes,
        head,
        shared.has_more,
        now_text,
        key,
        seq_delta,
        settle_seconds,
        session,
        digest=False,
    )


def _link(
    db: Database,
    cache: StreamCache,
    previous: Frame,
    start: Sequence[int],
    lanes: Sequence[int],
    low: int,
    key: PublisherKey | None,
    kid: str,
    seq_delta: bool,
) -> Frame:
    """The shared link of regional rows in ``(low, low + LINK]`` after ``previous``.

    Keyed by the frame before it, whose end (the last :data:`PREFIX_BYTES` the client
    has decoded, the same for every office because the segment alone fills it) is its
    dictionary; the link's own :attr:`Frame.raw_tail` starts with that end, so the link
    after it, and every tail, gets the right dictionary in turn."""
    link_key = ("link", tuple(start), tuple(lanes), low, previous.build_id, kid, seq_delta)
    begin = list(start)

    def build_link(frame: Frame) -> None:
        prefix = previous.prefix()
        digested = previous.prefix_dict(STREAM_LEVEL)
        if prefix is None or digested is None:
            frame.finish(failed=True)
            return
        frame.raw_tail.extend(prefix)
        frame.seeded = True
        _build(db, frame, (REGIONAL,), begin, lanes, low + LINK, key, seq_delta, digested)

    return cache.frame(link_key, build_link)


def _prefix_of(
    before: Sequence[Frame], digest: bool = True
) -> bytes | zstandard.ZstdCompressionDict | None:
    """The dictionary of the tail after ``before``: the last :data:`PREFIX_BYTES` of what
    they decode to, digested once per segment when the segment alone is that long (the
    usual case: every office's tail after it shares the work). None: a frame failed."""
    joined = bytearray()
    for frame in before:
        found = frame.prefix()
        if found is None:
            return None
        if frame.seeded:
            joined = bytearray(found)  # it already ends what came before it
        else:
            joined.extend(found)
    if digest and before and len(before[-1].raw_tail) >= PREFIX_BYTES:
        return before[-1].prefix_dict(OFFICE_LEVEL)
    return bytes(joined[-PREFIX_BYTES:])


def _build(
    db: Database,
    frame: Frame,
    scopes: Sequence[str],
    start: Sequence[int],
    lanes: Sequence[int],
    upto: int,
    key: PublisherKey | None,
    seq_delta: bool = False,
    prefix: zstandard.ZstdCompressionDict | None = None,
) -> None:
    """Build a segment frame: rows up to ``upto``, then its commit line (own thread).

    Its commits are signed here, once for every office that will be sent the segment.
    ``prefix``: the dictionary of a link (the end of the frame before it).
    """
    compressor: Any = (
        stream_compressor(prefix).compressobj() if prefix is not None else SizedCompressor()
    )
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


def _build_own(
    db: Database,
    frame: Frame,
    office: str,
    start: Sequence[int],
    lanes: Sequence[int],
    upto: int,
    key: PublisherKey | None,
    seq_delta: bool = False,
) -> None:
    """Build an office frame: the office's own rows up to ``upto``, with hold lines at
    ``start`` (own thread). The segment after it brings the regional rows and moves the
    cursor; until then the client holds these rows without moving its cursor, and a
    pull asked again from that cursor sends them again (the client keeps each entity's
    highest ``s``)."""
    compressor = SizedCompressor()
    signer = CommitSigner(key, lanes, start)
    try:
        with db.read() as session:
            write_rows(
                frame,
                session,
                (office,),
                start,
                lanes,
                upto,
                compressor,
                signer,
                seq_delta,
                hold=True,
            )
            frame.emit(compressor, commit_line(start, signer.sign(start), hold=True))
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
    prefix: bytes | zstandard.ZstdCompressionDict,
    key: PublisherKey | None,
    seq_delta: bool = False,
    snapshot: tuple[Session, int] | None = None,
) -> None:
    """Build a tail frame: rows up to the head, then the ``end`` line.

    Head, rows and integrity sums come from one snapshot, so they agree with each other
    even when something was published since the answer was planned: the planning
    snapshot and its head (``snapshot``, when the tail is built where it was planned) or
    a new one. ``prefix`` is the end of what the frames before it decode to (its
    dictionary).
    """
    compressor: Any = (
        stream_compressor(prefix, OFFICE_LEVEL).compressobj()
        if isinstance(prefix, zstandard.ZstdCompressionDict)
        else SizedCompressor(prefix)
    )
    signer = CommitSigner(key, lanes, start)
    try:
        with nullcontext(snapshot[0]) if snapshot is not None else db.read() as session:
            head = snapshot[1] if snapshot is not None else visible_head(session, office)
            reached = list(start)
            if not has_more and head > min(start[lane] for lane in lanes):
                scopes = (REGIONAL, office)
                rows = tail_rows(session, scopes, lanes, start, head)
                reached = write_rows(
                    frame,
                    session,
                    scopes,
                    start,
                    lanes,
                    head,
                    compressor,
                    signer,
                    seq_delta,
                    prefetched=rows,
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
