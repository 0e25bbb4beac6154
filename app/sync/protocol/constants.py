"""Protocol versions, headers, limits, lanes, row types and cursors."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from enum import IntEnum, StrEnum
from typing import Annotated

from pydantic import Field

API_PREFIX = "/api/v1"

#: Every protocol version this module can speak; ``hello`` advertises the server's list.
#: Version 2 adds the feed stream (``GET /feed``) and the row fields ``tm``, ``cs``, ``th``.
SUPPORTED_PROTOCOL_VERSIONS: tuple[int, ...] = (1, 2)
#: The version that brought the feed stream.
STREAM_PROTOCOL_VERSION = 2

#: Sent by the client on every call and by the server on every response (JSON, binary and
#: error alike). A response without it did not come from a District Desk server (captive
#: portal, proxy error page) and is never treated as a receipt.
PROTOCOL_HEADER = "X-District-Desk-Protocol"
#: The server's stable id, on every response. The client may send the id it enrolled with;
#: a server with another id answers ``wrong_server``.
SERVER_ID_HEADER = "X-District-Desk-Server"
#: Every JSON body carries this top-level field with the protocol version.
ENVELOPE_FIELD = "dd"

#: Resumable upload headers (blob endpoints).
UPLOAD_OFFSET_HEADER = "Upload-Offset"
UPLOAD_LENGTH_HEADER = "Upload-Length"
RETRY_AFTER_HEADER = "Retry-After"

#: Content codings in order of preference; ``identity`` is always accepted.
CODECS: tuple[str, ...] = ("zstd", "gzip")
#: JSON bodies smaller than this are sent uncompressed (the framing would cost more).
COMPRESS_MIN_BYTES = 512

#: Default and hard limits. The server reports its actual values in ``hello``.
DEFAULT_PAGE_BYTES = 256 * 1024
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_BATCH_ITEMS = 200
MAX_BATCH_BYTES = 1024 * 1024
MAX_BLOB_CHUNK = 512 * 1024
MAX_BLOB_SIZE = 64 * 1024 * 1024
#: Largest decoded request body (defends against compression bombs).
MAX_REQUEST_BYTES = 4 * 1024 * 1024
#: Thumbnails up to this size travel inline (base64) in their lane-3 row.
INLINE_THUMB_MAX = 6 * 1024
DEFAULT_TOKEN_TTL = 3600
#: Longest a ``/news`` call is held by the server (seconds).
MAX_NEWS_WAIT = 900

#: Largest ``d`` of one change row the server puts in a page (serialised JSON). A bigger
#: row travels as a stub (``z`` = its size) that the client records as a bad row, so one
#: oversized bulletin never blocks the rows behind it.
MAX_ROW_BYTES = 256 * 1024
#: The smallest change row on the wire (a tombstone with a short id): a page cannot hold
#: more rows than the bytes asked for divided by this.
MIN_ROW_BYTES = 40
#: Bounds of integers and times on the wire (SQLite stores signed 64-bit integers).
MAX_SEQ = 2**62
#: Latest change time a row may carry (Unix seconds, 9999-12-31T23:59:59Z).
MAX_UNIX_TIME = 253_402_300_799
#: Longest string in a row's data (a bulletin's remarks can be long; 20 MB cannot).
MAX_TEXT = 64 * 1024
#: Characters no text on the wire may hold: NUL and lone UTF-16 surrogates (JSON's
#: ``"\ud800"`` decodes to one; SQLite and the search index cannot store it).
BAD_TEXT_RE = re.compile("[\x00\ud800-\udfff]")

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

Sha256Hex = Annotated[str, Field(pattern=SHA256_RE.pattern)]
UuidStr = Annotated[str, Field(pattern=UUID_RE.pattern)]


# --------------------------------------------------------------------------------------
# Lanes, row types, cursors
# --------------------------------------------------------------------------------------


class Lane(IntEnum):
    """Priority lanes of the change feed; a page delivers lower lanes first."""

    REVOCATIONS = 0
    OUTCOMES = 1
    ORDINARY = 2
    THUMBNAILS = 3


LANES: tuple[int, ...] = tuple(int(lane) for lane in Lane)


class RowType(StrEnum):
    """The ``t`` field of a change row."""

    BULLETIN = "b"
    CASE = "c"
    CASE_NOTE = "n"
    REPLY = "r"
    REQUEST_STATUS = "q"
    MEDIA = "m"


def parse_cursor(text: str) -> tuple[int, ...]:
    """Parse a pull cursor into one position per lane.

    A cursor is either a plain non-negative integer ``N`` (every lane at ``N``; ``0`` starts
    from scratch) or ``"s0.s1.s2.s3"``, the last seq delivered in each lane.

    Raises:
        ValueError: the text is not a cursor.
    """
    parts = text.strip().split(".")
    if len(parts) == 1:
        parts = parts * len(LANES)
    if len(parts) != len(LANES) or not all(p.isdigit() and len(p) <= 18 for p in parts):
        raise ValueError(f"not a cursor: {text[:40]!r}")
    return tuple(int(p) for p in parts)


def format_cursor(positions: Iterable[int]) -> str:
    """Format per-lane positions as a cursor string (inverse of :func:`parse_cursor`)."""
    values = [int(p) for p in positions]
    if len(values) != len(LANES) or any(v < 0 for v in values):
        raise ValueError("a cursor has one non-negative position per lane")
    return ".".join(str(v) for v in values)


def row_checksum(row_type: str, row_id: str, seq: int) -> int:
    """The 64-bit contribution of one live row to its lane's integrity checksum."""
    digest = hashlib.sha256(f"{row_type}:{row_id}:{seq}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def lane_checksum(rows: Iterable[tuple[str, str, int]]) -> str:
    """XOR of :func:`row_checksum` over ``(t, i, s)`` of live rows, as 16 hex digits."""
    acc = 0
    for row_type, row_id, seq in rows:
        acc ^= row_checksum(row_type, row_id, seq)
    return f"{acc:016x}"
