"""Outgoing requests and their state machine, with four-eyes approval.

::

    DRAFT -> SUBMITTED -> APPROVED -> QUEUED -> SENT -> ACKNOWLEDGED -> ANSWERED -> CLOSED
               |  ^                                  (SENT -> ANSWERED when the ack is lost)
               v  |
             RETURNED (reason required; editing it makes it a DRAFT again)
    DRAFT/SUBMITTED -> WITHDRAWN (drafter);  APPROVED/QUEUED -> WITHDRAWN (supervisor)
    QUEUED -> REJECTED_BY_SERVER (with the server's reason; can be copied into a new draft)

The rules are enforced here, in the service layer, whatever the UI shows: the approver is
a supervisor of the drafter's office and never the drafter; an approval is bound to the
SHA-256 of the canonical content it approved and any later change voids it; QUEUED and
later requests are immutable; SENT is set only on the server's receipt. Every action is
audited in the same transaction. The server enforces the same rules again.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app import audit, events
from app.errors import NotFound, ValidationError
from app.office import journal
from app.request_rules import (
    COPYABLE_STATES,
    DRAFTING_ROLES,
    EDITABLE_STATES,
    IMMUTABLE_STATES,
    MAX_BODY,
    MAX_RECIPIENTS,
    A,
    AlreadySending,
    ContentChanged,
    IllegalTransition,
    Immutable,
    NotApprover,
    NotDrafter,
    OtherOffice,
    ReasonRequired,
    RequestAction,
    RequestFacts,
    RoleRequired,
    S,
    SelfApproval,
    UserFacts,
    WorkflowError,
    allowed,
    refusal,
)
from app.store.db import Store
from app.store.models import (
    HandlingCode,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    Priority,
    RequestState,
    RequestTransition,
    RequestType,
    User,
    format_store_time,
    new_id,
    utcnow,
)
from app.subjects import resolve_subjects
from app.sync.canonical import content_hash, request_content, signing_payload
from app.users import Actor


@dataclass(frozen=True)
class RequestDraft:
    """The editable content of a request (what the form holds)."""

    request_type: RequestType
    priority: Priority = Priority.ROUTINE
    due_date: date | None = None
    recipients: tuple[str, ...] = ()
    subjects: tuple[dict[str, str], ...] = ()
    body: str = ""
    handling_code: HandlingCode = HandlingCode.LAW_ENFORCEMENT
    attachments: tuple[str, ...] = ()


def content_of(req: OutgoingRequest) -> dict[str, Any]:
    """The canonical content of a request, the thing an approval is bound to."""
    return request_content(
        request_type=str(req.request_type),
        priority=str(req.priority),
        due_date=req.due_date.isoformat() if req.due_date else None,
        recipients=list(req.recipients or []),
        subjects=list(req.subjects or []),
        body=req.body,
        handling_code=str(req.handling_code),
        attachments=list(req.attachments or []),
    )


def hash_of(req: OutgoingRequest) -> str:
    return content_hash(content_of(req))


def _clean_recipients(recipients: Iterable[str]) -> list[str]:
    out = []
    for r in recipients:
        r = str(r).strip()
        if not r:
            continue
        if len(r) > 64:
            raise ValidationError(field="recipients", detail="too_long")
        if r not in out:
            out.append(r)
    if len(out) > MAX_RECIPIENTS:
        raise ValidationError(field="recipients", detail="too_many", maximum=MAX_RECIPIENTS)
    return out


def validate_for_submit(req: OutgoingRequest, today: date | None = None) -> None:
    """Raise :class:`ValidationError` naming the first field that is not ready to leave."""
    today = today or utcnow().date()
    if not req.recipients:
        raise ValidationError(field="recipients", detail="required")
    if not req.body.strip():
        raise ValidationError(field="body", detail="required")
    if req.due_date is not None and req.due_date < today:
        raise ValidationError(field="due_date", detail="in_past")
    needs_subject = {
        RequestType.LOCATE,
        RequestType.ARREST,
        RequestType.HIT_NOTIFICATION,
        RequestType.DOCUMENT_CHECK,
        RequestType.VEHICLE_CHECK,
    }
    if req.request_type in needs_subject and not req.subjects:
        raise ValidationError(field="subjects", detail="required")


class RequestService:
    """Every change to an outgoing request goes through here."""

    def __init__(self, store: Store, bus: events.EventBus | None = None) -> None:
        self.store = store
        self.bus = bus or events.EventBus()

    # -- helpers ---------------------------------------------------------------------

    @staticmethod
    def _user(session: Session, actor: Actor) -> User:
        """The acting user as the database knows it (roles are never taken on trust)."""
        user = session.get(User, actor.user_id)
        if user is None or not user.active:
            raise NotFound(kind="user", ident=actor.username)
        return user

    @staticmethod
    def _request(session: Session, request_id: str) -> OutgoingRequest:
        req = session.get(OutgoingRequest, request_id)
        if req is None:
            raise NotFound(kind="request", ident=request_id)
        return req

    @staticmethod
    def _move(
        session: Session,
        req: OutgoingRequest,
        to: RequestState,
        user: User | None,
        reason: str = "",
        *,
        signature: bytes | None = None,
        keep_content: bool = False,
    ) -> None:
        digest = hash_of(req)
        session.add(
            RequestTransition(
                request_id=req.id,
                from_state=str(req.state),
                to_state=str(to),
                actor_id=user.id if user else None,
                reason=reason,
                content_hash=digest,
                content=content_of(req) if keep_content else None,
                signature=signature,
            )
        )
        req.state = to
        req.updated_at = utcnow()

    @staticmethod
    def _check(user: User, req: OutgoingRequest, action: RequestAction) -> None:
        refused = refusal(UserFacts.of(user), RequestFacts.of(req), action)
        if refused is not None:
            raise refused

    def allowed_actions(self, actor: Actor, request_id: str) -> frozenset[RequestAction]:
        """What ``actor`` may do to the request now: the screens offer exactly these."""
        with self.store.read() as session:
            user = self._user(session, actor)
            return allowed(UserFacts.of(user), RequestFacts.of(self._request(session, request_id)))

    def _audit(
        self, session: Session, user: User | None, action: str, req: OutgoingRequest, **details: Any
    ) -> None:
        audit.record(
            session,
            action,
            actor_id=user.id if user else None,
            actor_name=user.username if user else "sync",
            target_type="request",
            target_id=req.id,
            details={"state": str(req.state), **details},
        )

    def _changed(self, *, outbox: bool = False, **payload: Any) -> None:
        self.bus.publish(events.REQUESTS_CHANGED, **payload)
        if outbox:
            self.bus.publish(events.OUTBOX_CHANGED)

    # -- drafting --------------------------------------------------------------------

    def create_draft(
        self,
        actor: Actor,
        draft: RequestDraft,
        *,
        hit_id: str | None = None,
        copied_from: str | None = None,
    ) -> str:
        """Create a DRAFT owned by ``actor``; returns its id."""
        with self.store.write() as session:
            user = self._user(session, actor)
            if user.role not in DRAFTING_ROLES:
                raise RoleRequired(role="officer", action="draft")
            req = OutgoingRequest(
                id=new_id(),
                drafter_id=user.id,
                office_code=user.office_code,
                state=S.DRAFT,
                hit_id=hit_id,
                copied_from=copied_from,
            )
            self._apply(session, req, draft)
            session.add(req)
            session.flush()
            self._move(session, req, S.DRAFT, user)
            self._audit(session, user, audit.Action.CREATE, req, request_type=str(req.request_type))
            journal.record(session, "create", req, user)
            rid = req.id
        self._changed(request_id=rid)
        return rid

    @staticmethod
    def _apply(session: Session, req: OutgoingRequest, draft: RequestDraft) -> None:
        try:
            req.request_type = RequestType(draft.request_type)
        except ValueError as exc:
            raise ValidationError(field="request_type", detail="invalid") from exc
        try:
            req.priority = Priority(draft.priority)
        except ValueError as exc:
            raise ValidationError(field="priority", detail="invalid") from exc
        try:
            req.handling_code = HandlingCode(draft.handling_code)
        except ValueError as exc:
            raise ValidationError(field="handling_code", detail="invalid") from exc
        if len(draft.body) > MAX_BODY:
            raise ValidationError(field="body", detail="too_long", maximum=MAX_BODY)
        for sha in draft.attachments:
            if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
                raise ValidationError(field="attachments", detail="invalid")
        req.due_date = draft.due_date
        req.recipients = _clean_recipients(draft.recipients)
        req.subjects = resolve_subjects(session, draft.subjects)
        req.body = draft.body
        req.attachments = sorted(set(draft.attachments))

    def edit(self, actor: Actor, request_id: str, draft: RequestDraft) -> None:
        """Change a DRAFT or RETURNED request (a RETURNED one becomes a DRAFT again)."""
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.EDIT)
            before = hash_of(req)
            self._apply(session, req, draft)
            if hash_of(req) == before and req.state == S.DRAFT:
                return
            req.approved_hash = req.approved_by = None
            req.approved_at = None
            if req.state == S.RETURNED:
                req.revision += 1
                self._move(session, req, S.DRAFT, user)
            self._audit(session, user, audit.Action.EDIT, req, revision=req.revision)
            journal.record(session, "edit", req, user, content=content_of(req))
        self._changed(request_id=request_id)

    def submit(self, actor: Actor, request_id: str) -> None:
        """DRAFT -> SUBMITTED (RETURNED -> DRAFT -> SUBMITTED), after validating the content."""
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.SUBMIT)
            validate_for_submit(req)
            if req.state == S.RETURNED:
                req.revision += 1
                self._move(session, req, S.DRAFT, user)
            self._move(session, req, S.SUBMITTED, user, keep_content=True)
            self._audit(session, user, audit.Action.SUBMIT, req, content_hash=hash_of(req))
            journal.record(session, "submit", req, user, share=True, content_hash=hash_of(req))
        self._changed(request_id=request_id)

    # -- review ----------------------------------------------------------------------

    def approve(
        self, actor: Actor, request_id: str, reviewed_hash: str, *, hold: bool = False
    ) -> None:
        """SUBMITTED -> APPROVED (-> QUEUED unless ``hold``), bound to ``reviewed_hash``.

        ``reviewed_hash`` is the content hash of what the supervisor was shown; if the
        request no longer has that content the approval is refused.
        """
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.APPROVE)
            digest = hash_of(req)
            if digest != reviewed_hash:
                raise ContentChanged()
            req.approved_hash = digest
            req.approved_by = user.id
            req.approved_at = utcnow()
            self._move(session, req, S.APPROVED, user)
            self._audit(session, user, audit.Action.APPROVE, req, content_hash=digest)
            journal.record(
                session,
                "approve",
                req,
                user,
                content_hash=digest,
                hold=hold,
                at=format_store_time(req.approved_at),
            )
            if not hold:
                self._queue(session, user, actor, req)
        self._changed(request_id=request_id, outbox=not hold)

    def release(self, actor: Actor, request_id: str) -> None:
        """APPROVED -> QUEUED for a request approved with ``hold=True``."""
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.RELEASE)
            self._queue(session, user, actor, req)
            journal.record(session, "release", req, user)
        self._changed(request_id=request_id, outbox=True)

    def _queue(self, session: Session, user: User, actor: Actor, req: OutgoingRequest) -> None:
        content = content_of(req)
        digest = content_hash(content)
        if req.approved_hash != digest:
            # Approved and held by a version whose hash covered only each subject's kind and
            # reference: it leaves as it was approved (the server hashes what it receives).
            bare = [{"kind": x["kind"], "ref": x["ref"]} for x in content["subjects"]]
            legacy = {**content, "subjects": bare}
            if req.approved_hash != content_hash(legacy):
                raise ContentChanged()
            content, digest = legacy, req.approved_hash
        approver = session.get(User, req.approved_by) if req.approved_by else None
        if approver is None:
            raise ContentChanged()
        drafter = session.get(User, req.drafter_id)
        # The request's own idempotency key: whichever PC of the office pushes it, the
        # server answers a second push with the first receipt.
        item_id = outbox_item_id(req.id)
        at = req.approved_at or utcnow()
        at_s = format_store_time(at)
        signature = None
        if actor.user_id == approver.id:
            signature = actor.sign(
                signing_payload(
                    item_id=item_id,
                    request_id=req.id,
                    content_hash=digest,
                    decision="approve",
                    actor_id=approver.id,
                    actor_username=approver.username,
                    at=at_s,
                )
            )
        payload = {
            "request": {
                "id": req.id,
                "office_code": req.office_code,
                "drafter_id": req.drafter_id,
                "drafter_username": drafter.username if drafter else "",
                "revision": req.revision,
                "hit_id": req.hit_id,
                "content": content,
            },
            "approval": {
                "approver_id": approver.id,
                "approver_username": approver.username,
                "content_hash": digest,
                "at": at_s,
                "signature": base64.b64encode(signature).decode("ascii") if signature else None,
            },
        }
        enqueue(
            session,
            kind="request",
            ref_id=req.id,
            content_hash=digest,
            payload=payload,
            signature=signature,
            item_id=item_id,
        )
        self._move(session, req, S.QUEUED, user, signature=signature)
        self._audit(session, user, audit.Action.QUEUE, req, outbox_item=item_id)

    def return_request(self, actor: Actor, request_id: str, reason: str) -> None:
        """SUBMITTED -> RETURNED with the supervisor's reason."""
        reason = reason.strip()
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.RETURN)
            if not reason:
                raise ReasonRequired(action="return")
            req.last_reason = reason
            req.approved_hash = req.approved_by = None
            self._move(session, req, S.RETURNED, user, reason)
            self._audit(session, user, audit.Action.RETURN, req, reason=reason)
            journal.record(session, "return", req, user, reason=reason)
        self._changed(request_id=request_id)

    def withdraw(self, actor: Actor, request_id: str, reason: str) -> None:
        """Withdraw: the drafter before approval, a supervisor after it (until sending)."""
        reason = reason.strip()
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.WITHDRAW)
            if not reason:
                raise ReasonRequired(action="withdraw")
            if req.state == S.QUEUED:
                _cancel_pending(session, req.id)
            req.last_reason = reason
            self._move(session, req, S.WITHDRAWN, user, reason)
            self._audit(session, user, audit.Action.WITHDRAW, req, reason=reason)
            journal.record(session, "withdraw", req, user, reason=reason)
        self._changed(request_id=request_id, outbox=True)

    def share_draft(self, actor: Actor, request_id: str) -> bool:
        """Share a draft with the office's other PCs (only its drafter may, as for edits).

        Returns False if it was shared already. Submitting shares a draft too.
        """
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.EDIT)
            journal.record(session, "create", req, user)
            shared = journal.share(session, req.id)
        self._changed(request_id=request_id)
        return shared

    def copy_to_draft(self, actor: Actor, request_id: str) -> str:
        """Start a new DRAFT from a finished request (withdrawn, refused, sent or later).

        Only its drafter or a supervisor of its office may copy it (see :func:`refusal`).
        """
        with self.store.read() as session:
            src = self._request(session, request_id)
            self._check(self._user(session, actor), src, A.COPY)
            draft = RequestDraft(
                request_type=src.request_type,
                priority=src.priority,
                due_date=None,
                recipients=tuple(src.recipients),
                subjects=tuple(src.subjects),
                body=src.body,
                handling_code=src.handling_code,
                attachments=tuple(src.attachments),
            )
        return self.create_draft(actor, draft, copied_from=request_id)

    def close(self, actor: Actor, request_id: str) -> None:
        """ANSWERED -> CLOSED by the drafter or a supervisor of the office."""
        with self.store.write() as session:
            user = self._user(session, actor)
            req = self._request(session, request_id)
            self._check(user, req, A.CLOSE)
            self._move(session, req, S.CLOSED, user)
            self._audit(session, user, audit.Action.EDIT, req, to="closed")
        self._changed(request_id=request_id)

    # -- outcomes reported by the server (called by sync, inside its transaction) --------

    def apply_receipt(
        self,
        session: Session,
        request_id: str,
        *,
        server_time: Any,
        server_reference: str | None = None,
    ) -> None:
        """QUEUED -> SENT on the server's receipt (never optimistically).

        A request quarantined as REJECTED_BY_SERVER that the server accepts after "Try
        again" is SENT too: the server's receipt says it holds it.
        """
        req = self._request(session, request_id)
        if req.state not in (S.QUEUED, S.REJECTED_BY_SERVER):
            # A repeated receipt changes nothing, unless another PC's withdrawal or return
            # won the office's fold meanwhile: the region holds the request, so the receipt
            # goes to the journal and wins there (docs/office-exchange.md).
            journal.late_receipt(
                session, req, server_time=server_time, server_reference=server_reference
            )
            return
        req.sent_at = server_time
        req.server_reference = server_reference
        self._move(session, req, S.SENT, None)
        self._audit(session, None, audit.Action.SYNC, req, outcome="sent")
        journal.record(
            session,
            "receipt",
            req,
            None,
            server_reference=server_reference,
            server_time=_time_text(server_time),
        )

    def apply_acknowledgement(self, session: Session, request_id: str) -> None:
        req = self._request(session, request_id)
        if req.state == S.SENT:
            self._move(session, req, S.ACKNOWLEDGED, None)
            self._audit(session, None, audit.Action.SYNC, req, outcome="acknowledged")

    def apply_answer(self, session: Session, request_id: str) -> None:
        """SENT/ACKNOWLEDGED -> ANSWERED when a reply arrives (the ack may have been lost)."""
        req = self._request(session, request_id)
        if req.state in (S.SENT, S.ACKNOWLEDGED):
            self._move(session, req, S.ANSWERED, None)
            self._audit(session, None, audit.Action.SYNC, req, outcome="answered")

    def apply_rejection(
        self, session: Session, request_id: str, reason_code: str, message: str
    ) -> None:
        """QUEUED -> REJECTED_BY_SERVER with the server's reason."""
        if not reason_code:
            raise ReasonRequired(action="reject")
        req = self._request(session, request_id)
        if req.state not in (S.QUEUED, S.SENT):
            return
        req.server_reason_code = reason_code
        req.last_reason = message
        self._move(session, req, S.REJECTED_BY_SERVER, None, f"{reason_code}: {message}")
        self._audit(session, None, audit.Action.SYNC, req, outcome="rejected", reason=reason_code)
        journal.record(session, "rejected", req, None, code=reason_code, reason=message)


