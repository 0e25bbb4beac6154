"""The office journal through the regional server: one small step of each sync cycle.

Runs on the sync worker thread, after the outbox push (so the receipts it just recorded
travel in the same cycle). First the office's entries this PC lacks come down (the answer
also carries the server's own vector), then the entries the server lacks go up, this PC's
and those it learned from its neighbours over the LAN alike. Both directions are
idempotent by entry id, so a cut at any point is repaired by the next cycle.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from app.context import Desk
from app.office import journal
from app.store.db import Store
from app.store.meta import get_meta, set_meta
from app.sync.client import SyncFailure, Transport
from app.sync.protocol import ErrorClass
from app.sync.protocol.office import MAX_OFFICE_ENTRIES, OfficeEntriesPage, OfficeEntriesStored

log = logging.getLogger(__name__)

#: Pages per direction per cycle: a backlog larger than this continues next cycle.
MAX_PAGES = 20
PAGE_ENTRIES = min(journal.BATCH_ENTRIES, MAX_OFFICE_ENTRIES)
#: How often an otherwise idle cycle asks the server for the office's new entries. An idle
#: cycle must stay one request (docs/sync-engine.md), so the office's entries are asked
#: for only this often, or when this PC has entries the server lacks. The office LAN path
#: carries work in progress within seconds; this path is the fallback.
POLL_SECONDS = 900.0
#: Bytes of entries per POST: well inside the server's batch limit (1 MiB by default).
POST_BYTES = 256 * 1024
#: What this PC knows the server holds (its vector), and when it last asked (Unix time).
META_SERVER_VECTOR = "office.server_vector"
META_POLLED_AT = "office.polled_at"
#: How many other devices of the office the server last said could receive entries ("":
#: the server did not say). With none, entries wait on this PC until a poll finds one.
META_NEIGHBOURS = "office.neighbours"


class _Engine(Protocol):
    desk: Desk

    def transport(self) -> Transport: ...


@dataclass
class OfficeExchange:
    """What one exchange moved."""

    received: int = 0
    sent: int = 0
    refused: str | None = None


def known_server_total(store: Store) -> int:
    """How many entries this PC knows the server's office journal holds (the sum of the
    server's version vector: each device's counters are gap-free). ``GET /news`` carries
    it so the server can say when the journal grew."""
    with store.read() as s:
        return sum(_load_vector(get_meta(s, META_SERVER_VECTOR)).values())


def mark_polled(store: Store, *, due: bool = False) -> None:
    """Remember that the server's office journal holds nothing this PC lacks (as of now):
    the next exchange waits for :data:`POLL_SECONDS`, unless this PC has entries to send
    or ``/news`` says the journal grew. ``due``: it holds entries this PC lacks, so the
    next exchange asks at once."""
    with store.write() as s:
        set_meta(s, META_POLLED_AT, "0" if due else str(time.time()))


def exchange_office_journal(engine: _Engine, *, force: bool = False) -> OfficeExchange:
    """Bring this PC's office journal and the server's level, both ways (``force``: even
    when nothing is unsent and the last poll is recent: ``/news`` said the journal grew).

    Raises:
        SyncFailure: transient, auth or fatal failures (the cycle handles them). A server
            that refuses the exchange itself (an old server without the route, a batch it
            will not take) is logged and the rest of the cycle goes on.
    """
    store = engine.desk.store
    done = OfficeExchange()
    with store.read() as s:
        server_vector = _load_vector(get_meta(s, META_SERVER_VECTOR))
        polled_at = _load_time(get_meta(s, META_POLLED_AT))
        neighbours = _load_count(get_meta(s, META_NEIGHBOURS))
    local = journal.version_vector(store)
    unsent = any(top > server_vector.get(d, 0) for d, top in local.items())
    recent = 0 <= time.time() - polled_at < POLL_SECONDS
    # The only PC of its office keeps its entries (nobody to carry them to) until a poll
    # finds a neighbour: a one-PC office does not pay for the journal on its link.
    if not force and recent and (not unsent or neighbours == 0):
        return done
    t = engine.transport()
    try:
        for _ in range(MAX_PAGES):
            page = t.call(
                "POST",
                "/office/entries/since",
                OfficeEntriesPage,
                json_body={"vector": journal.version_vector(store), "limit": PAGE_ENTRIES},
                compress=True,
            )
            server_vector = page.vector
            neighbours = page.neighbours
            if page.entries:
                wire = [e.model_dump() for e in page.entries]
                done.received += journal.apply_entries(store, wire).applied
            if not page.more:
                break
        for _ in range(MAX_PAGES if neighbours != 0 else 0):
            entries = _within(journal.local_entries_since(store, server_vector, limit=PAGE_ENTRIES))
            if not entries:
                break
            t.call(
                "POST",
                "/office/entries",
                OfficeEntriesStored,
                json_body={"entries": [e.to_wire() for e in entries]},
                compress=True,
            )
            done.sent += len(entries)
            for e in entries:
                server_vector[e.device_id] = max(server_vector.get(e.device_id, 0), e.counter)
        with store.write() as s:
            set_meta(s, META_SERVER_VECTOR, json.dumps(server_vector, sort_keys=True))
            set_meta(s, META_POLLED_AT, str(time.time()))
            set_meta(s, META_NEIGHBOURS, "" if neighbours is None else str(neighbours))
    except journal.OfficeJournalError as exc:
        # The server handed entries this PC will not take (another office's, a reused id):
        # nothing of that page was applied; say so in the log and go on with the cycle.
        log.warning("office journal entries refused: %s", exc.params.get("detail", "-"))
        done.refused = exc.code
    except SyncFailure as exc:
        if exc.klass not in (ErrorClass.REQUEST, ErrorClass.ITEM):
            raise
        log.warning("office journal exchange refused by the server: %s", exc.server_code)
        done.refused = exc.server_code or exc.code
    return done


def _load_vector(text: str | None) -> dict[str, int]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, int) and v > 0}


def _load_count(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _load_time(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


def _within(entries: list[journal.Entry]) -> list[journal.Entry]:
    """The longest prefix of ``entries`` within :data:`POST_BYTES` (at least one entry).

    A prefix of the (device, counter) order keeps every device's counters gap-free.
    """
    out: list[journal.Entry] = []
    size = 0
    for e in entries:
        size += len(json.dumps(e.to_wire(), ensure_ascii=False).encode())
        if out and size > POST_BYTES:
            break
        out.append(e)
    return out
