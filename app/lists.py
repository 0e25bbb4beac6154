"""The office's smaller lists (requests, cases, replies, hits) as row sources paged by
offset: plain queries, usable by the list models of ``ui/``, a script or a test.

Each row is a tuple whose first item is the record's id; the ``R_*``, ``C_*``, ``P_*`` and
``H_*`` constants name the other positions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select, text

from app.countries import filter_codes
from app.store.db import Store
from app.store.models import (
    Case,
    Hit,
    OfficeEntry,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    Priority,
    Reply,
    RequestState,
    User,
)


@dataclass
class QuerySource:
    """A small list paged by OFFSET over a SQLAlchemy ``select`` (ids first in each row)."""

    build: Callable[[], Any]

    def count(self, store: Store) -> int:
        with store.read() as s:
            return int(s.scalar(select(func.count()).select_from(self.build().subquery())) or 0)

    def block(
        self,
        store: Store,
        offset: int,
        limit: int,
        after: Any | None,
        before: Any | None,
        anchor: tuple[Any, int] | None = None,
    ) -> list[Any]:
        with store.read() as s:
            return [tuple(r) for r in s.execute(self.build().offset(offset).limit(limit)).all()]


# -- requests ---------------------------------------------------------------------------

R_ID, R_TYPE, R_PRIORITY, R_STATE, R_UPDATED, R_BODY, R_DRAFTER, R_DUE, R_SERVER_REF, R_REASON = (
    range(10)
)
#: Whether the request's outbox item is on a USB stick (carried in a bundle).
R_CARRIED = 10
#: Whether the office's other PCs have the request (its office journal entries are shared).
R_SHARED = 11

#: The request list's tabs and the states each shows.
REQUEST_TABS: dict[str, tuple[RequestState, ...]] = {
    "drafts": (RequestState.DRAFT, RequestState.WITHDRAWN),
    "review": (RequestState.SUBMITTED,),
    "returned": (RequestState.RETURNED, RequestState.REJECTED_BY_SERVER),
    "outbox": (RequestState.APPROVED, RequestState.QUEUED),
    "sent": (RequestState.SENT, RequestState.ACKNOWLEDGED),
    "answered": (RequestState.ANSWERED, RequestState.CLOSED),
}


def request_source(
    office_code: str,
    states: Sequence[RequestState],
    drafter_id: str | None = None,
    *,
    oldest_first: bool = False,
) -> QuerySource:
    """Requests of the office in ``states``: most urgent first, then newest first (or, for
    the review queue, oldest first like :func:`app.workflow.requests_needing_review`)."""
    urgency = func.coalesce(
        func.nullif(func.instr("immediate,urgent,routine", OutgoingRequest.priority), 0), 99
    )

    def build() -> Any:
        q = (
            select(
                OutgoingRequest.id,
                OutgoingRequest.request_type,
                OutgoingRequest.priority,
                OutgoingRequest.state,
                OutgoingRequest.updated_at,
                func.substr(OutgoingRequest.body, 1, 200),
                User.display_name,
                OutgoingRequest.due_date,
                OutgoingRequest.server_reference,
                OutgoingRequest.last_reason,
                exists()
                .where(
                    OutboxItem.ref_id == OutgoingRequest.id,
                    OutboxItem.state == OutboxState.CARRIED,
                )
                .label("carried"),
                exists()
                .where(
                    OfficeEntry.request_id == OutgoingRequest.id,
                    OfficeEntry.counter.is_not(None),
                )
                .correlate(OutgoingRequest),
            )
            .join(User, User.id == OutgoingRequest.drafter_id)
            .where(
                OutgoingRequest.office_code == office_code, OutgoingRequest.state.in_(list(states))
            )
        )
        if drafter_id:
            q = q.where(OutgoingRequest.drafter_id == drafter_id)
        age = (
            OutgoingRequest.updated_at.asc() if oldest_first else OutgoingRequest.updated_at.desc()
        )
        return q.order_by(urgency, age, OutgoingRequest.id)

    return QuerySource(build)


PRIORITY_ORDER = {Priority.IMMEDIATE: 0, Priority.URGENT: 1, Priority.ROUTINE: 2}

# -- cases, replies, hits -----------------------------------------------------------------

C_ID, C_NUMBER, C_TITLE, C_STATUS, C_OPENED, C_HANDLING = range(6)


def case_source(query: str = "") -> QuerySource:
    def build() -> Any:
        q = select(
            Case.id, Case.number, Case.title, Case.status, Case.opened_on, Case.handling_code
        ).where(Case.deleted.is_(False))
        if query:
            like = f"%{query}%"
            q = q.where(Case.number.like(like) | Case.title.like(like))
        return q.order_by(Case.opened_on.desc(), Case.number)

    return QuerySource(build)


P_ID, P_FROM, P_BODY, P_RECEIVED, P_READ, P_REQUEST, P_HANDLING = range(7)


def reply_source() -> QuerySource:
    """Replies, unread first, then newest first."""

    def build() -> Any:
        return (
            select(
                Reply.id,
                Reply.from_agency,
                func.substr(Reply.body, 1, 200),
                Reply.received_at,
                Reply.read,
                Reply.request_id,
                Reply.handling_code,
            )
            .where(Reply.deleted.is_(False))
            .order_by(Reply.read, Reply.received_at.desc(), Reply.id)
        )

    return QuerySource(build)


H_ID, H_BULLETIN, H_KIND, H_PLACE, H_CREATED, H_QUERY, H_REQUEST, H_REQUEST_STATE = range(8)


def hit_source() -> QuerySource:
    """Hits, newest first, with the state of their notification request (``None`` when no
    notification was started): a draft is not a report."""

    def build() -> Any:
        return (
            select(
                Hit.id,
                Hit.bulletin_id,
                Hit.target_kind,
                Hit.place,
                Hit.created_at,
                Hit.query,
                Hit.request_id,
                OutgoingRequest.state,
            )
            .outerjoin(OutgoingRequest, OutgoingRequest.id == Hit.request_id)
            .order_by(Hit.created_at.desc(), Hit.id)
        )

    return QuerySource(build)


# --- the bulletin list (large: keyset paging over an index) ----------------------------

# Column positions of a bulletin row tuple.
B_ID, B_KIND, B_REF, B_TITLE, B_COUNTRY, B_ISSUED, B_URGENT, B_CANCELLED, B_HANDLING, B_ROWID = (
    range(10)
)


@dataclass(frozen=True)
class BulletinFilter:
    """What the bulletin list shows."""

    kinds: tuple[str, ...] = ()
    country: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    hide_cancelled: bool = False
    urgent_only: bool = False


def _one_of(column: str, prefix: str, values: Sequence[str], params: dict[str, Any]) -> str:
    """``column = :v`` for one value (``IN`` of one value would cost the index order)."""
    names = []
    for i, v in enumerate(values):
        params[f"{prefix}{i}"] = v
        names.append(f":{prefix}{i}")
    if len(names) == 1:
        return f"{column} = {names[0]}"
    return f"{column} IN ({', '.join(names)})"


@dataclass
class BulletinSource:
    """Bulletins newest first (``issued_on DESC, rowid DESC``: the order of an index).

    Every filter the list offers is read through an index that holds its rows in list
    order (migration 0007), named with ``INDEXED BY`` so the plan never depends on
    statistics: urgent only and hide cancelled use partial indexes, a kind or a country
    ``(deleted, kind|issuing_country, issued_on)``. A filter with several values (a country
    stored as KZ or KAZ) is read as one ordered branch per value, merged by SQLite, so a
    block is still an index seek and never a sort of every matching row. Counts read only
    an index. Any of these may still take a while on a million rows: the list model calls
    them off the GUI thread.
    """

    filter: BulletinFilter = field(default_factory=BulletinFilter)

    _COLS = (
        "id, kind, reference, title, issuing_country, issued_on, urgent, cancelled, "
        "handling_code, rowid"
    )

    def index_name(self) -> str:
        """The index this filter is read through."""
        f = self.filter
        if f.urgent_only:
            return "ix_bulletins_urgent"  # the fewest rows: urgent bulletins are rare
        if f.kinds:
            return "ix_bulletins_kind_list"
        if f.country:
            return "ix_bulletins_country_list"
        if f.hide_cancelled:
            return "ix_bulletins_not_cancelled"
        return "ix_bulletins_list"

    def _countries(self) -> tuple[str, ...]:
        f = self.filter
        if not f.country:
            return ()
        codes = filter_codes(f.country) or (f.country.upper(),)
        return tuple(dict.fromkeys(codes))  # KZ and KAZ, once each

    def _split(self) -> list[tuple[str, dict[str, Any]]]:
        """One branch per value of the multi-valued filter the index is on (else one)."""
        index = self.index_name()
        if index == "ix_bulletins_kind_list" and len(self.filter.kinds) > 1:
            return [("kind = :sk", {"sk": k}) for k in self.filter.kinds]
        if index == "ix_bulletins_country_list" and len(self._countries()) > 1:
            return [("issuing_country = :sc", {"sc": c}) for c in self._countries()]
        return [("", {})]

    def _where(self, *, split: bool = False) -> tuple[list[str], dict[str, Any]]:
        f = self.filter
        index = self.index_name()
        clauses = ["deleted = 0"]
        params: dict[str, Any] = {}
        if f.kinds and not (split and index == "ix_bulletins_kind_list" and len(f.kinds) > 1):
            clauses.append(_one_of("kind", "k", f.kinds, params))
        if f.country and not (
            split and index == "ix_bulletins_country_list" and len(self._countries()) > 1
        ):
            clauses.append(_one_of("issuing_country", "c", self._countries(), params))
        if f.issued_from:
            clauses.append("issued_on >= :dfrom")
            params["dfrom"] = f.issued_from.isoformat()
        if f.issued_to:
            clauses.append("issued_on <= :dto")
            params["dto"] = f.issued_to.isoformat()
        if f.hide_cancelled:
            clauses.append("cancelled = 0")
        if f.urgent_only:
            clauses.append("urgent = 1")
        return clauses, params

    def count_sql(self) -> tuple[str, dict[str, Any]]:
        clauses, params = self._where()
        sql = (
            f"SELECT count(*) FROM bulletins INDEXED BY {self.index_name()} "  # noqa: S608
            f"WHERE {' AND '.join(clauses)}"
        )
        return sql, params

    def count(self, store: Store) -> int:
        """How many bulletins match (reads one index; off the GUI thread for big lists)."""
        sql, params = self.count_sql()
        with store.read() as s:
            return int(s.execute(text(sql), params).scalar() or 0)

    def ordered_sql(
        self, cols: str, extra: list[str], order: list[tuple[int, str]], tail: str = ""
    ) -> tuple[str, dict[str, Any]]:
        """``SELECT cols`` of the filtered rows meeting ``extra``, ordered by ``order``
        (1-based positions in ``cols`` and ASC/DESC), one ordered branch per value of a
        multi-valued filter; ``tail`` is appended (``LIMIT ...``)."""
        clauses, params = self._where(split=True)
        branches: list[str] = []
        for branch, bparams in self._split():
            names = {k: f"{k}{len(branches)}" for k in bparams}
            where = [*clauses, *extra]
            if branch:
                for k, v in bparams.items():
                    branch = branch.replace(f":{k}", f":{names[k]}")
                    params[names[k]] = v
                where.append(branch)
            branches.append(
                f"SELECT {cols} FROM bulletins INDEXED BY {self.index_name()} "  # noqa: S608
                f"WHERE {' AND '.join(where)}"
            )
        by = ", ".join(f"{pos} {direction}" for pos, direction in order)
        return f"{' UNION ALL '.join(branches)} ORDER BY {by} {tail}", params

    def anchors(self, store: Store, every: int) -> list[tuple[Any, int]]:
        """The sort key of every ``every``-th row, from one pass over the index (worker).

        With them a jump anywhere in a million rows is an index seek, not an OFFSET walk.
        """
        inner, params = self.ordered_sql(
            "issued_on AS d, rowid AS r", [], [(1, "DESC"), (2, "DESC")]
        )
        sql = (
            "SELECT d, r FROM (SELECT d, r, row_number() OVER (ORDER BY d DESC, r DESC) - 1 AS n "  # noqa: S608
            f"FROM ({inner})) WHERE n % :every = 0 ORDER BY n"
        )
        with store.read() as s:
            return [(r[0], int(r[1])) for r in s.execute(text(sql), {**params, "every": every})]

    def block(
        self,
        store: Store,
        offset: int,
        limit: int,
        after: Any | None,
        before: Any | None,
        anchor: tuple[Any, int] | None = None,
    ) -> list[Any]:
        issued, rowid = B_ISSUED + 1, B_ROWID + 1  # positions in _COLS
        desc = [(issued, "DESC"), (rowid, "DESC")]
        # A DB-API cursor, not a session: blocks are read on workers beside the GUI
        # thread, and the driver's own tuples keep the GIL free for the repaint.
        with store.cursor() as cur:

            def run(extra: list[str], order: list[tuple[int, str]], p: dict[str, Any]) -> list[Any]:
                sql, params = self.ordered_sql(self._COLS, extra, order, "LIMIT :lim")
                rows: list[Any] = cur.execute(sql, {**params, **p}).fetchall()
                return rows

            def from_key(key_issued: Any, key_rowid: int, inclusive: bool) -> list[Any]:
                """``limit`` rows from a key on, in list order (NULL dates come last)."""
                op = "<=" if inclusive else "<"
                if key_issued is None:
                    return run(
                        ["issued_on IS NULL", f"rowid {op} :r"],
                        [(rowid, "DESC")],
                        {"r": key_rowid, "lim": limit},
                    )
                rows = run(
                    ["issued_on IS NOT NULL", f"(issued_on, rowid) {op} (:d, :r)"],
                    desc,
                    {"d": key_issued, "r": key_rowid, "lim": limit},
                )
                if len(rows) < limit:
                    rows += run(
                        ["issued_on IS NULL"], [(rowid, "DESC")], {"lim": limit - len(rows)}
                    )
                return rows

            if after is not None:
                # Seek past the previous block's last row: an index range, not an OFFSET.
                return from_key(after[B_ISSUED], after[B_ROWID], inclusive=False)
            if anchor is not None:
                return from_key(anchor[0], anchor[1], inclusive=True)
            if before is not None and before[B_ISSUED] is not None:
                rows = run(
                    ["issued_on IS NOT NULL", "(issued_on, rowid) > (:d, :r)"],
                    [(issued, "ASC"), (rowid, "ASC")],
                    {"d": before[B_ISSUED], "r": before[B_ROWID], "lim": limit},
                )
                rows.reverse()
                return rows
            # A jump: find the key at ``offset`` reading only the index (the rowid is part
            # of every index entry), then read the block from that key.
            sql, params = self.ordered_sql(
                "issued_on, rowid", [], [(1, "DESC"), (2, "DESC")], "LIMIT 1 OFFSET :off"
            )
            found = cur.execute(sql, {**params, "off": offset}).fetchone()
            if found is None:
                return []
            return from_key(found[0], found[1], inclusive=True)
