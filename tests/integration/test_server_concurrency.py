"""The regional server on PostgreSQL with several worker processes, under concurrent load.

Four ``serve`` workers share one socket; 24 devices in 4 offices pull and push at once
while two publisher processes publish, replace and cancel bulletins. Every device must end
with exactly the server's rows (nothing skipped, nothing twice), lane sums equal to the
server's without any repair, and every item applied once however often it was re-sent.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

from app.sync.protocol import LANES, row_checksum
from server.models import FeedRow, ItemRecord, OutgoingRequest
from tests.helpers import pg_cluster
from tests.helpers.server_fixture import PG_ENV, REPO, RunningServer, ServerFactory
from tests.integration.conftest import (
    Office,
    ProtocolClient,
    make_office,
    request_item,
)

pg_base_url = pg_cluster.pg_base_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.timeout(300)]

OFFICES = 4
DEVICES_PER_OFFICE = 6
RUN_SECONDS = 12.0

#: A publisher: its own process and connection, publishing, replacing and cancelling
#: bulletins in small transactions (as the operator CLI and a feed importer do).
PUBLISHER = """
import random, sys, time, uuid
from server.db import open_database
from server import operator
db = open_database(sys.argv[1], create=False)
rng = random.Random(int(sys.argv[3]))
until = time.monotonic() + float(sys.argv[2])
mine, count = [], 0
base = {"rf": "R", "hc": "law_enforcement", "is": "RCC", "dt": "2025-01-01"}
while time.monotonic() < until:
    with db.write() as s:
        roll = rng.random()
        if mine and roll < 0.15:
            operator.cancel_bulletin(s, mine.pop(rng.randrange(len(mine))), "cancelled")
        elif mine and roll < 0.35:
            bid = mine[rng.randrange(len(mine))]
            operator.publish_bulletin(s, dict(base, k="red", ti="v%d" % count), bid)
        else:
            bid = str(uuid.uuid4())
            data = dict(base, k="yellow", ti="n%d" % count, u=1 if roll > 0.9 else 0)
            operator.publish_bulletin(s, data, bid)
            mine.append(bid)
        if rng.random() < 0.3:
            time.sleep(0.002)  # hold the counter row a little, as a slow publisher would
    count += 1
print(count)
"""


@dataclass
class Device:
    """One simulated PC: its client, the rows it holds and what it saw."""

    client: ProtocolClient
    office: Office
    cursor: str = "0"
    rows: dict[tuple[str, str], tuple[int, int, bool]] = field(default_factory=dict)
    received: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    receipts: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    last_page: dict[str, Any] = field(default_factory=dict)

    def pull(self) -> None:
        """Pull every page after the cursor, checking the order of what arrives."""
        while True:
            response = self.client.call(
                "GET", "/changes", params={"after": self.cursor, "integrity": 1}
            )
            assert response.status_code == 200, response.text
            page = response.json()
            before = [int(p) for p in self.cursor.split(".")] if self.cursor != "0" else None
            for row in page["rows"]:
                lane, seq = row["l"], row["s"]
                if before is not None and seq <= before[lane]:
                    self.errors.append(f"row {seq} at or before cursor {before[lane]}")
                key = (row["t"], row["i"])
                self.received[(row["t"], row["i"], seq)] += 1
                held = self.rows.get(key)
                if held is None or held[0] < seq:
                    self.rows[key] = (seq, lane, bool(row.get("x")))
            self.cursor = page["next_cursor"]
            self.last_page = page
            if not page["has_more"]:
                return

    def push(self, item: dict[str, Any]) -> None:
        """Push one item (again, if it was sent before) and keep its first receipt."""
        [receipt] = self.client.push(item)
        first = self.receipts.setdefault(item["id"], receipt)
        self.sent[item["id"]] = item
        if receipt is not first:
            if receipt["status"] != "duplicate" or receipt.get("seq") != first.get("seq"):
                self.errors.append(f"re-sent item answered {receipt}, first {first}")

    def lane_sums(self) -> dict[int, tuple[int, str]]:
        """Count and XOR checksum of the live rows held, per lane."""
        sums = {lane: (0, 0) for lane in LANES}
        for (t, i), (seq, lane, tomb) in self.rows.items():
            if not tomb:
                count, acc = sums[lane]
                sums[lane] = (count + 1, acc ^ row_checksum(t, i, seq))
        return {lane: (count, f"{acc:016x}") for lane, (count, acc) in sums.items()}


def _device_loop(device: Device, until: float, seed: int) -> None:
    step = 0
    try:
        while time.monotonic() < until:
            device.pull()
            if step % 2 == 0:
                item = request_item(device.office)
                device.push(item)
                if step % 4 == 0:  # the receipt was "lost": the same item again
                    device.push(item)
            step += 1
            time.sleep(0.01 * (seed % 5))
    except Exception as exc:
        device.errors.append(repr(exc))


def _server_rows(
    server: RunningServer, office: str
) -> dict[tuple[str, str], tuple[int, int, bool]]:
    with server.db.read() as session:
        rows = session.execute(
            select(
                FeedRow.row_type, FeedRow.row_id, FeedRow.seq, FeedRow.lane, FeedRow.tombstone
            ).where(FeedRow.scope.in_(("", office)))
        ).all()
    return {(t, i): (int(s), int(lane), bool(x)) for t, i, s, lane, x in rows}


def test_workers_publishers_and_devices_agree_on_postgres(
    server_factory: ServerFactory, pg_base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PG_ENV, pg_base_url)
    server = server_factory("--workers", "4")
    server.seed(200, offices=[])
    devices: list[Device] = []
    for _ in range(OFFICES):
        office = make_office(server)
        devices.append(Device(office.client, office))
        for _ in range(DEVICES_PER_OFFICE - 1):
            devices.append(Device(ProtocolClient(server).enrol(office.code), office))
    assert len(devices) >= 20

    publishers = [
        subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, server.db_url, str(RUN_SECONDS), str(n)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    until = time.monotonic() + RUN_SECONDS
    threads = [
        threading.Thread(target=_device_loop, args=(d, until, n), daemon=True)
        for n, d in enumerate(devices)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=RUN_SECONDS + 120)
    finally:
        published = [int(p.communicate(timeout=120)[0] or 0) for p in publishers]
    assert all(p.returncode == 0 for p in publishers)
    assert min(published) > 10, published
    assert not any(t.is_alive() for t in threads)

    for device in devices:
        assert device.errors == []
        device.pull()  # everything is committed now: one more cycle
        expected = _server_rows(server, device.office.code)
        assert device.rows == expected, f"{len(device.rows)} rows held, {len(expected)} on server"
        # No version of any row was delivered twice.
        assert max(device.received.values()) == 1
        # Lane sums agree with what the server reports, at the same head: no repair.
        integrity = device.last_page["integrity"]
        assert integrity["head"] == device.last_page["head"]
        theirs = {li["lane"]: (li["count"], li["checksum"]) for li in integrity["lanes"]}
        assert device.lane_sums() == theirs

    # Every item applied exactly once, however often it was sent.
    sent = {item_id for d in devices for item_id in d.sent}
    with server.db.read() as session:
        records = session.scalar(select(func.count()).select_from(ItemRecord))
        requests_ = session.scalar(select(func.count()).select_from(OutgoingRequest))
        accepted = session.scalar(
            select(func.count()).select_from(ItemRecord).where(ItemRecord.status == "accepted")
        )
    assert records == requests_ == accepted == len(sent) >= len(devices)
    # Sequence numbers are unique across the feed (a UNIQUE column, but say it).
    with server.db.read() as session:
        seqs = session.scalars(select(FeedRow.seq)).all()
    assert len(seqs) == len(set(seqs))


COUNTER_HOLDER = """
import sys, time
from server.db import open_database
from server import feed
db = open_database(sys.argv[1], create=False)
with db.write() as s:
    seq = feed.allocate_seq(s)
    print(seq, flush=True)
    if sys.argv[2] == "until-told":
        sys.stdin.readline()  # held until the test has looked (a loaded PC may be slow)
    else:
        time.sleep(float(sys.argv[2]))
