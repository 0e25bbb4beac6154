"""What an idle integrity check costs on the client, at growing store sizes.

Prints one JSON object. Run: ``.venv/bin/python bench/bench_lane_digests.py [--sizes
1000,100000]``. For each size, a real encrypted store is filled with that many
``sync_rows`` records (the ``lane_sums`` triggers fire on every insert, as in a pull),
then the lane digests are read the way the integrity check reads them (the
trigger-kept table: four rows) and recounted from the records (what a full recount,
and the version 1 sums, cost). The first must not grow with the store (issue 20).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import SiteConfig
from app.context import open_desk
from app.credentials import Credentials, MemorySecrets
from app.store.models import SyncRow
from app.sync.lanes import local_lane_sums
from app.sync.lanesums import recount_lane_digests, stored_lane_digests


def _median_ms(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 3)


def measure(size: int, repeat: int) -> dict[str, object]:
    rnd = random.Random(size)
    with tempfile.TemporaryDirectory() as tmp:
        desk = open_desk(
            Path(tmp),
            credentials=Credentials(MemorySecrets(), "bench"),
            site=SiteConfig(office_code="AST-01"),
        )
        try:
            t0 = time.perf_counter()
            for start in range(0, size, 5000):
                with desk.store.write() as s:
                    s.execute(
                        insert(SyncRow),
                        [
                            {
                                "t": "b",
                                "i": f"{n:036d}",
                                "s": n + 1,
                                "lane": rnd.choice((0, 2, 2, 2, 3)),
                                "live": True,
                                "bad": False,
                                "h": rnd.randint(-(2**63), 2**63 - 1),
                            }
                            for n in range(start, min(start + 5000, size))
                        ],
                    )
            fill = time.perf_counter() - t0
            with desk.store.read() as s:
                assert stored_lane_digests(s) == recount_lane_digests(s)
                return {
                    "rows": size,
                    "fill_rows_per_s": round(size / fill),
                    "stored_digests_ms": _median_ms(lambda: stored_lane_digests(s), repeat),
                    "recount_digests_ms": _median_ms(lambda: recount_lane_digests(s), 3),
                    "v1_sums_recount_ms": _median_ms(lambda: local_lane_sums(s), 3),
                }
        finally:
            desk.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    out = {
        "machine": platform.platform(),
        "results": [measure(n, args.repeat) for n in sizes],
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
