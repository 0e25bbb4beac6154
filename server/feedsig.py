"""Signing ``/changes`` pages with the publisher key (docs/protocol.md section 9).

The statement is :func:`app.sync.feedsig.page_statement`; the key is the one that signs
snapshots (:class:`server.signing.PublisherKey`), so a PC pins one key at enrolment for
both. One Ed25519 signature per page build (pages are cached, so per distinct page).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.sync.protocol import (
    commit_statement,
    encode_signature,
    format_cursor,
    key_id,
    page_statement,
    received_row_digest,
)
from server.signing import PublisherKey

#: Digests of rows already signed, by the wire text's hash and length: every PC of a
#: region is sent the same new rows, and parsing and re-serialising a row for its digest
#: costs more than the rest of serving it. A row's text holds its seq, so a row changed
#: in place (new text) is a new entry. Cleared whole when full.
_DIGESTS: dict[tuple[int, int], int] = {}
_DIGESTS_MAX = 1 << 16


def wire_row_digest(text: str) -> int:
    """The content digest of one row as serialised for the wire (what the client sees)."""
    key = (hash(text), len(text))
    found = _DIGESTS.get(key)
    if found is not None:
        return found
    digest = _wire_row_digest(text)
    if len(_DIGESTS) >= _DIGESTS_MAX:
        _DIGESTS.clear()
    _DIGESTS[key] = digest
    return digest


def _wire_row_digest(text: str) -> int:
    row: dict[str, Any] = json.loads(text)
    return received_row_digest(
        str(row["t"]),
        str(row["i"]),
        int(row["s"]),
        int(row["l"]),
        int(row["a"]),
        bool(row.get("x")),
        row.get("d") or {},
        row.get("z"),
    )


def signed_lanes(integrity: Any) -> list[tuple[int, int, str]] | None:
    """The ``(lane, rows, digest)`` of an integrity block, as the statement covers them.

    Only lanes that carry a digest are covered (the client builds the same list).
    """
    if integrity is None:
        return None
    return [
        (int(li.lane), int(li.rows), str(li.digest))
        for li in integrity.lanes
        if li.digest is not None and li.rows is not None
    ]


def page_signature(
    key: PublisherKey,
    *,
    after: Sequence[int],
    lanes: Sequence[int],
    rows: Sequence[str],
    next_cursor: str,
    head: int,
    has_more: bool,
    integrity: Sequence[tuple[int, int, str]] | None,
) -> dict[str, str]:
    """The ``sig`` object of a page whose rows are ``rows`` (wire JSON, in order)."""
    statement = page_statement(
        after=format_cursor(after),
        lanes=lanes,
        next_cursor=next_cursor,
        head=head,
        has_more=has_more,
        row_digests=[wire_row_digest(text) for text in rows],
        integrity=integrity,
    )
    return {"k": key_id(key.public_key_b64()), "s": encode_signature(key.sign(statement))}


class CommitSigner:
    """Signs the commits of one stream frame as it is built (docs/protocol.md section 3.6).

    A segment is built once and served to every office that pulls from its cursor, so
    its commits are signed once, at build time, never per device. ``key`` None (a server
    without a publisher key) signs nothing.
    """

    def __init__(self, key: PublisherKey | None, lanes: Sequence[int], start: Sequence[int]):
        """Sign commits of ``lanes`` starting after the cursor ``start``."""
        self.key = key
        self.lanes = sorted(int(x) for x in lanes)
        self.after = format_cursor(start)
        self.digests: list[int] = []
        self._kid = key_id(key.public_key_b64()) if key is not None else ""

    def row(self, text: str) -> None:
        """Account one row (its wire JSON) of the current commit."""
        if self.key is not None:
            self.digests.append(wire_row_digest(text))

    def _signature(
        self, cursor: str, end: tuple[int, bool, Sequence[tuple[int, int, str]] | None] | None
    ) -> dict[str, str] | None:
        if self.key is None:
            return None
        statement = commit_statement(
            after=self.after,
            lanes=self.lanes,
            next_cursor=cursor,
            row_digests=self.digests,
            end=end,
        )
        return {"k": self._kid, "s": encode_signature(self.key.sign(statement))}

    def peek(self, positions: Sequence[int]) -> dict[str, str] | None:
        """The ``sig`` of a commit ending at ``positions`` now, without ending the current
        commit (the commit line of a view that may end here, see :mod:`server.regional`)."""
        return self._signature(format_cursor(positions), None)

    def sign(
        self,
        positions: Sequence[int],
        end: tuple[int, bool, Sequence[tuple[int, int, str]] | None] | None = None,
    ) -> dict[str, str] | None:
        """The ``sig`` of the commit that ends at ``positions``; starts the next commit."""
        cursor = format_cursor(positions)
        sig = self._signature(cursor, end)
        self.after = cursor
        self.digests = []
        return sig
