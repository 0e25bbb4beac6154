"""How close the time left shown during a first sync is to the real time left.

Runs the pull of ``tests/faults/test_sync_eta.py`` (10,000 bulletins over the link
emulator, time-compressed) ``--runs`` times and prints, as JSON, the worst relative error
and the 95th-percentile relative error of the time left shown after the first 20 % of each
run against the budget (±25 %), with the load average seen. The time left is the engine's
(:mod:`app.sync.eta`), as the status bar shows it. On a loaded PC the pull is paced by the
CPU rather than the link, and the CPU's pace changes with the load: look at
``load_average`` before judging a figure. ``--pull stream`` measures the feed stream (protocol 2)
with its shared segment cached by an earlier office (its time left is bytes left over the
link's rate), ``--pull stream-cold`` the stream of a segment no office asked for yet (its
size is not known ahead and is estimated from the bytes per row of the recent rows),
``--pull pages`` protocol 1 pages, ``--pull both`` (default) pages and the cached stream.
``--dump DIR`` keeps each run's progress reports. ``--scale 1`` runs the pull in real
time on the office link (about 1-2 minutes a pull),
where the link, not the CPU, paces it as on a real office PC; the default runs it four
times faster. Usage: ``python bench/bench_sync_eta.py [--runs 3] [--pull both] [--scale 4]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.faults import test_sync_eta as eta  # noqa: E402
from tests.helpers.server_fixture import ServerFactory  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pull", choices=["pages", "stream", "stream-cold", "both"], default="both"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=eta.SCALE,
        help="time runs this many times faster than on the office link (1: real time)",
    )
    parser.add_argument(
        "--dump", type=Path, default=None, help="write each run's reports here (pickle)"
    )
    args = parser.parse_args()
    runs = []
    kinds = ["pages", "stream"] if args.pull == "both" else [args.pull]
    for _ in range(args.runs):
        for kind in kinds:
            with tempfile.TemporaryDirectory() as tmp:
                factory = ServerFactory(Path(tmp))
                try:
                    reports = eta._pull_reports(
                        factory,
                        Path(tmp),
                        stream=kind.startswith("stream"),
                        scale=args.scale,
                        warm=kind != "stream-cold",
                    )
                finally:
                    factory.stop_all()
            if args.dump is not None:
                args.dump.mkdir(parents=True, exist_ok=True)
                with (args.dump / f"{kind}-{len(runs)}.pickle").open("wb") as fh:
                    pickle.dump(reports, fh)
            errors = eta.eta_errors(reports, scale=args.scale)
            worst, p95 = eta.worst_and_p95(errors)
            runs.append(
                {
                    "pull": kind,
                    "checked": len(errors),
                    "worst_error": round(worst, 3),
                    "p95_error": round(p95, 3),
                    "pull_seconds": round(reports[-1][0] - reports[0][0], 1),
                    "within_budget": worst <= eta.TOLERANCE,
                    "load_average": round(os.getloadavg()[0], 2),
                }
            )
    print(json.dumps({"budget": eta.TOLERANCE, "scale": args.scale, "runs": runs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
