"""Client side of the feed stream (protocol 2, ``GET /feed``; docs/protocol.md section 3.5).

A pull is one answer: zstd frames of JSON lines (rows, commit lines ``{"k": cursor}``, a
last line ``{"end": ...}``). :class:`StreamDecoder` turns the compressed bytes into lines as
they arrive (a frame after the first is decoded with the last :data:`PREFIX_BYTES` of what
came before as its dictionary), :class:`StreamParser` turns lines into commits (the rows
since the previous commit line and the cursor that covers them) and checks each against
the cursor it moves, and :func:`pull_stream` runs the answer: each commit is applied as
soon as its bytes have arrived, and a cut answer is resumed from the byte where it broke
(``Range`` + ``If-Match``), keeping the decoder's state, so a cut costs one round trip and
no byte crosses twice. If the server no longer holds the answer (``412``) the pull asks
again from the last committed cursor and what arrived after it is counted as wasted.

Plain Python, no Qt, no database: the engine passes the HTTP call and the apply step in.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import zstandard
from pydantic import ValidationError

from app.sync.digest import received_row_digest
from app.sync.feedsig import commit_statement, verify_page
from app.sync.protocol import LANES, MAX_ROW_BYTES, IntegrityResponse, Row, parse_cursor

#: Decoded bytes before a frame that serve as its dictionary (the server's rule).
PREFIX_BYTES = 1 << 20
#: Largest zstd window a stream may use (the server uses 16 MiB).
MAX_WINDOW = 1 << 25
#: Compressed bytes handed to the decoder at once (bounds what one call can expand to).
_SLICE = 256
#: Longest line accepted (a row of MAX_ROW_BYTES plus its envelope).
MAX_LINE = MAX_ROW_BYTES + 64 * 1024
#: Rows between two commit lines at most (a server that never commits is refused).
MAX_ROWS_PER_COMMIT = 20_000
#: zstd skippable frames (magic 0x184D2A50-5F) carry the answer's tag; decoders skip them.
SKIPPABLE_MAGIC = 0x184D2A50
#: Media type and the header that says where an answer starts in the whole stream.
OFFSET_HEADER = "X-DD-Stream-Offset"
#: Why a commit's signature was refused (:func:`app.sync.feedsig.verify_page`).
SIGNATURE_REASONS = frozenset({"unsigned", "other_key", "bad_signature"})


class StreamError(Exception):
    """The stream is not what the protocol says (the pull refuses the rest of it)."""

    def __init__(self, reason: str, head: int | None = None) -> None:
        """``reason`` is a short code (``bad_frame``, ``row_outside_commit``, ...).

        ``head`` is the server's head when the answer's end line said it (a cursor ahead
        of it makes the engine pull those lanes again from 0).
        """
        super().__init__(reason)
        self.reason = reason
        self.head = head


class StreamDecoder:
    """Compressed bytes in, complete lines out; bounded whatever the bytes say."""

    def __init__(self, max_decoded: int) -> None:
        """Refuse a stream that decodes to more than ``max_decoded`` bytes."""
        self.max_decoded = max_decoded
        self.consumed = 0  # compressed bytes fed so far
        self.decoded = 0
        self._history = bytearray()
        self._obj: Any = None
        self._line = bytearray()
        self._head = bytearray()
        self._skip = 0
        self._tag = bytearray()
        #: Payloads of the skippable frames read so far (the first is the answer's ETag).
        self.tags: list[bytes] = []

    def _new_frame(self) -> Any:
        prefix = bytes(self._history[-PREFIX_BYTES:])
        if prefix:
            data = zstandard.ZstdCompressionDict(prefix, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
            return zstandard.ZstdDecompressor(
                dict_data=data, max_window_size=MAX_WINDOW
            ).decompressobj()
        return zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).decompressobj()

    def feed(self, chunk: bytes) -> list[bytes]:
        """Decode ``chunk``; return the lines it completed (without their newline).

        Raises:
            StreamError: corrupt data, too much output or a line too long.
        """
        lines: list[bytes] = []
        for start in range(0, len(chunk), _SLICE):
            data = chunk[start : start + _SLICE]
            while data:
                if self._obj is None:
                    data = self._frame_start(data)
                    if not data or self._obj is None:
                        continue
                try:
                    out = self._obj.decompress(data)
                except zstandard.ZstdError as exc:
                    raise StreamError("bad_frame") from exc
                data = b""
                if self._obj.eof:
                    data = self._obj.unused_data
                    self._obj = None
                self._take(out, lines)
        self.consumed += len(chunk)
        return lines

    def _frame_start(self, data: bytes) -> bytes:
        """Between frames: read a skippable frame (the answer's tag) or start a frame.

        Returns the bytes left for the new frame's decoder (empty while more header
        bytes are needed or a skippable frame is being read).
        """
        if self._skip:
            take = data[: self._skip]
            self._skip -= len(take)
            self._tag.extend(take[: max(0, 256 - len(self._tag))])
            if not self._skip:
                self.tags.append(bytes(self._tag))
                self._tag = bytearray()
            return data[len(take) :]
        self._head.extend(data)
        if len(self._head) < 8:
            return b""
        head, self._head = bytes(self._head), bytearray()
        magic, size = struct.unpack_from("<II", head)
        if magic & 0xFFFFFFF0 == SKIPPABLE_MAGIC:
            self._skip = size
            rest = head[8:]
            if not size:
                self.tags.append(b"")
            return self._frame_start(rest) if rest else b""
        self._obj = self._new_frame()
        return head

    def _take(self, out: bytes, lines: list[bytes]) -> None:
        if not out:
            return
        self.decoded += len(out)
        if self.decoded > self.max_decoded:
            raise StreamError("too_large")
        self._history.extend(out)
        if len(self._history) > 2 * PREFIX_BYTES:
            del self._history[: len(self._history) - PREFIX_BYTES]
        parts = out.split(b"\n")
        self._line.extend(parts[0])
        for part in parts[1:]:
            lines.append(bytes(self._line))
            self._line = bytearray(part)
        if len(self._line) > MAX_LINE:
            raise StreamError("line_too_long")

    @property
    def between_frames(self) -> bool:
        """True when no frame is half decoded (the answer may end here)."""
        return self._obj is None and not self._line and not self._head and not self._skip


@dataclass
class Commit:
    """Rows and the cursor that covers them: applied in one transaction."""

    rows: list[Row]
    positions: list[int]
    wire_offset: int  # compressed bytes of the stream up to this commit
    #: A hold line's rows: ahead of ``positions``, which do not move (stored all the same).
    hold: bool = False


@dataclass
class End:
    """The last line of an answer."""

    positions: list[int]
    has_more: bool
    head: int
    server_time: str
    integrity: IntegrityResponse | None


class StreamParser:
    """Lines in, commits out, each checked against the cursor it moves.

    A row must lie in ``(committed, new]`` of its lane; no lane moves backwards. A cursor
    may move past a lane's last row (every row up to it has been sent), never past the
    head the answer ends with (checked by the caller at the end). With the publisher
    key this PC pinned, every commit (and the end line) must carry the publisher's
    signature of exactly the rows since the previous commit, both cursors and the lanes
    (and for the end line the head, ``has_more`` and the lane digests): a row altered,
    added, dropped or reordered, a commit replayed from another answer, a cursor or
    integrity block rewritten, or a missing signature refuses the commit before any of
    it is handed on.
    """

    def __init__(
        self,
        positions: list[int],
        key: str | None = None,
        lanes: list[int] | None = None,
    ) -> None:
        """Start at the committed ``positions``; ``key`` is the pinned publisher key."""
        self.positions = list(positions)
        self.key = key
        self.lanes = list(LANES) if lanes is None else list(lanes)
        self.rows: list[Row] = []
        self.bad_lines = 0
        self.end: End | None = None
        #: ``s`` of the last row of each lane in this answer (a row with ``q`` follows it).
        self._last_s: dict[int, int] = {}

    def line(self, text: bytes, wire_offset: int) -> Commit | None:
        """Take one line; return a commit when the line is a commit line.

        Raises:
            StreamError: a line that is not JSON, a cursor that lies, a row after the end.
        """
        if self.end is not None:
            raise StreamError("after_end")
        if not text.strip():
            return None
        try:
            doc = json.loads(text, parse_constant=_no_constants)
        except (ValueError, RecursionError) as exc:
            raise StreamError("not_json") from exc
        if not isinstance(doc, dict):
            raise StreamError("not_object")
        if "k" in doc:
            return self._commit(doc["k"], wire_offset, doc.get("sig"))
        if "h" in doc:
            return self._hold(doc["h"], wire_offset, doc.get("sig"))
        if "end" in doc:
            return self._finish(doc, wire_offset)
        if "q" in doc:
            doc = self._with_seq(doc)
        try:
            row = Row.model_validate(doc)
        except ValidationError as exc:
            raise StreamError("bad_row") from exc
        if row.l not in LANES or row.s <= self.positions[row.l]:
            raise StreamError("row_outside_commit")
        self._last_s[row.l] = row.s
        self.rows.append(row)
        if len(self.rows) > MAX_ROWS_PER_COMMIT:
            raise StreamError("no_commit")
        return None

    def _with_seq(self, doc: dict[str, Any]) -> dict[str, Any]:
        """A row sent with ``q`` (``seq=delta``): its ``s`` is the previous row of its lane
        in this answer plus ``q``, a positive integer. A ``q`` with no row of its lane
        before it, or beside an ``s``, is refused."""
        step, lane = doc.pop("q"), doc.get("l")
        if (
            "s" in doc
            or not isinstance(step, int)
            or isinstance(step, bool)
            or step < 1
            or not isinstance(lane, int)
            or lane not in self._last_s
        ):
            raise StreamError("bad_row")
        doc["s"] = self._last_s[lane] + step
        return doc

    @staticmethod
    def _positions_of(value: Any) -> list[int]:
        """The positions a line's cursor text names (``bad_cursor`` if it is not one)."""
        if not isinstance(value, str):
            raise StreamError("bad_cursor")
        try:
            return list(parse_cursor(value))
        except ValueError as exc:
            raise StreamError("bad_cursor") from exc

    def _cursor(self, value: Any) -> list[int]:
        new = self._positions_of(value)
        if any(n < o for n, o in zip(new, self.positions, strict=True)):
            raise StreamError("cursor_backwards")
        for row in self.rows:
            if row.s > new[row.l]:
                raise StreamError("row_outside_commit")
        return new

    def _verify(
        self,
        new: list[int],
        sig: Any,
        end: tuple[int, bool, list[tuple[int, int, str]] | None] | None = None,
    ) -> None:
        """Refuse a commit the publisher did not sign exactly so (no key pinned: no check)."""
        if self.key is None:
            return
        statement = commit_statement(
            after=".".join(str(p) for p in self.positions),
            lanes=self.lanes,
            next_cursor=".".join(str(p) for p in new),
            row_digests=[
                received_row_digest(r.t, r.i, r.s, r.l, r.a, bool(r.x), r.d, r.z) for r in self.rows
            ],
            end=end,
        )
        problem = verify_page(self.key, statement, sig)
        if problem is not None:
            raise StreamError(problem)

    def _commit(self, value: Any, wire_offset: int, sig: Any = None) -> Commit:
        new = self._cursor(value)
        self._verify(new, sig)
        commit = Commit(self.rows, new, wire_offset)
        self.rows = []
        self.positions = new
        return commit

    def _hold(self, value: Any, wire_offset: int, sig: Any = None) -> Commit:
        """A hold line (``own=first``): the rows since the previous line are the office's
        own, ahead of a cursor that does not move; stored now, the cursor stays. Its
        cursor must be the current one exactly (signed as a commit that moves nothing)."""
        same = self._positions_of(value)
        if same != self.positions:
            raise StreamError("hold_moves_cursor")
        self._verify(same, sig)
        commit = Commit(self.rows, same, wire_offset, hold=True)
        self.rows = []
        return commit

    def _finish(self, doc: dict[str, Any], wire_offset: int) -> Commit:
        head = doc.get("head")
        if isinstance(head, int) and not isinstance(head, bool):
            if any(p > head for p in self.positions):
                raise StreamError("cursor_ahead", head)
        new = self._cursor(doc.get("end"))
        if not isinstance(head, int) or isinstance(head, bool):
            raise StreamError("bad_head")
        if any(n > head for n in new):
            raise StreamError("cursor_ahead", head)
        integrity = None
        if doc.get("integrity") is not None:
            try:
                integrity = IntegrityResponse.model_validate(
                    {"dd": 1, **doc["integrity"]} if isinstance(doc["integrity"], dict) else {}
                )
            except ValidationError as exc:
                raise StreamError("bad_integrity") from exc
        covered = None
        if integrity is not None:
            covered = [
                (int(li.lane), int(li.rows), str(li.digest))
                for li in integrity.lanes
                if li.digest is not None and li.rows is not None
            ]
        self._verify(new, doc.get("sig"), (head, bool(doc.get("has_more")), covered))
        self.end = End(
            new,
            bool(doc.get("has_more")),
            head,
            str(doc.get("server_time", ""))[:40],
            integrity,
        )
        final = Commit(self.rows, new, wire_offset)
        self.rows = []
        self.positions = new
        return final


