"""The change feed: sequence numbers, latest-state rows, lane pages and integrity sums."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from app.sync.protocol import (
    LANES,
    MAX_ROW_BYTES,
    Lane,
    LaneIntegrity,
    format_cursor,
    row_checksum,
)
from server.models import FeedCounter, FeedRow, LaneStat

#: Scope of regional rows (visible to every device).
REGIONAL = ""
_FETCH_CHUNK = 500


def compact_json(obj: Any) -> str:
    """Compact JSON for the wire (not canonical: key order is the writer's)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def allocate_seq(session: Session, count: int = 1) -> int:
    """Reserve ``count`` consecutive change numbers and return the first.

    The counter row stays locked until the caller's transaction ends, so transactions
    that publish changes commit in ``seq`` order and no reader can pass a number that
    commits later.
    """
    counter = FeedCounter.__table__
    assert isinstance(counter, Table)
    stmt = (
        update(counter)
        .where(counter.c.id == 1)
        .values(seq=counter.c.seq + count)
        .returning(counter.c.seq)
    )
    # The counter is independent of pending rows: no need to flush them first (bulk
    # publishing then inserts in one batch at commit).
    with session.no_autoflush:
        last = session.execute(stmt).scalar_one()
    return int(last) - count + 1


def _stat(session: Session, scope: str, lane: int) -> LaneStat:
    # Cached per transaction: publishing thousands of rows must not re-read the stats.
    cache: dict[tuple[str, int], LaneStat] = session.info.setdefault("dd_lane_stats", {})
    stat = cache.get((scope, lane))
    if stat is None:
        stat = session.get(LaneStat, (scope, lane))
        if stat is None:
            stat = LaneStat(scope=scope, lane=lane, count=0, checksum="0" * 16)
            session.add(stat)
        cache[(scope, lane)] = stat
    return stat


def _account(session: Session, row: FeedRow, sign: int) -> None:
    if row.tombstone:
        return
    stat = _stat(session, row.scope, row.lane)
    stat.count = (stat.count or 0) + sign
    value = int(stat.checksum or "0", 16) ^ row_checksum(row.row_type, row.row_id, row.seq)
    stat.checksum = f"{value:016x}"


def publish(
    session: Session,
    *,
    row_type: str,
    row_id: str,
    lane: int,
    scope: str,
    data: dict[str, Any],
    tombstone: bool = False,
    owner: str | None = None,
    seq: int | None = None,
    new: bool = False,
) -> int:
    """Insert or replace the feed row of one entity with a new version; return its seq.

    ``new=True`` promises the entity has no row yet (bulk publishing skips the lookup).
    """
    if seq is None:
        seq = allocate_seq(session)
    row = None if new else session.get(FeedRow, (row_type, row_id))
    if row is not None:
        _account(session, row, -1)
    else:
        row = FeedRow(row_type=row_type, row_id=row_id)
        session.add(row)
    row.seq = seq
    row.lane = lane
    row.scope = scope
    row.changed_at = int(time.time())
    row.tombstone = tombstone
    row.data = compact_json(data)
    if owner is not None:
        row.owner = owner
    _account(session, row, +1)
    return seq


def tombstone(session: Session, row: FeedRow, why: str, at: str) -> int:
    """Replace a row with its tombstone in lane 0."""
    return publish(
        session,
        row_type=row.row_type,
        row_id=row.row_id,
        lane=int(Lane.REVOCATIONS),
        scope=row.scope,
        data={"why": why, "at": at},
        tombstone=True,
    )


def load_data(row: FeedRow) -> dict[str, Any]:
    """The decoded ``d`` object of a feed row."""
    value = json.loads(row.data)
    if not isinstance(value, dict):
        raise ValueError("feed row data is not an object")
    return value


def row_json(seq: int, lane: int, t: str, i: str, at: int, tomb: bool, data: str) -> str:
    """The wire form of one row (string-built: pages of thousands of rows stay cheap)."""
    x = ',"x":1' if tomb else ""
    head = f'{{"s":{seq},"l":{lane},"t":{json.dumps(t)},"i":{json.dumps(i)},"a":{at}'
    return f'{head}{x},"d":{data}}}'


def wire_row(seq: int, lane: int, t: str, i: str, at: int, tomb: bool, data: str) -> str:
    """:func:`row_json`, or a stub without ``d`` (``z`` = its size) for an oversized row.

    A row larger than :data:`MAX_ROW_BYTES` would make every page that holds it too large
    for a client, and so block every row behind it for good; the client records the stub
    as a bad row and goes on.
    """
    if len(data) <= MAX_ROW_BYTES // 4:  # no need to encode: it fits whatever it holds
        return row_json(seq, lane, t, i, at, tomb, data)
    size = len(data.encode("utf-8"))
    if size <= MAX_ROW_BYTES:
        return row_json(seq, lane, t, i, at, tomb, data)
    return row_json(seq, lane, t, i, at, tomb, "{}")[:-1] + f',"z":{size}}}'


@dataclass
class Page:
    """A page of rows, already serialised."""

    rows: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    has_more: bool = False
    raw_bytes: int = 0

    @property
    def cursor(self) -> str:
        """The cursor after this page."""
        return format_cursor(self.positions)


def _scopes(office: str) -> tuple[str, str]:
    return (REGIONAL, office)


def _lane_rows(
    session: Session, office: str, lane: int, after: int, limit: int
) -> Sequence[tuple[int, str, str, int, bool, str]]:
    stmt = (
        select(
            FeedRow.seq,
            FeedRow.row_type,
            FeedRow.row_id,
            FeedRow.changed_at,
            FeedRow.tombstone,
            FeedRow.data,
        )
        .where(FeedRow.lane == lane, FeedRow.seq > after, FeedRow.scope.in_(_scopes(office)))
        .order_by(FeedRow.seq)
        .limit(limit)
    )
    return [tuple(r) for r in session.execute(stmt).all()]  # type: ignore[misc]


def build_page(
    session: Session, office: str, positions: Sequence[int], lanes: Iterable[int], max_bytes: int
) -> Page:
    """Fill a page lane by lane, lowest lane first, until ``max_bytes`` of row JSON."""
    page = Page(positions=list(positions))
    for lane in sorted(set(lanes)):
        if _fill_lane(session, office, lane, page, max_bytes):
            page.has_more = True
            break
    return page


def _fill_lane(session: Session, office: str, lane: int, page: Page, max_bytes: int) -> bool:
    """Add lane rows to the page; True if the byte budget stopped it with rows waiting."""
    while True:
        chunk = _lane_rows(session, office, lane, page.positions[lane], _FETCH_CHUNK)
        for seq, t, i, at, tomb, data in chunk:
            text = wire_row(seq, lane, t, i, at, tomb, data)
            size = len(text.encode("utf-8")) + 1
            if page.rows and page.raw_bytes + size > max_bytes:
                return True
            page.rows.append(text)
            page.raw_bytes += size
            page.positions[lane] = seq
        if len(chunk) < _FETCH_CHUNK:
            return False


def visible_head(session: Session, office: str) -> int:
    """Highest seq of a row visible to a device of ``office``."""
    stmt = select(func.max(FeedRow.seq)).where(FeedRow.scope.in_(_scopes(office)))
    return int(session.scalar(stmt) or 0)


def integrity(session: Session, office: str) -> list[LaneIntegrity]:
    """Per-lane count and checksum of the live rows visible to a device of ``office``."""
    counts = {lane: 0 for lane in LANES}
    sums = {lane: 0 for lane in LANES}
    stats = session.scalars(select(LaneStat).where(LaneStat.scope.in_(_scopes(office))))
    for stat in stats:
        if stat.lane in counts:
            counts[stat.lane] += stat.count
            sums[stat.lane] ^= int(stat.checksum, 16)
    return [
        LaneIntegrity(lane=lane, count=counts[lane], checksum=f"{sums[lane]:016x}")
        for lane in LANES
    ]
