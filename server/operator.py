"""What the regional operator does: publish and cancel bulletins, post replies.

Used by the CLI, the seeder and demo mode; every function runs inside the caller's write
transaction and publishes its effects into the change feed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.protocol import (
    BulletinData,
    CaseData,
    Lane,
    MediaData,
    RequestStatus,
    RowType,
    format_timestamp,
)
from server import blobs, feed
from server.models import FeedRow, OutgoingRequest


def now_text() -> str:
    """Protocol timestamp of now."""
    return format_timestamp(datetime.now(UTC))


def publish_bulletin(
    session: Session,
    data: dict[str, Any],
    bulletin_id: str | None = None,
    *,
    new: bool = False,
    seq: int | None = None,
) -> str:
    """Publish (or replace) a regional bulletin; urgent ones go to lane 1.

    ``new=True`` promises ``bulletin_id`` was never published and ``seq`` passes a number
    reserved with :func:`server.feed.allocate_seq` (both for bulk loading).

    Raises:
        pydantic.ValidationError: ``data`` is not a valid bulletin.
    """
    model = BulletinData.model_validate(data)
    new = new or bulletin_id is None
    bulletin_id = bulletin_id or str(uuid.uuid4())
    lane = Lane.OUTCOMES if model.u else Lane.ORDINARY
    feed.publish(
        session,
        row_type=RowType.BULLETIN,
        row_id=bulletin_id,
        lane=int(lane),
        scope=feed.REGIONAL,
        data=model.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True),
        new=new,
        seq=seq,
    )
    return bulletin_id


def cancel_bulletin(session: Session, bulletin_id: str, reason: str) -> bool:
    """Cancel a bulletin and its media (tombstones in lane 0); False if unknown."""
    row = session.get(FeedRow, (RowType.BULLETIN.value, bulletin_id))
    if row is None:
        return False
    at = now_text()
    if not row.tombstone:
        feed.tombstone(session, row, reason, at)
    media = session.scalars(select(FeedRow).where(FeedRow.owner == f"b:{bulletin_id}"))
    for item in list(media):
        if not item.tombstone:
            feed.tombstone(session, item, reason, at)
    return True


def publish_case(session: Session, data: dict[str, Any], case_id: str | None = None) -> str:
    """Publish (or replace) a case; it is visible to its office only."""
    model = CaseData.model_validate(data)
    new = case_id is None
    case_id = case_id or str(uuid.uuid4())
    feed.publish(
        session,
        new=new,
        row_type=RowType.CASE,
        row_id=case_id,
        lane=int(Lane.ORDINARY),
        scope=model.of,
        data=model.model_dump(exclude_none=True),
    )
    return case_id


def publish_case_note(
    session: Session,
    *,
    case_id: str,
    office: str,
    author: str,
    written_at: str,
    text: str,
    handling_code: str | None,
    note_id: str | None = None,
    seq: int | None = None,
) -> str:
    """Append a note to a case (lane 2, the case's office)."""
    new = note_id is None
    note_id = note_id or str(uuid.uuid4())
    data: dict[str, Any] = {"c": case_id, "by": author, "at": written_at, "tx": text}
    if handling_code:
        data["hc"] = handling_code
    feed.publish(
        session,
        row_type=RowType.CASE_NOTE,
        row_id=note_id,
        lane=int(Lane.ORDINARY),
        scope=office,
        data=data,
        owner=f"c:{case_id}",
        seq=seq,
        new=new,
    )
    return note_id


def publish_media(session: Session, owner_type: str, owner_id: str, media: MediaData) -> str:
    """Publish a photo's metadata and thumbnail in lane 3 (regional for bulletins)."""
    media_id = str(uuid.uuid4())
    scope = feed.REGIONAL
    if owner_type == RowType.CASE:
        owner = session.get(FeedRow, (RowType.CASE.value, owner_id))
        scope = owner.scope if owner is not None else feed.REGIONAL
    feed.publish(
        session,
        row_type=RowType.MEDIA,
        row_id=media_id,
        lane=int(Lane.THUMBNAILS),
        scope=scope,
        data=media.model_dump(exclude_none=True),
        owner=f"{owner_type}:{owner_id}",
        new=True,
    )
    for sha in (media.sha, media.th):
        blobs.grant(session, sha, scope)
    return media_id


def set_request_status(
    session: Session,
    request: OutgoingRequest,
    status: RequestStatus,
    *,
    seq: int | None = None,
    ref: str | None = None,
    code: str | None = None,
    message: str | None = None,
    first: bool = False,
) -> int:
    """Move a request to ``status`` and publish its status row (lane 0 if withdrawn).

    ``first``: the request has just been received, so it has no status row yet (the row
    is not looked up)."""
    at = now_text()
    request.status = status.value
    request.updated_at = datetime.now(UTC)
    data: dict[str, Any] = {"st": status.value, "at": at}
    for key, value in (("ref", ref), ("code", code), ("msg", message)):
        if value:
            data[key] = value
    previous = None if first else session.get(FeedRow, (RowType.REQUEST_STATUS.value, request.id))
    if ref is None and previous is not None:
        old_ref = feed.load_data(previous).get("ref")
        if old_ref:
            data["ref"] = old_ref
    lane = Lane.REVOCATIONS if status == RequestStatus.WITHDRAWN else Lane.OUTCOMES
    return feed.publish(
        session,
        row_type=RowType.REQUEST_STATUS,
        row_id=request.id,
        lane=int(lane),
        scope=request.office,
        data=data,
        seq=seq,
        # Looked up just above: a missing row is not looked up a second time.
        new=previous is None,
        single=first,
    )


def acknowledge_request(session: Session, request_id: str, ref: str) -> bool:
    """Mark a received request acknowledged by its recipient; False if not applicable."""
    request = session.get(OutgoingRequest, request_id)
    if request is None or request.status != RequestStatus.RECEIVED:
        return False
    set_request_status(session, request, RequestStatus.ACKNOWLEDGED, ref=ref)
    return True


def post_reply(
    session: Session,
    request_id: str,
    body: str,
    *,
    sender: str = "Regional coordination centre",
    handling_code: str = "RESTRICTED",
    attachments: list[str] | None = None,
) -> str:
    """Post a reply to a request (lane 1) and mark the request answered.

    Raises:
        LookupError: no such request, or it was withdrawn.
    """
    request = session.get(OutgoingRequest, request_id)
    if request is None or request.content is None:
        raise LookupError(f"no request {request_id}")
    if request.status == RequestStatus.WITHDRAWN:
        raise LookupError(f"request {request_id} was withdrawn")
    reply_id = str(uuid.uuid4())
    data: dict[str, Any] = {
        "rq": request_id,
        "fr": sender,
        "at": now_text(),
        "tx": body,
        "hc": handling_code,
    }
    if attachments:
        data["att"] = attachments
        for sha in attachments:
            blobs.grant(session, sha, request.office)
    feed.publish(
        session,
        row_type=RowType.REPLY,
        row_id=reply_id,
        lane=int(Lane.OUTCOMES),
        scope=request.office,
        data=data,
        owner=f"q:{request_id}",
        new=True,
    )
    set_request_status(session, request, RequestStatus.ANSWERED)
    return reply_id
