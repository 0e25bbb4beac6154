"""Content digests of feed rows and their per-lane sums (docs/protocol.md section 7).

Pure standard library, shared by the client and the reference server.

Every feed row, live or tombstone, has a 64-bit **row digest**: the first 8 bytes of
BLAKE2b over the canonical JSON of ``[t, i, s, l, a, x, d]`` (for a row too large to
travel, ``d`` is replaced by ``{"z": size}``, the stub both sides see). A lane's **digest**
is the XOR of the row digests of every row the lane holds, tombstones included, with the
number of rows beside it.

Why XOR: it is order-independent and its own inverse, so a sum is updated in O(1) on
every write (remove the old version's digest, add the new one's) and can be kept in a
table updated in the same transaction as the row, so an idle integrity check costs the
same at 1,000 and 1,000,000 rows. It can be done exactly in SQLite's signed 64-bit
integers (``(a | b) - (a & b)``), which triggers on the client's ``sync_rows`` use.

Collision properties: each ``(t, i)`` is held at most once per side, so a row never
cancels itself out; for differences that are not chosen by an adversary (a lost, extra,
stale or altered row) the chance that two different lane contents have the same digest is
2^-64 per comparison. XOR (like a modular sum) is **not** collision resistant against
someone who chooses many rows on purpose (generalised birthday attacks find a set of
rows with a zero XOR cheaply): the sums detect faults and lies of a server that does not
compute against them; forgery by a hostile server is what the feed signature (section 9)
is for.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

#: Version of the digest definition; ``LaneIntegrity.digest`` is of this version.
DIGEST_VERSION = 1

#: Rows whose ``d`` is larger than this travel as a stub (mirrors ``protocol.MAX_ROW_BYTES``;
#: a test holds the two equal).
STUB_ROW_BYTES = 256 * 1024

_MASK = (1 << 64) - 1


def _to_signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _canonical(obj: Any) -> bytes:
    # ASCII escapes so that any text, even a lone surrogate a hostile server sent, encodes.
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def row_digest(
    t: str,
    i: str,
    s: int,
    lane: int,
    a: int,
    tombstone: bool,
    d: Mapping[str, Any] | None,
    z: int | None = None,
) -> int:
    """The 64-bit digest of one feed row, as a signed integer (SQLite's integer range).

    ``d`` is the row's data as decoded from JSON; ``z`` the size of a stub's missing data
    (``d`` is then ignored). Data that cannot be serialised (NaN, a non-JSON value) gets a
    digest no server computes, so the lane shows a mismatch and is repaired.
    """
    body: Any = {"z": int(z)} if z is not None else dict(d or {})
    try:
        payload = _canonical([t, i, int(s), int(lane), int(a), 1 if tombstone else 0, body])
    except (TypeError, ValueError):
        payload = repr((t, i, s, lane, a, tombstone, "unserialisable")).encode()
    digest = hashlib.blake2b(payload, digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def stored_row_digest(t: str, i: str, s: int, lane: int, a: int, tombstone: bool, data: str) -> int:
    """:func:`row_digest` of a row whose ``d`` is stored as compact JSON text (the server).

    A row larger than :data:`STUB_ROW_BYTES` is digested as the stub the wire carries.
    """
    if len(data) > STUB_ROW_BYTES // 4:
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > STUB_ROW_BYTES:
            return row_digest(t, i, s, lane, a, tombstone, None, size)
    value = json.loads(data)
    return row_digest(t, i, s, lane, a, tombstone, value if isinstance(value, dict) else None)


def received_row_digest(
    t: str, i: str, s: int, lane: int, a: int, tombstone: bool, d: Mapping[str, Any], z: int | None
) -> int:
    """:func:`row_digest` of a row as the client received it (page or snapshot).

    A snapshot carries even an oversized row whole; it is digested as the stub the
    server digests, so a PC bootstrapped from a snapshot agrees with the feed.
    """
    if z is None and d:
        text = json.dumps(d, separators=(",", ":"), ensure_ascii=False, allow_nan=True)
        if len(text) > STUB_ROW_BYTES // 4:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > STUB_ROW_BYTES:
                z = size
    return row_digest(t, i, s, lane, a, tombstone, d, z)


def live_row_digest(
    t: str, i: str, s: int, lane: int, a: int, d: Mapping[str, Any]
) -> tuple[int, int]:
    """:func:`received_row_digest` of a live row, and the length of its canonical JSON.

    One serialisation instead of two (a neighbour serving its rows digests thousands):
    a row whose canonical form is shorter than a quarter of :data:`STUB_ROW_BYTES` cannot
    be a stub (each character is at most four bytes of UTF-8 and at least one of the
    ASCII-escaped form), so its digest is taken from that form directly.
    """
    try:
        payload = _canonical([t, i, int(s), int(lane), int(a), 0, dict(d)])
    except (TypeError, ValueError):
        return received_row_digest(t, i, s, lane, a, False, d, None), 0
    if len(payload) > STUB_ROW_BYTES // 4:
        return received_row_digest(t, i, s, lane, a, False, d, None), len(payload)
    digest = hashlib.blake2b(payload, digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True), len(payload)


def combine(acc: int, digest: int) -> int:
    """Add (or remove: XOR is its own inverse) one row digest to a lane digest."""
    return _to_signed((acc ^ digest) & _MASK)


def lane_digest(digests: Iterable[int]) -> int:
    """The lane digest of these row digests (a full recount)."""
    acc = 0
    for value in digests:
        acc ^= value
    return _to_signed(acc & _MASK)


def format_digest(value: int) -> str:
    """A lane digest as 16 lower-case hex digits (its unsigned 64-bit value)."""
    return f"{value & _MASK:016x}"


def parse_digest(text: str) -> int:
    """Inverse of :func:`format_digest` (signed).

    Raises:
        ValueError: not 16 hex digits.
    """
    if len(text) != 16:
        raise ValueError("a lane digest has 16 hex digits")
    return _to_signed(int(text, 16))
