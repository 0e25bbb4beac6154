"""Pipelined LAN pages: the next page is fetched while one is applied, and never misused.

Real mutual TLS on loopback between two encrypted stores certified by a real device
authority; the lanes are small in-memory lanes that record what each side did, so the
tests can see which cursor every page was asked with and when.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.context import Desk
from app.peer.identity import DeviceIdentity
from app.peer.lanes import LaneApplied, LaneBatch
from app.peer.transport import BAD_REPLY, PeerError, PeerServer, exchange
from server.devicecert import DeviceAuthority
from tests.integration.test_peer_hostile import certified

pytestmark = pytest.mark.timeout(120)

PAGES = 6


class Journal:
    """What both ends of a counting lane did, in order (one process, two threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.asked: list[int] = []  # cursors the serving side was asked with
        self.applied: list[int] = []  # the cursor each applied page was asked with
        self.applied_when_asked: list[int] = []  # pages applied when each ask arrived


class CountingLane:
    """Page ``k`` answers cursor ``k`` with one row and cursor ``k + 1``; more up to
    :data:`PAGES`. The asking side keeps its position in memory; ``skip`` makes it move one
    further than the page says (as if another sync had moved the cursor meanwhile)."""

    name = "counting"

    def __init__(self, journal: Journal, *, skip: bool = False, bad_at: int = -1) -> None:
        self.journal = journal
        self.skip = skip
        self.bad_at = bad_at
        self.position = 0
        self.hold: threading.Event | None = None  # serving side: stall the second page

    def cursor(self, desk: Desk) -> Any:
        return self.position

    def since(self, desk: Desk, cursor: Any, max_bytes: int) -> LaneBatch:
        k = int(cursor)
        with self.journal.lock:
            self.journal.asked.append(k)
            self.journal.applied_when_asked.append(len(self.journal.applied))
        if self.hold is not None and k > 0:
            self.hold.wait(60)
        return LaneBatch([{"asked": k}] if k < PAGES else [], k + 1, k + 1 < PAGES)

    def apply(self, desk: Desk, batch: LaneBatch) -> LaneApplied:
        if not batch.rows:
            self.position = int(batch.cursor)
            return LaneApplied(0, 0)
        asked = batch.rows[0]["asked"]
        if asked == self.bad_at:
            # Fail only once the next page is in flight.
            deadline = time.monotonic() + 10
            while len(self.journal.asked) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            raise ValueError("not a counting page")
        # Without pipelining every page answers the asking PC's own cursor: so must this.
        assert asked == self.position
        time.sleep(0.05)  # applying takes a while, so the next page is in flight
        with self.journal.lock:
            self.journal.applied.append(asked)
        self.position = int(batch.cursor) + (1 if self.skip else 0)
        return LaneApplied(1, 1)


@pytest.fixture
def pcs(tmp_path: Path) -> Iterator[tuple[Desk, DeviceIdentity, Desk, DeviceIdentity]]:
    authority = DeviceAuthority.create()
    a = certified(tmp_path, "pc1", authority)
    b = certified(tmp_path, "pc2", authority)
    yield (*a, *b)
    a[0].close()
    b[0].close()


def _serve(desk: Desk, identity: DeviceIdentity, lane: CountingLane) -> PeerServer:
    return PeerServer(desk, identity, [lane], host="127.0.0.1").start()


def test_pages_are_fetched_one_ahead_and_each_answers_the_asking_pcs_cursor(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity],
) -> None:
    server_desk, server_id, desk, identity = pcs
    journal = Journal()
    server = _serve(server_desk, server_id, CountingLane(journal))
    try:
        result = exchange(desk, identity, f"127.0.0.1:{server.port}", [CountingLane(journal)])
    finally:
        server.close()
    assert result.pages == PAGES and result.applied == PAGES
    assert journal.applied == list(range(PAGES))
    # Every page asked for once, none dropped; page k is asked for while page k - 1 is
    # being applied (pipelined), never earlier (at most two pages held at once).
    assert journal.asked == list(range(PAGES))
    when = journal.applied_when_asked
    assert all(done >= k - 1 for k, done in enumerate(when)), when
    assert any(done == k - 1 for k, done in enumerate(when) if k > 0), when


def test_a_page_fetched_for_a_cursor_the_pc_no_longer_has_is_dropped(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity],
) -> None:
    server_desk, server_id, desk, identity = pcs
    journal = Journal()
    server = _serve(server_desk, server_id, CountingLane(journal))
    try:
        result = exchange(
            desk, identity, f"127.0.0.1:{server.port}", [CountingLane(journal, skip=True)]
        )
    finally:
        server.close()
    # The asking PC moves two a page: pages 0, 2, 4 are applied (each asked with the
    # PC's own cursor, which CountingLane.apply asserts), then an empty page for cursor
    # 6; 1, 3, 5 were fetched ahead (or cut on the way) and dropped unapplied.
    assert journal.applied == [0, 2, 4]
    assert result.pages == 4 and result.applied == 3
    assert {0, 2, 4, 6} <= set(journal.asked) <= set(range(PAGES + 1))


def test_a_bad_page_with_the_next_in_flight_fails_at_once_and_applies_nothing(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity],
) -> None:
    server_desk, server_id, desk, identity = pcs
    journal = Journal()
    serving = CountingLane(journal)
    serving.hold = threading.Event()  # the next page never comes until the test ends
    server = _serve(server_desk, server_id, serving)
    started = time.monotonic()
    try:
        with pytest.raises(PeerError) as err:
            exchange(desk, identity, f"127.0.0.1:{server.port}", [CountingLane(journal, bad_at=0)])
        seconds = time.monotonic() - started
    finally:
        serving.hold.set()
        server.close()
    assert err.value.code == BAD_REPLY
    assert journal.applied == []
    # The page in flight was asked for, then cut: no wait for the read deadline (30 s).
    assert journal.asked == [0, 1]
    assert seconds < 10


def test_a_cancelled_exchange_stops_after_the_page_being_applied(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity],
) -> None:
    server_desk, server_id, desk, identity = pcs
    journal = Journal()
    server = _serve(server_desk, server_id, CountingLane(journal))
    try:
        result = exchange(
            desk,
            identity,
            f"127.0.0.1:{server.port}",
            [CountingLane(journal)],
            cancelled=lambda: len(journal.applied) >= 2,
        )
    finally:
        server.close()
    assert journal.applied == [0, 1] and result.pages == 2
    assert len(journal.asked) <= 3  # at most the one page fetched ahead
