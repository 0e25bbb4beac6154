"""Benchmark: server CPU per call of each route of a sync cycle, one call at a time.

``bench/bench_server_load.py`` measures the server under many concurrent devices, where
CPU per cycle moves by several per cent from run to run with the load generator sharing
the machine. This one isolates the routes: one device calls each route of the cycle
``--calls`` times in a row (nothing else runs), and the server's CPU (every worker, from
/proc) and PostgreSQL's are read around each route's calls. The sum over the routes is
the server CPU of one cycle without concurrency: a floor for the loaded figure.

Routes: ``hello``; ``device-session``; ``changes`` at the head with ``integrity=1`` (what
a synced device of protocol 1 asks every cycle); ``feed``, the stream after a cursor
``BEHIND`` rows short of the head (today's client; every call builds its answer, as
every PC's cursor is its own); ``outbox`` with one audit batch of three events. A cycle
is hello, device session, one of the two pulls and the outbox.

Usage::

    python bench/bench_server_routes.py [--calls 500] [--bulletins 1000] [--sqlite]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
#: How far behind the head the ``feed`` route's cursor is (rows of lane 2).
BEHIND = 25
sys.path.insert(0, str(REPO))

from bench.bench_server_load import (  # noqa: E402
    BULLETIN,
    Device,
    Stats,
    _audit_item,
    cpu_seconds,
    make_devices,
    postmaster_pid,
    request_item,
    run_cycle,
    start_cluster,
    stop_cluster,
    synced_cursor,
)
from tests.helpers.server_fixture import start_server  # noqa: E402


def _cycle_routes(device: Device) -> dict[str, Any]:
    """One call of each route, as functions returning the response."""
    client = device.client

    def hello() -> Any:
        return client.call("GET", "/hello")

    def session() -> Any:
        response = client.call(
            "POST",
            "/device-session",
            json={"device_id": client.device_id, "device_secret": client.device_secret},
        )
        client.http.headers["Authorization"] = "Bearer " + response.json()["token"]
        return response

    def changes() -> Any:
        return client.call("GET", "/changes", params={"after": device.cursor, "integrity": 1})

    def outbox() -> Any:
        return client.call("POST", "/outbox", json={"items": [_audit_item(device)]})

    positions = [int(p) for p in device.cursor.split(".")]
    calls = [0]

    def feed() -> Any:
        # The stream after a cursor BEHIND rows short of the head, as today's client
        # pulls. Each call names lane 0 at another place where it has no rows, so each
        # answer is built anew (a PC's cursor is its own) and holds the same rows.
        calls[0] += 1
        cursor = positions.copy()
        cursor[2] -= BEHIND
        cursor[0] = calls[0] % max(1, min(cursor[1:]))
        response = client.call(
            "GET",
            "/feed",
            params={"after": ".".join(map(str, cursor)), "seq": "delta", "own": "first"},
            stream=True,
        )
        response.raw.read(decode_content=False)
        return response

    def outbox_request() -> Any:
        items = [_audit_item(device), request_item(device.office)]
        return client.call("POST", "/outbox", json={"items": items})

    def blob_upload() -> Any:
        blob = os.urandom(4000)
        sha = hashlib.sha256(blob).hexdigest()
        return client.call(
            "PATCH",
            f"/blobs/{sha}",
            params={"offset": 0},
            data=blob,
            headers={"Upload-Length": str(len(blob)), "Content-Type": "application/octet-stream"},
        )

    return {
        "hello": hello,
        "device-session": session,
        "changes": changes,
        "feed": feed,
        "outbox": outbox,
        "outbox-with-request": outbox_request,
        "blob-upload": blob_upload,
    }


def whole_cycles(
    server: Any, device: Device, cycles: int, rows_before: list[int]
) -> dict[str, float]:
    """Server CPU of the load generator's whole cycle (``run_cycle``, pulling through the
    stream) run for this one device, one after another, with ``n`` bulletins published
    before each (outside the measured time) for each ``n`` of ``rows_before``."""
    from server import operator

    stats = Stats(pull="stream")
    rng = random.Random(5)
    head = max(int(p) for p in device.cursor.split("."))
    device.cursor = ".".join([str(head)] * 4)
    for _ in range(20):
        run_cycle(device, stats, rng)
    out: dict[str, float] = {}
    for rows in rows_before:
        cpu = 0.0
        for _ in range(cycles):
            with server.db.write() as session:
                for _ in range(rows):
                    operator.publish_bulletin(session, BULLETIN)
            cpu0 = cpu_seconds(server.process.pid)
            run_cycle(device, stats, rng)
            cpu += cpu_seconds(server.process.pid) - cpu0
        out[f"server_cpu_ms_per_cycle_{rows}_new_rows"] = round(cpu / cycles * 1000, 2)
    if stats.errors:
        raise RuntimeError(stats.errors[:3])
    return out


def measure(
    calls: int,
    bulletins: int,
    sqlite: bool,
    only: list[str] | None = None,
    cycle_rows: list[int] | None = None,
) -> dict[str, Any]:
    own_cluster = None
    pg_pid = None
    if not sqlite:
        if not os.environ.get("DD_TEST_PG_URL"):
            os.environ["DD_TEST_PG_URL"], own_cluster = start_cluster()
            os.environ["DD_TEST_PG_DIR"] = own_cluster
        pg_pid = postmaster_pid(Path(os.environ["DD_TEST_PG_DIR"]))
    else:
        os.environ.pop("DD_TEST_PG_URL", None)
    result: dict[str, Any] = {"database": "sqlite" if sqlite else "postgresql", "calls": calls}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            server = start_server(Path(tmp), "--workers", "1")
            try:
                (device,) = make_devices(server, 1, 1)
                server.seed(bulletins, cases=5, offices=[device.office.code])
                device.cursor = synced_cursor(server, device.office.code)
                routes = _cycle_routes(device)
                if only:
                    routes = {
                        name: call
                        for name, call in routes.items()
                        if name in only or name == "device-session"
                    }
                routes["device-session"]()  # a bearer token for the others
                for call in routes.values():  # warm: connections, statement caches
                    for _ in range(20):
                        call()
                per_route: dict[str, Any] = {}
                for name, call in routes.items():
                    cpu0 = cpu_seconds(server.process.pid)
                    db0 = cpu_seconds(pg_pid) if pg_pid else 0.0
                    t0 = time.perf_counter()
                    for _ in range(calls):
                        response = call()
                        if response.status_code >= 400:
                            raise RuntimeError(f"{name}: {response.status_code}")
                    wall = time.perf_counter() - t0
                    cpu = cpu_seconds(server.process.pid) - cpu0
                    db = (cpu_seconds(pg_pid) - db0) if pg_pid else None
                    per_route[name] = {
                        "server_cpu_ms": round(cpu / calls * 1000, 2),
                        "db_cpu_ms": round(db / calls * 1000, 2) if db is not None else None,
                        "wall_ms": round(wall / calls * 1000, 2),
                    }
                result["routes"] = per_route
                if cycle_rows:
                    result["cycles"] = whole_cycles(server, device, calls, cycle_rows)
                if only:
                    return result
                ms = {name: float(r["server_cpu_ms"]) for name, r in per_route.items()}
                base = ms["hello"] + ms["device-session"] + ms["outbox"]
                for pull in ("changes", "feed"):
                    result[f"cycle_server_cpu_ms_{pull}"] = round(base + ms[pull], 2)
                # The load generator's cycle: a request item one cycle in three and an
                # upload one in ten besides.
                result["load_cycle_server_cpu_ms_feed"] = round(
                    base
                    + ms["feed"]
                    + (ms["outbox-with-request"] - ms["outbox"]) / 3
                    + ms["blob-upload"] / 10,
                    2,
                )
            finally:
                server.stop()
    finally:
        if own_cluster:
            stop_cluster(own_cluster)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--bulletins", type=int, default=1000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--only", default="", help="comma-separated routes (for profiling)")
    parser.add_argument(
        "--cycle-rows",
        default="0,10,25",
        help="also whole cycles, with these many bulletins published before each ('' skips)",
    )
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    cycle_rows = [int(n) for n in args.cycle_rows.split(",") if n]
    result = measure(args.calls, args.bulletins, args.sqlite, only, cycle_rows)
    result["loadavg"] = os.getloadavg()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
