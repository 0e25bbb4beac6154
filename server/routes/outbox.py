"""The outbox: batches of items from devices, and the receipt of an item sent before."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from sqlalchemy import select

from app.sync.protocol import (
    API_PREFIX,
    ErrorCode,
    OutboxBatch,
    OutboxResponse,
    ReceiptLookup,
)
from server import outbox
from server.errors import ApiError
from server.models import ItemRecord
from server.routes.common import (
    ERRORS,
    Auth,
    Bearer,
    State,
    caller_on,
    json_response,
    note_seen,
    now_text,
)

router = APIRouter()


@router.post(API_PREFIX + "/outbox", response_model=OutboxResponse, responses=ERRORS)
def push(batch: OutboxBatch, request: Request, credentials: Bearer, state: State) -> Response:
    """Apply a batch of outbox items idempotently; one receipt per item.

    The body (as read, and as decoded) may not exceed ``max_batch_bytes`` plus 64 KiB
    for the envelope: ``413 payload_too_large``.
    """
    # The caller is authenticated in the batch's own transaction: one pooled connection
    # and one worker-thread hop a push. The token lookup reads the device too (revoked:
    # ``device_revoked``), in this transaction, so the device is not read again.
    ctx = None
    try:
        with state.settings.db.write() as session:
            ctx = caller_on(session.connection(), credentials)
            if len(batch.items) > state.settings.limits.max_batch_items:
                raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "too many items in the batch")
            receipts = outbox.push_batch(session, ctx, state.blobs, batch.items)
    finally:
        if ctx is not None:
            note_seen(request, state, ctx)
    return json_response(OutboxResponse(receipts=receipts, server_time=now_text()))


@router.get(API_PREFIX + "/outbox/{item_id}", response_model=ReceiptLookup, responses=ERRORS)
def receipt(item_id: Annotated[str, PathParam(max_length=64)], ctx: Auth, state: State) -> Response:
    """The stored receipt of an item this device sent before."""
    with state.settings.db.read() as session:
        record = session.scalar(
            select(ItemRecord).where(
                ItemRecord.id == item_id, ItemRecord.device_id == ctx.device_id
            )
        )
        if record is None:
            raise ApiError(ErrorCode.NOT_FOUND, "no receipt for this item")
        return json_response(ReceiptLookup(receipt=outbox.stored_receipt(record)))
