"""SIGKILL ``district-desk-server import-bundle FILE --out RETURN`` at random moments, then
run it again (issue 16).

After every kill: the server's database holds each item of the bundle at most once, with
its request row when it is a request, and no other item of that device; the return
bundle's final name holds either nothing or a complete bundle. At the end a run that is
not killed writes a complete return bundle that imports on the client: every item
receipted, and the client's lanes agree with the server's running per-lane sums (an item
applied twice would count twice there).

``DD_SERVER_KILL_ROUNDS`` (default 22) sets the number of kills. Each comes after a wait
between half the longest wait and the longest wait. That starts short and grows in small
steps while kills land before the import has applied anything (the command's start-up),
so the first kills after start-up land early in the application of the items, however
fast the server applies them; once every item is applied it grows faster, so the kills
spread over the duplicate answers of a re-run and the writing of the return bundle; it
shrinks when a run finishes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.exchange.bundle import export_bundle, import_return_bundle
from app.store.meta import META_DEVICE_ID, get_meta
from app.store.models import OutboxItem, OutboxState, OutgoingRequest
from app.sync.lanes import local_lane_sums
from app.sync.protocol import bundlefile as bf
from server.bundle import server_usb_key
from server.models import ItemRecord
from server.models import OutgoingRequest as ServerRequest
from tests.faults.syncenv import (
    OFFICE,
    dev_key_client_env,
    server_users,
)
from tests.helpers.server_fixture import REPO, RunningServer, _child_env

ROUNDS = int(os.environ.get("DD_SERVER_KILL_ROUNDS", "22"))

pytestmark = pytest.mark.timeout(900 + ROUNDS * 30)


def _bundle_item_ids(path: Path, server: RunningServer) -> dict[str, str]:
    """Item id -> kind of everything in the outbox bundle."""
    bundle = bf.open_bundle(path, bf.MAGIC_OUTBOX, bf.FORMAT_OUTBOX)
    key = bf.open_key(server_usb_key(None, server.blob_dir).private, bundle.manifest)
    out: dict[str, str] = {}
    for _, kind, payload in bf.frames(bundle, key):
        if kind == "items":
            out.update({str(d["id"]): str(d["kind"]) for d in json.loads(payload)})
    return out


def _server_state(server: RunningServer, device_id: str) -> tuple[set[str], set[str]]:
    """(item ids recorded for the device, item ids that made a request row)."""
    with server.db.read() as s:
        ids = list(s.scalars(select(ItemRecord.id).where(ItemRecord.device_id == device_id)))
        assert len(ids) == len(set(ids))
        requests = list(
            s.scalars(select(ServerRequest.item_id).where(ServerRequest.office == OFFICE))
        )
    return set(ids), {r for r in requests if r}


def test_kill9_during_server_import_applies_each_item_once(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=20, offices=[OFFICE])
    data_dir = tmp_path / "client"
    env = dev_key_client_env(dd_server, data_dir)
    desk, engine = env.desk, env.engine
    env.sync_until_done()
    engine.close()
    with desk.store.read() as s:
        device_id = get_meta(s, META_DEVICE_ID) or ""
    assert device_id
    with desk.store.read() as s:
        pushed = set(s.scalars(select(OutboxItem.id)))
    photo = desk.blobs.put(random.Random(5).randbytes(300_000))
    rids = [
        env.approved_request(f"Check number {n}.", attachments=(photo,) if n % 50 == 0 else ())
        for n in range(450)
    ]
    exported = export_bundle(desk, tmp_path / "usb")
    items = _bundle_item_ids(exported.path, dd_server)
    assert len(items) == exported.items >= 450
    # Days without a link: bulletins wait for the office (small frames: a long write).
    dd_server.seed(bulletins=600, offices=[OFFICE])

    out = tmp_path / "back" / "r.ddret"
    command = [
        sys.executable,
        "-m",
        "server",
        "import-bundle",
        str(exported.path),
        "--out",
        str(out),
        "--frame-rows",
        "4",
        "--db",
        dd_server.db_url,
        "--blob-dir",
        str(dd_server.blob_dir),
    ]
    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261203")))
    landed: Counter[str] = Counter()
    kills = 0
    finished = False
    recorded: set[str] = set()
    high = 0.5  # longest wait before a kill, seconds; grows while kills land too early
    for _ in range(3 * ROUNDS):
        if kills >= ROUNDS:
            break
        proc = subprocess.Popen(
            command,
            cwd=REPO,
            env=_child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(high / 2, high))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=120)
        now, request_items = _server_state(dd_server, device_id)
        # Each item at most once (the primary key), nothing of this device but the bundle's
        # and what the setup pushed online, never fewer than before; a request item has
        # its request row exactly when it is recorded.
        assert now <= set(items) | pushed, now - set(items) - pushed
        assert recorded <= now
        assert request_items == {i for i in now if items.get(i) == "request"}
        if out.exists():
            bf.open_bundle(out, bf.MAGIC_RETURN, bf.FORMAT_RETURN)  # whole, or it raises
        if code == 0:
            finished = True
            landed["finished"] += 1
            high = max(0.5, high * 0.7)
            continue
        assert code == -signal.SIGKILL, code
        kills += 1
        if now - recorded:
            landed["applying"] += 1  # some items committed, by this run
        elif len(now - pushed) == len(items):
            landed["after-applying"] += 1  # duplicates answered, or the return being written
            high *= 1.3
        else:
            landed["before-applying"] += 1  # start-up, or within the first transaction
            high *= 1.15
        recorded = now
    print(f"kills={kills} landed={dict(landed)} items={len(items)}")
    assert kills >= min(ROUNDS, 20), landed
    assert landed["applying"] >= 2, landed

    # The run that is not killed writes the return bundle whole.
    done = subprocess.run(
        command, cwd=REPO, env=_child_env(), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    receipts = Counter(dict(summary["receipts"]))
    assert sum(receipts.values()) == len(items)
    assert set(receipts) <= {"accepted", "duplicate(accepted)"}, receipts
    assert finished or receipts["duplicate(accepted)"] > 0
    assert _server_state(dd_server, device_id)[0] == set(items) | pushed
    assert not list(out.parent.glob("*.tmp")), list(out.parent.iterdir())

    result = import_return_bundle(desk, out)
    assert result.receipted == len(items) and not result.quarantined
    with desk.store.read() as s:
        states = dict(
            s.execute(
                select(OutboxItem.state, func.count())
                .where(OutboxItem.bundle_id == exported.bundle_id)
                .group_by(OutboxItem.state)
            ).all()
        )
        request_states = set(
            s.scalars(select(OutgoingRequest.state).where(OutgoingRequest.id.in_(rids)))
        )
        sums = local_lane_sums(s)
    assert states == {OutboxState.DONE: len(items)}
    assert request_states == {"sent"}
    assert desk.store.integrity_check() == "ok"
    desk.close()
    from server.feed import integrity

    with dd_server.db.read() as s:
        server_sums = {li.lane: (li.count, li.checksum) for li in integrity(s, OFFICE)}
    assert sums == server_sums
