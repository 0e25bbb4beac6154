"""SIGKILL a snapshot import at random moments; the resumed import loses and doubles nothing.

``DD_SNAPSHOT_KILL_ROUNDS`` (default 25) sets the number of kills that land inside an
import. The snapshot is cut into small frames (one write transaction each) so kills land
between, inside and during the commits of many transactions.
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
from sqlalchemy import select

from app.config import write_site_config
from app.exchange.snapshot import import_snapshot, open_snapshot
from app.store.meta import META_SNAPSHOT_NEXT_FRAME
from app.store.models import Attachment, Meta, SyncCursor, SyncRow
from app.sync.lanes import local_lane_sums
from tests.faults.syncenv import OFFICE, server_users
from tests.faults.syncenv import open_dev_key_desk as _open
from tests.helpers.server_fixture import REPO, RunningServer
from tests.integration.test_snapshot import PASSPHRASE, counts, desk_for, make_snapshot

ROUNDS = int(os.environ.get("DD_SNAPSHOT_KILL_ROUNDS", "25"))


pytestmark = pytest.mark.timeout(240 + ROUNDS * 4)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    # No OS keyring in the child: the site file allows the development key file.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def _next_frame(data_dir: Path, snapshot_id: str) -> int:
    desk = _open(data_dir)
    try:
        with desk.store.read() as s:
            row = s.get(Meta, META_SNAPSHOT_NEXT_FRAME + snapshot_id)
            return int(row.value) if row is not None else 0
    finally:
        desk.close()


def test_kill9_during_import_loses_and_doubles_nothing(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    # Photos: the kills also land in pages of media rows and their inline thumbnails.
    dd_server.seed(bulletins=4000, cases=6, offices=[OFFICE], photos=True)
    snap = tmp_path / "usb" / "s.ddsnap"
    key = make_snapshot(dd_server, snap, "--office", OFFICE, "--frame-rows", "20")
    manifest = open_snapshot(snap, key).manifest
    frames = len(manifest["frames"])
    assert frames > 100

    data_dir = tmp_path / "client"
    data_dir.mkdir()
    write_site_config(
        data_dir / "site.toml",
        office_code=OFFICE,
        allow_dev_key_file=True,
        snapshot_public_key=key,
    )
    _open(data_dir).close()  # create the store and its key file

    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261203")))
    zyg = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.snapshot_kill_runner",
            str(data_dir),
            str(snap),
            str(snap.parent / "passphrase.txt"),
        ],
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
    # The longest wait before a kill: shortened while kills advance the import by more
    # than its share of frames, so ROUNDS kills land inside it however fast this machine
    # imports (a fixed 0.4 s let one fast hour finish the 300 frames in 17 kills).
    high = 0.4
    share = frames / (ROUNDS + 5)
    try:
        while kills < ROUNDS:
            zyg.stdin.write("run\n")
            zyg.stdin.flush()
            lines = [zyg.stdout.readline().split()]
            if lines[-1][0] != "pid":  # the child spoke before the zygote
                lines.append(zyg.stdout.readline().split())
            pid = int(next(words for words in lines if words[0] == "pid")[1])
            if not any(words[0] == "applying" for words in lines):
                lines.append(zyg.stdout.readline().split())
            if lines[-1][0] == "exit":
                code = int(lines[-1][1])
            else:
                # A frame of this run is committed; kill it a random moment later.
                time.sleep(rng.uniform(0.0, high))
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
            step = positions[-1] - positions[-2]
            high = max(0.05, high * 0.7) if step > share else min(0.4, high * 1.1)
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
    # Every run applied at least one frame before its kill, so the import moved on.
    assert advanced == kills, positions

    # The same snapshot imported without interruption into a fresh store.
    control = desk_for(tmp_path / "control", key)
    import_snapshot(control, snap, PASSPHRASE)
    desk = _open(data_dir)
    try:
        assert desk.store.integrity_check() == "ok"
        assert counts(desk) == counts(control)
        with desk.store.read() as s, control.store.read() as c:
            held = {tuple(r) for r in s.execute(select(SyncRow.t, SyncRow.i, SyncRow.s))}
            want = {tuple(r) for r in c.execute(select(SyncRow.t, SyncRow.i, SyncRow.s))}
            assert held == want
            thumbs = select(Attachment.sha256, Attachment.present)
            assert set(s.execute(thumbs)) == set(c.execute(thumbs))
            assert any(present for _, present in c.execute(thumbs))
            # Every thumbnail marked present survived the kills whole.
            for sha, present in s.execute(thumbs):
                if present:
                    assert desk.blobs.read(sha)
            assert local_lane_sums(s) == local_lane_sums(c)
            cur = {r.lane: r.cursor for r in s.scalars(select(SyncCursor))}
            assert cur == {str(lane): manifest["head"] for lane in range(4)}
            assert s.get(Meta, META_SNAPSHOT_NEXT_FRAME + manifest["id"]) is None
    finally:
        desk.close()
        control.close()
    # The store agrees with the server's own per-lane integrity sums.
    from server.feed import integrity

    with dd_server.db.read() as s:
        server_sums = {li.lane: (li.count, li.checksum) for li in integrity(s, OFFICE)}
    desk = _open(data_dir)
    try:
        with desk.store.read() as s:
            assert local_lane_sums(s) == server_sums
    finally:
        desk.close()
