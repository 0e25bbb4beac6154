"""SIGKILL a return-bundle import at random moments; the resumed import loses and doubles
nothing (issue 16).

``DD_BUNDLE_KILL_ROUNDS`` (default 25) sets the number of kills that land inside an
import. The return bundle is cut into small frames (one write transaction each) so the
kills land between, inside and during the commits of many transactions.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.exchange.bundle import META_RETURN_DONE, META_RETURN_NEXT, export_bundle
from app.store.models import Attachment, Meta, OutboxItem, OutboxState, OutgoingRequest
from app.sync.lanes import local_lane_sums
from app.sync.protocol import bundlefile as bf
from tests.faults.syncenv import (
    OFFICE,
    dev_key_client_env,
    server_users,
)
from tests.helpers.server_fixture import REPO, RunningServer
from tests.integration.test_snapshot_kill import _child_env, _open

ROUNDS = int(os.environ.get("DD_BUNDLE_KILL_ROUNDS", "25"))

pytestmark = pytest.mark.timeout(900 + ROUNDS * 10)


def _next_frame(data_dir: Path, bundle_id: str) -> int:
    desk = _open(data_dir)
    try:
        with desk.store.read() as s:
            row = s.get(Meta, META_RETURN_NEXT + bundle_id)
            return int(row.value) if row is not None else 0
    finally:
        desk.close()


def test_kill9_during_return_import_loses_and_doubles_nothing(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=30, offices=[OFFICE])
    data_dir = tmp_path / "client"
    env = dev_key_client_env(dd_server, data_dir)
    desk, engine = env.desk, env.engine
    env.sync_until_done()
    rids = [env.approved_request(f"Check number {n}.") for n in range(12)]
    exported = export_bundle(desk, tmp_path / "usb")
    engine.close()
    desk.close()

    # Days without a link: many bulletins (with thumbnails) wait for the office.
    dd_server.seed(bulletins=1200, offices=[OFFICE], photos=True)
    back = tmp_path / "back" / "r.ddret"
    dd_server.cli(
        "import-bundle", str(exported.path), "--out", str(back), "--frame-rows", "8", timeout=600
    )
    manifest = bf.open_bundle(back, bf.MAGIC_RETURN, bf.FORMAT_RETURN).manifest
    frames = len(manifest["frames"])
    assert frames > 100

    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261203")))
    zyg = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.bundle_kill_runner", str(data_dir), str(back)],
        cwd=REPO,
        env=_child_env(),
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert zyg.stdin is not None and zyg.stdout is not None
    kills = advanced = 0
    finished = False
    positions = [0]
    # The longest wait before a kill: halved while one run gets through more than a
    # thirtieth of the frames, so that on a fast, quiet machine the kills still spread
    # over the whole import instead of the import finishing after a few of them.
    max_delay = 0.3
    try:
        while kills < ROUNDS:
            zyg.stdin.write("run\n")
            zyg.stdin.flush()
            lines = [zyg.stdout.readline().split()]
            if lines[-1][0] != "pid":
                lines.append(zyg.stdout.readline().split())
            pid = int(next(words for words in lines if words[0] == "pid")[1])
            if not any(words[0] == "applying" for words in lines):
                lines.append(zyg.stdout.readline().split())
            if lines[-1][0] == "exit":
                code = int(lines[-1][1])
            else:
                time.sleep(rng.uniform(0.0, max_delay))
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                code = int(zyg.stdout.readline().split()[1])
            if code == 0:
                finished = True
                break
            assert code == -signal.SIGKILL, code
            kills += 1
            positions.append(_next_frame(data_dir, manifest["id"]))
            if positions[-1] > positions[-2]:
                advanced += 1
            if positions[-1] - positions[-2] > frames // 30:
                max_delay = max(0.02, max_delay / 2)
        if not finished:
            zyg.stdin.write("run\n")
            zyg.stdin.flush()
            last = zyg.stdout.readline().split()
            while last[0] != "exit":
                last = zyg.stdout.readline().split()
            assert int(last[1]) == 0
        zyg.stdin.write("stop\n")
        zyg.stdin.flush()
        zyg.wait(timeout=30)
    finally:
        if zyg.poll() is None:
            zyg.kill()
            zyg.wait(timeout=10)
        zyg.stdin.close()
        zyg.stdout.close()

    print(f"kills={kills} advanced={advanced} frames={frames} positions={positions}")
    assert kills >= min(ROUNDS, 20), f"only {kills} kills landed inside the import"
    assert advanced >= kills * 3 // 4, positions

    desk = _open(data_dir)
    try:
        assert desk.store.integrity_check() == "ok"
        with desk.store.read() as s:
            # Every carried item receipted exactly once; every request sent.
            by_state = dict(
                s.execute(
                    select(OutboxItem.state, func.count())
                    .where(OutboxItem.bundle_id == exported.bundle_id)
                    .group_by(OutboxItem.state)
                ).all()
            )
            assert by_state == {OutboxState.DONE: exported.items}
            states = set(
                s.scalars(select(OutgoingRequest.state).where(OutgoingRequest.id.in_(rids)))
            )
            assert states == {"sent"}
            assert s.get(Meta, META_RETURN_NEXT + manifest["id"]) is None
            assert s.get(Meta, META_RETURN_DONE + manifest["id"]) is not None
            for sha, present in s.execute(select(Attachment.sha256, Attachment.present)):
                if present:
                    assert desk.blobs.read(sha)
            sums = local_lane_sums(s)
    finally:
        desk.close()
    # Nothing lost, nothing doubled: the store agrees with the server's per-lane sums.
    from server.feed import integrity

    with dd_server.db.read() as s:
        server_sums = {li.lane: (li.count, li.checksum) for li in integrity(s, OFFICE)}
    assert sums == server_sums
