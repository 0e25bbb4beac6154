"""The office journal: work in progress shared between the PCs of one office.

Transport-independent (docs/office-exchange.md): the regional server
(:mod:`app.sync.office`) and the office LAN carry entries with the same three calls::

    vector = version_vector(store)                    # {device_id: highest counter held}
    entries = local_entries_since(store, peer_vector)  # what the peer lacks, in order
    result = apply_entries(store, entries)             # idempotent, all-or-nothing

The workflow (:mod:`app.workflow`) calls :func:`record` inside the transaction of each
action; :func:`apply_entries` folds each affected request again (:mod:`app.office.fold`)
and writes the state it decides to the request row, so the row is always the fold of the
entries this PC holds.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app import audit
from app.errors import DeskError
from app.office import hits as office_hits
from app.office.fold import NOTE_KINDS, Entry, RequestFold, fold
from app.store.db import Store
from app.store.meta import META_OFFICE, get_meta, set_meta
from app.store.models import (
    STORE_TIME_FORMAT,
    Case,
    CaseEvent,
    HandlingCode,
    OfficeEntry,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    Priority,
    RequestState,
    RequestTransition,
    RequestType,
    Role,
    User,
    new_id,
    utcnow,
)
from app.sync.protocol.office import MAX_WIRE_INT

S = RequestState

#: This PC's identity in the journal (a random id made once; not a secret).
META_JOURNAL_DEVICE = "office.device_id"
#: Low bits of the hybrid logical clock counting events within one millisecond (the wall
#: clock in milliseconds fills the rest of :data:`MAX_WIRE_INT` until about 2109).
HLC_LOGICAL_BITS = 10
#: Entries per batch a transport should send (a few tens of KB of JSON).
BATCH_ENTRIES = 200

_AUDIT_ACTIONS = {
    "create": audit.Action.CREATE,
    "edit": audit.Action.EDIT,
    "submit": audit.Action.SUBMIT,
    "approve": audit.Action.APPROVE,
    "release": audit.Action.QUEUE,
    "return": audit.Action.RETURN,
    "withdraw": audit.Action.WITHDRAW,
    "receipt": audit.Action.SYNC,
    "rejected": audit.Action.SYNC,
    "hit": audit.Action.HIT,
}
#: The state of a request as seen from the office (the requests list shows it).
WHERE_LOCAL = "local"
WHERE_OFFICE = "office"
WHERE_SENT = "sent"
_SENT_STATES = frozenset({S.SENT, S.ACKNOWLEDGED, S.ANSWERED, S.CLOSED, S.REJECTED_BY_SERVER})


class OfficeJournalError(DeskError):
    """A batch of journal entries was refused as a whole; ``code`` says why."""

    code = "office.bad_entries"
    template = "The office journal entries were refused: {detail}"


@dataclass
class ApplyResult:
    """What :func:`apply_entries` did."""

    applied: int = 0
    duplicates: int = 0
    requests: list[str] = field(default_factory=list)


# -- identity and clock -------------------------------------------------------------------


def device_id(session: Session) -> str:
    """This PC's journal identity (made on first use, in the caller's transaction)."""
    ident = get_meta(session, META_JOURNAL_DEVICE)
    if ident is None:
        ident = str(uuid.uuid4())
        set_meta(session, META_JOURNAL_DEVICE, ident)
    return ident


def _next_hlc(session: Session) -> int:
    """Hybrid logical clock: wall milliseconds in the high bits, never behind an entry seen.

    Every entry this PC writes is later than every entry it holds, so ordering by HLC
    respects causality even when device clocks are wrong.
    """
    seen = session.scalar(select(func.max(OfficeEntry.hlc))) or 0
    return min(max(int(time.time() * 1000) << HLC_LOGICAL_BITS, seen + 1), MAX_WIRE_INT)


def _next_counter(session: Session, device: str) -> int:
    top = session.scalar(
        select(func.max(OfficeEntry.counter)).where(OfficeEntry.device_id == device)
    )
    return (top or 0) + 1


# -- the three transport calls ------------------------------------------------------------


def version_vector(store: Store) -> dict[str, int]:
    """{device_id: highest counter this PC holds from that device} (shared entries only)."""
    with store.read() as s:
        rows = s.execute(
            select(OfficeEntry.device_id, func.max(OfficeEntry.counter))
            .where(OfficeEntry.counter.is_not(None))
            .group_by(OfficeEntry.device_id)
        ).all()
    return {d: int(c or 0) for d, c in rows}


def local_entries_since(
    store: Store, vector: dict[str, int], limit: int | None = None
) -> list[Entry]:
    """The shared entries this PC holds that ``vector`` lacks, by (device_id, counter).

    The order keeps each device's counters contiguous, so a batch cut at ``limit`` is still
    a gap-free prefix for the receiver.
    """
    with store.read() as s:
        q = select(OfficeEntry).where(OfficeEntry.counter.is_not(None))
        rows = s.scalars(q.order_by(OfficeEntry.device_id, OfficeEntry.counter)).all()
        out: list[Entry] = []
        for row in rows:
            assert row.counter is not None
            if row.counter <= vector.get(row.device_id, 0):
                continue
            out.append(_entry(row))
            if limit is not None and len(out) >= limit:
                break
        return out


def apply_entries(store: Store, entries: Sequence[Entry | dict[str, Any]]) -> ApplyResult:
    """Store entries from another PC and fold every request they touch, all or nothing.

    Idempotent by entry id. The whole batch is refused (:class:`OfficeJournalError`, and
    nothing changes) when an entry is malformed, belongs to another office, reuses a
    (device, counter) of another entry, or leaves a gap in a device's counters.
    """
    parsed: list[Entry] = []
    for raw in entries:
        try:
            parsed.append(raw if isinstance(raw, Entry) else Entry.from_wire(raw))
        except ValueError as exc:
            raise OfficeJournalError(detail=str(exc)) from exc
    result = ApplyResult()
    with store.write() as s:
        office = get_meta(s, META_OFFICE)
        mine = device_id(s)
        touched: set[str] = set()
        for e in parsed:
            if office is None or e.office != office:
                raise OfficeJournalError(detail="other_office")
            old = s.get(OfficeEntry, e.id)
            if old is not None:
                if (old.device_id, old.counter, old.request_id) != (
                    e.device_id,
                    e.counter,
                    e.request_id,
                ):
                    raise OfficeJournalError(detail="id_reused")
                result.duplicates += 1
                continue
            if e.device_id == mine:
                raise OfficeJournalError(detail="own_device")
            clash = s.scalar(
                select(OfficeEntry.id).where(
                    OfficeEntry.device_id == e.device_id, OfficeEntry.counter == e.counter
                )
            )
            if clash is not None:
                raise OfficeJournalError(detail="counter_reused")
            s.add(
                OfficeEntry(
                    id=e.id,
                    device_id=e.device_id,
                    counter=e.counter,
                    office=e.office,
                    kind=e.kind,
                    request_id=e.request_id,
                    parent=e.parent,
                    payload=dict(e.payload),
                    hlc=e.hlc,
                    author=e.author,
                    received_at=utcnow(),
                )
            )
            s.flush()
            result.applied += 1
            if e.kind == office_hits.HIT_KIND:
                office_hits.add(s, e)
            elif e.kind in NOTE_KINDS:
                _add_note(s, e)
            else:
                touched.add(e.request_id)
            _audit_received(s, e)
        for device in {e.device_id for e in parsed}:
            count, top = s.execute(
                select(func.count(OfficeEntry.id), func.max(OfficeEntry.counter)).where(
                    OfficeEntry.device_id == device
                )
            ).one()
            if (top or 0) != count:
                raise OfficeJournalError(detail="gap")
        for rid in sorted(touched):
            materialise(s, rid, mine)
        office_hits.materialise_waiting(s)
        result.requests = sorted(touched)
    return result


# -- recording local actions --------------------------------------------------------------


def record(
    session: Session,
    kind: str,
    req: OutgoingRequest,
    user: User | None,
    *,
    share: bool = False,
    **payload: Any,
) -> None:
    """Write the journal entry of an action on ``req``, in the caller's transaction.

    Called by :mod:`app.workflow` after it changed the row. A request this PC has never
    written an entry for gets a ``create`` entry that describes it as it now stands. An
    unshared draft's entries get no counter (they stay on this PC) until ``share`` is
    true or the request is already shared.
    """
    mine = device_id(session)
    rows = _rows(session, req.id)
    shared = share or any(r.counter is not None for r in rows)
    if not rows:
        _write(session, mine, "create", req, None, user, _snapshot(session, req), shared)
        if kind == "create":
            if shared:
                _share_pending(session, req.id, mine)
            return
        rows = _rows(session, req.id)
    if kind == "create":
        return
    if kind in ("receipt", "rejected"):
        # The server answers the item this PC queued: the outcome hangs below the entry
        # that queued it (or below the receipt it follows), whatever won meanwhile.
        own = [r for r in rows if r.device_id == mine and _queues(r)]
        head = max(own, key=lambda r: (r.hlc, r.id)).id if own else None
        head = head or fold(req.id, [_entry(r) for r in rows]).head
    else:
        head = fold(req.id, [_entry(r) for r in rows]).head
    if user is not None:
        payload.setdefault("role", str(user.role))
    _write(session, mine, kind, req, head, user, payload, shared)
    if shared:
        _share_pending(session, req.id, mine)


def late_receipt(
    session: Session,
    req: OutgoingRequest,
    *,
    server_time: Any,
    server_reference: str | None,
) -> None:
    """Record a receipt for a request this PC queued but the office's fold moved on from.

    Nothing happens if the journal already holds a receipt for it or this PC never queued
    it (a repeated receipt). Otherwise the receipt wins the fold and the row follows it.
    """
    rows = _rows(session, req.id)
    mine = device_id(session)
    if any(r.kind == "receipt" for r in rows):
        return
    if not any(r.device_id == mine and _queues(r) for r in rows):
        return
    sent = session.scalar(
        select(OutboxItem.id).where(
            OutboxItem.kind == "request",
            OutboxItem.ref_id == req.id,
            OutboxItem.state != OutboxState.PENDING,
        )
    )
    if sent is None:
        return  # this PC never sent it: a stray receipt changes nothing
    when = server_time.astimezone(UTC) if isinstance(server_time, datetime) else None
    record(
        session,
        "receipt",
        req,
        None,
        server_reference=server_reference,
        server_time=when.strftime(STORE_TIME_FORMAT) if when else None,
    )
    materialise(session, req.id, mine)


def record_case_note(
    session: Session,
    *,
    note_id: str,
    case_id: str,
    office: str,
    author: str,
    author_name: str,
    text: str,
    written_at: datetime,
) -> None:
    """Write the journal entry of a note added to a case (shared with the office at once).

    The entry's id is the note's id, which is also its outbox item id and its id in the
    server's feed, so the note is held once on every PC however it arrives.
    """
    mine = device_id(session)
    session.add(
        OfficeEntry(
            id=note_id,
            device_id=mine,
            counter=_next_counter(session, mine),
            office=office,
            kind="case_note",
            request_id=case_id,
            parent=None,
            payload={
                "text": text,
                "author_name": author_name,
                "at": written_at.astimezone(UTC).strftime(STORE_TIME_FORMAT),
            },
            hlc=_next_hlc(session),
            author=author,
            received_at=utcnow(),
        )
    )
    session.flush()


def _add_note(session: Session, e: Entry) -> None:
    if session.get(CaseEvent, e.id) is not None:
        return  # the same note came through the feed first
    if session.get(Case, e.request_id) is None:
        # The case reaches this PC through the feed later: its row fills this one in.
        session.add(Case(id=e.request_id, number="", title=""))
        session.flush()
    p = e.payload
    session.add(
        CaseEvent(
            id=e.id,
            case_id=e.request_id,
            kind="note",
            author_name=str(p.get("author_name") or e.author)[:200],
            body=str(p.get("text") or ""),
            created_at=parse_time(str(p.get("at") or "")) or utcnow(),
            origin="office",
        )
    )


def share(session: Session, request_id: str) -> bool:
    """Give this PC's unshared entries of a request counters (the office will see it)."""
    return _share_pending(session, request_id, device_id(session)) > 0


