"""The office's smaller lists (requests, cases, replies, hits) as row sources paged by
offset: plain queries, usable by the list models of ``ui/``, a script or a test.

Each row is a tuple whose first item is the record's id; the ``R_*``, ``C_*``, ``P_*`` and
``H_*`` constants name the other positions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

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
