"""What PCs of one office exchange over the LAN: lanes behind one small seam.

A :class:`PeerLane` is the whole contract between the LAN transport and what travels on
it. The serving PC answers ``since(store, cursor)`` with a :class:`LaneBatch`; the asking
PC passes it to ``apply(store, batch)``, which stores the rows **and** the position they
bring it to in one write transaction (so a kill leaves neither or both), and asks again
with ``cursor(store)`` until ``more`` is false. Cursors are JSON values the lane defines;
rows are JSON objects the lane validates on apply.

:class:`BulletinLane` carries the regional feed rows of bulletins a neighbour holds, in
the regional server's wire form (``app.sync.protocol.Row``), and applies them through the
regional sync's :class:`app.sync.apply.Applier` with the regional cursor rules: the
cursor is this PC's own regional lane cursor, and a page moves it forward in the same
transaction as its rows. A PC that was off for a week so catches up from its neighbour,
and its next regional pull starts where the neighbour left it.

What a neighbour may serve: the store keeps the content digest the region computed for
every row it holds (``sync_rows.h``) but not the region's signed pages, so a row is
rebuilt from the store and served only when its digest equals the region's. Rows that
cannot be rebuilt exactly (other types, tombstones, rows with data the store does not
keep) end the lane's page: the asking PC's cursor stops before them and the region sends
them. A neighbour cannot forge the region's signature, and does not send one: an enrolled
PC of the same office that lies (a rewritten bulletin) is believed until this PC's next
integrity check with the region, where the lane digest differs and the lane is repaired
from the region (docs/office-exchange-lan.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from app.context import Desk
from app.store.batches import chunked
from app.store.gcpause import cycles_paused
from app.store.meta import get_meta, set_meta
from app.store.models import (
    STORE_TIME_FORMAT,
    Bulletin,
    Document,
    Person,
    PersonName,
    SyncCursor,
    SyncRow,
    Vehicle,
    utcnow,
)
from app.sync import apply as applying
from app.sync.digest import live_row_digest
from app.sync.mappers import derived_id
from app.sync.protocol import LANES, BulletinData, Row, format_cursor, parse_cursor
from app.workflow import RequestService

#: ``meta`` key: how far this PC has read its neighbours' bulletin rows (per lane).
META_SCAN = "peer.bulletins.scan"
#: Most rows one page of a lane carries (pages are also bounded in bytes).
MAX_PAGE_ROWS = 2000
#: How an unknown month or day of birth may have been written by the region.
_UNKNOWN_DOB = (None, 0)
#: How many nested entities of one kind a rebuilt bulletin may have.
_MAX_NESTED = 64


@dataclass
class LaneBatch:
    """One page of a lane: rows, the position after them, and whether more follow."""

    rows: list[dict[str, Any]]
    cursor: Any
    more: bool

    def to_json(self) -> dict[str, Any]:
        """The page as it travels (the transport compresses it)."""
        return {"rows": self.rows, "cursor": self.cursor, "more": self.more}


@dataclass
class LaneApplied:
    """What applying one page did."""

    received: int
    applied: int
    bad: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class PeerLane(Protocol):
    """A kind of data PCs of one office exchange (the seam the journal plugs into)."""

    #: Stable name, part of the URL (``[a-z]+``).
    name: str

    def cursor(self, desk: Desk) -> Any:
        """Where this PC is in this lane (asked by the receiving PC)."""
        ...

    def since(self, desk: Desk, cursor: Any, max_bytes: int) -> LaneBatch:
        """The rows after ``cursor`` this PC can serve (serving PC; read-only).

        Raises:
            ValueError: ``cursor`` is not a cursor of this lane.
        """
        ...

    def apply(self, desk: Desk, batch: LaneBatch) -> LaneApplied:
        """Apply a neighbour's page and its position in one transaction (receiving PC).

        Raises:
            ValueError: the page is not a page of this lane (nothing is applied).
        """
        ...


# --- bulletins --------------------------------------------------------------------------


def _positions(session: Session) -> list[int]:
    pos = dict.fromkeys(LANES, 0)
    for cur in session.scalars(select(SyncCursor)):
        if cur.lane.isdigit() and int(cur.lane) in pos:
            pos[int(cur.lane)] = cur.cursor
    return [pos[lane] for lane in LANES]


def _person_data(person: Any, names: Sequence[Any], unknown: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    spellings = []
    for n in names:
        spelling: dict[str, Any] = {"f": n.full_name, "sc": n.script}
        for key, value in (("s", n.surname), ("g", n.given_name), ("p", n.patronymic)):
            if value:
                spelling[key] = value
        if n.language:
            spelling["la"] = n.language
        if n.name_type != "primary":
            spelling["ty"] = n.name_type
        spellings.append(spelling)
    if spellings:
        out["n"] = spellings
    if person.sex:
        out["sx"] = person.sex
    dob = (person.birth_year, person.birth_month, person.birth_day)
    if any(v is not None for v in dob):
        # The store keeps an unknown month or day as NULL whether the region wrote 0 or
        # null (``1975/00/00``); ``unknown`` is the one tried.
        out["b"] = [v or unknown for v in dob]
    codes = person.nationalities.split() if person.nationalities else []
    if person.nationality:
        out["c"] = person.nationality
    if len(codes) > 1:
        out["cs"] = codes
    if person.description:
        out["de"] = person.description
    return out


def _bulletin_data(
    b: Any,
    persons: list[dict[str, Any]],
    vehicles: list[Any],
    documents: list[Any],
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "k": b.kind.value,
        "rf": b.reference,
        "ti": b.title,
        "hc": b.handling_code.value,
        "is": b.issuer,
        "dt": b.issued_on.isoformat() if b.issued_on else "",
    }
    if b.urgent:
        d["u"] = 1
    if b.issuing_country:
        d["ic"] = b.issuing_country
    if persons:
        d["p"] = persons
    if vehicles:
        d["v"] = [
            {
                k: v
                for k, v in (
                    ("pl", x.plate),
                    ("pc", x.registration_country),
                    ("vin", x.vin),
                    ("mk", x.make),
                    ("md", x.model),
                    ("co", x.colour),
                )
                if v
            }
            for x in vehicles
        ]
    if documents:
        d["doc"] = [
            {
                k: v
                for k, v in (
                    ("ty", x.doc_type),
                    ("no", x.number),
                    ("cc", x.issuing_country),
                    ("hn", x.holder_name),
                )
                if v
            }
            for x in documents
        ]
    if b.summary:
        d["de"] = b.summary
    if b.charges:
        d["ch"] = b.charges
    if b.issued_time:
        d["tm"] = b.issued_time
    if b.thumb_sha256:
        d["th"] = b.thumb_sha256
    return d


def _ordered(owner: str, prefix: str, items: Sequence[Any]) -> list[Any] | None:
    """Nested entities in their wire order (their ids are ``uuid5(owner, prefix + n)``)."""
    by_id = {x.id: x for x in items}
    out = []
    for n in range(min(len(items), _MAX_NESTED)):
        item = by_id.get(derived_id(owner, f"{prefix}{n}"))
        if item is None:
            return None
        out.append(item)
    return out if len(out) == len(items) else None


def rebuild_bulletin_rows(session: Session, held: Sequence[Any]) -> list[Rebuilt | None]:
    """The wire rows of ``held`` (``sync_rows`` rows or their ``i``, ``s``, ``lane``, ``h``
    columns, of bulletins) with their sizes, or ``None`` where one cannot be rebuilt
    exactly as the region sent it (its digest would differ from ``sync_rows.h``)."""
    stored = _StoredBulletins.load(session, [r.i for r in held])
    return [_rebuild_row(r, stored) for r in held]


#: A rebuilt wire row and the length of its canonical JSON (what it costs a page).
Rebuilt = tuple[dict[str, Any], int]


@dataclass
class _StoredBulletins:
    """What the store keeps of one page of bulletins, nested entities grouped by owner.

    Columns, not ORM objects: a page rebuilds thousands of rows.
    """

    bulletins: dict[str, Any]
    #: Persons, vehicles and documents by bulletin id (tombstoned ones included).
    persons: dict[str, list[Any]]
    vehicles: dict[str, list[Any]]
    documents: dict[str, list[Any]]
    #: Name spellings by person id, in their stored order.
    names: dict[str, list[Any]]

    @classmethod
    def load(cls, session: Session, ids: list[str]) -> _StoredBulletins:
        """Read the bulletins ``ids`` and everything nested in them."""
        bulletins = _bulletin_columns(session, ids)
        persons = _by_bulletin(
            session.execute(
                select(
                    Person.id,
                    Person.bulletin_id,
                    Person.sex,
                    Person.birth_year,
                    Person.birth_month,
                    Person.birth_day,
                    Person.nationality,
                    Person.nationalities,
                    Person.description,
                    Person.deleted,
                ).where(Person.bulletin_id.in_(ids))
            )
        )
        names = _name_spellings(session, [p.id for group in persons.values() for p in group])
        vehicles = _by_bulletin(
            session.execute(
                select(
                    Vehicle.id,
                    Vehicle.bulletin_id,
                    Vehicle.plate,
                    Vehicle.registration_country,
                    Vehicle.vin,
                    Vehicle.make,
                    Vehicle.model,
                    Vehicle.colour,
                    Vehicle.deleted,
                ).where(Vehicle.bulletin_id.in_(ids))
            )
        )
        documents = _by_bulletin(
            session.execute(
                select(
                    Document.id,
                    Document.bulletin_id,
                    Document.doc_type,
                    Document.number,
                    Document.issuing_country,
                    Document.holder_name,
                    Document.deleted,
                ).where(Document.bulletin_id.in_(ids))
            )
        )
        return cls(bulletins, persons, vehicles, documents, names)


def _bulletin_columns(session: Session, ids: list[str]) -> dict[str, Any]:
    """The bulletin columns a wire row is rebuilt from, by bulletin id."""
    return {
        b.id: b
        for b in session.execute(
            select(
                Bulletin.id,
                Bulletin.kind,
                Bulletin.reference,
                Bulletin.title,
                Bulletin.summary,
                Bulletin.issuing_country,
                Bulletin.issued_on,
                Bulletin.issued_time,
                Bulletin.urgent,
                Bulletin.handling_code,
                Bulletin.cancelled,
                Bulletin.deleted,
                Bulletin.thumb_sha256,
                # As stored (text): parsing it through the column type is slow.
                type_coerce(Bulletin.data_as_of, String).label("data_as_of"),
                Bulletin.issuer,
                Bulletin.charges,
                Bulletin.server_seq,
            ).where(Bulletin.id.in_(ids))
        )
    }


def _by_bulletin(rows: Iterable[Any]) -> dict[str, list[Any]]:
    """Rows with a ``bulletin_id`` column grouped by it."""
    out: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        out[row.bulletin_id or ""].append(row)
    return out


def _name_spellings(session: Session, pids: list[str]) -> dict[str, list[Any]]:
    """Every spelling of the persons ``pids``, by person id, in stored order."""
    names: dict[str, list[Any]] = defaultdict(list)
    for part in chunked(pids):
        for n in session.execute(
            select(
                PersonName.person_id,
                PersonName.full_name,
                PersonName.surname,
                PersonName.given_name,
                PersonName.patronymic,
                PersonName.script,
                PersonName.language,
                PersonName.name_type,
            )
            .where(PersonName.person_id.in_(part))
            .order_by(PersonName.person_id, PersonName.position)
        ):
            names[n.person_id].append(n)
    return names


def _rebuild_row(r: Any, stored: _StoredBulletins) -> Rebuilt | None:
    """The wire row of ``r`` if the store can rebuild it with the region's digest."""
    b = stored.bulletins.get(r.i)
    if b is None or b.deleted or b.cancelled or b.server_seq != r.s or b.data_as_of is None:
        return None
    ps = _ordered(b.id, "p", [p for p in stored.persons[b.id] if not p.deleted])
    vs = _ordered(b.id, "v", [v for v in stored.vehicles[b.id] if not v.deleted])
    ds = _ordered(b.id, "d", [x for x in stored.documents[b.id] if not x.deleted])
    if ps is None or vs is None or ds is None:
        return None
    a = _epoch(b)
    # The store cannot tell how the region wrote an unknown month or day of birth: try
    # each way, and keep the one whose digest is the region's (one way when no person
    # has a partly known date: both would be the same row).
    for unknown in _UNKNOWN_DOB if any(map(_partly_known_birth, ps)) else _UNKNOWN_DOB[:1]:
        persons = [_person_data(p, stored.names[p.id], unknown) for p in ps]
        d = _bulletin_data(b, persons, vs, ds)
        digest, size = live_row_digest("b", r.i, r.s, r.lane, a, d)
        if digest == r.h:
            return {"s": r.s, "l": r.lane, "t": "b", "i": r.i, "a": a, "d": d}, size
    return None


