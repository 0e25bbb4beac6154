"""The office work-in-progress journal as a LAN lane (``app.office.journal``).

The journal defines everything: what an entry is, the version vector that says what a PC
holds, idempotent all-or-nothing application and the conflict rules. This lane only
carries it: the cursor is the asking PC's version vector, a page is the entries the
serving PC holds that the vector lacks (a gap-free prefix per device, so a page cut short
is still applicable), and applying a page is :func:`apply_entries` (one transaction; the
vector moves with the entries it stores). The journal refuses entries of another office
whoever relays them.
"""

from __future__ import annotations

import json
from typing import Any

from app.context import Desk
from app.peer.lanes import LaneApplied, LaneBatch

#: Most entries one page carries (pages are also bounded in bytes).
MAX_PAGE_ENTRIES = 500
#: Most devices a version vector may name (a hostile cursor is refused, not looped over).
MAX_VECTOR_DEVICES = 10_000


def available() -> bool:
    """True when this build has the office journal."""
    try:
        import app.office.journal  # noqa: F401
    except ImportError:
        return False
    return True


def _vector(cursor: Any) -> dict[str, int]:
    if not isinstance(cursor, dict) or len(cursor) > MAX_VECTOR_DEVICES:
        raise ValueError("not a version vector")
    out: dict[str, int] = {}
    for device, counter in cursor.items():
        if not isinstance(device, str) or len(device) > 64:
            raise ValueError("not a version vector")
        if isinstance(counter, bool) or not isinstance(counter, int) or counter < 0:
            raise ValueError("not a version vector")
        out[device] = counter
    return out


class JournalLane:
    """Office journal entries (drafts shared, submissions, approvals, returns, ...)."""

    name = "journal"

    def cursor(self, desk: Desk) -> Any:
        """This PC's version vector."""
        from app.office.journal import version_vector

        return version_vector(desk.store)

    def since(self, desk: Desk, cursor: Any, max_bytes: int) -> LaneBatch:
        """Entries the asking PC's vector lacks, up to ``max_bytes`` of JSON."""
        from app.office.journal import local_entries_since

        vector = _vector(cursor)
        entries = local_entries_since(desk.store, vector, limit=MAX_PAGE_ENTRIES + 1)
        rows: list[dict[str, Any]] = []
        budget = max_bytes
        for entry in entries[:MAX_PAGE_ENTRIES]:
            wire = entry.to_wire()
            budget -= len(json.dumps(wire, ensure_ascii=False))
            if rows and budget < 0:
                break
            rows.append(wire)
        more = len(rows) < len(entries)
        # The vector after these entries: what the asker will hold once it applies them.
        after = dict(vector)
        for wire in rows:
            device, counter = str(wire.get("device_id", "")), int(wire.get("counter", 0))
            after[device] = max(after.get(device, 0), counter)
        return LaneBatch(rows, after, more)

    def apply(self, desk: Desk, batch: LaneBatch) -> LaneApplied:
        """Apply the entries (the journal checks them all, then stores them or none)."""
        from app.office.journal import OfficeJournalError, apply_entries

        if not all(isinstance(r, dict) for r in batch.rows):
            raise ValueError("not a journal page")
        try:
            result = apply_entries(desk.store, batch.rows)
        except OfficeJournalError as err:
            raise ValueError(f"{err.code}: {err}") from err
        return LaneApplied(len(batch.rows), result.applied, extra={"requests": result.requests})
