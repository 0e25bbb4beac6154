"""The change feed: sequence numbers, latest-state rows, lane pages and integrity sums."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    CompoundSelect,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    literal_column,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from app.sync.protocol import (
    COMPRESS_MIN_BYTES,
    LANES,
    MAX_ROW_BYTES,
    Lane,
    LaneIntegrity,
    combine,
    format_cursor,
    format_digest,
    lane_digest,
    parse_digest,
    row_checksum,
    row_digest,
    stored_row_digest,
)
from server.feedsig import wire_row_digest
from server.metrics import PAGE_CACHE, SEQ_LOCK_WAIT
from server.models import FeedCounter, FeedHead, FeedRow, LaneDigest, LaneStat

#: Scope of regional rows (visible to every device).
REGIONAL = ""
_FETCH_CHUNK = 500


def compact_json(obj: Any) -> str:
    """Compact JSON for the wire (not canonical: key order is the writer's)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _allocate_statement() -> Any:
    counter = FeedCounter.__table__
    assert isinstance(counter, Table)
    return (
        update(counter)
        .where(counter.c.id == 1)
        .values(seq=counter.c.seq + bindparam("count"))
        .returning(counter.c.seq)
    )


#: The hot statements of a sync cycle are built once, with bound parameters: building a
#: statement and its cache key on every call cost about as much as running it (the token
#: lookup in :mod:`server.accounts` is built the same way).
_ALLOCATE = _allocate_statement()


def allocate_seq(session: Session, count: int = 1) -> int:
    """Reserve ``count`` consecutive change numbers and return the first.

    The counter row stays locked until the caller's transaction ends, so transactions
    that publish changes commit in ``seq`` order and no reader can pass a number that
    commits later.
    """
    # The counter is independent of pending rows: no need to flush them first (bulk
    # publishing then inserts in one batch at commit).
    started = time.perf_counter()
    with session.no_autoflush:
        last = session.execute(_ALLOCATE, {"count": count}).scalar_one()
    # The global cost of ordering commits: how long publishers queue on this one row.
    SEQ_LOCK_WAIT.observe(time.perf_counter() - started)
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


_BOOKS = (
    select(FeedHead, LaneStat, LaneDigest)
    .join_from(FeedHead, LaneStat, LaneStat.scope == FeedHead.scope)
    .join(LaneDigest, and_(LaneDigest.scope == LaneStat.scope, LaneDigest.lane == LaneStat.lane))
    .where(FeedHead.scope == bindparam("scope"), LaneStat.lane == bindparam("lane"))
)


def _load_books(session: Session, scope: str, lane: int) -> None:
    """Read the scope's head and the lane's count and digest rows in one statement (three
    primary-key rows), into the per-transaction caches :func:`_raise_head`, :func:`_stat`
    and :func:`_digest_stat` use; a publish then reads no more. When one of them does
    not exist yet, each is read (or made) on its own as before."""
    heads: dict[str, FeedHead] = session.info.setdefault("dd_feed_heads", {})
    stats: dict[tuple[str, int], LaneStat] = session.info.setdefault("dd_lane_stats", {})
    digests: dict[tuple[str, int], LaneDigest] = session.info.setdefault("dd_lane_digests", {})
    if scope in heads and (scope, lane) in stats and (scope, lane) in digests:
        return
    found = session.execute(_BOOKS, {"scope": scope, "lane": lane}).first()
    if found is None:
        return
    head, stat, digest = found
    heads.setdefault(scope, head)
    stats.setdefault((scope, lane), stat)
    digests.setdefault((scope, lane), digest)


def _raise_head(session: Session, scope: str, seq: int) -> None:
    # Cached per transaction like the lane stats; the counter row is already locked, so
    # head rows are only ever written in seq order.
    cache: dict[str, FeedHead] = session.info.setdefault("dd_feed_heads", {})
    head = cache.get(scope)
    if head is None:
        head = session.get(FeedHead, scope)
        if head is None:
            head = FeedHead(scope=scope, seq=0)
            session.add(head)
        cache[scope] = head
    if seq > (head.seq or 0):
        head.seq = seq


_HEADS = cast(Table, FeedHead.__table__)
_STATS = cast(Table, LaneStat.__table__)
_DIGESTS = cast(Table, LaneDigest.__table__)
_BOOK_VALUES = (
    select(_HEADS.c.seq, _STATS.c.count, _STATS.c.checksum, _DIGESTS.c.rows, _DIGESTS.c.digest)
    .join_from(_HEADS, _STATS, _STATS.c.scope == _HEADS.c.scope)
    .join(_DIGESTS, and_(_DIGESTS.c.scope == _STATS.c.scope, _DIGESTS.c.lane == _STATS.c.lane))
    .where(_HEADS.c.scope == bindparam("scope"), _STATS.c.lane == bindparam("lane"))
)
_INSERT_ROW = insert(cast(Table, FeedRow.__table__))
#: Bound names differ from the columns' (SQLAlchemy reserves those for the SET clause).
_SET_HEAD = (
    update(_HEADS)
    .where(_HEADS.c.scope == bindparam("b_scope"), _HEADS.c.seq < bindparam("b_seq"))
    .values(seq=bindparam("b_seq"))
)
_SET_STAT = (
    update(_STATS)
    .where(_STATS.c.scope == bindparam("b_scope"), _STATS.c.lane == bindparam("b_lane"))
    .values(count=bindparam("b_count"), checksum=bindparam("b_checksum"))
)
_SET_DIGEST = (
    update(_DIGESTS)
    .where(_DIGESTS.c.scope == bindparam("b_scope"), _DIGESTS.c.lane == bindparam("b_lane"))
    .values(rows=bindparam("b_rows"), digest=bindparam("b_digest"))
)


def _publish_one(session: Session, row: FeedRow) -> bool:
    """Publish a new row by Core statements: read its scope's head and its lane's count and
    digest, insert the row, write the three. The same statements as the unit of work
    would send, without it (a cycle's request costs a third less).

    False, having written nothing, when this transaction already keeps these books in the
    session (:func:`_load_books`) or they do not exist yet: :func:`publish` then does it.
    The feed counter is locked (:func:`allocate_seq`), so nothing moves the books between
    the read and the writes.
    """
    scope, lane = row.scope, row.lane
    if (
        scope in session.info.get("dd_feed_heads", {})
        or (scope, lane) in session.info.get("dd_lane_stats", {})
        or (scope, lane) in session.info.get("dd_lane_digests", {})
    ):
        return False
    books = session.execute(_BOOK_VALUES, {"scope": scope, "lane": lane}).first()
    if books is None:
        return False
    _head, count, checksum, rows, digest = books
    if not row.tombstone:
        count = (count or 0) + 1
        checksum = (
            f"{int(checksum or '0', 16) ^ row_checksum(row.row_type, row.row_id, row.seq):016x}"
        )
    digest = format_digest(combine(parse_digest(digest), feed_row_digest(row)))
    session.execute(_INSERT_ROW, {c.key: getattr(row, c.key) for c in _INSERT_ROW.table.c})
    where = {"b_scope": scope, "b_lane": lane}
    session.execute(_SET_HEAD, {"b_scope": scope, "b_seq": row.seq})
    session.execute(_SET_STAT, {**where, "b_count": count, "b_checksum": checksum})
    session.execute(_SET_DIGEST, {**where, "b_rows": (rows or 0) + 1, "b_digest": digest})
    return True


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
    single: bool = False,
) -> int:
    """Insert or replace the feed row of one entity with a new version; return its seq.

    ``new=True`` promises the entity has no row yet (bulk publishing skips the lookup).
    ``single=True`` (with ``new``): one row of its scope and lane in this transaction, such
    as a request's first status. It is written by Core statements, with no unit of work
    (see :func:`_publish_one`); bulk publishing keeps its books in the session instead
    and writes them once, at the end.
    """
    if seq is None:
        seq = allocate_seq(session)
    if new and single:
        fresh = FeedRow(
            row_type=row_type,
            row_id=row_id,
            seq=seq,
            lane=lane,
            scope=scope,
            changed_at=int(time.time()),
            tombstone=tombstone,
            data=compact_json(data),
            owner=owner,
        )
        if _publish_one(session, fresh):
            return seq
    row = None if new else session.get(FeedRow, (row_type, row_id))
    with session.no_autoflush:
        _load_books(session, scope, lane)
    if row is not None:
        _account(session, row, -1)
        account_digest(session, row, -1)
        if row.scope != scope:
            # The row leaves a scope: that scope's devices must see its head move too.
            _raise_head(session, row.scope, seq)
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
    _raise_head(session, scope, seq)
    _account(session, row, +1)
    account_digest(session, row, +1)
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