def parse_tag(payload: bytes) -> tuple[str | None, int | None]:
    """The ETag and planned head of an answer's tag frame (``"<etag> <head>"``)."""
    parts = payload.decode("ascii", "replace").split()
    etag = parts[0][:64] if parts else None
    head = None
    if len(parts) > 1 and parts[1].isdigit() and len(parts[1]) <= 19:
        head = int(parts[1])
    return etag, head


def tag_size(payload: bytes) -> int | None:
    """The bytes of the answer after its tag frame, when the tag says them (third field)."""
    parts = payload.decode("ascii", "replace").split()
    if len(parts) > 2 and parts[2].isdigit() and len(parts[2]) <= 15:
        return int(parts[2])
    return None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass
class StreamResult:
    """What a streamed pull did."""

    commits: int = 0
    rows: int = 0
    wire_bytes: int = 0  # compressed bytes received
    wasted_bytes: int = 0  # received but thrown away (a restart after a cut)
    resumes: int = 0  # answers resumed by byte offset
    restarts: int = 0  # answers asked again from the committed cursor
    calls: int = 0
    end: End | None = None
    positions: list[int] = field(default_factory=list)


class CallFailed(Exception):
    """Raised by the ``call`` hook: ``retry`` says whether the answer may be resumed."""

    def __init__(self, cause: BaseException, *, resumable: bool, gone: bool = False) -> None:
        """Wrap the transport's failure."""
        super().__init__(str(cause))
        self.cause = cause
        self.resumable = resumable
        self.gone = gone


