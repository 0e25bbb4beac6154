"""What this PC holds per feed lane: the counts and checksums the integrity check compares
with the server's (docs/protocol.md, integrity)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import SyncRow
from app.sync.protocol import LANES, row_checksum


def local_lane_sums(session: Session) -> dict[int, tuple[int, str]]:
    """Per-lane count and XOR checksum of the live rows this device holds."""
    counts = dict.fromkeys(LANES, 0)
    sums = dict.fromkeys(LANES, 0)
    for t, i, s, lane in session.execute(
        select(SyncRow.t, SyncRow.i, SyncRow.s, SyncRow.lane).where(SyncRow.live.is_(True))
    ):
        if lane in counts:
            counts[lane] += 1
            sums[lane] ^= row_checksum(t, i, s)
    return {lane: (counts[lane], f"{sums[lane]:016x}") for lane in LANES}
