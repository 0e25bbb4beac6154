"""Benchmark: pull a bulletin corpus over a 64 kbit/s, 1 s RTT link, with and without cuts.

Takes a corpus file (JSON lines of bulletins in the wire schema, written by
``bench/make_bulletin_corpus.py``; one is generated when none is given), publishes it into
the real reference server on loopback and pulls it with real client stores through the
link emulator (``tests/helpers/linkemu.py``: 8,000 B/s each way, 0.5 s each way, one round
trip per new TCP connection). Side by side, in one run:

* ``pages_v1``: today's design point: protocol 1, one ``GET /changes`` per page, the next
  page asked for only once the body (which holds its cursor) has arrived, pages compressed
  at zstd level 3 (the server is started with ``--page-zstd-level 3``).
* ``stream_v2``: protocol 2: the pull as one streamed answer of committed frames,
  compressed once at zstd 19 with long-distance matching and cached (the cache is warmed
  by an earlier office first, as it is on a regional server), resumed by byte offset
  after a cut.

each without cuts and with time-based cuts (every open connection is cut at moments
drawn from an exponential distribution, mean ``--cut-mean`` seconds). The floor is
physical: the corpus file compressed with ``zstd -19 --long`` (the command-line tool),
divided by the bandwidth. Prints JSON: wall time, ratio to the floor, bytes down/up, bytes
wasted by cuts, pages (commits), idle-link seconds and the cuts that happened. The bench
checks the budgets (ARCHITECTURE section 7) and that cuts did happen in the cut runs.

Figures depend on the machine's load: the wall times include the client's own work
(decoding, applying rows, search keys) and the server's.

Usage: ``python bench/bench_sync_pull.py [--corpus FILE] [--bulletins 10000]
[--cut-mean 20] [--modes pages_v1,stream_v2] [--seed 1]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.make_bulletin_corpus import write_corpus  # noqa: E402
from tests.faults.syncenv import client_env, fast_options, server_users  # noqa: E402
from tests.helpers.corpus import publish_corpus, read_corpus  # noqa: E402
from tests.helpers.linkemu import LinkEmulator  # noqa: E402
from tests.helpers.server_fixture import RunningServer, start_server  # noqa: E402

BANDWIDTH = 8000.0  # bytes/s each way: 64 kbit/s
LATENCY = 0.5  # one way: 1 s round trip
BUDGET_NO_CUTS = 1.10
BUDGET_CUTS = 1.30
BUDGET_WASTE = 0.05


def floor_bytes(corpus: Path) -> int:
    """Size of the corpus compressed by ``zstd -19 --long`` (the command-line tool)."""
    out = subprocess.run(
        ["zstd", "-19", "--long", "-c", "-q", str(corpus)],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return len(out.stdout)


def pull_once(
    server: RunningServer,
    link: LinkEmulator,
    root: Path,
    mode: str,
    cut_mean: float | None,
    seed: int,
    expected: int,
) -> dict[str, Any]:
    """One fresh office pulling everything; returns its figures."""
    opts = fast_options(stream_pull=mode == "stream_v2")
    opts.deadlines.stall = 30.0
    opts.backoff_base = 0.0
    link.configure(latency=0.0, bandwidth=None, cut_mean_interval=None, handshake_rtts=0)
    env = client_env(server, root, url=link.url, options=opts)
    env.engine.close()  # enrolment and logins happened on a fast link
    link.configure(
        latency=LATENCY,
        bandwidth=BANDWIDTH,
        handshake_rtts=1,
        cut_mean_interval=cut_mean,
        cut_seed=seed,
    )
    link.reset_stats()
    t0 = time.monotonic()
    cycles = 0
    pages = 0
    wasted = 0
    while True:
        cycles += 1
        result = env.engine.run_once()
        pages += result.pages
        wasted += getattr(result, "bytes_wasted", 0)
        if result.ok and result.up_to_date:
            break
        if cycles >= 200:
            raise RuntimeError(f"{mode}: not up to date after {cycles} cycles: {result}")
    wall = time.monotonic() - t0
    link.configure(cut_mean_interval=None)
    stats = link.stats()
    held = env.bulletin_count()
    env.engine.close()
    env.desk.close()
    if held != expected:
        raise RuntimeError(f"{mode}: holds {held} bulletins, expected {expected}")
    return {
        "wall_s": round(wall, 1),
        "cycles": cycles,
        "pages_or_commits": pages,
        "bytes_down": stats.bytes_down,
        "bytes_up": stats.bytes_up,
        "tcp_connections": stats.connections,
        "cuts_happened": stats.timed_cuts_hit,
        "client_counted_wasted_bytes": wasted,
        # Seconds the downlink carried nothing during the pull.
        "idle_link_s": round(max(0.0, wall - stats.bytes_down / BANDWIDTH), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--bulletins", type=int, default=10_000)
    parser.add_argument("--cut-mean", type=float, default=20.0)
    parser.add_argument("--modes", default="pages_v1,stream_v2")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = args.corpus
        if source is None:
            source = root / "generated.jsonl"
            write_corpus(source, args.bulletins)
        corpus = root / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for doc in read_corpus(source, args.bulletins):
                fh.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
        n = sum(1 for _ in read_corpus(corpus))
        raw = corpus.stat().st_size
        zfloor = floor_bytes(corpus)
        floor_s = zfloor / BANDWIDTH
        server = start_server(root / "server", "--page-zstd-level", "3")
        report: dict[str, Any] = {
            "benchmark": "sync_pull",
            "bulletins": n,
            "corpus_bytes": raw,
            "corpus_bytes_per_bulletin": round(raw / n, 1),
            "floor": {
                "zstd_19_long_bytes": zfloor,
                "seconds": round(floor_s, 1),
                "how": "zstd -19 --long of the corpus file / 8000 B/s",
            },
            "link": {
                "bandwidth_bytes_per_s": BANDWIDTH,
                "rtt_s": 2 * LATENCY,
                "handshake_rtts": 1,
                "cut_mean_interval_s": args.cut_mean,
            },
            "runs": {},
        }
        try:
            server_users(server)
            t0 = time.monotonic()
            publish_corpus(server.db, corpus)
            report["publish_s"] = round(time.monotonic() - t0, 1)
            port = int(server.url.rsplit(":", 1)[1])
            with LinkEmulator("127.0.0.1", port) as link:
                if "stream_v2" in modes:
                    # An earlier office: the regional server's cache is warm.
                    t0 = time.monotonic()
                    pull_once(server, link, root / "warm", "stream_v2", None, 0, n)
                    report["cache_warm_pull_s"] = round(time.monotonic() - t0, 1)
                for mode in modes:
                    for label, cut in (("no_cuts", None), ("cuts", args.cut_mean)):
                        run = pull_once(
                            server, link, root / f"{mode}-{label}", mode, cut, args.seed, n
                        )
                        run["x_floor"] = round(run["wall_s"] / floor_s, 3)
                        report["runs"][f"{mode}/{label}"] = run
                        print(f"{mode}/{label}: {run}", file=sys.stderr)
        finally:
            server.stop()
    _verdict(report, modes)
    print(json.dumps(report, indent=2))
    return 0 if all(report["budgets"].values()) else 1


def _verdict(report: dict[str, Any], modes: list[str]) -> None:
    runs = report["runs"]
    budgets: dict[str, bool] = {}
    for mode in modes:
        calm, cut = runs[f"{mode}/no_cuts"], runs[f"{mode}/cuts"]
        waste = max(0, cut["bytes_down"] - calm["bytes_down"])
        cut["bytes_wasted_by_cuts"] = waste
        cut["wasted_share"] = round(waste / max(cut["bytes_down"], 1), 4)
        budgets[f"{mode}: cuts happened"] = cut["cuts_happened"] > 0
    if "stream_v2" in modes:
        calm, cut = runs["stream_v2/no_cuts"], runs["stream_v2/cuts"]
        budgets[f"stream_v2 no cuts <= {BUDGET_NO_CUTS}x floor"] = calm["x_floor"] <= BUDGET_NO_CUTS
        budgets[f"stream_v2 cuts <= {BUDGET_CUTS}x floor"] = cut["x_floor"] <= BUDGET_CUTS
        budgets[f"stream_v2 wasted <= {BUDGET_WASTE:.0%}"] = cut["wasted_share"] <= BUDGET_WASTE
    if "pages_v1" in modes and "stream_v2" in modes:
        report["speedup_stream_over_pages"] = {
            label: round(
                runs[f"pages_v1/{label}"]["wall_s"] / runs[f"stream_v2/{label}"]["wall_s"], 2
            )
            for label in ("no_cuts", "cuts")
        }
    report["budgets"] = budgets


if __name__ == "__main__":
    sys.exit(main())
