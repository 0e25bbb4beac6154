"""Counts of cached data and pending work (``district-desk status``, the UI's status bar)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.store.meta import META_DEVICE_ID, META_LAST_SYNC, META_OFFICE, META_SERVER_URL
from app.store.models import (
    Bulletin,
    Case,
    Meta,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    Reply,
)

if TYPE_CHECKING:
    from app.context import Desk


def collect_status(desk: Desk) -> dict[str, Any]:
    """A plain dict, safe to print: counts and times, never content."""
    with desk.store.read() as s:
        by_state = dict(
            s.execute(
                select(OutgoingRequest.state, func.count()).group_by(OutgoingRequest.state)
            ).all()
        )
        outbox = dict(
            s.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
        )
        meta = {m.key: m.value for m in s.scalars(select(Meta)).all()}
        return {
            "data_dir": str(desk.paths.data_dir),
            "server_url": desk.site.server_url or meta.get(META_SERVER_URL, ""),
            "office_code": desk.site.office_code or meta.get(META_OFFICE, ""),
            "enrolled": bool(meta.get(META_DEVICE_ID)),
            "bulletins": s.scalar(
                select(func.count()).select_from(Bulletin).where(Bulletin.deleted.is_(False))
            )
            or 0,
            "bulletins_cancelled": s.scalar(
                select(func.count()).select_from(Bulletin).where(Bulletin.cancelled.is_(True))
            )
            or 0,
            "cases": s.scalar(select(func.count()).select_from(Case)) or 0,
            "replies_unread": s.scalar(
                select(func.count()).select_from(Reply).where(Reply.read.is_(False))
            )
            or 0,
            "requests": {str(k): v for k, v in sorted(by_state.items())},
            "outbox_pending": outbox.get(OutboxState.PENDING, 0)
            + outbox.get(OutboxState.SENDING, 0),
            "outbox_carried": outbox.get(OutboxState.CARRIED, 0),
            "outbox_quarantined": outbox.get(OutboxState.QUARANTINED, 0),
            "last_sync": meta.get(META_LAST_SYNC),
        }