#: ``call(params, headers, sink) -> response headers``; raises :class:`CallFailed`.
Call = Callable[[dict[str, str], dict[str, str], Callable[[bytes], None]], dict[str, str]]


def pull_stream(
    call: Call,
    positions: list[int],
    lanes: list[int],
    apply: Callable[[Commit], None],
    *,
    max_decoded: int,
    resume_budget: int = 60,
    cancelled: Callable[[], bool] = lambda: False,
    on_bytes: Callable[[int], None] | None = None,
    on_head: Callable[[int], None] | None = None,
    key: str | None = None,
    on_left: Callable[[int], None] | None = None,
) -> StreamResult:
    """Pull one answer of the feed stream, applying each commit as it arrives.

    ``apply`` gets every commit (the last one holds the rows before the ``end`` line and
    its cursor) and stores its rows with its cursor in one transaction. A cut answer is
    resumed at most ``resume_budget`` times in a row without a commit in between.
    ``key`` is the publisher key this PC pinned: every commit must be signed with it.
    ``on_left`` gets the bytes of the answer still to come, once its first bytes say
    its size.

    Raises:
        StreamError: the stream broke the protocol (what was applied stays).
        CallFailed: the link failed and the budget is spent, or a failure that is not
            a cut (its ``cause`` is the transport's classified failure).
    """
    reader = _AnswerReader(positions, lanes, apply, max_decoded, on_bytes, on_head, key)
    reader.on_left = on_left
    return reader.run(call, resume_budget, cancelled)


