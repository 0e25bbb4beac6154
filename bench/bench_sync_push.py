"""Benchmark: push 500 approved requests over a 64 kbit/s, 1 s RTT link, 10 % of calls cut.

Runs the real reference server behind the link emulator and a real client store with 500
requests drafted, submitted and approved (four-eyes, signed). While the engine pushes, one
outbox call in ten has its connection reset mid-transfer. Prints JSON: wall time, cycles,
cuts, duplicates recorded by the server (must be 0), bytes per request (both directions,
the audit events included: budget <= 400 B), and checks that cuts did happen.

Usage: ``python bench/bench_sync_push.py [--requests 500] [--cut-share 0.1]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.faults.syncenv import (  # noqa: E402
    client_env,
    fast_options,
    pending_items,
    server_accepted_items,
    server_requests,
    server_users,
)
from tests.helpers.linkemu import LinkEmulator  # noqa: E402
from tests.helpers.server_fixture import start_server  # noqa: E402

BANDWIDTH = 8000.0
LATENCY = 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--cut-share", type=float, default=0.1)
    args = parser.parse_args()
    rng = random.Random(500)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = start_server(root / "server")
        try:
            server_users(server)
            port = int(server.url.rsplit(":", 1)[1])
            link = LinkEmulator("127.0.0.1", port).start()
            timers: list[threading.Timer] = []
            try:
                opts = fast_options(max_pages=0)  # measure the push alone
                opts.deadlines.stall = 15.0
                opts.backoff_base = 0.0
                env = client_env(server, root / "client", url=link.url, options=opts)
                env.engine.run_once()  # audit of enrolment/logins, on the fast link
                t0 = time.monotonic()
                rids = [
                    env.approved_request(
                        f"Request number {i}: please confirm the "
                        "identity and current address of the subject."
                    )
                    for i in range(args.requests)
                ]
                enqueue_s = time.monotonic() - t0
                print(f"{len(rids)} requests approved in {enqueue_s:.0f} s", file=sys.stderr)
                link.configure(latency=LATENCY, bandwidth=BANDWIDTH)
                link.reset_stats()
                calls = 0
                cuts = 0

                def on_progress(p: object) -> None:
                    nonlocal calls, cuts
                    if getattr(p, "phase", "") != "push":
                        return
                    calls += 1
                    # Every tenth outbox call (the 2nd, 12th, ...) is cut mid-transfer.
                    if (calls - 2) % round(1 / args.cut_share) == 0:
                        cuts += 1
                        timer = threading.Timer(rng.uniform(0.5, 4.0), link.reset)
                        timers.append(timer)
                        timer.start()

                t0 = time.monotonic()
                cycles = 0
                while pending_items(env.desk) and cycles < 100:
                    cycles += 1
                    env.engine.run_once(progress=on_progress)
                # The receipts wrote audit events of their own (each request marked
                # sent): the next cycle carries them, and they count here too.
                cycles += 1
                env.engine.run_once(progress=on_progress)
                trail_left = pending_items(env.desk)
                wall = time.monotonic() - t0
                stats = link.stats()
                print(f"pushed in {wall:.0f} s, {cycles} cycles", file=sys.stderr)
            finally:
                for timer in timers:
                    timer.cancel()
                env.engine.close()
                try:
                    link.stop()
                except TimeoutError:
                    print("link emulator did not stop in time", file=sys.stderr)
        finally:
            on_server = server_requests(server)
            accepted = server_accepted_items(server)
            server.stop()
    sent = sum(1 for r in rids if r in on_server)
    report = {
        "benchmark": "sync_push",
        "requests": args.requests,
        "link": {"bandwidth_bytes_per_s": BANDWIDTH, "rtt_s": 2 * LATENCY},
        "enqueue_s": round(enqueue_s, 1),
        "wall_s": round(wall, 1),
        "cycles": cycles,
        "outbox_calls": calls,
        "calls_cut": cuts,
        "link_resets": stats.resets,
        "requests_on_server": sent,
        "items_left_unsent": trail_left,
        "lost": args.requests - sent,
        # Accepted request items beyond one per request (the server keys requests by id,
        # so a second accepted item for the same request would show up here).
        "duplicates_on_server": len(accepted) - sent,
        "bytes_up": stats.bytes_up,
        "bytes_down": stats.bytes_down,
        "bytes_per_request": round((stats.bytes_up + stats.bytes_down) / args.requests, 1),
        "bytes_up_per_request": round(stats.bytes_up / args.requests, 1),
    }
    report["budgets"] = {
        "cuts happened": stats.resets > 0,
        "0 lost": report["lost"] == 0,
        "0 duplicates": report["duplicates_on_server"] == 0,
        "nothing left unsent": report["items_left_unsent"] == 0,
        "<= 400 B per request on the link": report["bytes_per_request"] <= 400,
    }
    print(json.dumps(report, indent=2))
    return 0 if all(report["budgets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
