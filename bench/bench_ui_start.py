"""Cold start of the desktop interface from source: process start to a painted main window.

Each run is a fresh Python process (imports are cold) that opens a prepared data directory
(encrypted store, 300 bulletins, users), logs in as the officer, builds the main window and
waits until it has painted and its first background reads have come back. Prints one JSON
object with the phases (ms; median and max over the runs).

    QT_QPA_PLATFORM=offscreen python bench/bench_ui_start.py --runs 5

The budget in ARCHITECTURE.md (1.5 s) is for the frozen build; this measures the source tree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 1500

CHILD = r"""
import json, sys, time
t0 = float(sys.argv[2])
t_start = time.perf_counter()
from PySide6.QtWidgets import QApplication
from app.context import open_desk
from app.users import login
from ui.i18n import install_language
from ui.main import make_application
from ui.main_window import MainWindow
from ui.ops import running_ops
from ui.session import UiSession
t_import = time.perf_counter()
app = make_application([])
install_language("ru")
desk = open_desk(sys.argv[1])
t_open = time.perf_counter()
actor = login(desk.store, "ivanov", "officer-demo-1")
t_login = time.perf_counter()
win = MainWindow(UiSession(desk, actor), auto_sync=False)
win.show()
app.processEvents()
win.grab()  # forces a full paint
t_shown = time.perf_counter()
while running_ops():
    app.processEvents()
    time.sleep(0.002)
t_ready = time.perf_counter()
print(json.dumps({
    "interpreter_ms": (time.time() - t0) * 1000 - (t_ready - t_start) * 1000,
    "imports_ms": (t_import - t_start) * 1000,
    "open_store_ms": (t_open - t_import) * 1000,
    "login_ms": (t_login - t_open) * 1000,
    "window_painted_ms": (t_shown - t_login) * 1000,
    "first_data_ms": (t_ready - t_shown) * 1000,
}))
win.close()
desk.close()
"""


def prepare(data: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))
    import run_demo

    run_demo.write_site(data, "")
    run_demo.prepare_offline(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        PYTHONPATH=str(ROOT),
    )
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="dd-bench-start-") as tmp:
        data = Path(tmp) / "client"
        prepare(data)
        for _ in range(args.runs):
            started = time.time()
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(data), repr(started)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=env,
                timeout=120,
                check=True,
            )
            total = (time.time() - started) * 1000
            line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")][-1]
            phases = json.loads(line)
            phases["to_painted_window_ms"] = total - phases["first_data_ms"]
            phases["to_ready_ms"] = total
            results.append(phases)
    out: dict[str, Any] = {"bench": "ui_start", "runs": args.runs}
    for key in results[0]:
        values = [r[key] for r in results]
        out[key] = {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}
    out["budget_ms_frozen"] = BUDGET_MS
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
