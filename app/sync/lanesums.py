"""The client's per-lane content digests (docs/protocol.md section 7).

``lane_sums`` is kept by SQLite triggers in the same transaction as every write of
``sync_rows`` (migration ``0007_lane_digests``): reading it costs four rows whatever the
size of the store. :func:`recount_lane_digests` recomputes the same figures from
``sync_rows`` (tests, diagnostics).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import LaneSum, SyncRow
from app.sync.digest import format_digest, lane_digest

#: The feed's lanes (``app.sync.protocol.LANES``; kept here so the store does not load
#: the wire schemas to read four rows).
_LANES = (0, 1, 2, 3)


def stored_lane_digests(session: Session) -> dict[int, tuple[int, str]]:
    """Per lane: number of recorded rows (tombstones included) and their digest, in hex."""
    out = {lane: (0, format_digest(0)) for lane in _LANES}
    for lane, rows, digest in session.execute(select(LaneSum.lane, LaneSum.rows, LaneSum.digest)):
        if lane in out:
            out[lane] = (int(rows), format_digest(int(digest)))
    return out


def recount_lane_digests(session: Session) -> dict[int, tuple[int, str]]:
    """:func:`stored_lane_digests` recomputed from every ``sync_rows`` record (O(rows))."""
    digests: dict[int, list[int]] = {lane: [] for lane in _LANES}
    for lane, h in session.execute(select(SyncRow.lane, SyncRow.h).where(SyncRow.s > 0)):
        if lane in digests:
            digests[lane].append(int(h or 0))
    return {lane: (len(v), format_digest(lane_digest(v))) for lane, v in digests.items()}
