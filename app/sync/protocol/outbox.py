"""The outbox (items, batches, receipts) and resumable blob uploads."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, StrictBool

from app.sync.protocol.common import Envelope, WireModel
from app.sync.protocol.constants import MAX_BATCH_ITEMS, Sha256Hex, UuidStr


class OutboxKind(StrEnum):
    """Kinds of outbox items."""

    REQUEST = "request"
    APPROVAL = "approval"
    RETURN = "return"
    WITHDRAWAL = "withdrawal"
    HIT = "hit"
    CASE_NOTE = "case_note"
    AUDIT_BATCH = "audit_batch"


class ItemSignature(WireModel):
    """Ed25519 signature by a key registered to the author.

    ``key_id`` is optional: without it the server tries each key registered to the author.
    """

    sig: str = Field(max_length=128)  # base64 of the 64-byte signature
    key_id: str | None = Field(default=None, max_length=32)


class OutboxItem(WireModel):
    """One outgoing item.

    ``content_hash`` is ``content_hash(request_content(...))`` of the request for a
    ``request`` item and ``content_hash(payload)`` for every other kind. Fields are checked
    item by item on the server (a bad item gets its own ``rejected`` receipt and does not
    spoil the batch), hence the loose types here.
    """

    id: str = Field(min_length=1, max_length=64, description="UUID chosen by the client")
    kind: str = Field(max_length=32, description="an OutboxKind value")
    content_hash: str = Field(max_length=64, description="SHA-256 hex")
    payload: dict[str, Any]
    signature: ItemSignature | None = None
    #: ``audit_batch`` only: the ids of events after the chain's first were left out
    #: (``compact_audit_events``); the server puts them back (``expand_audit_events``)
    #: before anything else looks at the item. Sent only to a server whose ``hello``
    #: lists ``derived_audit_ids``.
    derived_ids: StrictBool = False


class OutboxBatch(WireModel):
    """``POST /api/v1/outbox``."""

    items: list[OutboxItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class RequestContent(WireModel):
    """The ``content`` of a request payload: exactly :func:`request_content`'s fields."""

    request_type: str
    priority: str
    due_date: str | None = None
    recipients: list[str]
    subjects: list[dict[str, str]]
    body: str
    handling_code: str
    attachments: list[str] = Field(default_factory=list)


class RequestBody(WireModel):
    """``payload.request`` of a ``request`` item."""

    id: UuidStr
    office_code: str
    drafter_id: str
    drafter_username: str
    revision: int = 0
    hit_id: str | None = None
    content: RequestContent


class EmbeddedApproval(WireModel):
    """``payload.approval`` of a ``request`` item: the supervisor's signed approval.

    The signature (also sent as the item's ``signature``) covers
    ``signing_payload(item_id=<item id>, request_id=request.id, content_hash=content_hash,
    decision="approve", actor_id=approver_id, actor_username=approver_username, at=at)``.
    """

    approver_id: str
    approver_username: str
    content_hash: Sha256Hex
    at: str
    signature: str | None = None  # base64; the item-level signature wins if both are sent


class RequestPayload(WireModel):
    """Payload of a ``request`` item: the request and its approval travel together.

    The item's ``content_hash`` is ``content_hash(request_content(**request.content))``.
    """

    request: RequestBody
    approval: EmbeddedApproval | None = None  # absent: rejected ``approval_missing``


class SignedPayload(WireModel):
    """Fields every signed payload carries (they are what :func:`signing_payload` covers)."""

    request_id: UuidStr
    content_hash: Sha256Hex
    decision: str
    actor_id: str  # the author's user_id (from the login profile)
    actor_username: str
    at: str  # author's UTC timestamp, informative only


class DecisionPayload(SignedPayload):
    """Payload of an ``approval`` (decision ``approve``) or ``return`` (``return``) item."""

    decision: Literal["approve", "return"]
    reason: str | None = None  # required for a return


class WithdrawalPayload(SignedPayload):
    """Payload of a ``withdrawal`` item (decision ``withdraw``)."""

    decision: Literal["withdraw"]
    reason: str = Field(min_length=1)


class HitContent(WireModel):
    """What a hit asserts (hashed into the signed ``content_hash``)."""

    bulletin_id: UuidStr
    subject: dict[str, str]  # {"kind": person|vehicle|document, "ref": local id}
    explanation: str
    observed_at: str
    place: str | None = None


class HitPayload(SignedPayload):
    """Payload of a ``hit`` item: ``request_id`` is the bulletin's id, ``content_hash`` is
    ``content_hash(content)``."""

    decision: Literal["hit"]
    content: HitContent


class CaseNotePayload(WireModel):
    """Payload of a ``case_note`` item; the item id becomes the note's row id."""

    case_id: UuidStr
    author: str
    written_at: str
    text: str
    handling_code: str | None = None


class AuditBatchPayload(WireModel):
    """Payload of an ``audit_batch`` item: consecutive events of this device's chain.

    Each event is the dict the client hashed (``seq``, ``id``, ``at``, ``actor_id``,
    ``actor_name``, ``action``, ``target_type``, ``target_id``, ``details``). ``head`` must
    equal folding :func:`audit_chain_next` over ``events`` from ``prev_head``, and
    ``prev_head`` must equal the head of the device's previous accepted batch (any value
    for the device's first batch). The receipt anchors ``head``.
    """

    prev_head: Sha256Hex
    head: Sha256Hex
    events: list[dict[str, Any]] = Field(min_length=1)


class ReceiptStatus(StrEnum):
    """Outcome of one outbox item."""

    ACCEPTED = "accepted"  # applied once, has seq and server_time
    DUPLICATE = "duplicate"  # seen before with the same hash: the first receipt again
    CONFLICT = "conflict"  # seen before with another hash; nothing changed
    REJECTED = "rejected"  # permanent for this item, with a reason code
    RETRY = "retry"  # not recorded; send again later (code says why)


class Receipt(WireModel):
    """Receipt for one item.

    For ``duplicate`` every other field is copied from the first receipt and
    ``first_status`` says what it was (``accepted`` or ``rejected``).
    """

    id: str
    status: ReceiptStatus
    seq: int | None = None
    server_time: str | None = None
    code: str | None = None
    message: str | None = None
    first_status: ReceiptStatus | None = None


class OutboxResponse(Envelope):
    """Receipts in the order of the batch's items."""

    receipts: list[Receipt]
    server_time: str


class ReceiptLookup(Envelope):
    """``GET /api/v1/outbox/{item_id}``."""

    receipt: Receipt


# --------------------------------------------------------------------------------------
# Blobs
# --------------------------------------------------------------------------------------


class UploadState(Envelope):
    """Where a resumable upload stands (``GET /blobs/{sha}/upload`` and ``PATCH``)."""

    sha256: str
    offset: int
    length: int | None = None  # unknown until the first chunk (omitted on the wire)
    complete: bool
