"""Office journals: work in progress that the PCs of one office share through the server.

The server is a store-and-forward relay: it keeps each office's entries as received, makes
sure no entry of another office gets in or out, and keeps each device's counters
gap-free so that a version vector says exactly what a PC holds (docs/office-exchange.md).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.orm import Session

from app.sync.protocol import ErrorCode, OfficeEntry
from server.errors import ApiError
from server.models import Device, FeedCounter, OfficeJournalEntry


def store_entries(session: Session, office: str, entries: list[OfficeEntry]) -> tuple[int, int]:
    """Store entries of ``office``; (stored, duplicates). All or nothing (caller's transaction).

    Raises:
        ApiError: ``forbidden`` for an entry of another office; ``payload_invalid`` for an
            id or (device, counter) reused with other content, or a gap in a device's
            counters.
    """
    stored = duplicates = 0
    devices: set[str] = set()
    for e in entries:
        if e.office != office:
            raise ApiError(ErrorCode.FORBIDDEN, "entry of another office")
        old = session.scalar(
            select(OfficeJournalEntry).where(
                OfficeJournalEntry.office == office, OfficeJournalEntry.entry_id == e.id
            )
        )
        if old is not None:
            if (old.device_id, old.counter) != (e.device_id, e.counter):
                raise ApiError(ErrorCode.PAYLOAD_INVALID, "entry id reused")
            duplicates += 1
            continue
        clash = session.scalar(
            select(OfficeJournalEntry.id).where(
                OfficeJournalEntry.office == office,
                OfficeJournalEntry.device_id == e.device_id,
                OfficeJournalEntry.counter == e.counter,
            )
        )
        if clash is not None:
            raise ApiError(ErrorCode.PAYLOAD_INVALID, "entry counter reused")
        session.add(
            OfficeJournalEntry(
                office=office,
                entry_id=e.id,
                device_id=e.device_id,
                counter=e.counter,
                body=e.model_dump_json(),
                received_at=datetime.now(UTC),
            )
        )
        session.flush()
        devices.add(e.device_id)
        stored += 1
    for device in devices:
        count, top = session.execute(
            select(func.count(OfficeJournalEntry.id), func.max(OfficeJournalEntry.counter)).where(
                OfficeJournalEntry.office == office, OfficeJournalEntry.device_id == device
            )
        ).one()
        if top != count:
            raise ApiError(ErrorCode.PAYLOAD_INVALID, "gap in a device's counters")
    if stored:
        # Move the feed counter (a number without a feed row, like an outbox item's): the
        # held ``/news`` calls of every worker see it within a poll and tell the office's
        # PCs that the journal grew, so work in progress crosses in seconds, not minutes.
        session.execute(
            update(FeedCounter).where(FeedCounter.id == 1).values(seq=FeedCounter.seq + 1)
        )
    return stored, duplicates


def neighbours(session: Session, office: str, device_id: str) -> int:
    """Enrolled devices of ``office`` other than ``device_id`` that are not revoked."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Device)
            .where(
                Device.office == office,
                Device.id != device_id,
                Device.revoked_at.is_(None),
            )
        )
        or 0
    )


def journal_total_query(office: str | ColumnElement[str]) -> Select[int]:
    """The statement of :func:`journal_total` (to be combined with others in one)."""
    return select(func.count(OfficeJournalEntry.id)).where(OfficeJournalEntry.office == office)


def journal_total(session: Session, office: str) -> int:
    """How many entries the office's journal holds (a PC's sum of the server's vector)."""
    return int(session.scalar(journal_total_query(office)) or 0)


def entries_since(
    session: Session, office: str, vector: dict[str, int], limit: int
) -> tuple[list[OfficeEntry], bool, dict[str, int]]:
    """Entries of ``office`` that ``vector`` lacks, by (device_id, counter); whether more
    remain after ``limit``; and the server's own vector for the office."""
    tops = session.execute(
        select(OfficeJournalEntry.device_id, func.max(OfficeJournalEntry.counter))
        .where(OfficeJournalEntry.office == office)
        .group_by(OfficeJournalEntry.device_id)
        .order_by(OfficeJournalEntry.device_id)
    ).all()
    out: list[OfficeEntry] = []
    more = False
    mine = {str(device): int(top) for device, top in tops}
    for device, top in tops:
        have = vector.get(device, 0)
        if top <= have:
            continue
        room = limit - len(out)
        if room <= 0:
            more = True
            break
        rows = session.scalars(
            select(OfficeJournalEntry.body)
            .where(
                OfficeJournalEntry.office == office,
                OfficeJournalEntry.device_id == device,
                OfficeJournalEntry.counter > have,
            )
            .order_by(OfficeJournalEntry.counter)
            .limit(room + 1)
        ).all()
        if len(rows) > room:
            rows, more = rows[:room], True
        out.extend(OfficeEntry.model_validate(json.loads(b)) for b in rows)
        if more:
            break
    return out, more, mine