def where(session: Session, req: OutgoingRequest) -> str:
    """``local`` (this PC only), ``office`` (shared with the office) or ``sent``."""
    if req.state in _SENT_STATES:
        return WHERE_SENT
    shared = session.scalar(
        select(OfficeEntry.id)
        .where(OfficeEntry.request_id == req.id, OfficeEntry.counter.is_not(None))
        .limit(1)
    )
    return WHERE_OFFICE if shared is not None else WHERE_LOCAL


@dataclass(frozen=True)
class LostAction:
    """An action that lost a conflict, for its author to see (``reason`` is a code)."""

    entry_id: str
    request_id: str
    kind: str
    reason: str
    author: str


def lost_actions(store: Store, author: str | None = None) -> list[LostAction]:
    """Every action that lost a conflict, newest first (only ``author``'s if given)."""
    with store.read() as s:
        q = select(OfficeEntry).where(OfficeEntry.outcome.is_not(None))
        if author is not None:
            q = q.where(OfficeEntry.author == author)
        rows = s.scalars(q.order_by(OfficeEntry.hlc.desc())).all()
        return [LostAction(r.id, r.request_id, r.kind, r.outcome or "", r.author) for r in rows]


def request_fold(session: Session, request_id: str) -> RequestFold:
    """The fold of the entries this PC holds for one request."""
    return fold(request_id, [_entry(r) for r in _rows(session, request_id)])