def _partly_known_birth(person: Any) -> bool:
    """True when ``person``'s date of birth is written with an unknown part."""
    dob = (person.birth_year, person.birth_month, person.birth_day)
    return any(v is not None for v in dob) and not all(dob)


def _epoch(b: Any) -> int:
    """``data_as_of`` (stored text, :data:`STORE_TIME_FORMAT`) in seconds since 1970."""
    text = b.data_as_of
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        at = datetime.strptime(text, STORE_TIME_FORMAT)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return int(at.timestamp())


class BulletinLane:
    """Regional bulletins a neighbour holds, in the region's wire form.

    The cursor is ``{"after": regional cursor, "scan": how far neighbours were read}``
    (both ``s0.s1.s2.s3``). ``after`` is this PC's own regional cursor: a page moves it
    only over rows it carries without a gap, so the regional pull still brings every row
    a neighbour could not serve. ``scan`` goes past such rows (kept in ``meta``), so
    the neighbour's other bulletins arrive all the same.
    """

    name = "bulletins"

    def cursor(self, desk: Desk) -> Any:
        """This PC's regional cursor and how far it has read its neighbours."""
        with desk.store.read() as s:
            after = _positions(s)
            scan = _scan_positions(s, after)
        return {"after": format_cursor(after), "scan": format_cursor(scan)}

    def since(self, desk: Desk, cursor: Any, max_bytes: int) -> LaneBatch:
        """The rows after ``cursor["scan"]`` this PC can serve, up to its own cursor."""
        after, scan = _parse_lane_cursor(cursor)
        budget = max(4096, max_bytes)
        rows: list[dict[str, Any]] = []
        more = False
        with desk.store.read() as s:
            # What this PC holds without a gap (its regional cursor), and what it holds
            # at all (it may have read further from its own neighbours).
            complete = _positions(s)
            holds = _scan_positions(s, complete)
            for index, lane in enumerate(LANES):
                # The asking PC may move its regional cursor only while nothing is skipped,
                # and never past ours.
                done, read = after[index], max(after[index], scan[index])
                contiguous = done >= read
                while not more:
                    held = list(
                        s.execute(
                            select(
                                SyncRow.s,
                                # Not ``t``: a result row's ``t`` is its typed tuple.
                                SyncRow.t.label("kind"),
                                SyncRow.i,
                                SyncRow.lane,
                                SyncRow.h,
                                SyncRow.live,
                                SyncRow.bad,
                            )
                            .where(
                                SyncRow.lane == lane, SyncRow.s > read, SyncRow.s <= holds[index]
                            )
                            .order_by(SyncRow.s)
                            .limit(500)
                        )
                    )
                    if not held:
                        read = max(read, holds[index])
                        if contiguous:
                            done = max(done, min(read, complete[index]))
                        break
                    servable = [r for r in held if r.kind == "b" and r.live and not r.bad]
                    rebuilt = dict(
                        zip(
                            [r.i for r in servable], rebuild_bulletin_rows(s, servable), strict=True
                        )
                    )
                    for r in held:
                        row = rebuilt.get(r.i) if r.kind == "b" else None
                        if row is None:
                            contiguous = False
                        else:
                            rows.append(row[0])
                            budget -= row[1]
                        read = r.s
                        if contiguous:
                            done = max(done, min(r.s, complete[index]))
                        if budget <= 0 or len(rows) >= MAX_PAGE_ROWS:
                            more = True
                            break
                after[index], scan[index] = done, read
                if more:
                    break
        return LaneBatch(rows, {"after": format_cursor(after), "scan": format_cursor(scan)}, more)

    def apply(self, desk: Desk, batch: LaneBatch) -> LaneApplied:
        """Apply the rows with the regional applier; move the cursors in the same commit."""
        with cycles_paused():
            return self._apply(desk, batch)

    def _apply(self, desk: Desk, batch: LaneBatch) -> LaneApplied:
        after, scan = _parse_lane_cursor(batch.cursor)
        try:
            rows = [Row.model_validate(r) for r in batch.rows]
        except ValidationError as err:
            raise ValueError("not a bulletin page") from err
        checked: dict[int, BulletinData] = {}
        for row in rows:
            # Only live bulletins travel on this lane, each with valid bulletin data.
            if row.t != "b" or row.x or row.z is not None or row.l not in LANES:
                raise ValueError("not a bulletin row")
            if row.s > scan[LANES.index(row.l)]:
                raise ValueError("row beyond the page's cursor")
            try:
                checked[id(row)] = BulletinData.model_validate(row.d)
            except ValidationError as err:
                raise ValueError("not a bulletin row") from err
        applier = applying.Applier(
            RequestService(desk.store, desk.bus), desk.blobs.put, desk.blobs.put_many
        )
        with desk.store.write() as s:
            outcome = applier.apply_rows(s, rows, checked)
            applying.index_hook(s, outcome.person_ids)
            current = _positions(s)
            positions = [max(a, b) for a, b in zip(current, after, strict=True)]
            if positions != current:
                existing = {c.lane: c for c in s.scalars(select(SyncCursor))}
                for lane, value in zip(LANES, positions, strict=True):
                    cur = existing.get(str(lane))
                    if cur is None:
                        s.add(SyncCursor(lane=str(lane), cursor=value))
                    elif cur.cursor != value:
                        cur.cursor = value
                        cur.updated_at = utcnow()
            read = _scan_positions(s, positions)
            set_meta(
                s,
                META_SCAN,
                format_cursor(max(a, b) for a, b in zip(read, scan, strict=True)),
            )
        for sha in outcome.purge_blobs:
            desk.blobs.delete(sha)
        return LaneApplied(len(rows), outcome.applied, outcome.bad)


def _scan_positions(session: Session, after: list[int]) -> list[int]:
    text = get_meta(session, META_SCAN)
    try:
        scan = list(parse_cursor(text)) if text else after
    except ValueError:
        scan = after
    return [max(a, b) for a, b in zip(after, scan, strict=True)]


def _parse_lane_cursor(cursor: Any) -> tuple[list[int], list[int]]:
    """``(after, scan)`` of a bulletin lane cursor.

    Raises:
        ValueError: not such a cursor.
    """
    if not isinstance(cursor, dict):
        raise ValueError("not a cursor")
    after, scan = cursor.get("after"), cursor.get("scan")
    if not isinstance(after, str) or not isinstance(scan, str):
        raise ValueError("not a cursor")
    return list(parse_cursor(after)), list(parse_cursor(scan))
