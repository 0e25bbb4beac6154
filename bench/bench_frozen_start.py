"""Start times of the frozen app (the PyInstaller bundle that the installers ship).

Each run is a fresh process of the bundle's ``district-desk`` executable against a prepared
data directory (encrypted store already created):

- ``version``: ``district-desk --version`` (bootloader, Python, argument parsing);
- ``self_test``: ``district-desk self-test`` on the existing store (headless, no Qt);
- ``gui_first_paint``: ``district-desk`` with ``QT_QPA_PLATFORM=offscreen`` and
  ``DISTRICT_DESK_EXIT_AFTER_START=1`` (ui/startup_probe.py), timed from process start to
  the line the app prints when its first window has painted. On an enrolled installation
  that window is the login dialog: logging in needs a person, so the main window itself is
  measured from source by bench/bench_ui_start.py.

    python bench/bench_frozen_start.py [--bundle dist/bundle/district-desk] [--runs 5]

``--source`` runs the same steps from the source tree (``python -m ui.launcher``) instead
of a bundle: slower than the frozen app by the bytecode compilation it skips, but it
shows what a change to the start path saves without rebuilding the installer.

Without ``--bundle`` the newest bundle built by the installer tests
(/tmp/district-desk-build-cache) or by ``make installer`` (dist/) is used. Prints JSON
(ms; median, min and max over the runs) and the mean CPU time of a GUI start, which stays
meaningful on a busy machine; the budget in ARCHITECTURE.md is 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 1500
MARKER = "district-desk: first window painted"


def find_bundle() -> Path:
    candidates = [
        ROOT / "dist" / "bundle" / "district-desk",
        *Path("/tmp/district-desk-build-cache").glob("release-*/bundle/district-desk"),
    ]
    found = [c for c in candidates if (c / "district-desk").is_file()]
    if not found:
        raise SystemExit("no bundle found; run `make installer` or pass --bundle")
    return max(found, key=lambda c: (c / "district-desk").stat().st_mtime)


def env_for(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISTRICT_DESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    # A key file keeps the bench independent of a keyring daemon's speed.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    site = data.parent / "site.toml"
    site.write_text("[district_desk]\nallow_dev_key_file = true\n", encoding="utf-8")
    env["DISTRICT_DESK_SITE_CONFIG"] = str(site)
    return env


def children_cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def time_run(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, timeout=120, check=False)
    took = (time.perf_counter() - started) * 1000
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr.decode(errors='replace')[-2000:]}")
    return took


def time_first_paint(cmd: list[str], env: dict[str, str]) -> float:
    env = dict(env, DISTRICT_DESK_EXIT_AFTER_START="1")
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True
    )
    assert proc.stderr is not None
    painted = None
    for line in proc.stderr:
        if MARKER in line and painted is None:
            painted = (time.perf_counter() - started) * 1000
    code = proc.wait(timeout=120)
    if painted is None or code != 0:
        raise SystemExit(f"the GUI did not report its first paint (exit {code})")
    return painted


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bundle", type=Path, help="the one-folder bundle")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", action="store_true", help="run from the source tree")
    args = parser.parse_args()
    if args.source:
        bundle = ROOT
        launcher = [sys.executable, "-m", "ui.launcher"]
    else:
        bundle = (args.bundle or find_bundle()).resolve()
        launcher = [str(bundle / "district-desk")]
    with tempfile.TemporaryDirectory(prefix="dd-bench-") as tmp:
        data = Path(tmp) / "data"
        env = env_for(data)
        if args.source:
            env["PYTHONPATH"] = str(ROOT)
        base = [*launcher, "--data-dir", str(data)]
        time_run([*base, "self-test"], env)  # creates the store; not measured
        cpu_before = children_cpu_ms()
        paints = [time_first_paint(base, env) for _ in range(args.runs)]
        # CPU time does not grow when other processes share the cores; wall time does.
        gui_cpu = (children_cpu_ms() - cpu_before) / args.runs
        results: dict[str, Any] = {
            "bundle": str(bundle),
            "runs": args.runs,
            "version_ms": summary(
                [time_run([*launcher, "--version"], env) for _ in range(args.runs)]
            ),
            "self_test_ms": summary(
                [time_run([*base, "self-test"], env) for _ in range(args.runs)]
            ),
            "gui_first_paint_ms": summary(paints),
            "gui_start_cpu_ms_mean": round(gui_cpu, 1),
            "budget_ms": BUDGET_MS,
            "load_average": os.getloadavg()[0],
        }
    results["within_budget"] = results["gui_first_paint_ms"]["median"] <= BUDGET_MS
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
