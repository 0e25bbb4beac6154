"""Closing the window during a slow sync: twenty times, the process always exits within
5 s, writes no crash report and logs no critical error, and the store passes
``integrity_check`` with nothing half applied (every row at or below each lane's cursor
held, nothing above it).

The client is the real GUI (offscreen) in its own process, syncing over the link emulator
at 64 kbit/s with a 1 s round trip; the close comes at a random moment of the sync.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.context import open_desk
from app.credentials import Credentials, DevKeyFile, scope_for
from app.paths import resolve
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from tests.faults.syncenv import OFFICE, PASSWORD, fast_options, server_users, write_dev_site
from tests.faults.test_sync_kill import _child_env, _held_vs_cursor
from tests.helpers.linkemu import LinkEmulator
from tests.helpers.server_fixture import REPO, RunningServer

ROUNDS = int(os.environ.get("DD_QUIT_ROUNDS", "20"))
EXIT_BUDGET_S = 5.0


pytestmark = pytest.mark.timeout(120 + ROUNDS * 25)


def test_quit_during_a_slow_sync_always_exits_cleanly(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=3000, cases=4, offices=[OFFICE])
    port = int(dd_server.url.rsplit(":", 1)[1])
    rng = random.Random(int(os.environ.get("DD_QUIT_SEED", "20261203")))
    data_dir = tmp_path / "client"
    with LinkEmulator("127.0.0.1", port) as link:
        write_dev_site(data_dir, link.url)
        paths = resolve(data_dir)
        creds = Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
        desk = open_desk(data_dir, credentials=creds)
        enrol(desk, link.url, dd_server.enrolment_code(OFFICE))
        engine = SyncEngine(desk, fast_options())
        engine.login_online("officer", PASSWORD)  # caches the officer for offline login
        engine.close()
        desk.close()
        link.configure(latency=0.5, bandwidth=8000.0)
        env = _child_env()
        env["QT_QPA_PLATFORM"] = "offscreen"
        exits: list[float] = []
        closed_while_running = 0
        for round_no in range(ROUNDS):
            delay = rng.uniform(0.3, 6.0)
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.faults.quit_runner", str(data_dir), f"{delay}"],
                cwd=REPO,
                env=env,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("closing"), (
                round_no,
                line,
                proc.stderr.read() if proc.stderr else "",
            )
            closed_at = float(line.split()[1])
            closed_while_running += "running=True" in line
            try:
                _out, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                _out, err = proc.communicate()
                pytest.fail(f"round {round_no}: the process did not exit\n{err[-2000:]}")
            exited = time.monotonic() - closed_at
            exits.append(exited)
            assert proc.returncode == 0, (round_no, proc.returncode, err[-3000:])
            assert exited <= EXIT_BUDGET_S, (round_no, exited, err[-2000:])
            assert "CRITICAL" not in err and "Traceback" not in err, (round_no, err[-3000:])
            assert not list(paths.reports.glob("crash-*")), (round_no, err[-3000:])
    _held_vs_cursor(data_dir, dd_server)
    # The closes landed inside syncs, not after them.
    assert closed_while_running >= ROUNDS * 3 // 4, closed_while_running
    print(f"exit after close: max {max(exits):.2f} s, mean {sum(exits) / len(exits):.2f} s")