print("committed", flush=True)
"""


def test_the_feed_counter_orders_commits_across_processes(
    server_factory: ServerFactory, pg_base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one process holds a seq uncommitted, no other process can take a later one
    and no reader sees a head at or past it: a reader can never pass a seq that commits
    later."""
    monkeypatch.setenv(PG_ENV, pg_base_url)
    server = server_factory("--workers", "2")
    office = make_office(server)
    holder = subprocess.Popen(
        [sys.executable, "-c", COUNTER_HOLDER, server.db_url, "2.0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        held = int(holder.stdout.readline())
        # A device pushing now needs a seq: its request must wait for the holder's commit.
        started = time.monotonic()
        [receipt] = office.client.push(request_item(office))
        waited = time.monotonic() - started
        assert holder.stdout.readline().strip() == "committed"
    finally:
        holder.wait(timeout=60)
        if holder.stdout is not None:
            holder.stdout.close()
    assert receipt["status"] == "accepted"
    assert receipt["seq"] > held
    assert waited >= 1.0, waited
    # And during the hold readers were never shown the held number.
    response = office.client.call("GET", "/changes", params={"after": "0"})
    assert response.json()["head"] >= receipt["seq"]


PUBLISH_ONE = """
import sys
from server.db import open_database
from server import operator
db = open_database(sys.argv[1], create=False)
data = {"k": "red", "rf": "R", "ti": "late", "hc": "law_enforcement", "is": "RCC",
        "dt": "2025-01-01"}
print("ready", flush=True)
with db.write() as s:
    bulletin = operator.publish_bulletin(s, data)
print(bulletin, flush=True)
"""


def test_a_reader_never_passes_an_uncommitted_seq(
    server_factory: ServerFactory, pg_base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PG_ENV, pg_base_url)
    server = server_factory("--workers", "2")
    office = make_office(server)
    server.seed(3, offices=[])
    before = office.client.pull_all()[1]
    holder = subprocess.Popen(
        [sys.executable, "-c", COUNTER_HOLDER, server.db_url, "until-told"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        held = int(holder.stdout.readline())
        # Meanwhile the operator publishes a bulletin in another process: it queues.
        publisher = subprocess.Popen(
            [sys.executable, "-c", PUBLISH_ONE, server.db_url],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert publisher.stdout is not None
        assert publisher.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        page = office.client.call("GET", "/changes", params={"after": before}).json()
        assert page["rows"] == [] and page["next_cursor"] == before
        assert page["head"] < held
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()
        bulletin = publisher.communicate(timeout=60)[0].strip()
        assert holder.stdout.readline().strip() == "committed"
    finally:
        if holder.stdin is not None and not holder.stdin.closed:
            holder.stdin.close()
        holder.wait(timeout=60)
        if holder.stdout is not None:
            holder.stdout.close()
    rows, _ = office.client.pull_all(before)
    assert [r["i"] for r in rows] == [bulletin]
    assert rows[0]["s"] > held
    uuid.UUID(bulletin)
