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

from sqlalchemy import func, select, text

from app.countries import filter_codes
from app.store.db import Store
from app.store.models import (
    Case,
    Hit,
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


@dataclass
class BulletinSource:
    """Bulletins newest first (``issued_on DESC, rowid DESC``: the order of an index)."""

    filter: BulletinFilter = field(default_factory=BulletinFilter)

    _COLS = (
        "id, kind, reference, title, issuing_country, issued_on, urgent, cancelled, "
        "handling_code, rowid"
    )

    def _where(self) -> tuple[list[str], dict[str, Any]]:
        f = self.filter
        clauses = ["deleted = 0"]
        params: dict[str, Any] = {}
        if f.kinds:
            names = []
            for i, k in enumerate(f.kinds):
                params[f"k{i}"] = k
                names.append(f":k{i}")
            clauses.append(f"kind IN ({', '.join(names)})")
        if f.country:
            clauses.append("issuing_country IN (:country, :country3)")  # KZ or KAZ
            params["country"], params["country3"] = (
                filter_codes(f.country) or (f.country.upper(),) * 2
            )
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

    def count(self, store: Store) -> int:
        clauses, params = self._where()
        sql = f"SELECT count(*) FROM bulletins WHERE {' AND '.join(clauses)}"  # noqa: S608
        with store.read() as s:
            return int(s.execute(text(sql), params).scalar() or 0)

    def anchors(self, store: Store, every: int) -> list[tuple[Any, int]]:
        """The sort key of every ``every``-th row, from one pass over the index (worker).

        With them a jump anywhere in a million rows is an index seek, not an OFFSET walk.
        """
        clauses, params = self._where()
        where = " AND ".join(clauses)
        sql = (
            "SELECT d, r FROM (SELECT issued_on AS d, rowid AS r, "  # noqa: S608
            f"row_number() OVER (ORDER BY issued_on DESC, rowid DESC) - 1 AS n "
            f"FROM bulletins WHERE {where}) WHERE n % :every = 0 ORDER BY n"
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
        clauses, params = self._where()
        params["lim"] = limit
        with store.read() as s:

            def run(extra: list[str], order: str, p: dict[str, Any]) -> list[Any]:
                where = " AND ".join([*clauses, *extra])
                sql = (
                    f"SELECT {self._COLS} FROM bulletins WHERE {where} "  # noqa: S608
                    f"ORDER BY {order} LIMIT :lim"
                )
                return [tuple(r) for r in s.execute(text(sql), p).all()]

            desc = "issued_on DESC, rowid DESC"

            def from_key(issued: Any, rowid: int, inclusive: bool) -> list[Any]:
                """``limit`` rows from a key on, in list order (NULL dates come last)."""
                op = "<=" if inclusive else "<"
                if issued is None:
                    return run(
                        ["issued_on IS NULL", f"rowid {op} :r"],
                        "rowid DESC",
                        {**params, "r": rowid},
                    )
                rows = run(
                    ["issued_on IS NOT NULL", f"(issued_on, rowid) {op} (:d, :r)"],
                    desc,
                    {**params, "d": issued, "r": rowid},
                )
                if len(rows) < limit:
                    rows += run(
                        ["issued_on IS NULL"], "rowid DESC", {**params, "lim": limit - len(rows)}
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
                    "issued_on ASC, rowid ASC",
                    {**params, "d": before[B_ISSUED], "r": before[B_ROWID]},
                )
                rows.reverse()
                return rows
            # A jump: find the key at ``offset`` reading only the index (ix_bulletins_list
            # holds deleted, issued_on and the rowid), then read the block from that key.
            where = " AND ".join(clauses)
            anchor = s.execute(
                text(
                    f"SELECT issued_on, rowid FROM bulletins WHERE {where} "  # noqa: S608
                    f"ORDER BY {desc} LIMIT 1 OFFSET :off"
                ),
                {**params, "off": offset},
            ).first()
            if anchor is None:
                return []
            return from_key(anchor[0], anchor[1], inclusive=True)
