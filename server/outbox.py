"""Idempotent application of outbox items, with the server's own four-eyes checks.

Each item is first matched against its permanent idempotency record (``duplicate`` /
``conflict``); a new item is checked by its kind's handler, which returns a
:class:`Verdict`. Accepted items get a change number and apply their effects; accepted and
rejected receipts are stored for good.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.sync.protocol import (
    SHA256_RE,
    AuditBatchPayload,
    CaseNotePayload,
    DecisionPayload,
    ErrorCode,
    HitPayload,
    OutboxItem,
    OutboxKind,
    Receipt,
    ReceiptStatus,
    RequestPayload,
    RequestStatus,
    Role,
    RowType,
    WithdrawalPayload,
    audit_chain_next,
    b64decode,
    canonical_json,
    content_hash,
    expand_audit_events,
    format_timestamp,
    request_content,
    signing_payload,
)
from server import blobs as blob_access
from server import feed, operator, throttle
from server.accounts import AuthContext, keys_of
from server.blobs import BlobStore
from server.models import (
    AuditAnchor,
    Device,
    FeedRow,
    ItemRecord,
    OutgoingRequest,
    SeenSignature,
    User,
)
from server.security import verify_signature

Apply = Callable[[Session, int], None]

#: Built once (a request item reads its drafter and approver together).
_USERS_BY_NAME = select(User).where(User.username.in_(bindparam("names", expanding=True)))
_RECORDS_BY_ID = select(ItemRecord).where(ItemRecord.id.in_(bindparam("ids", expanding=True)))
_RECORD_INSERT = insert(cast(Table, ItemRecord.__table__))
_REQUEST_INSERT = insert(cast(Table, OutgoingRequest.__table__))
_SIGNATURE_INSERT = insert(cast(Table, SeenSignature.__table__))
_ANCHORS = cast(Table, AuditAnchor.__table__)
_ANCHOR = select(_ANCHORS.c.head, _ANCHORS.c.events).where(
    _ANCHORS.c.device_id == bindparam("device_id")
)
_ANCHOR_INSERT = insert(_ANCHORS)
#: Bound names differ from the columns' (SQLAlchemy reserves those for the SET clause).
_ANCHOR_UPDATE = (
    update(_ANCHORS)
    .where(_ANCHORS.c.device_id == bindparam("anchor_device"))
    .values(
        head=bindparam("new_head"),
        events=_ANCHORS.c.events + bindparam("more_events"),
        updated_at=bindparam("at"),
    )
)


@dataclass
class Verdict:
    """A handler's decision on one new item.

    ``publishes`` is False when ``apply`` writes no feed row: such an item's change number
    is only its receipt's, so it is reserved at the end of the batch (see
    :func:`push_batch`) and ``apply`` is called with 0.
    """

    status: ReceiptStatus
    code: ErrorCode | None = None
    message: str | None = None
    apply: Apply | None = None
    publishes: bool = True


class Refusal(Exception):
    """Raised by checks; becomes a ``rejected`` (or ``retry``) verdict."""

    def __init__(self, code: ErrorCode, message: str, *, retry: bool = False) -> None:
        """Refuse with ``code``."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.retry = retry


@dataclass
class ItemContext:
    """What a handler needs besides the item."""

    session: Session
    auth: AuthContext
    blobs: BlobStore
    #: Users read in this batch, by name (``None``: no such user).
    users: dict[str, User | None] = field(default_factory=dict)
    #: Offices of the devices that first sent items of this batch, by device id.
    offices: dict[str, str | None] = field(default_factory=dict)

    def load_users(self, names: list[str]) -> None:
        """Read the named users not read yet, in one statement."""
        wanted = [name for name in dict.fromkeys(names) if name not in self.users]
        if not wanted:
            return
        found = {u.username: u for u in self.session.scalars(_USERS_BY_NAME, {"names": wanted})}
        for name in wanted:
            self.users[name] = found.get(name)


