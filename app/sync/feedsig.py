"""Feed page signatures (docs/protocol.md section 9): the statement both sides build.

Pure standard library plus :mod:`app.exchange.signing` (the one Ed25519 verifier that
snapshots use too). The server signs each ``/changes`` page with its publisher key; the
client, which pinned that key at enrolment, rebuilds the same statement from what it
received and refuses the page unless the signature verifies.

The statement covers everything a page asserts: the cursor asked for and the lanes, the
cursor after the page, the head, ``has_more``, the content digest of every row in page
order (``app.sync.digest``: type, id, seq, lane, time, tombstone flag and data) and the
lane digests of an ``integrity`` block. A row altered, added, dropped or reordered by
anything between the publisher key and the client, a cursor or head rewritten, an
integrity block forged: each changes the statement, and the page is refused whole
before anything of it is applied.

On the wire: ``"sig": {"k": key id, "s": base64 signature}``, about 110 bytes per page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from app.sync.canonical import canonical_json

#: Version of the statement's layout.
STATEMENT_VERSION = 1


def key_id(public_key_b64: str) -> str:
    """A short name of a public key: the first 16 hex digits of SHA-256 of its base64."""
    return hashlib.sha256(public_key_b64.strip().encode("ascii")).hexdigest()[:16]


def rows_hash(digests: Iterable[int]) -> str:
    """SHA-256 (hex) over the rows' 64-bit digests, in page order."""
    h = hashlib.sha256()
    for value in digests:
        h.update((value & ((1 << 64) - 1)).to_bytes(8, "big"))
    return h.hexdigest()


def page_statement(
    *,
    after: str,
    lanes: Sequence[int],
    next_cursor: str,
    head: int,
    has_more: bool,
    row_digests: Iterable[int],
    integrity: Sequence[tuple[int, int, str]] | None,
) -> bytes:
    """The bytes the publisher key signs for one page.

    ``after`` and ``next_cursor`` are in the per-lane form (``format_cursor``);
    ``integrity`` lists ``(lane, rows, digest)`` when the page carries an integrity block.
    """
    return b"district-desk feed page\n" + canonical_json(
        {
            "v": STATEMENT_VERSION,
            "after": after,
            "lanes": sorted(int(x) for x in lanes),
            "next": next_cursor,
            "head": int(head),
            "more": bool(has_more),
            "rows": rows_hash(row_digests),
            "integrity": [list(x) for x in sorted(integrity)] if integrity is not None else None,
        }
    )


def commit_statement(
    *,
    after: str,
    lanes: Sequence[int],
    next_cursor: str,
    row_digests: Iterable[int],
    end: tuple[int, bool, Sequence[tuple[int, int, str]] | None] | None = None,
) -> bytes:
    """The bytes the publisher key signs for one commit of the feed stream (section 3.6).

    A commit is the rows since the previous commit line (``after``, per-lane form) up to
    its cursor ``next_cursor``; the last commit of an answer, the ``end`` line, also
    covers ``end`` = ``(head, has_more, integrity lanes or None)``. Its own prefix, so a
    commit's signature can never pass for a page's or the other way round.
    """
    doc: dict[str, Any] = {
        "v": STATEMENT_VERSION,
        "after": after,
        "lanes": sorted(int(x) for x in lanes),
        "next": next_cursor,
        "rows": rows_hash(row_digests),
        "end": None,
    }
    if end is not None:
        head, more, integrity = end
        doc["end"] = {
            "head": int(head),
            "more": bool(more),
            "integrity": [list(x) for x in sorted(integrity)] if integrity is not None else None,
        }
    return b"district-desk feed commit\n" + canonical_json(doc)


def encode_signature(raw: bytes) -> str:
    """Base64 of a 64-byte signature."""
    return base64.b64encode(raw).decode("ascii")


def decode_signature(text: str) -> bytes | None:
    """The raw signature, or None when ``text`` is not base64 of 64 bytes."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 64 else None


def verify_page(public_key_b64: str, statement: bytes, sig: object) -> str | None:
    """Check a page's ``sig`` object; returns None when good, else why it is refused.

    Reasons: ``unsigned`` (no signature although a key is pinned), ``other_key`` (signed
    with a key this PC did not pin), ``bad_signature`` (does not verify: altered).
    """
    from app.exchange.signing import verify

    if not isinstance(sig, dict) or not isinstance(sig.get("s"), str):
        return "unsigned"
    if sig.get("k") != key_id(public_key_b64):
        return "other_key"
    raw = decode_signature(sig["s"])
    if raw is None or not verify(public_key_b64, statement, raw):
        return "bad_signature"
    return None


def check_page(
    public_key_b64: str, page: Any, after: Sequence[int], lanes: Sequence[int]
) -> str | None:
    """Verify a received ``ChangesPage`` asked for with cursor ``after`` and ``lanes``.

    Returns None when the publisher signed exactly this page, else why it is refused
    (:func:`verify_page`).
    """
    from app.sync.digest import received_row_digest

    digests = [received_row_digest(r.t, r.i, r.s, r.l, r.a, bool(r.x), r.d, r.z) for r in page.rows]
    integrity = None
    if page.integrity is not None:
        integrity = [
            (int(li.lane), int(li.rows), str(li.digest))
            for li in page.integrity.lanes
            if li.digest is not None and li.rows is not None
        ]
    statement = page_statement(
        after=".".join(str(int(p)) for p in after),
        lanes=lanes,
        next_cursor=page.next_cursor,
        head=page.head,
        has_more=page.has_more,
        row_digests=digests,
        integrity=integrity,
    )
    return verify_page(public_key_b64, statement, page.sig)
