"""What an operator of a whole region asks about offices: devices, codes, waiting work.

Every function runs inside the caller's transaction and returns plain data (the CLI
prints it as a table or as JSON); nothing here reads or prints the content of an item.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.sync.protocol import ReceiptStatus, RequestStatus, format_timestamp
from server import accounts
from server.models import Device, DeviceSeen, EnrolmentCode, ItemRecord, OutgoingRequest

#: Requests still waiting for the regional side (an answer or an acknowledgement).
OPEN_REQUESTS = (RequestStatus.RECEIVED.value, RequestStatus.ACKNOWLEDGED.value)
#: Receipts that left an item not applied: waiting (retry) or quarantined on the device.
NOT_APPLIED = (
    ReceiptStatus.RETRY.value,
    ReceiptStatus.REJECTED.value,
    ReceiptStatus.CONFLICT.value,
)


def _when(moment: datetime | None) -> str | None:
    return format_timestamp(accounts.aware(moment)) if moment is not None else None


@dataclass(frozen=True)
class DeviceInfo:
    """One enrolled device as the operator sees it."""

    device_id: str
    name: str
    platform: str
    client_version: str
    enrolled_at: str | None
    last_seen: str | None
    revoked: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON)."""
        return asdict(self)


def list_devices(session: Session, office: str) -> list[DeviceInfo]:
    """The devices of ``office``, most recently seen first (never seen last)."""
    rows = session.execute(
        select(Device, DeviceSeen)
        .outerjoin(DeviceSeen, DeviceSeen.device_id == Device.id)
        .where(Device.office == office)
    ).all()
    found = [
        DeviceInfo(
            device_id=device.id,
            name=device.name,
            platform=device.platform,
            client_version=(seen.client_version if seen and seen.client_version else "")
            or device.client_version,
            enrolled_at=_when(device.enrolled_at),
            last_seen=_when(seen.last_seen) if seen else None,
            revoked=device.revoked_at is not None,
        )
        for device, seen in rows
    ]
    return sorted(found, key=lambda d: d.last_seen or "", reverse=True)


def rotate_enrolment_code(session: Session, office: str, ttl: timedelta) -> tuple[str, int]:
    """Void every unused code of ``office`` and issue a new one; return it and how many
    codes were voided."""
    now = accounts.utcnow()
    result = session.execute(
        update(EnrolmentCode)
        .where(EnrolmentCode.office == office, EnrolmentCode.used_at.is_(None))
        .where(EnrolmentCode.expires_at > now)
        .values(expires_at=now)
    )
    voided = int(getattr(result, "rowcount", 0) or 0)
    return accounts.issue_enrolment_code(session, office, ttl), voided


@dataclass(frozen=True)
class WaitingWork:
    """What of one office is waiting: open requests and items not applied."""

    open_requests: list[dict[str, Any]]
    items_not_applied: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON)."""
        return asdict(self)


def waiting_work(session: Session, office: str) -> WaitingWork:
    """Requests of ``office`` waiting for the region, and items answered retry/rejected."""
    requests = [
        {"request_id": r.id, "status": r.status, "received_at": _when(r.received_at)}
        for r in session.scalars(
            select(OutgoingRequest)
            .where(OutgoingRequest.office == office, OutgoingRequest.status.in_(OPEN_REQUESTS))
            .order_by(OutgoingRequest.updated_at)
        )
    ]
    items = [
        {
            "item_id": record.id,
            "kind": record.kind,
            "device_id": record.device_id,
            "status": record.status,
            "code": record.code,
            "server_time": record.server_time,
        }
        for record in session.scalars(
            select(ItemRecord)
            .join(Device, Device.id == ItemRecord.device_id)
            .where(Device.office == office, ItemRecord.status.in_(NOT_APPLIED))
            .order_by(ItemRecord.server_time)
        )
    ]
    return WaitingWork(open_requests=requests, items_not_applied=items)