class _AnswerReader:
    """The state of one answer being read: its decoder, the last commit and its offset."""

    def __init__(
        self,
        positions: list[int],
        lanes: list[int],
        apply: Callable[[Commit], None],
        max_decoded: int,
        on_bytes: Callable[[int], None] | None,
        on_head: Callable[[int], None] | None,
        key: str | None = None,
    ) -> None:
        self.result = StreamResult(positions=list(positions))
        self.key = key
        self.lanes = list(lanes)
        self.on_left: Callable[[int], None] | None = None
        self.lane_text = ",".join(str(lane) for lane in lanes)
        self.apply = apply
        self.max_decoded = max_decoded
        self.on_bytes = on_bytes
        self.on_head = on_head
        self.committed = list(positions)
        self.committed_offset = 0
        self.decoder: StreamDecoder | None = None
        self.parser: StreamParser | None = None
        self.etag: str | None = None
        self.fruitless = 0
        self.params: dict[str, str] = {}

    def sink(self, chunk: bytes) -> None:
        decoder, parser, result = self.decoder, self.parser, self.result
        assert decoder is not None and parser is not None
        result.wire_bytes += len(chunk)
        if self.on_bytes is not None:
            self.on_bytes(len(chunk))
        lines = decoder.feed(chunk)
        if self.etag is None and decoder.tags:
            self.etag, head = parse_tag(decoder.tags[0])
            if head is not None and self.on_head is not None:
                self.on_head(head)
            size = tag_size(decoder.tags[0])
            if size is not None and self.on_left is not None:
                self.on_left(max(8 + len(decoder.tags[0]) + size - decoder.consumed, 0))
        for line in lines:
            commit = parser.line(line, decoder.consumed)
            if commit is None:
                continue
            self.apply(commit)
            result.commits += 1
            result.rows += len(commit.rows)
            self.fruitless = 0
            if commit.hold:
                continue  # asked again from the same cursor, these bytes come again
            self.committed = list(commit.positions)
            self.committed_offset = decoder.consumed

    def _next_request(self) -> dict[str, str]:
        """Headers of the next call: a fresh answer from the committed cursor, or the rest
        of the current one (``Range`` + ``If-Match``)."""
        if self.decoder is None:
            self.decoder = StreamDecoder(self.max_decoded)
            self.parser = StreamParser(self.committed, self.key, self.lanes)
            self.committed_offset = 0
            self.etag = None
            self.params = {
                "after": ".".join(str(p) for p in self.committed),
                "lanes": self.lane_text,
                # Sequence numbers as differences (docs/protocol.md 3.6); a server that
                # does not know the parameter sends them whole.
                "seq": "delta",
                # The office's own rows first, so the regional segment after them is the
                # one the server shares with every office (docs/protocol.md 3.6); a
                # server that does not know the parameter sends them in the segment.
                "own": "first",
            }
            return {}
        assert self.etag is not None
        return {"Range": f"bytes={self.decoder.consumed}-", "If-Match": f'"{self.etag}"'}

    def _after_failure(self, failed: CallFailed, resume_budget: int) -> None:
        """Decide how to go on after a failed call (raises when the budget is spent)."""
        result = self.result
        self.fruitless += 1
        if failed.gone or self.etag is None:
            # Nothing to resume: ask again from the committed cursor.
            if self.decoder is not None:
                result.wasted_bytes += self.decoder.consumed - self.committed_offset
            self.decoder = None
            if not failed.resumable or self.fruitless > resume_budget:
                raise failed
            result.restarts += 1
            return
        if not failed.resumable or self.fruitless > resume_budget:
            raise failed
        result.resumes += 1

    def run(self, call: Call, resume_budget: int, cancelled: Callable[[], bool]) -> StreamResult:
        result = self.result
        while True:
            headers = self._next_request()
            result.calls += 1
            try:
                call(self.params, headers, self.sink)
            except CallFailed as failed:
                if cancelled():
                    raise
                self._after_failure(failed, resume_budget)
                continue
            parser, decoder = self.parser, self.decoder
            assert parser is not None and decoder is not None
            if parser.end is None or not decoder.between_frames:
                # The answer ended early without a cut being noticed: resume it.
                self.fruitless += 1
                if self.etag is None or self.fruitless > resume_budget:
                    raise StreamError("truncated")
                result.resumes += 1
                continue
            result.end = parser.end
            result.positions = self.committed
            return result