class WireRow:
    """One row version as sent: its text, its size on the wire and its content digest."""

    __slots__ = ("digest", "size", "text")

    def __init__(self, text: str) -> None:
        """Serialised row; the digest is computed on first use."""
        self.text = text
        self.size = len(text.encode("utf-8")) + 1  # with its comma
        self.digest: int | None = None

    def content_digest(self) -> int:
        """:func:`server.feedsig.wire_row_digest` of the text, computed once."""
        if self.digest is None:
            self.digest = wire_row_digest(self.text)
        return self.digest


#: What identifies a row version without reading its data: seq, type, id, changed_at,
#: tombstone and the length of its data. A seq is allocated once and a row's data only
#: changes by publishing it again under a new seq, so this names one content.
RowKey = tuple[int, str, str, int, bool, int]


class WireRowCache:
    """Row versions serialised (and digested) once per process, for every office's pages.

    A first full pull sends the same regional row versions to every new PC of every
    office; decoding, re-encoding and digesting each row is most of what a page costs.
    Bounded by the bytes of text held; when full, the older half is dropped (dicts keep
    insertion order, so that is the rows cached first).
    """

    def __init__(self, max_bytes: int = 96 << 20) -> None:
        """Hold at most about ``max_bytes`` of row text."""
        self.max_bytes = max_bytes
        self._rows: dict[RowKey, WireRow] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: RowKey) -> WireRow | None:
        """The cached row version, if any."""
        return self._rows.get(key)

    def put(self, key: RowKey, row: WireRow) -> None:
        """Remember one row version."""
        with self._lock:
            if key in self._rows:
                return
            if self._bytes + row.size > self.max_bytes:
                for old in list(self._rows)[: len(self._rows) // 2 + 1]:
                    self._bytes -= self._rows.pop(old).size
            self._rows[key] = row
            self._bytes += row.size

    def clear(self) -> None:
        """Forget every row (a restored database reuses change numbers)."""
        with self._lock:
            self._rows.clear()
            self._bytes = 0


#: The serialised rows of every worker thread of this process.
WIRE_ROWS = WireRowCache()


@dataclass
class Page:
    """A page of rows, already serialised."""

    rows: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    wire: list[WireRow] = field(default_factory=list)
    has_more: bool = False
    raw_bytes: int = 0

    @property
    def cursor(self) -> str:
        """The cursor after this page."""
        return format_cursor(self.positions)

    def row_digests(self) -> list[int]:
        """The content digest of every row, in order (each computed once per process)."""
        return [row.content_digest() for row in self.wire]


def _scopes(office: str) -> tuple[str, str]:
    return (REGIONAL, office)


def _lane_keys(session: Session, office: str, lane: int, after: int, limit: int) -> list[RowKey]:
    """The next row versions of a lane after ``after``, without their data."""
    stmt = (
        select(
            FeedRow.seq,
            FeedRow.row_type,
            FeedRow.row_id,
            FeedRow.changed_at,
            FeedRow.tombstone,
            func.length(FeedRow.data),
        )
        .where(FeedRow.lane == lane, FeedRow.seq > after, FeedRow.scope.in_(_scopes(office)))
        .order_by(FeedRow.seq)
        .limit(limit)
    )
    # Core execution: plain tuples, no ORM compile or row objects.
    return [
        (int(seq), t, i, int(at or 0), bool(tomb), int(size or 0))
        for seq, t, i, at, tomb, size in session.connection().execute(stmt)
    ]


#: The columns a row is sent with, in :func:`wire_row`'s order after ``lane``.
WIRE_COLUMNS = (
    FeedRow.seq,
    FeedRow.row_type,
    FeedRow.row_id,
    FeedRow.changed_at,
    FeedRow.tombstone,
    FeedRow.data,
)


def _load_rows(session: Session, lane: int, keys: list[RowKey]) -> dict[RowKey, WireRow]:
    """Serialise the row versions ``keys`` (of one lane), also into :data:`WIRE_ROWS`."""
    stmt = select(*WIRE_COLUMNS).where(FeedRow.lane == lane, FeedRow.seq.in_([k[0] for k in keys]))
    loaded = {}
    for seq, t, i, at, tomb, data in session.connection().execute(stmt):
        key = (int(seq), t, i, int(at or 0), bool(tomb), len(data))
        loaded[key] = row = WireRow(wire_row(seq, lane, t, i, at, tomb, data))
        WIRE_ROWS.put(key, row)
    return loaded


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
    """Add lane rows to the page; True if the byte budget stopped it with rows waiting.

    Reads the next row versions' keys, then the data of only those not already
    serialised in this process (:data:`WIRE_ROWS`).
    """
    while True:
        keys = _lane_keys(session, office, lane, page.positions[lane], _FETCH_CHUNK)
        missing = [key for key in keys if WIRE_ROWS.get(key) is None]
        loaded = _load_rows(session, lane, missing) if missing else {}
        for key in keys:
            row = loaded.get(key) or WIRE_ROWS.get(key)
            if row is None:  # evicted meanwhile to make room for another thread's rows
                loaded |= _load_rows(session, lane, [key])
                row = loaded[key]
            if page.rows and page.raw_bytes + row.size > max_bytes:
                return True
            page.rows.append(row.text)
            page.wire.append(row)
            page.raw_bytes += row.size
            page.positions[lane] = key[0]
        if len(keys) < _FETCH_CHUNK:
            return False


def _visible(column: Any) -> Any:
    """``column`` is a scope a device of the bound ``office`` sees (:func:`_scopes`)."""
    return column.in_([literal(REGIONAL), bindparam("office")])


_VISIBLE_HEAD = select(func.max(FeedHead.seq)).where(_visible(FeedHead.scope))


def visible_head(session: Session, office: str) -> int:
    """Highest seq published in a scope visible to a device of ``office``.

    Two primary-key reads of ``feed_heads`` (the cost does not grow with the feed).
    """
    return int(session.scalar(_VISIBLE_HEAD, {"office": office}) or 0)


def rebuild_heads(session: Session) -> None:
    """Recompute every scope's head from the rows (databases made before ``feed_heads``)."""
    session.execute(FeedHead.__table__.delete())  # type: ignore[attr-defined]
    rows = session.execute(select(FeedRow.scope, func.max(FeedRow.seq)).group_by(FeedRow.scope))
    for scope, seq in rows:
        session.add(FeedHead(scope=scope, seq=int(seq)))


def counter_value(session: Session) -> int:
    """The last allocated change number (not locked)."""
    return int(session.scalar(select(FeedCounter.seq).where(FeedCounter.id == 1)) or 0)


_KEPT_SUMS: CompoundSelect[Any] = union_all(
    select(literal_column("0"), LaneStat.lane, LaneStat.count, LaneStat.checksum).where(
        _visible(LaneStat.scope)
    ),
    select(literal_column("1"), LaneDigest.lane, LaneDigest.rows, LaneDigest.digest).where(
        _visible(LaneDigest.scope)
    ),
)


def integrity(session: Session, office: str) -> list[LaneIntegrity]:
    """Per-lane count and checksum of the live rows visible to a device of ``office``."""
    counts = dict.fromkeys(LANES, 0)
    sums = dict.fromkeys(LANES, 0)
    kept_digests: list[tuple[int, int, str]] = []
    # Both kept sums in one statement (at most sixteen primary-key rows), as plain rows:
    # every synced device asks for them every cycle.
    for kind, lane, number, text in session.execute(_KEPT_SUMS, {"office": office}):
        if kind != 0:
            kept_digests.append((lane, number, text))
        elif lane in counts:
            counts[lane] += number
            sums[lane] ^= int(text, 16)
    digests = _fold_digests(kept_digests)
    return [
        LaneIntegrity(
            lane=lane,
            count=counts[lane],
            checksum=f"{sums[lane]:016x}",
            rows=digests[lane][0],
            digest=digests[lane][1],
        )
        for lane in LANES
    ]


# --------------------------------------------------------------------------------------
# Content digests (docs/protocol.md section 7): every row, tombstones included
# --------------------------------------------------------------------------------------


def feed_row_digest(row: FeedRow) -> int:
    """The content digest of a feed row as the client will compute it from the wire."""
    args = (
        row.row_type,
        row.row_id,
        int(row.seq),
        int(row.lane),
        int(row.changed_at or 0),
        bool(row.tombstone),
    )
    try:
        return stored_row_digest(*args, row.data)
    except ValueError:  # data that is not JSON: no client can match it, so it shows
        return row_digest(*args, {"unparsable": row.data[:64]})


def _digest_stat(session: Session, scope: str, lane: int) -> LaneDigest:
    cache: dict[tuple[str, int], LaneDigest] = session.info.setdefault("dd_lane_digests", {})
    stat = cache.get((scope, lane))
    if stat is None:
        stat = session.get(LaneDigest, (scope, lane))
        if stat is None:
            stat = LaneDigest(scope=scope, lane=lane, rows=0, digest=format_digest(0))
            session.add(stat)
        cache[(scope, lane)] = stat
    return stat


def account_digest(session: Session, row: FeedRow, sign: int) -> None:
    """Add (``sign`` +1) or remove (-1) one row version in its lane's running digest.

    Called by :func:`publish` in the publishing transaction; anything that changes a feed
    row's content in place must remove the old version and add the new one.
    """
    stat = _digest_stat(session, row.scope, row.lane)
    stat.rows = (stat.rows or 0) + sign
    stat.digest = format_digest(combine(parse_digest(stat.digest), feed_row_digest(row)))


def lane_digests(session: Session, office: str) -> dict[int, tuple[int, str]]:
    """Per lane: rows (tombstones included) and content digest visible to ``office``.

    At most eight primary-key rows are read, whatever the size of the feed.
    """
    stats = session.execute(
        select(LaneDigest.lane, LaneDigest.rows, LaneDigest.digest).where(
            LaneDigest.scope.in_(_scopes(office))
        )
    )
    return _fold_digests(stats)


def _fold_digests(kept: Iterable[tuple[int, int, str]]) -> dict[int, tuple[int, str]]:
    """Per lane: the rows and combined digest of the kept ``(lane, rows, digest)`` of
    every visible scope."""
    rows = dict.fromkeys(LANES, 0)
    sums = dict.fromkeys(LANES, 0)
    for lane, count, digest in kept:
        if lane in rows:
            rows[lane] += count
            sums[lane] = combine(sums[lane], parse_digest(digest))
    return {lane: (rows[lane], format_digest(sums[lane])) for lane in LANES}


def recount_lane_digests(session: Session, office: str) -> dict[int, tuple[int, str]]:
    """:func:`lane_digests` recomputed from every visible feed row (O(rows))."""
    digests: dict[int, list[int]] = {lane: [] for lane in LANES}
    stmt = select(FeedRow).where(FeedRow.scope.in_(_scopes(office)))
    for row in session.scalars(stmt.execution_options(yield_per=_FETCH_CHUNK)):
        if row.lane in digests:
            digests[row.lane].append(feed_row_digest(row))
    return {lane: (len(v), format_digest(lane_digest(v))) for lane, v in digests.items()}


def rebuild_lane_digests(session: Session) -> None:
    """Recompute every scope's lane digests from the rows (databases made before them)."""
    session.execute(LaneDigest.__table__.delete())  # type: ignore[attr-defined]
    session.info.pop("dd_lane_digests", None)
    sums: dict[tuple[str, int], tuple[int, int]] = {}
    for row in session.scalars(select(FeedRow).execution_options(yield_per=_FETCH_CHUNK)):
        count, acc = sums.get((row.scope, row.lane), (0, 0))
        sums[(row.scope, row.lane)] = (count + 1, combine(acc, feed_row_digest(row)))
    for (scope, lane), (count, acc) in sums.items():
        session.add(LaneDigest(scope=scope, lane=lane, rows=count, digest=format_digest(acc)))


#: What identifies a page: office, cursor positions, lanes, byte budget, integrity, codec.
PageKey = tuple[str, tuple[int, ...], tuple[int, ...], int, int, "str | None"]


@dataclass(frozen=True)
class CachedPage:
    """A page body as sent (compressed when a codec was asked for)."""

    head: int
    built: float
    body: bytes
    encoding: str | None


class PageCache:
    """Pages built and compressed once, then served to every device that asks for them.

    A page is a function of the office, the cursor, the lanes, the byte budget and the
    feed as seen at ``head``: every change visible to an office gets a change number above
    its current head, and changes commit in number order, so two snapshots with the same
    visible head hold the same rows and the same lane sums. A cached page is therefore
    served only while the requester's snapshot shows the same head, and for at most
    ``max_age`` seconds (its ``server_time`` is the time it was built). Devices of one
    office at the same cursor (an office's PCs after a publication, new PCs pulling from
    0, a retry after a cut) share one build and one compression. Per worker process,
    bounded by bytes, least recently used first out.
    """

    def __init__(self, max_bytes: int = 64 << 20, max_age: float = 5.0) -> None:
        """Keep at most ``max_bytes`` of bodies, each for at most ``max_age`` seconds."""
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._pages: OrderedDict[PageKey, CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: PageKey, head: int) -> CachedPage | None:
        """The cached page for ``key`` if it was built at ``head`` and is fresh enough."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None and (
                page.head != head or time.monotonic() - page.built > self.max_age
            ):
                self._drop(key)
                page = None
            if page is None:
                PAGE_CACHE.labels("miss").inc()
                return None
            self._pages.move_to_end(key)
        PAGE_CACHE.labels("hit").inc()
        return page

    def put(self, key: PageKey, head: int, body: str, codec: str | None) -> CachedPage:
        """Compress ``body`` for ``codec`` (if worth it), keep it and return it."""
        from server.wire import compress

        raw = body.encode("utf-8")
        encoding = codec if codec and len(raw) >= COMPRESS_MIN_BYTES else None
        page = CachedPage(
            head=head,
            built=time.monotonic(),
            body=compress(raw, encoding) if encoding else raw,
            encoding=encoding,
        )
        if len(page.body) > self.max_bytes // 8:
            return page  # too big to be worth a place
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._bytes > self.max_bytes and self._pages:
                self._drop(next(iter(self._pages)))
        return page

    def _drop(self, key: PageKey) -> None:
        page = self._pages.pop(key)
        self._bytes -= len(page.body)
