"""Benchmark: the regional server on PostgreSQL under many devices, with 1 and 2 workers.

Drives the real protocol over loopback HTTP for N simulated devices in several offices.
One sync cycle of a device is: ``GET /hello``; ``POST /device-session``; the pull after
its cursor as today's client makes it, one answer of the feed stream (``GET /feed
?seq=delta&own=first``, decoded and checked), or with ``--pull pages`` as clients of
protocol 1 do, ``GET /changes`` with ``integrity=1`` (every page); ``POST /outbox``
with an audit batch that continues the device's chain and, one cycle in three, a
request approved and signed by the office's supervisor (Ed25519); one cycle in ten a
small photo upload (``PATCH /blobs/{sha}``, 2-6 KB). Devices wait an exponential think
time between cycles (mean ``devices / rate``), so ``--rate`` is the offered load in
cycles per second. While they run, a publisher adds bulletins (``--publish-rate`` per
second) in its own transactions, as the operator CLI or a feed importer would.

Devices start synced to the head (their cursors are read from the database), as a fleet
in steady state is; ``--first-pull`` measures what a new PC's full pull costs the server,
for the first new PC and for a new PC of another office after it (rows already serialised
in the worker: with several workers, only if it lands on the same one), and through the
feed stream as today's client pulls (three new PCs in a row: the first builds the
regional segment, the others are served it from the cache).

Figures (JSON on stdout): achieved cycles/s, p50/p95/p99 per route, server CPU-seconds
(every worker process, from /proc) and PostgreSQL CPU-seconds (every backend of the
cluster) per cycle, the time taken to obtain the feed counter row, and the arithmetic of
the hardware for 10,000 devices syncing every 5 minutes.

Usage::

    python bench/bench_server_load.py [--workers 1,2] [--devices 200] [--rate 60]
        [--seconds 30] [--feed 10000] [--grow-to 100000] [--first-pull]
        [--pull stream|pages]
        [--pg-url postgresql://...]   # default: a throw-away cluster (tests/helpers/pg.sh)
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import os
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import requests  # noqa: E402
import zstandard  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.sync.protocol import (  # noqa: E402
    AUDIT_GENESIS,
    LANES,
    format_cursor,
)
from tests.helpers.server_fixture import RunningServer, start_server  # noqa: E402
from tests.integration.conftest import (  # noqa: E402
    Office,
    ProtocolClient,
    audit_item,
    make_office,
    request_item,
)

TIMEOUT = 30
CLK_TCK = os.sysconf("SC_CLK_TCK")
DEVICES_PER_5_MIN = 10_000


# --- CPU accounting from /proc --------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(_children(current))
    return out


def cpu_seconds(root_pid: int, *, system_only: bool = False) -> float:
    """CPU of a process tree: user + system of every live process, plus what each has
    collected from children it reaped (PostgreSQL backends and uvicorn workers come and
    go; their CPU then shows in their parent's ``cutime``/``cstime``).
    ``system_only``: the kernel's share alone (system calls, thread switches)."""
    total = 0
    for pid in _tree(root_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime
        total += sum(int(x) for x in (fields[12:15:2] if system_only else fields[11:15]))
    return total / CLK_TCK


def rss_mb(root_pid: int) -> float:
    """Resident memory of a process tree (the server and its workers), in MB."""
    total = 0
    for pid in _tree(root_pid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def start_cluster() -> tuple[str, str]:
    """Start a throw-away PostgreSQL cluster (``tests/helpers/pg.sh``): URL, directory."""
    out = subprocess.run(
        ["bash", str(REPO / "tests/helpers/pg.sh"), "start"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    found = dict(re.findall(r"export (\w+)=(\S+)", out))
    return found["DD_TEST_PG_URL"], found["DD_TEST_PG_DIR"]


def stop_cluster(pg_dir: str) -> None:
    """Stop a cluster :func:`start_cluster` started and remove its files."""
    subprocess.run(
        ["bash", str(REPO / "tests/helpers/pg.sh"), "stop", pg_dir], check=False, timeout=120
    )


def postmaster_pid(pg_dir: Path) -> int:
    """PID of the cluster's postmaster (first line of ``postmaster.pid``)."""
    return int((pg_dir / "data" / "postmaster.pid").read_text().split()[0])


# --- devices ---------------------------------------------------------------------------


@dataclass
class Device:
    """One simulated PC."""

    client: ProtocolClient
    office: Office
    cursor: str
    audit_head: str = AUDIT_GENESIS
    audit_seq: int = 0
    cycles: int = 0


@dataclass
class Stats:
    """Latencies per route and counters, shared by the driver threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    cycles: int = 0
    late: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: int = 0
    #: How devices pull: "stream" (``GET /feed``, as today's client) or "pages".
    pull: str = "stream"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, route: str, device: Device, method: str, path: str, **kw: Any) -> Any:
        """Make a call and record its latency (with ``body=True`` up to the body's end,
        kept undecoded in ``response.body``)."""
        body = kw.pop("body", False)
        started = time.perf_counter()
        response = device.client.call(method, path, **kw)
        if body:
            response.body = response.raw.read(decode_content=False)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[route].append(elapsed)
        if response.status_code >= 400:
            with self.lock:
                self.errors.append(f"{route} {response.status_code} {response.text[:200]}")
        return response


def _audit_item(device: Device) -> dict[str, Any]:
    item, device.audit_head = audit_item(device.audit_head, device.audit_seq + 1, 3, {"q": 12})
    device.audit_seq += 3
    return item


def stream_pull(device: Device, stats: Stats) -> None:
    """The pull of today's client: one answer of the feed stream after the cursor."""
    from app.sync.feedstream import StreamDecoder

    params = {"after": device.cursor, "seq": "delta", "own": "first"}
    response = stats.timed("feed", device, "GET", "/feed", params=params, stream=True, body=True)
    if response.status_code != 200:
        return
    # Decoded, and only the end line parsed: the driver shares the machine with the
    # server, and checking every row (the client's StreamParser) would take the cores
    # the server is measured on. tests/integration/test_feed_stream.py checks answers.
    lines = StreamDecoder(1 << 30).feed(response.body)
    rows = sum(1 for line in lines if line[:5] not in (b'{"k":', b'{"h":', b'{"end'))
    end = json.loads(lines[-1]) if lines else {}
    if "end" not in end:
        with stats.lock:
            stats.errors.append("feed answer without its end line")
        return
    device.cursor = str(end["end"])
    with stats.lock:
        stats.rows += rows


def page_pull(device: Device, stats: Stats) -> None:
    """The pull of clients of protocol 1: ``/changes`` pages until caught up."""
    while True:
        response = stats.timed(
            "changes", device, "GET", "/changes", params={"after": device.cursor, "integrity": 1}
        )
        page = response.json()
        with stats.lock:
            stats.rows += len(page["rows"])
        device.cursor = page["next_cursor"]
        if not page["has_more"]:
            break


def run_cycle(device: Device, stats: Stats, rng: random.Random) -> None:
    """One sync cycle of one device."""
    stats.timed("hello", device, "GET", "/hello")
    response = stats.timed(
        "device-session",
        device,
        "POST",
        "/device-session",
        json={"device_id": device.client.device_id, "device_secret": device.client.device_secret},
    )
    if response.status_code == 200:
        device.client.http.headers["Authorization"] = "Bearer " + response.json()["token"]
    if stats.pull == "stream":
        stream_pull(device, stats)
    else:
        page_pull(device, stats)
    items = [_audit_item(device)]
    if device.cycles % 3 == 0:
        items.append(request_item(device.office))
    response = stats.timed("outbox", device, "POST", "/outbox", json={"items": items})
    if response.status_code == 200:
        statuses = [r["status"] for r in response.json()["receipts"]]
        if any(s != "accepted" for s in statuses):
            with stats.lock:
                stats.errors.append(f"outbox receipts {statuses}")
    if rng.random() < 0.1:
        blob = rng.randbytes(rng.randint(2000, 6000))
        sha = hashlib.sha256(blob).hexdigest()
        stats.timed(
            "blob-upload",
            device,
            "PATCH",
            f"/blobs/{sha}",
            params={"offset": 0},
            data=blob,
            headers={"Upload-Length": str(len(blob)), "Content-Type": "application/octet-stream"},
        )
    device.cycles += 1
    with stats.lock:
        stats.cycles += 1


def drive(
    devices: list[Device], rate: float, seconds: float, threads: int, pull: str = "stream"
) -> Stats:
    """Run cycles at ``rate`` per second on average for ``seconds``; return the stats."""
    stats = Stats(pull=pull)
    rng = random.Random(14)
    mean_think = len(devices) / rate
    now = time.monotonic()
    due = [(now + rng.uniform(0, mean_think), n) for n in range(len(devices))]
    heapq.heapify(due)
    end = now + seconds
    lock = threading.Lock()

    def worker(seed: int) -> None:
        local = random.Random(seed)
        while True:
            with lock:
                if not due:
                    return  # more threads than devices: every device is in a cycle
                at, n = heapq.heappop(due)
                if at >= end:
                    heapq.heappush(due, (at, n))
                    return
            wait = at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            else:
                with stats.lock:
                    stats.late.append(-wait)
            try:
                run_cycle(devices[n], stats, local)
            except Exception as exc:
                with stats.lock:
                    stats.errors.append(repr(exc)[:200])
            with lock:
                heapq.heappush(due, (time.monotonic() + local.expovariate(1 / mean_think), n))

    pool = [threading.Thread(target=worker, args=(s,), daemon=True) for s in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=seconds + 120)
    return stats


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000, 1)

    return {"n": len(values), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


# --- set-up ------------------------------------------------------------------------------


def seed_feed(server: RunningServer, bulletins: int, offices: list[str]) -> None:
    """Publish a few cases per office, then ``bulletins`` bulletins, then a few more
    cases: every office has rows of its own among the regional ones, as in a region."""
    server.seed(0, cases=3 * len(offices), offices=offices)
    server.seed(bulletins, cases=2 * len(offices), offices=offices)


def metric_total(server: RunningServer, name: str) -> float:
    """The sum of a metric's samples on the server's /metrics."""
    text = requests.get(server.url + "/metrics", timeout=10).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name + " ") or line.startswith(name + "{")
    )


def regional_caught_up(server: RunningServer, pg_pid: int, timeout: float = 600.0) -> dict:
    """Wait until the server's regional stream (server.regional) holds every row
    published so far; what that took. The server compresses each regional row once, in
    the background, as it is published: a bulk seed of thousands is compressed in one
    go here, as it would be while they are published on a real server."""
    from sqlalchemy import func, select

    from server.models import FeedHead
    from server.stream import LINK

    with server.db.read() as session:
        head = int(session.scalar(select(func.max(FeedHead.seq))) or 0)
    target = head // LINK * LINK
    cpu0, t0 = cpu_seconds(server.process.pid), time.monotonic()
    reached = 0.0
    while time.monotonic() - t0 < timeout:
        reached = metric_total(server, "dd_regional_stream_seq")
        if reached >= target:
            break
        time.sleep(0.2)
    rows = metric_total(server, "dd_regional_stream_rows_total")
    return {
        "target_seq": target,
        "reached_seq": int(reached),
        "rows_compressed": int(rows),
        "wait_s": round(time.monotonic() - t0, 2),
        "server_cpu_s_while_waiting": round(cpu_seconds(server.process.pid) - cpu0, 3),
        "server_rss_mb": rss_mb(server.process.pid),
    }


def grow_feed(server: RunningServer, total: int) -> float:
    """Add regional bulletins in bulk (SQL) until the feed holds ``total`` rows; seconds.

    Copies one seeded bulletin's data into each new row. The lane's count is kept, its
    checksum is not (devices of the bench start synced and never compare sums): this is
    only to measure whether a cycle's cost depends on the size of the feed.
    """
    from sqlalchemy import text

    started = time.monotonic()
    with server.db.write() as session:
        have = int(session.scalar(text("SELECT count(*) FROM feed_rows")) or 0)
        n = total - have
        if n <= 0:
            return 0.0
        data = session.scalar(text("SELECT data FROM feed_rows WHERE row_type = 'b' LIMIT 1"))
        last = int(
            session.scalar(
                text("UPDATE feed_counter SET seq = seq + :n WHERE id = 1 RETURNING seq"),
                {"n": n},
            )
        )
        session.execute(
            text(
                "INSERT INTO feed_rows (row_type, row_id, seq, lane, scope, changed_at,"
                " tombstone, data) SELECT 'b', gen_random_uuid()::text, :first + g - 1, 2,"
                " '', extract(epoch from now())::bigint, false, :data"
                " FROM generate_series(1, :n) AS g"
            ),
            {"first": last - n + 1, "n": n, "data": data},
        )
        session.execute(text("UPDATE feed_heads SET seq = :last WHERE scope = ''"), {"last": last})
        session.execute(
            text("UPDATE lane_stats SET count = count + :n WHERE scope = '' AND lane = 2"),
            {"n": n},
        )
    with server.db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE feed_rows"))
    return time.monotonic() - started


def synced_cursor(server: RunningServer, office: str) -> str:
    """The cursor of a device holding everything visible to ``office``."""
    from server.models import FeedRow

    with server.db.read() as session:
        rows = session.execute(
            select(FeedRow.lane, func.max(FeedRow.seq))
            .where(FeedRow.scope.in_(("", office)))
            .group_by(FeedRow.lane)
        ).all()
    positions = [0] * len(LANES)
    for lane, seq in rows:
        positions[int(lane)] = int(seq)
    return format_cursor(positions)


def make_devices(server: RunningServer, count: int, offices: int) -> list[Device]:
    """Offices with users and keys, and ``count`` enrolled devices spread over them."""
    made = [make_office(server) for _ in range(offices)]
    devices = []
    for n in range(count):
        office = made[n % offices]
        client = office.client if n < offices else ProtocolClient(server).enrol(office.code)
        client.http.headers["User-Agent"] = "DistrictDesk/bench"
        devices.append(Device(client, office, "0"))
    return devices


#: What the publisher publishes, again and again.
BULLETIN: dict[str, Any] = {
    "k": "red",
    "rf": "RCC/2026/1",
    "ti": "Wanted for questioning",
    "hc": "law_enforcement",
    "is": "Regional coordination centre",
    "dt": "2026-01-01",
    "p": [{"n": [{"f": "Ivan Petrov", "sc": "Latn"}]}],
}


class Publisher(threading.Thread):
    """Publishes bulletins at a steady rate in its own transactions."""

    def __init__(self, server: RunningServer, rate: float) -> None:
        super().__init__(daemon=True)
        self.server, self.rate = server, rate
        self.stop = threading.Event()
        self.published = 0

    def run(self) -> None:
        from server import operator

        while not self.stop.wait(1 / self.rate):
            with self.server.db.write() as session:
                operator.publish_bulletin(session, BULLETIN)
            self.published += 1


def scrape(server: RunningServer, name: str) -> float:
    """Sum of one metric's samples on ``/metrics``."""
    text = requests.get(server.url + "/metrics", timeout=TIMEOUT).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


# --- runs --------------------------------------------------------------------------------


def measured_run(
    server: RunningServer,
    devices: list[Device],
    pg_pid: int,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """One load run: achieved rate, latencies, CPU per cycle."""
    cursors = {code: synced_cursor(server, code) for code in {d.office.code for d in devices}}
    if args.pull == "stream":
        # A stream's end line moves every lane to the head: after its first pull a PC
        # of today's client has all lanes at one place.
        cursors = {
            code: format_cursor([max(int(p) for p in cursor.split("."))] * len(LANES))
            for code, cursor in cursors.items()
        }
    for device in devices:
        device.cursor = cursors[device.office.code]
    lock_sum0 = scrape(server, "dd_feed_seq_allocate_seconds_sum")
    lock_n0 = scrape(server, "dd_feed_seq_allocate_seconds_count")
    publisher = Publisher(server, args.publish_rate)
    cpu0, db0, t0 = cpu_seconds(server.process.pid), cpu_seconds(pg_pid), time.monotonic()
    sys0 = cpu_seconds(server.process.pid, system_only=True)
    driver0 = time.process_time()
    publisher.start()
    stats = drive(devices, args.rate, args.seconds, args.threads, args.pull)
    publisher.stop.set()
    publisher.join(timeout=30)
    wall = time.monotonic() - t0
    cpu, db = cpu_seconds(server.process.pid) - cpu0, cpu_seconds(pg_pid) - db0
    system = cpu_seconds(server.process.pid, system_only=True) - sys0
    driver = time.process_time() - driver0
    lock_sum = scrape(server, "dd_feed_seq_allocate_seconds_sum") - lock_sum0
    lock_n = scrape(server, "dd_feed_seq_allocate_seconds_count") - lock_n0
    cycles = max(stats.cycles, 1)
    return {
        "offered_cycles_per_s": args.rate,
        "cycles": stats.cycles,
        "wall_s": round(wall, 1),
        "cycles_per_s": round(stats.cycles / wall, 1),
        "late_starts_p95_s": round(statistics.quantiles(stats.late, n=20)[-1], 3)
        if len(stats.late) > 20
        else 0.0,
        "published": publisher.published,
        "rows_pulled": stats.rows,
        "errors": len(stats.errors),
        "first_errors": stats.errors[:3],
        "routes": {route: _percentiles(v) for route, v in sorted(stats.latencies.items())},
        "server_cpu_s": round(cpu, 2),
        "server_cpu_ms_per_cycle": round(cpu / cycles * 1000, 2),
        "server_system_share": round(system / cpu, 3) if cpu else None,
        "db_cpu_s": round(db, 2),
        "db_cpu_ms_per_cycle": round(db / cycles * 1000, 2),
        # The load generator and the publisher share the machine: cores each used.
        "cores_used": {
            "server": round(cpu / wall, 2),
            "postgresql": round(db / wall, 2),
            "driver": round(driver / wall, 2),
        },
        "seq_counter": {
            "allocations": int(lock_n),
            "mean_ms": round(lock_sum / lock_n * 1000, 2) if lock_n else 0.0,
            "total_s": round(lock_sum, 2),
        },
    }


def first_pull(server: RunningServer, pg_pid: int, office: str) -> dict[str, Any]:
    """A new PC's full pull: server and database CPU for it alone."""
    client = ProtocolClient(server).enrol(office)
    client.http.headers["Accept-Encoding"] = "zstd"
    cursor, pages, rows, wire = "0", 0, 0, 0
    cpu0, db0, t0 = cpu_seconds(server.process.pid), cpu_seconds(pg_pid), time.monotonic()
    while True:
        response = client.call(
            "GET", "/changes", params={"after": cursor, "integrity": 1}, stream=True
        )
        raw = response.raw.read(decode_content=False)
        wire += len(raw)
        body = json.loads(
            zstandard.ZstdDecompressor().decompress(raw, max_output_size=64 << 20)
            if response.headers.get("Content-Encoding") == "zstd"
            else raw
        )
        pages += 1
        rows += len(body["rows"])
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    cpu, db = cpu_seconds(server.process.pid) - cpu0, cpu_seconds(pg_pid) - db0
    return {
        "rows": rows,
        "pages": pages,
        "wire_bytes": wire,
        "wall_s": round(time.monotonic() - t0, 2),
        "server_cpu_s": round(cpu, 3),
        "db_cpu_s": round(db, 3),
        "server_cpu_s_per_10k_rows": round(cpu / rows * 10_000, 3) if rows else None,
    }


def first_pull_stream(
    server: RunningServer, pg_pid: int, office: str, own: str = "first"
) -> dict[str, Any]:
    """A new PC's full pull as today's client makes it: the feed stream (protocol 2,
    ``GET /feed?seq=delta&own=first``), zstd, one answer or, past 48 MiB of row JSON,
    as many as ``has_more`` asks for. The regional rows come from the server's regional
    stream, compressed as they were published. ``own="inline"``: as clients before hold
    lines ask, when a segment that holds an office's rows is that office's alone."""
    from app.sync.feedstream import StreamDecoder, StreamParser

    client = ProtocolClient(server).enrol(office)
    client.http.headers["Accept-Encoding"] = "zstd"
    cpu0, db0, t0 = cpu_seconds(server.process.pid), cpu_seconds(pg_pid), time.monotonic()
    cursor, rows, wire, answers = [0, 0, 0, 0], 0, 0, 0
    while True:
        response = client.call(
            "GET",
            "/feed",
            params={"after": ".".join(map(str, cursor)), "seq": "delta", "own": own},
            stream=True,
            timeout=300,
        )
        raw = response.raw.read(decode_content=False)
        wire += len(raw)
        answers += 1
        decoder, parser = StreamDecoder(1 << 31), StreamParser(list(cursor))
        for line in decoder.feed(raw):
            commit = parser.line(line, decoder.consumed)
            if commit is not None:
                rows += len(commit.rows)
        if parser.end is None or not parser.end.has_more:
            break
        cursor = list(parser.end.positions)
    cpu, db = cpu_seconds(server.process.pid) - cpu0, cpu_seconds(pg_pid) - db0
    return {
        "office": office,
        "own": own,
        "rows": rows,
        "answers": answers,
        "complete": parser.end is not None and not parser.end.has_more,
        "wire_bytes": wire,
        "wall_s": round(time.monotonic() - t0, 2),
        "server_cpu_s": round(cpu, 3),
        "db_cpu_s": round(db, 3),
        "server_cpu_s_per_10k_rows": round(cpu / rows * 10_000, 3) if rows else None,
    }


def extrapolate(result: dict[str, Any]) -> dict[str, Any]:
    """Cores for 10,000 devices at one cycle per 5 minutes, from measured CPU per cycle."""
    rate = DEVICES_PER_5_MIN / 300
    server_ms, db_ms = result["server_cpu_ms_per_cycle"], result["db_cpu_ms_per_cycle"]
    server_cores = rate * server_ms / 1000
    db_cores = rate * db_ms / 1000
    return {
        "needed_cycles_per_s": round(rate, 1),
        "arithmetic": (
            f"{DEVICES_PER_5_MIN} devices / 300 s = {rate:.1f} cycles/s; "
            f"server {rate:.1f} x {server_ms} ms = {server_cores:.2f} cores; "
            f"PostgreSQL {rate:.1f} x {db_ms} ms = {db_cores:.2f} cores; "
            f"at 50 % target utilisation: {2 * (server_cores + db_cores):.1f} cores in all"
        ),
        "server_cores": round(server_cores, 2),
        "db_cores": round(db_cores, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,2", help="worker counts to run (1,2)")
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--offices", type=int, default=4)
    parser.add_argument("--rate", type=float, default=60.0, help="offered cycles per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=24, help="driver threads")
    parser.add_argument("--publish-rate", type=float, default=3.0)
    parser.add_argument("--feed", type=int, default=10_000, help="bulletins before the run")
    parser.add_argument("--grow-to", type=int, default=0, help="then grow the feed and rerun")
    parser.add_argument("--first-pull", action="store_true", help="measure a new PC's pull")
    parser.add_argument(
        "--pull",
        choices=("stream", "pages"),
        default="stream",
        help="how devices pull in a cycle: the feed stream (today's client) or pages",
    )
    parser.add_argument("--serve-args", default="", help="extra serve arguments, quoted")
    parser.add_argument("--pg-url", default=os.environ.get("DD_TEST_PG_URL"))
    parser.add_argument("--pg-dir", default=os.environ.get("DD_TEST_PG_DIR"))
    args = parser.parse_args()

    own_cluster = None
    if not args.pg_url:
        args.pg_url, args.pg_dir = start_cluster()
        own_cluster = args.pg_dir
    os.environ["DD_TEST_PG_URL"] = args.pg_url
    pg_pid = postmaster_pid(Path(args.pg_dir))
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "loadavg_before": os.getloadavg()},
        "settings": {k: v for k, v in vars(args).items() if k not in ("pg_url", "pg_dir")},
        "runs": [],
    }
    try:
        for workers in [int(w) for w in args.workers.split(",")]:
            with tempfile.TemporaryDirectory() as tmp:
                extra = ["--workers", str(workers), *shlex.split(args.serve_args)]
                server = start_server(Path(tmp), *extra)
                try:
                    devices = make_devices(server, args.devices, args.offices)
                    offices = sorted({d.office.code for d in devices})
                    seed_feed(server, args.feed, offices)
                    run = {"workers": workers, "feed_bulletins": args.feed}
                    run["regional_stream"] = regional_caught_up(server, pg_pid)
                    if args.first_pull:
                        # The first new PC fills the worker's row cache; a PC of another
                        # office then pulls the same regional rows from it.
                        run["first_pull"] = first_pull(server, pg_pid, offices[0])
                        run["first_pull_rows_cached"] = first_pull(server, pg_pid, offices[1])
                        # Today's client pulls through the stream: the first new PC builds
                        # the regional segment, the next ones (any office) are served it.
                        run["first_pull_stream"] = [
                            first_pull_stream(server, pg_pid, office)
                            for office in (offices[-1], offices[0], offices[-1])
                        ]
                        # The same for clients that ask no office frame: a segment that
                        # holds an office's rows is built for that office alone.
                        run["first_pull_stream_inline"] = [
                            first_pull_stream(server, pg_pid, office, "inline")
                            for office in (offices[1], offices[2])
                        ]
                    builder0 = metric_total(server, "dd_regional_stream_cpu_seconds_total")
                    run |= measured_run(server, devices, pg_pid, args)
                    builder = metric_total(server, "dd_regional_stream_cpu_seconds_total")
                    # Compressing what was published during the run, once per worker.
                    run["regional_stream_cpu_ms_per_cycle"] = round(
                        (builder - builder0) / max(run["cycles"], 1) * 1000, 3
                    )
                    run["for_10000_devices"] = extrapolate(run)
                    report["runs"].append(run)
                    print(json.dumps(run), file=sys.stderr, flush=True)
                    if args.grow_to > args.feed:
                        took = grow_feed(server, args.grow_to)
                        grown = {"workers": workers, "feed_rows": args.grow_to}
                        grown["bulk_insert_s"] = round(took, 1)
                        # The rows inserted in bulk are compressed into the regional
                        # stream in the background; the run starts once that is done.
                        grown["regional_stream"] = regional_caught_up(server, pg_pid, 3600.0)
                        grown |= measured_run(server, devices, pg_pid, args)
                        report["runs"].append(grown)
                        print(json.dumps(grown), file=sys.stderr, flush=True)
                finally:
                    server.stop()
    finally:
        if own_cluster:
            stop_cluster(own_cluster)
    report["machine"]["loadavg_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
