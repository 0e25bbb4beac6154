"""Comparing this PC's lanes with the server's (docs/protocol.md section 3.4).

A server that sends lane digests (``LaneIntegrity.rows``/``digest``: every row, content and
tombstones included) is compared with the trigger-kept ``lane_sums`` (four rows read,
whatever the size of the store). An older server sends only the version 1 sums (count and
XOR of ``(t, i, s)`` of live rows), recounted from ``sync_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from app.sync.digest import received_row_digest
from app.sync.lanesums import stored_lane_digests


def row_digest_of(row: Any) -> int:
    """The content digest of a received row (``app.sync.protocol.Row``)."""
    return received_row_digest(
        row.t, row.i, row.s, row.l, row.a, bool(row.x), row.d, getattr(row, "z", None)
    )


def has_digests(lanes: Iterable[Any]) -> bool:
    """True when the server's integrity block carries lane digests (protocol 1.1)."""
    items = list(lanes)
    return bool(items) and all(getattr(li, "digest", None) is not None for li in items)


def differing_lanes(session: Session, lanes: Iterable[Any]) -> list[int]:
    """The lanes whose content differs from the server's integrity block."""
    items = list(lanes)
    if has_digests(items):
        local = stored_lane_digests(session)
        return [
            li.lane for li in items if li.lane in local and local[li.lane] != (li.rows, li.digest)
        ]
    from app.sync.lanes import local_lane_sums

    legacy = local_lane_sums(session)
    return [
        li.lane for li in items if li.lane in legacy and legacy[li.lane] != (li.count, li.checksum)
    ]


def differs(held: tuple[int, bool, int, bool, int | None], row: Any) -> bool:
    """True when the row the server sent differs from what this PC recorded for it.

    ``held`` is ``(s, live, lane, bad, h)`` of the ``sync_rows`` record. Another version,
    liveness or lane, a row recorded as bad, or the same version with other content (a
    digest that differs, or none recorded) must be applied again from the server's copy.
    """
    s, live, lane, bad, h = held
    if bad or (s, live, lane) != (row.s, not row.x, row.l):
        return True
    return h != row_digest_of(row)