def accept(apply: Apply, *, publishes: bool = True) -> Verdict:
    """An accepting verdict; ``publishes=False`` if ``apply`` writes no feed row."""
    return Verdict(ReceiptStatus.ACCEPTED, apply=apply, publishes=publishes)


def body_hash(item: OutboxItem) -> str:
    """Hash of everything an item carries besides its declared hash (payload, signature)."""
    sig = item.signature.sig if item.signature else None
    return hashlib.sha256(canonical_json({"p": item.payload, "s": sig})).hexdigest()


#: What a request item carries that differs between two PCs of one office pushing the same
#: approved request: each PC's own user ids and the signature of the approver's key on that
#: PC. Everything else (content, hash, office, revision, user names, approval time) is the
#: office's and must be the same.
_PER_PC_FIELDS = {"request": ("drafter_id",), "approval": ("approver_id", "signature")}


def _office_part(payload: Any) -> Any:
    if not isinstance(payload, dict):
        return payload
    return {
        part: (
            {k: v for k, v in value.items() if k not in _PER_PC_FIELDS[part]}
            if part in _PER_PC_FIELDS and isinstance(value, dict)
            else value
        )
        for part, value in payload.items()
    }


def pushed_by_another_pc(record: ItemRecord, item: OutboxItem) -> bool:
    """True when ``item`` is the request ``record`` holds, pushed by another PC of the office.

    A request's item id is derived from the request id, so when two PCs of an office both
    queued it (two supervisors released it on PCs that had not exchanged), the second push
    is the same request with the same approved content, but its body differs in what is
    per PC (:data:`_PER_PC_FIELDS`). It is answered with the first receipt, never applied
    again; any other difference is still a conflict.
    """
    if record.kind != OutboxKind.REQUEST or item.kind != OutboxKind.REQUEST:
        return False
    try:
        first = json.loads(record.payload)
    except ValueError:
        return False
    return bool(_office_part(first) == _office_part(item.payload))


