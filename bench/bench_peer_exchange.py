"""Office LAN exchange: how long a PC takes to catch up from its neighbour.

Prints one JSON object. Run:
``.venv/bin/python bench/bench_peer_exchange.py [--bulletins 15000] [--target 10000]``.

A real regional server on loopback is seeded with ``--bulletins`` realistic bulletins
(``server.seed``); PC 1 pulls them from the region (not timed), the region is stopped,
PC 1 serves its lanes from its own process and PC 2 (this process) catches up from it
over mutual TLS on loopback with the default page size: the exchange is timed from the
first connection to the last page committed. The seed has bulletins whose data the
client store does not keep (a vehicle's year, a place of birth), which a neighbour cannot
rebuild and leaves to the region, so the seed is larger than the target; the figure
reported is for the rows actually exchanged. PC 1 is brought up to date in this process,
so the search index's caches of prepared names are emptied before the exchange: PC 2 has
never seen these names.

Pages are pipelined (the next page is fetched while one is applied), so the figure is
about the larger of the two PCs' work, not their sum: the CPU seconds of each side are
reported beside the wall time, with the load average, because the machine is shared.
The whole run is bounded by ``--max-seconds`` (default 900).

Budget (issue 15): 10,000 bulletins in under 10 s on loopback.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.peer.lanes import BulletinLane
from app.peer.transport import exchange
from app.search.index import clear_caches
from tests.helpers.peers import (
    bulletin_count,
    enrolled_pc,
    held,
    identity_of,
    open_pc,
    pull_from_region,
    serving,
)
from tests.helpers.server_fixture import start_server

OFFICE = "AST-01"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=15_000)
    parser.add_argument("--target", type=int, default=10_000)
    parser.add_argument("--max-seconds", type=int, default=900)
    args = parser.parse_args()
    if hasattr(signal, "SIGALRM"):  # not on Windows
        signal.signal(signal.SIGALRM, _out_of_time)
        signal.alarm(args.max_seconds)
    with tempfile.TemporaryDirectory(prefix="dd-bench-peer-") as tmp_text:
        tmp = Path(tmp_text)
        server = start_server(tmp / "region")
        try:
            t0 = time.monotonic()
            server.seed(bulletins=args.bulletins, cases=0, offices=[OFFICE])
            pc1 = enrolled_pc(server, tmp / "pc1", OFFICE)
            pc2 = enrolled_pc(server, tmp / "pc2", OFFICE)
            t1 = time.monotonic()
            pull_from_region(pc1)
            region_pull = time.monotonic() - t1
            setup = time.monotonic() - t0
        finally:
            server.stop()
        # PC 2 has never seen these names: forget what pulling PC 1 (in this process)
        # prepared for the search index.
        clear_caches()
        gc.collect()
        with serving(pc1) as (proc, address):
            desk = open_pc(pc2)
            try:
                identity = identity_of(desk)
                load_before = os.getloadavg()
                serving_cpu = _cpu_seconds(proc.pid)
                asking_cpu = time.process_time()
                started = time.monotonic()
                result = exchange(desk, identity, address, [BulletinLane()])
                seconds = time.monotonic() - started
                asking_cpu = time.process_time() - asking_cpu
                after = _cpu_seconds(proc.pid)
                if after is not None and serving_cpu is not None:
                    serving_cpu = after - serving_cpu
                load_after = os.getloadavg()
                rows = bulletin_count(desk)
                ok = desk.store.integrity_check() == "ok"
                got = held(desk)
            finally:
                desk.close()
        desk1 = open_pc(pc1)
        try:
            theirs = held(desk1)
        finally:
            desk1.close()
        same = all(theirs.get(k) == v for k, v in got.items())
        print(
            json.dumps(
                {
                    "bench": "peer_exchange",
                    "seeded_bulletins": args.bulletins,
                    "exchanged_bulletins": result.received,
                    "bulletins_held_after": rows,
                    "pages": result.pages,
                    "seconds": round(seconds, 3),
                    "bulletins_per_second": round(result.received / seconds) if seconds else None,
                    "target_bulletins": args.target,
                    "target_met": result.received >= args.target and seconds < 10.0,
                    "asking_pc_cpu_seconds": round(asking_cpu, 2),
                    "serving_pc_cpu_seconds": (
                        round(serving_cpu, 2) if serving_cpu is not None else None
                    ),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in load_after],
                    "same_versions_and_digests_as_neighbour": same,
                    "integrity_check_ok": ok,
                    "setup_seconds": round(setup, 1),
                    # The same bulletins from the regional server on loopback (no link
                    # emulation), on the same machine: the applying cost both paths share.
                    "region_pull_seconds_same_machine": round(region_pull, 1),
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                },
                indent=2,
            )
        )
    return 0


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux ``/proc``; else ``None``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _out_of_time(signum: int, frame: object) -> None:
    raise TimeoutError("bench_peer_exchange: --max-seconds reached")


if __name__ == "__main__":
    sys.exit(main())