def _time_text(moment: Any) -> str | None:
    if moment is None:
        return None
    return format_store_time(moment) if hasattr(moment, "astimezone") else str(moment)


#: Namespace of the outbox item ids of requests (one id per request, on every PC).
_REQUEST_ITEM_NS = uuid.UUID("6d1f3e2a-4c5b-5a8e-9f0d-2b7c1e4a9d36")


def outbox_item_id(request_id: str) -> str:
    """The outbox item id (the server's idempotency key) of a request: one per request."""
    return str(uuid.uuid5(_REQUEST_ITEM_NS, request_id))


def next_outbox_seq(session: Session) -> int:
    return (session.scalar(select(func.max(OutboxItem.seq))) or 0) + 1


def enqueue(
    session: Session,
    *,
    kind: str,
    ref_id: str,
    content_hash: str,
    payload: dict[str, Any],
    signature: bytes | None = None,
    item_id: str | None = None,
) -> str:
    """Add an item to the outbox in the caller's transaction; its payload is final.

    A Core INSERT, not an ORM object: the outbox row is never edited through the session
    that creates it, and skipping the unit of work keeps the approve path within its
    latency budget (see bench/bench_core.py). Returns the item id.
    """
    ident = item_id or new_id()
    session.execute(
        insert(OutboxItem),
        [
            {
                "id": ident,
                "seq": next_outbox_seq(session),
                "kind": kind,
                "ref_id": ref_id,
                "content_hash": content_hash,
                "payload": payload,
                "signature": signature,
                "state": OutboxState.PENDING,
                "attempts": 0,
                "last_error": "",
                "created_at": utcnow(),
            }
        ],
    )
    return ident