def _parse(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Refusal(ErrorCode.PAYLOAD_INVALID, f"{where}: {first['msg']}") from exc


# --- shared checks ---------------------------------------------------------------------


def office_user(ctx: ItemContext, username: str) -> User:
    """The named user, who must belong to the calling device's office."""
    ctx.load_users([username])
    user = ctx.users[username]
    if user is None:
        raise Refusal(ErrorCode.ACTOR_UNKNOWN, f"no user {username!r}")
    if user.office != ctx.auth.office:
        raise Refusal(ErrorCode.ACTOR_OTHER_OFFICE, f"{username!r} is not of this office")
    return user


def supervisor(ctx: ItemContext, username: str) -> User:
    """The named user, who must be a supervisor of this office."""
    user = office_user(ctx, username)
    if user.role != Role.SUPERVISOR:
        raise Refusal(ErrorCode.APPROVER_NOT_SUPERVISOR, f"{username!r} is not a supervisor")
    return user


def check_signature(
    ctx: ItemContext, author: User, item: OutboxItem, sig_b64: str | None, payload: bytes
) -> bytes:
    """Verify an author's signature; return its raw bytes.

    Order: missing, replayed (seen on another item), unknown key, invalid.
    """
    if not sig_b64:
        raise Refusal(ErrorCode.SIGNATURE_MISSING, "signature required")
    try:
        raw = b64decode(sig_b64)
    except ValueError as exc:
        raise Refusal(ErrorCode.SIGNATURE_INVALID, "signature is not base64") from exc
    if ctx.session.get(SeenSignature, hashlib.sha256(raw).hexdigest()) is not None:
        raise Refusal(ErrorCode.SIGNATURE_REPLAYED, "signature already used on another item")
    keys = keys_of(ctx.session, author.id)
    key_id = item.signature.key_id if item.signature else None
    if key_id:
        keys = [k for k in keys if k.key_id == key_id]
    if not keys:
        raise Refusal(ErrorCode.KEY_UNKNOWN, f"no registered key for {author.username!r}")
    if not any(verify_signature(k.public_key, raw, payload) for k in keys):
        raise Refusal(ErrorCode.SIGNATURE_INVALID, "signature does not verify")
    return raw


def remember_signature(session: Session, raw: bytes, item_id: str) -> None:
    """Record an accepted signature so it can never be used again (written at once: a
    later item of the batch that reuses it is refused by its lookup)."""
    session.execute(
        _SIGNATURE_INSERT, {"sig_hash": hashlib.sha256(raw).hexdigest(), "item_id": item_id}
    )


def signed_payload_bytes(item: OutboxItem, payload: Any) -> bytes:
    """The signing payload of a standalone signed item."""
    try:
        return signing_payload(
            item_id=item.id,
            request_id=payload.request_id,
            content_hash=payload.content_hash,
            decision=payload.decision,
            actor_id=payload.actor_id,
            actor_username=payload.actor_username,
            at=payload.at,
        )
    except ValueError as exc:
        raise Refusal(ErrorCode.PAYLOAD_INVALID, str(exc)) from exc


def require_payload_hash(item: OutboxItem) -> None:
    """Non-request items declare ``content_hash(payload)``."""
    if item.content_hash != content_hash(item.payload):
        raise Refusal(ErrorCode.ITEM_HASH_INVALID, "content_hash is not the payload's hash")


def office_request(ctx: ItemContext, request_id: str) -> OutgoingRequest | None:
    """The stored request ``request_id`` if it belongs to the calling office, else None.

    Another office's request is treated exactly like one that does not exist, so an item
    from office B can neither change office A's request nor learn that it exists.
    """
    request = ctx.session.get(OutgoingRequest, request_id)
    if request is None or request.office != ctx.auth.office:
        return None
    return request


def attachment_ready(ctx: ItemContext, sha: str) -> bool:
    """True if the blob is stored and this office uploaded it (or may otherwise read it)."""
    return ctx.blobs.exists(sha) and blob_access.entitled(ctx.session, sha, ctx.auth.office)


# --- request -------------------------------------------------------------------------


def handle_request(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """A request with its embedded, signed approval (ARCHITECTURE section 3 rules)."""
    payload: RequestPayload = _parse(RequestPayload, item.payload)
    req = payload.request
    if req.office_code != ctx.auth.office:
        raise Refusal(ErrorCode.ACTOR_OTHER_OFFICE, "request of another office")
    approval = payload.approval
    ctx.load_users([req.drafter_username] + ([approval.approver_username] if approval else []))
    drafter = office_user(ctx, req.drafter_username)
    if approval is None:
        raise Refusal(ErrorCode.APPROVAL_MISSING, "a request must carry its approval")
    approver = supervisor(ctx, approval.approver_username)
    if approver.id == drafter.id:
        raise Refusal(ErrorCode.SELF_APPROVAL, "the approver drafted the request")
    try:
        content = request_content(**req.content.model_dump())
    except (KeyError, TypeError) as exc:
        raise Refusal(ErrorCode.PAYLOAD_INVALID, f"bad request content: {exc}") from exc
    digest = content_hash(content)
    if approval.content_hash != digest:
        raise Refusal(ErrorCode.APPROVAL_HASH_MISMATCH, "approval covers other content")
    if item.content_hash != digest:
        raise Refusal(ErrorCode.ITEM_HASH_INVALID, "content_hash is not the request's hash")
    signed = signing_payload(
        item_id=item.id,
        request_id=req.id,
        content_hash=approval.content_hash,
        decision="approve",
        actor_id=approval.approver_id,
        actor_username=approval.approver_username,
        at=approval.at,
    )
    sig = item.signature.sig if item.signature else approval.signature
    raw = check_signature(ctx, approver, item, sig, signed)
    existing = ctx.session.get(OutgoingRequest, req.id)
    if existing is not None and existing.content is None and existing.office != ctx.auth.office:
        # Another office "withdrew" this id before it arrived: that never binds this office.
        ctx.session.delete(existing)
        ctx.session.flush()
        existing = None
    if existing is not None:
        if existing.office != ctx.auth.office:
            raise Refusal(ErrorCode.PAYLOAD_INVALID, "request id already in use")
        if existing.status == RequestStatus.WITHDRAWN:
            raise Refusal(ErrorCode.REQUEST_WITHDRAWN, "request withdrawn before it arrived")
        raise Refusal(ErrorCode.PAYLOAD_INVALID, f"request already received as {existing.item_id}")
    missing = [sha for sha in content["attachments"] if not attachment_ready(ctx, sha)]
    if missing:
        raise Refusal(ErrorCode.ATTACHMENT_MISSING, f"upload first: {missing[0]}", retry=True)

    def apply(session: Session, seq: int) -> None:
        now = datetime.now(UTC)
        # Written by Core statements, like its status row (``first``): a request pushed
        # in a sync cycle leaves no unit of work to flush.
        request = OutgoingRequest(
            id=req.id,
            office=ctx.auth.office,
            status=RequestStatus.RECEIVED.value,
            item_id=item.id,
            drafter=drafter.username,
            approver=approver.username,
            content_hash=digest,
            content=json.dumps(content, ensure_ascii=False),
            received_at=now,
            updated_at=now,
        )
        session.execute(
            _REQUEST_INSERT, {c.key: getattr(request, c.key) for c in _REQUEST_INSERT.table.c}
        )
        # A request id is received once (``existing`` above), and nothing publishes a
        # status row for an id before its request arrives.
        operator.set_request_status(session, request, RequestStatus.RECEIVED, seq=seq, first=True)
        remember_signature(session, raw, item.id)

    return accept(apply)


# --- other kinds ---------------------------------------------------------------------


def handle_approval(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """A further approval of a request the server already holds."""
    require_payload_hash(item)
    payload: DecisionPayload = _parse(DecisionPayload, item.payload)
    if payload.decision != "approve":
        raise Refusal(ErrorCode.PAYLOAD_INVALID, "an approval's decision is 'approve'")
    request = office_request(ctx, payload.request_id)
    if request is None or request.content is None:
        raise Refusal(ErrorCode.REQUEST_UNKNOWN, "no such request on the server")
    approver = supervisor(ctx, payload.actor_username)
    if approver.username == request.drafter:
        raise Refusal(ErrorCode.SELF_APPROVAL, "the approver drafted the request")
    if payload.content_hash != request.content_hash:
        raise Refusal(ErrorCode.APPROVAL_HASH_MISMATCH, "approval covers other content")
    sig = item.signature.sig if item.signature else None
    raw = check_signature(ctx, approver, item, sig, signed_payload_bytes(item, payload))
    return accept(lambda session, seq: remember_signature(session, raw, item.id), publishes=False)


def handle_return(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """A supervisor returned a request (recorded for the region's audit)."""
    require_payload_hash(item)
    payload: DecisionPayload = _parse(DecisionPayload, item.payload)
    if payload.decision != "return" or not (payload.reason or "").strip():
        raise Refusal(ErrorCode.PAYLOAD_INVALID, "a return needs decision 'return' and a reason")
    author = supervisor(ctx, payload.actor_username)
    sig = item.signature.sig if item.signature else None
    raw = check_signature(ctx, author, item, sig, signed_payload_bytes(item, payload))
    return accept(lambda session, seq: remember_signature(session, raw, item.id), publishes=False)


def handle_withdrawal(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """Withdraw a request, before or after it reached the server."""
    require_payload_hash(item)
    payload: WithdrawalPayload = _parse(WithdrawalPayload, item.payload)
    author = office_user(ctx, payload.actor_username)
    foreign = ctx.session.get(OutgoingRequest, payload.request_id)
    request = office_request(ctx, payload.request_id)
    if request is not None and request.content is not None:
        if author.role != Role.SUPERVISOR and author.username != request.drafter:
            raise Refusal(ErrorCode.APPROVER_NOT_SUPERVISOR, "only the drafter or a supervisor")
        if request.status in (RequestStatus.ANSWERED, RequestStatus.CLOSED):
            raise Refusal(ErrorCode.REQUEST_CLOSED, "request already answered")
    sig = item.signature.sig if item.signature else None
    raw = check_signature(ctx, author, item, sig, signed_payload_bytes(item, payload))

    def apply(session: Session, seq: int) -> None:
        remember_signature(session, raw, item.id)
        if foreign is not None and request is None:
            # Another office's request: answered like an unknown id, changes nothing.
            return
        if request is None:
            session.add(
                OutgoingRequest(
                    id=payload.request_id,
                    office=ctx.auth.office,
                    status=RequestStatus.WITHDRAWN.value,
                    item_id=None,
                    updated_at=datetime.now(UTC),
                )
            )
        elif request.content is not None and request.status != RequestStatus.WITHDRAWN:
            operator.set_request_status(session, request, RequestStatus.WITHDRAWN, seq=seq)

    return accept(apply)


def handle_hit(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """An officer's signed record of a match with a bulletin."""
    require_payload_hash(item)
    payload: HitPayload = _parse(HitPayload, item.payload)
    if payload.content_hash != content_hash(item.payload.get("content", {})):
        raise Refusal(ErrorCode.ITEM_HASH_INVALID, "content_hash is not the hit content's hash")
    if payload.request_id != payload.content.bulletin_id:
        raise Refusal(ErrorCode.PAYLOAD_INVALID, "a hit's request_id is its bulletin id")
    bulletin = ctx.session.get(FeedRow, (RowType.BULLETIN.value, payload.content.bulletin_id))
    if bulletin is None or bulletin.scope not in (feed.REGIONAL, ctx.auth.office):
        raise Refusal(ErrorCode.BULLETIN_UNKNOWN, "no such bulletin")
    author = office_user(ctx, payload.actor_username)
    sig = item.signature.sig if item.signature else None
    raw = check_signature(ctx, author, item, sig, signed_payload_bytes(item, payload))
    return accept(lambda session, seq: remember_signature(session, raw, item.id), publishes=False)


def handle_case_note(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """A note appended to one of the office's cases."""
    require_payload_hash(item)
    payload: CaseNotePayload = _parse(CaseNotePayload, item.payload)
    case = ctx.session.get(FeedRow, (RowType.CASE.value, payload.case_id))
    if case is None or case.tombstone or case.scope != ctx.auth.office:
        raise Refusal(ErrorCode.CASE_UNKNOWN, "no such case in this office")
    office_user(ctx, payload.author)

    def apply(session: Session, seq: int) -> None:
        operator.publish_case_note(
            session,
            case_id=payload.case_id,
            office=ctx.auth.office,
            author=payload.author,
            written_at=payload.written_at,
            text=payload.text,
            handling_code=payload.handling_code,
            note_id=item.id,
            seq=seq,
        )

    return accept(apply)


def handle_audit_batch(ctx: ItemContext, item: OutboxItem) -> Verdict:
    """Anchor the device's audit chain head after checking the batch chains on."""
    require_payload_hash(item)
    payload: AuditBatchPayload = _parse(AuditBatchPayload, item.payload)
    anchor = ctx.session.execute(_ANCHOR, {"device_id": ctx.auth.device_id}).first()
    if anchor is not None and anchor.head != payload.prev_head:
        # The device's chain no longer continues what it uploaded before: its store was
        # rolled back (or altered). Recorded for the operator with the rejected receipt.
        throttle.record_event(
            ctx.session,
            "audit_rollback",
            device_id=ctx.auth.device_id,
            office=ctx.auth.office,
            detail={
                "anchored_events": anchor.events,
                "anchored_head": anchor.head[:16],
                "batch_prev_head": payload.prev_head[:16],
            },
        )
        raise Refusal(ErrorCode.AUDIT_CHAIN_BROKEN, "batch does not continue the anchored head")
    head = payload.prev_head
    for event in payload.events:
        head = audit_chain_next(head, event)
    if head != payload.head:
        raise Refusal(ErrorCode.AUDIT_CHAIN_BROKEN, "events do not hash to head")

    def apply(session: Session, seq: int) -> None:
        now = datetime.now(UTC)
        # Core statements, in order: a second batch of the device in the same push reads
        # the head this one wrote.
        device, events = ctx.auth.device_id, len(payload.events)
        if anchor is None:
            new = {"device_id": device, "head": head, "events": events, "updated_at": now}
            session.execute(_ANCHOR_INSERT, new)
        else:
            more = {"anchor_device": device, "new_head": head, "more_events": events, "at": now}
            session.execute(_ANCHOR_UPDATE, more)

    return accept(apply, publishes=False)


HANDLERS: dict[str, Callable[[ItemContext, OutboxItem], Verdict]] = {
    OutboxKind.REQUEST: handle_request,
    OutboxKind.APPROVAL: handle_approval,
    OutboxKind.RETURN: handle_return,
    OutboxKind.WITHDRAWAL: handle_withdrawal,
    OutboxKind.HIT: handle_hit,
    OutboxKind.CASE_NOTE: handle_case_note,
    OutboxKind.AUDIT_BATCH: handle_audit_batch,
}


# --- batch ---------------------------------------------------------------------------


def _valid_id(item_id: str) -> bool:
    try:
        return str(uuid.UUID(item_id)) == item_id
    except ValueError:
        return False


def stored_receipt(record: ItemRecord) -> Receipt:
    """The ``duplicate`` receipt repeating a stored first receipt."""
    return Receipt(
        id=record.id,
        status=ReceiptStatus.DUPLICATE,
        seq=record.seq,
        server_time=record.server_time,
        code=record.code,
        message=record.message,
        first_status=ReceiptStatus(record.status),
    )


def record_office(ctx: ItemContext, record: ItemRecord) -> str | None:
    """Office of the device that first sent an item (read once per device and batch).

    A replay from another office is answered like any id conflict: it never sees the
    first receipt (its change number, time or outcome).
    """
    if record.device_id == ctx.auth.device_id:
        return ctx.auth.office
    if record.device_id not in ctx.offices:
        device = ctx.session.get(Device, record.device_id)
        ctx.offices[record.device_id] = device.office if device is not None else None
    return ctx.offices[record.device_id]


def _judge(ctx: ItemContext, item: OutboxItem) -> Verdict:
    handler = HANDLERS.get(item.kind)
    try:
        if handler is None:
            raise Refusal(ErrorCode.PAYLOAD_INVALID, f"unknown kind {item.kind!r}")
        if not SHA256_RE.match(item.content_hash):
            raise Refusal(ErrorCode.PAYLOAD_INVALID, "content_hash is not SHA-256 hex")
        return handler(ctx, item)
    except Refusal as refusal:
        status = ReceiptStatus.RETRY if refusal.retry else ReceiptStatus.REJECTED
        return Verdict(status, refusal.code, refusal.message)


def push_item(
    ctx: ItemContext,
    item: OutboxItem,
    deferred: list[ItemRecord] | None = None,
    known: dict[str, ItemRecord] | None = None,
) -> Receipt:
    """Apply one item idempotently and return its receipt.

    With ``deferred``, an accepted item that publishes nothing gets no change number yet:
    its record is appended to ``deferred`` for the caller to number (and its receipt has
    no ``seq`` until then). ``known``: the records of the batch's ids, read beforehand
    (every id of the batch is in it or has no record); this item's record is added.
    """
    now = format_timestamp(datetime.now(UTC))
    if not _valid_id(item.id):
        return Receipt(
            id=item.id,
            status=ReceiptStatus.REJECTED,
            server_time=now,
            code=ErrorCode.PAYLOAD_INVALID,
            message="id must be a lowercase UUID",
        )
    if item.derived_ids and item.kind == OutboxKind.AUDIT_BATCH:
        # Event ids the client left out (derived from the chain, docs/protocol.md 4.1)
        # are put back first: the item's hash, its body hash (a batch sent again with
        # every id is the same batch) and the chain cover the events with their ids.
        item = item.model_copy(
            update={"payload": expand_audit_events(item.payload), "derived_ids": False}
        )
    digest = body_hash(item)
    record = known.get(item.id) if known is not None else ctx.session.get(ItemRecord, item.id)
    if record is not None:
        same_office = record_office(ctx, record) == ctx.auth.office
        if same_office and record.content_hash == item.content_hash:
            if record.body_hash == digest or pushed_by_another_pc(record, item):
                return stored_receipt(record)
        return Receipt(
            id=item.id,
            status=ReceiptStatus.CONFLICT,
            server_time=now,
            code=ErrorCode.ID_CONFLICT,
            message="this id was first sent with other content",
        )
    verdict = _judge(ctx, item)
    if verdict.status == ReceiptStatus.RETRY:
        return Receipt(
            id=item.id,
            status=verdict.status,
            server_time=now,
            code=verdict.code,
            message=verdict.message,
        )
    seq = None
    later = verdict.apply is not None and not verdict.publishes and deferred is not None
    if verdict.apply is not None:
        if later:
            verdict.apply(ctx.session, 0)
        else:
            seq = feed.allocate_seq(ctx.session)
            verdict.apply(ctx.session, seq)
    record = ItemRecord(
        id=item.id,
        kind=item.kind,
        content_hash=item.content_hash,
        body_hash=digest,
        device_id=ctx.auth.device_id,
        status=verdict.status.value,
        seq=seq,
        server_time=now,
        code=verdict.code.value if verdict.code else None,
        message=verdict.message,
        payload=json.dumps(item.payload, ensure_ascii=False),
    )
    if known is not None:
        known[item.id] = record
    if later and deferred is not None:
        # Added once numbered (:func:`push_batch`): a flush before that would insert it
        # without its number and then update it.
        deferred.append(record)
    else:
        _insert_records(ctx.session, [record])
    return Receipt(
        id=item.id,
        status=verdict.status,
        seq=seq,
        server_time=now,
        code=verdict.code,
        message=verdict.message,
    )


def _insert_records(session: Session, records: list[ItemRecord]) -> None:
    """Store receipt records (one Core insert; they are not read back in this push)."""
    columns = [column.key for column in ItemRecord.__table__.columns]
    session.execute(
        _RECORD_INSERT, [{key: getattr(record, key) for key in columns} for record in records]
    )


def push_batch(
    session: Session, auth: AuthContext, blobs: BlobStore, items: list[OutboxItem]
) -> list[Receipt]:
    """Apply a batch in order, in the caller's transaction.

    The feed counter row stays locked from the first change number reserved until the
    transaction ends (:func:`server.feed.allocate_seq`), and every publisher and outbox
    writer queues on it. Items that publish nothing (audit batches, approvals, returns,
    hits) therefore take their numbers together at the end of the batch, in one update:
    a batch of only those holds the lock for its last statements and the commit, not for
    its checks, signature verifications and reads.
    """
    ctx = ItemContext(session=session, auth=auth, blobs=blobs)
    deferred: list[ItemRecord] = []
    # The records of every id in the batch in one read (a sync cycle's batch: its audit
    # batch and perhaps a request), not one read per item.
    ids = [item.id for item in items]
    known = {r.id: r for r in session.scalars(_RECORDS_BY_ID, {"ids": ids})}
    receipts = [push_item(ctx, item, deferred, known) for item in items]
    if deferred:
        first = feed.allocate_seq(session, len(deferred))
        numbers = {record.id: first + n for n, record in enumerate(deferred)}
        for record in deferred:
            record.seq = numbers[record.id]
        _insert_records(session, deferred)
        receipts = [
            r.model_copy(update={"seq": numbers[r.id]}) if r.id in numbers and r.seq is None else r
            for r in receipts
        ]
    return receipts
