"""SIGKILL the sync client at random moments; after restart nothing is lost or doubled.

``DD_KILL_ROUNDS`` (default 50) sets the number of kills of the protocol 1 (pages) run and
``DD_KILL_STREAM_ROUNDS`` (default 20) those of the feed stream (protocol 2) run; a longer
optional run is e.g. ``DD_KILL_ROUNDS=500``. The link is the loopback (no emulated
latency) so kills are cheap; tiny pages and batches make each cycle many small
transactions.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app import audit
from app.context import open_desk
from app.credentials import Credentials, DevKeyFile, scope_for
from app.paths import resolve
from app.store.models import OutgoingRequest, RequestState, SyncCursor, SyncRow
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from app.sync.protocol import LANES
from app.workflow import RequestService
from tests.faults.syncenv import (
    OFFICE,
    PASSWORD,
    ClientEnv,
    fast_options,
    post_reply,
    server_accepted_items,
    server_requests,
    server_users,
    write_dev_site,
)
from tests.helpers.server_fixture import REPO, RunningServer

ROUNDS = int(os.environ.get("DD_KILL_ROUNDS", "50"))
STREAM_ROUNDS = int(os.environ.get("DD_KILL_STREAM_ROUNDS", "20"))

# The server fixtures, under the names the tests ask for.

pytestmark = pytest.mark.timeout(240 + max(ROUNDS, STREAM_ROUNDS) * 3)


def _child_env(stream: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env["DD_KILL_STREAM"] = "1" if stream else "0"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    # No OS keyring in the child: the site file allows the development key file, so the
    # store key and device credentials persist across processes.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def _held_vs_cursor(env_desk_dir: Path, server: RunningServer) -> None:
    """No half-applied page: every server row at or below a lane's cursor is held with
    the same seq, and nothing is held above the cursor."""
    from server.feed import REGIONAL
    from server.models import FeedRow

    paths = resolve(env_desk_dir)
    desk = open_desk(
        env_desk_dir, credentials=Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    )
    try:
        assert desk.store.integrity_check() == "ok"
        with desk.store.read() as s:
            cursor = {int(c.lane): c.cursor for c in s.scalars(select(SyncCursor))}
            held = {(r.t, r.i): (r.s, r.lane) for r in s.scalars(select(SyncRow))}
    finally:
        desk.close()
    with server.db.read() as s:
        rows = list(s.scalars(select(FeedRow).where(FeedRow.scope.in_([REGIONAL, OFFICE]))))
    for lane in LANES:
        pos = cursor.get(lane, 0)
        for row in rows:
            if row.lane == lane and row.seq <= pos:
                got = held.get((row.row_type, row.row_id))
                # Held at this seq, or already at a newer version from a later page.
                assert got is not None and got[0] >= row.seq, (lane, row.seq, got)
        above = [k for k, (s_, ln) in held.items() if ln == lane and s_ > pos]
        assert not above, f"rows above the cursor of lane {lane}: {above[:3]}"


@pytest.mark.parametrize("pull", ["pages", "stream"])
def test_kill9_during_sync_loses_and_doubles_nothing(
    dd_server: RunningServer, tmp_path: Path, pull: str
) -> None:
    stream = pull == "stream"
    rounds = STREAM_ROUNDS if stream else ROUNDS
    server_users(dd_server)
    dd_server.seed(bulletins=150, cases=6, offices=[OFFICE])
    data_dir = tmp_path / "client"
    write_dev_site(data_dir, dd_server.url)
    paths = resolve(data_dir)
    creds = Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    desk = open_desk(data_dir, credentials=creds)
    enrol(desk, dd_server.url, dd_server.enrolment_code(OFFICE))
    engine = SyncEngine(desk, fast_options(stream_pull=stream))
    env = ClientEnv(
        dd_server,
        desk,
        engine,
        engine.login_online("officer", PASSWORD),
        engine.login_online("supervisor", PASSWORD),
        RequestService(desk.store, desk.bus),
    )
    engine.close()
    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261128")))
    approved: list[str] = [env.approved_request(f"Request {n}") for n in range(12)]
    kills = 0
    clean_exits = 0
    started = time.monotonic()
    zyg = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.kill_runner", "--zygote", str(data_dir)],
        cwd=REPO,
        env=_child_env(stream),
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert zyg.stdin is not None and zyg.stdout is not None
    try:
        round_no = 0
        durations: list[float] = []  # of cycles that ended before their kill
        while kills < rounds and round_no < 3 * rounds:
            round_no += 1
            if round_no % 4 == 0:
                # New work on both sides so later kills land in pushes, pulls and replies.
                approved += [env.approved_request(f"Request {len(approved) + n}") for n in range(4)]
                dd_server.seed(bulletins=20)
                received = [r for r, st in server_requests(dd_server).items() if st == "received"]
                for rid in received[:2]:
                    post_reply(dd_server, rid)
            zyg.stdin.write("run\n")
            zyg.stdin.flush()
            pid = int(zyg.stdout.readline().split()[1])
            began = time.monotonic()
            # Aim inside the cycle: up to 90 % of how long recent cycles took.
            longest = 0.9 * statistics.median(durations[-5:]) if durations else 0.8
            time.sleep(rng.uniform(0.0, max(0.05, longest)))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            code = int(zyg.stdout.readline().split()[1])
            if code == -signal.SIGKILL:
                kills += 1
            else:
                clean_exits += 1
                durations.append(time.monotonic() - began)
            if round_no % 10 == 0:
                _held_vs_cursor(data_dir, dd_server)
    finally:
        zyg.stdin.close()
        zyg.wait(timeout=30)
        zyg.stdout.close()
    _held_vs_cursor(data_dir, dd_server)
    assert kills >= rounds, (kills, clean_exits)

    # Restart through the command line and finish: exit 0 means up to date.
    desk.close()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.cli import main; "
            f"sys.exit(main(['--data-dir', {str(data_dir)!r}, 'sync']))",
        ],
        cwd=REPO,
        env=_child_env(stream),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:  # a second cycle may be needed for the audit upload
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from app.cli import main; "
                f"sys.exit(main(['--data-dir', {str(data_dir)!r}, 'sync']))",
            ],
            cwd=REPO,
            env=_child_env(stream),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    desk = open_desk(data_dir, credentials=creds)
    engine = SyncEngine(desk, fast_options(stream_pull=stream))
    try:
        result = engine.run_once()
        assert result.up_to_date and result.integrity_ok is True, result
        on_server = server_requests(dd_server)
        accepted = server_accepted_items(dd_server)
        with desk.store.read() as s:
            states = {rid: s.get_one(OutgoingRequest, rid).state for rid in approved}
        assert set(on_server) == set(approved), "a request was lost"
        assert len(accepted) == len(approved), "a request was recorded twice"
        assert all(
            st in (RequestState.SENT, RequestState.ACKNOWLEDGED, RequestState.ANSWERED)
            for st in states.values()
        ), states
        assert desk.store.integrity_check() == "ok"
        assert audit.verify(desk.store.engine).ok
        print(
            f"{pull}: {kills} kills, {clean_exits} clean exits, {len(approved)} requests, "
            f"{time.monotonic() - started:.0f} s"
        )
    finally:
        engine.close()
        desk.close()
    _held_vs_cursor(data_dir, dd_server)