def _cancel_pending(session: Session, request_id: str) -> None:
    items = session.scalars(
        select(OutboxItem).where(OutboxItem.ref_id == request_id, OutboxItem.kind == "request")
    ).all()
    for item in items:
        if item.state != OutboxState.PENDING:
            raise AlreadySending()
    for item in items:
        session.delete(item)


def requests_needing_review(session: Session, office_code: str) -> list[OutgoingRequest]:
    """The supervisor's queue: SUBMITTED requests, most urgent and oldest first."""
    order = {Priority.IMMEDIATE: 0, Priority.URGENT: 1, Priority.ROUTINE: 2}
    rows = session.scalars(
        select(OutgoingRequest).where(
            OutgoingRequest.state == S.SUBMITTED, OutgoingRequest.office_code == office_code
        )
    ).all()
    return sorted(rows, key=lambda r: (order.get(r.priority, 3), r.updated_at))


# The rules live in app.request_rules; app.workflow is where the rest of the code finds them.
__all__ = [
    "COPYABLE_STATES",
    "DRAFTING_ROLES",
    "EDITABLE_STATES",
    "IMMUTABLE_STATES",
    "MAX_BODY",
    "MAX_RECIPIENTS",
    "AlreadySending",
    "ContentChanged",
    "IllegalTransition",
    "Immutable",
    "NotApprover",
    "NotDrafter",
    "OtherOffice",
    "ReasonRequired",
    "RequestAction",
    "RequestDraft",
    "RequestFacts",
    "RequestService",
    "RoleRequired",
    "SelfApproval",
    "UserFacts",
    "WorkflowError",
    "allowed",
    "content_of",
    "enqueue",
    "hash_of",
    "next_outbox_seq",
    "refusal",
    "requests_needing_review",
    "validate_for_submit",
]
