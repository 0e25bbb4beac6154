"""Benchmark: pull 10,000 bulletins over a 64 kbit/s, 1 s RTT link; print JSON.

Runs the real reference server on loopback behind the link emulator
(``tests/helpers/linkemu.py``) and a real client store, then reports wall time, HTTP round
trips, bytes per bulletin and the ratio of the wall time to the physical floor (bytes
that crossed the link / bandwidth). A one-request-per-record baseline is measured on a
small sample over the same link and extrapolated to N (the output says so).

Budgets (ARCHITECTURE section 7): ratio <= 1.25, <= 250 B per bulletin,
<= 3 + N/1000 round trips.

Usage: ``python bench/bench_sync_pull.py [--bulletins 10000] [--sample 40]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.faults.syncenv import client_env, server_users  # noqa: E402
from tests.helpers.linkemu import LinkEmulator  # noqa: E402
from tests.helpers.server_fixture import start_server  # noqa: E402

BANDWIDTH = 8000.0  # bytes/s each way: 64 kbit/s
LATENCY = 0.5  # one way: 1 s round trip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=10_000)
    parser.add_argument(
        "--sample", type=int, default=40, help="records fetched one request each for the baseline"
    )
    args = parser.parse_args()
    n = args.bulletins
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = start_server(root / "server")
        try:
            server_users(server)
            t0 = time.monotonic()
            server.seed(bulletins=n)
            seed_s = time.monotonic() - t0
            port = int(server.url.rsplit(":", 1)[1])
            with LinkEmulator("127.0.0.1", port) as link:
                env = client_env(server, root / "client", url=link.url)
                # Enrolment and logins happened on a fast link; the pull is what we measure.
                env.engine.close()
                link.configure(latency=LATENCY, bandwidth=BANDWIDTH)
                link.reset_stats()
                t0 = time.monotonic()
                result = env.engine.run_once()
                wall = time.monotonic() - t0
                stats = link.stats()
                assert result.ok and env.bulletin_count() == n, result
                baseline = _baseline(env, link, args.sample)
        finally:
            server.stop()
    floor = max(stats.bytes_down, stats.bytes_up) / BANDWIDTH
    per_bulletin = (stats.bytes_down + stats.bytes_up) / n
    budget_rt = 3 + n / 1000
    report = {
        "benchmark": "sync_pull",
        "bulletins": n,
        "link": {"bandwidth_bytes_per_s": BANDWIDTH, "rtt_s": 2 * LATENCY},
        "wall_s": round(wall, 1),
        "round_trips_http": result.round_trips,
        "tcp_connections": stats.connections,
        "pages": result.pages,
        "bytes_down": stats.bytes_down,
        "bytes_up": stats.bytes_up,
        "bytes_per_bulletin": round(per_bulletin, 1),
        "physical_floor_s": round(floor, 1),
        "ratio_to_floor": round(wall / floor, 3),
        "integrity_ok": result.integrity_ok,
        "budgets": {
            "ratio_to_floor<=1.25": wall / floor <= 1.25,
            "bytes_per_bulletin<=250": per_bulletin <= 250,
            f"round_trips<={budget_rt:g}": result.round_trips <= budget_rt,
        },
        "baseline_one_request_per_record": baseline
        | {
            "note": f"measured on {args.sample} records over the same link, "
            f"extrapolated linearly to {n}",
            "extrapolated_wall_s": round(baseline["seconds_per_record"] * n, 0),
            "extrapolated_round_trips": n,
            "extrapolated_bytes": round(baseline["bytes_per_record"] * n),
            "speedup_of_batched_pull": round(baseline["seconds_per_record"] * n / wall, 1),
        },
        "seed_s": round(seed_s, 1),
    }
    print(json.dumps(report, indent=2))
    return 0


def _baseline(env: object, link: LinkEmulator, sample: int) -> dict[str, float]:
    """Fetch ``sample`` records with one request each (``max_bytes=1``: one row a page)."""
    from app.sync.protocol import ChangesPage

    transport = env.engine.transport()  # type: ignore[attr-defined]
    link.reset_stats()
    cursor = "0"
    t0 = time.monotonic()
    for _ in range(sample):
        page = transport.call(
            "GET", "/changes", ChangesPage, params={"after": cursor, "max_bytes": 1}
        )
        cursor = page.next_cursor
    seconds = time.monotonic() - t0
    stats = link.stats()
    return {
        "sample_records": sample,
        "seconds_per_record": round(seconds / sample, 3),
        "bytes_per_record": round((stats.bytes_down + stats.bytes_up) / sample, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