# -- internals ----------------------------------------------------------------------------


def _queues(row: OfficeEntry) -> bool:
    p = row.payload
    if row.kind == "approve":
        return not p.get("hold")
    if row.kind == "create":
        return p.get("state") == str(S.QUEUED)
    return row.kind in ("release", "receipt")


def parse_time(text: str) -> datetime | None:
    """A store or protocol timestamp, or None if it is neither."""
    try:
        return datetime.strptime(text, STORE_TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rows(session: Session, request_id: str) -> list[OfficeEntry]:
    return list(session.scalars(select(OfficeEntry).where(OfficeEntry.request_id == request_id)))


def _entry(row: OfficeEntry) -> Entry:
    return Entry(
        id=row.id,
        device_id=row.device_id,
        counter=row.counter or 0,
        office=row.office,
        kind=row.kind,
        request_id=row.request_id,
        parent=row.parent,
        payload=row.payload,
        hlc=row.hlc,
        author=row.author,
    )


def _write(
    session: Session,
    mine: str,
    kind: str,
    req: OutgoingRequest,
    parent: str | None,
    user: User | None,
    payload: dict[str, Any],
    shared: bool,
) -> None:
    session.add(
        OfficeEntry(
            id=new_id(),
            device_id=mine,
            counter=None,
            office=req.office_code,
            kind=kind,
            request_id=req.id,
            parent=parent,
            payload=payload,
            hlc=_next_hlc(session),
            author=user.username if user is not None else "",
            received_at=utcnow(),
        )
    )
    session.flush()


def _share_pending(session: Session, request_id: str, mine: str) -> int:
    pending = session.scalars(
        select(OfficeEntry)
        .where(
            OfficeEntry.request_id == request_id,
            OfficeEntry.device_id == mine,
            OfficeEntry.counter.is_(None),
        )
        .order_by(OfficeEntry.hlc, OfficeEntry.id)
    ).all()
    counter = _next_counter(session, mine)
    for row in pending:
        row.counter = counter
        counter += 1
    session.flush()
    return len(pending)


def _snapshot(session: Session, req: OutgoingRequest) -> dict[str, Any]:
    from app.workflow import content_of  # the workflow imports this module

    drafter = session.get(User, req.drafter_id)
    approver = session.get(User, req.approved_by) if req.approved_by else None
    return {
        "state": str(req.state),
        "content": content_of(req),
        "drafter": drafter.username if drafter else "",
        "drafter_role": str(drafter.role) if drafter else str(Role.OFFICER),
        "revision": req.revision,
        "approved_hash": req.approved_hash,
        "approved_by": approver.username if approver else None,
        "reason": req.last_reason,
        "hit_id": req.hit_id,
        "copied_from": req.copied_from,
    }


def _audit_received(session: Session, e: Entry) -> None:
    audit.record(
        session,
        _AUDIT_ACTIONS.get(e.kind, audit.Action.SYNC),
        actor_id=None,
        actor_name=e.author or "sync",
        target_type="hit" if e.kind == office_hits.HIT_KIND else "request",
        target_id=e.request_id,
        details={"via": "office", "kind": e.kind, "entry": e.id, "device": e.device_id},
    )


def _local_user(session: Session, username: str, office: str, role: str) -> User | None:
    """The local user of that name; a placeholder (inactive, no password) if unknown.

    A placeholder can never log in on this PC: an online login replaces its profile.
    """
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        try:
            r = Role(role)
        except ValueError:
            r = Role.OFFICER
        user = User(
            id=new_id(),
            username=username,
            display_name=username,
            role=r,
            office_code=office,
            password_hash="!",  # noqa: S106 - no hash matches "!": it cannot log in
            active=False,
        )
        session.add(user)
        session.flush()
    return user


def materialise(session: Session, request_id: str, mine: str) -> RequestFold:
    """Write the fold of ``request_id`` to its row, its entries' outcomes and the outbox."""
    rows = _rows(session, request_id)
    f = fold(request_id, [_entry(r) for r in rows])
    for row in rows:
        outcome = f.lost.get(row.id)
        if row.outcome != outcome:
            row.outcome = outcome
    if f.state is None:
        return f
    req = session.get(OutgoingRequest, request_id)
    create = next((r for r in rows if r.kind == "create" and r.id in f.chain), None)
    cp = create.payload if create is not None else {}
    drafter = _local_user(session, f.drafter, f.office, str(cp.get("drafter_role", "officer")))
    if req is None:
        if drafter is None:
            return f
        req = OutgoingRequest(
            id=request_id,
            drafter_id=drafter.id,
            office_code=f.office,
            state=f.state,
            hit_id=cp.get("hit_id"),
            copied_from=cp.get("copied_from"),
        )
        session.add(req)
    before = req.state
    keep_local = before in (S.ACKNOWLEDGED, S.ANSWERED, S.CLOSED) and f.state in _SENT_STATES
    c = f.content
    try:
        req.request_type = RequestType(str(c.get("request_type")))
        req.priority = Priority(str(c.get("priority")))
        req.handling_code = HandlingCode(str(c.get("handling_code")))
    except ValueError:
        return f
    due = c.get("due_date")
    req.due_date = date.fromisoformat(due) if isinstance(due, str) else None
    req.recipients = list(c.get("recipients") or [])
    req.subjects = list(c.get("subjects") or [])
    req.body = str(c.get("body") or "")
    req.attachments = list(c.get("attachments") or [])
    req.revision = f.revision
    req.approved_hash = f.approved_hash
    approver = _local_user(session, f.approved_by or "", f.office, str(Role.SUPERVISOR))
    req.approved_by = approver.id if approver is not None else None
    req.approved_at = parse_time(f.approved_at) if f.approved_at else None
    req.last_reason = f.last_reason
    if f.server_reference is not None:
        req.server_reference = f.server_reference
    if f.server_reason_code is not None:
        req.server_reason_code = f.server_reason_code
    if f.state == S.SENT and req.sent_at is None:
        req.sent_at = (parse_time(f.server_time) if f.server_time else None) or utcnow()
    if not keep_local and before != f.state:
        req.state = f.state
        session.flush()
        session.add(
            RequestTransition(
                request_id=req.id,
                from_state=str(before) if before is not None else "",
                to_state=str(f.state),
                actor_id=None,
                reason=f.last_reason,
                content_hash=f.hash(),
            )
        )
    req.updated_at = utcnow()
    if f.state != S.QUEUED or f.pusher != mine:
        # Only the PC whose approval won may send the request: a pending item of a lost
        # approval goes (one already being sent stays; its receipt wins the fold).
        session.execute(
            delete(OutboxItem).where(
                OutboxItem.kind == "request",
                OutboxItem.ref_id == request_id,
                OutboxItem.state == OutboxState.PENDING,
            )
        )
    session.flush()
    return f


def entries_of(store: Store, request_id: str) -> list[Entry]:
    """Every entry this PC holds for one request (shared or not)."""
    with store.read() as s:
        return [_entry(r) for r in _rows(s, request_id)]


def all_entries(store: Store) -> list[Entry]:
    """Every entry this PC holds (tests and diagnostics)."""
    with store.read() as s:
        return [_entry(r) for r in s.scalars(select(OfficeEntry))]
