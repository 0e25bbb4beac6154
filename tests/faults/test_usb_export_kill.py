"""SIGKILL ``district-desk export-bundle`` at random moments (issue 16).

After every kill: the store passes ``integrity_check``; every outbox item is either still
queued (with at most the killed export's leftovers on the stick: ``.tmp`` parts, or a
complete file the store never committed, both recorded as the unfinished export that
the next export deletes) or carried by exactly one complete bundle file that verifies
and holds exactly the items carried with its id. At the end one more export, the
server's import of every bundle on the stick and the client's import of the return
bundles leave every item receipted once, and the server holding each item id once.

``DD_EXPORT_KILL_ROUNDS`` (default 24) sets the number of random kills; two more kills
land exactly after the parts are fsynced under ``.tmp`` names and exactly after they are
renamed (the child kills itself there), where the file and the store disagree longest.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import select

from app.context import Desk
from app.exchange.bundle import import_return_bundle
from app.exchange.unfinished import unfinished_export
from app.store.models import OutboxItem, OutboxState, OutgoingRequest
from app.sync.protocol import OutboxKind
from app.sync.protocol import bundlefile as bf
from server.bundle import server_usb_key
from server.models import ItemRecord
from tests.faults.syncenv import (
    OFFICE,
    dev_key_client_env,
    server_users,
)
from tests.helpers.server_fixture import REPO, RunningServer
from tests.integration.test_snapshot_kill import _child_env

ROUNDS = int(os.environ.get("DD_EXPORT_KILL_ROUNDS", "24"))
QUEUED = (OutboxState.PENDING, OutboxState.SENDING)

pytestmark = pytest.mark.timeout(900 + ROUNDS * 20)


@dataclass
class Survey:
    """What the stick and the store hold after a run."""

    complete: dict[str, set[str]] = field(default_factory=dict)  # bundle id -> item ids
    partial: list[str] = field(default_factory=list)  # file names
    carried: dict[str, set[str]] = field(default_factory=dict)  # bundle id -> item ids
    queued: set[str] = field(default_factory=set)
    done: set[str] = field(default_factory=set)  # pushed online before the test's exports
    unfinished: str | None = None  # the recorded unfinished export's bundle id


def _bundle_items(path: Path, server_key: object) -> tuple[str, set[str]]:
    bundle = bf.open_bundle(path, bf.MAGIC_OUTBOX, bf.FORMAT_OUTBOX)
    key = bf.open_key(server_key, bundle.manifest)  # type: ignore[arg-type]
    ids: set[str] = set()
    for _, kind, payload in bf.frames(bundle, key):
        if kind == "items":
            ids |= {str(doc["id"]) for doc in json.loads(payload)}
    return bundle.bundle_id, ids


def survey(desk: Desk, usb: Path, server_key: object) -> Survey:
    """Check the invariants that must hold after any kill; return what was found."""
    assert desk.store.integrity_check() == "ok"
    out = Survey()
    found = unfinished_export(desk)
    out.unfinished = found[0] if found else None
    for path in sorted(usb.iterdir()):
        assert re.fullmatch(r".+\.ddout(\.tmp)?", path.name), path.name
        if path.name.endswith(".tmp"):
            out.partial.append(path.name)
            continue
        try:
            bundle_id, ids = _bundle_items(path, server_key)
        except bf.BundleError:
            out.partial.append(path.name)
            continue
        assert bundle_id not in out.complete
        assert bundle_id[:8] in path.name
        out.complete[bundle_id] = ids
    with desk.store.read() as s:
        for item_id, state, carrier in s.execute(
            select(OutboxItem.id, OutboxItem.state, OutboxItem.bundle_id)
        ):
            if state in QUEUED:
                assert carrier is None
                out.queued.add(item_id)
            elif state == OutboxState.DONE:
                out.done.add(item_id)
            else:
                assert state == OutboxState.CARRIED, state
                out.carried.setdefault(str(carrier), set()).add(item_id)
    # Leftovers (partial files, a complete file never committed) are only the recorded
    # unfinished export's, and hold only queued items.
    for name in out.partial:
        assert found is not None and name.startswith(found[1].name), (name, found)
    for bundle_id, ids in out.complete.items():
        if bundle_id == out.unfinished:
            # Queued items, or the audit batch its rolled-back transaction made.
            stored = out.queued | out.done | set().union(*out.carried.values())
            assert not (ids - out.queued) & stored, "a leftover holds items carried elsewhere"
        else:
            # A committed bundle holds exactly the items carried with its id.
            assert out.carried.get(bundle_id, set()) == ids, bundle_id
    # Every carried item is in exactly one complete file: its own bundle's.
    for bundle_id in out.carried:
        assert bundle_id in out.complete and bundle_id != out.unfinished, bundle_id
    if out.unfinished is not None:
        assert out.unfinished not in out.carried
    return out


class Exporter:
    """The zygote that forks ``export-bundle`` runs (tests.faults.usb_export_kill_runner)."""

    def __init__(self, data_dir: Path, usb: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.usb_export_kill_runner", str(data_dir), str(usb)],
            cwd=REPO,
            env=_child_env(),
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: IO[str] = self.proc.stdin
        self.stdout: IO[str] = self.proc.stdout

    def start(self, mode: str = "run") -> int:
        self.stdin.write(mode + "\n")
        self.stdin.flush()
        words = self.stdout.readline().split()
        assert words[0] == "pid", words
        return int(words[1])

    def wait(self) -> tuple[int, float]:
        """The run's exit code (negative: the signal that killed it) and its seconds."""
        words = self.stdout.readline().split()
        assert words[0] == "exit", words
        return int(words[1]), float(words[2])

    def close(self) -> None:
        if self.proc.poll() is None:
            self.stdin.write("stop\n")
            self.stdin.flush()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.stdin.close()
        self.stdout.close()


def test_kill9_during_export_leaves_each_item_in_one_state(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=20, offices=[OFFICE])
    data_dir = tmp_path / "client"
    usb = tmp_path / "usb"
    usb.mkdir()
    env = dev_key_client_env(dd_server, data_dir)
    desk, engine = env.desk, env.engine
    env.sync_until_done()
    engine.close()
    with desk.store.read() as s:
        pushed = set(s.scalars(select(OutboxItem.id)))
    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261203")))
    # Incompressible attachments make each export long enough to be cut anywhere.
    photos = tuple(desk.blobs.put(rng.randbytes(700_000)) for _ in range(3))
    rids: list[str] = []

    def queue_more() -> None:
        n = len(rids)
        rids.append(env.approved_request(f"Check number {n}.", attachments=photos))
        rids.append(env.approved_request(f"Check number {n + 1}."))

    server_key = server_usb_key(None, dd_server.blob_dir).private
    exporter = Exporter(data_dir, usb)
    landed: Counter[str] = Counter()
    kills = 0
    try:
        queue_more()
        exporter.start()
        code, duration = exporter.wait()  # one whole export, start to exit
        assert code == 0
        before = survey(desk, usb, server_key)
        assert before.done == pushed
        assert len(before.complete) == 1 and not before.queued - _audit_items(desk)

        attempts = 0
        random_kills = 0
        # Random kills until ROUNDS of them landed inside a run (a kill after the child
        # exited finishes the run instead); the two exact kill points on the way.
        while random_kills < ROUNDS and attempts < 3 * ROUNDS:
            attempts += 1
            mode = {ROUNDS // 3: "tmp-written", 2 * ROUNDS // 3: "renamed"}.get(attempts, "run")
            if not (before.queued - _audit_items(desk)):
                queue_more()
            pid = exporter.start(mode)
            if mode == "run":
                time.sleep(rng.uniform(0.0, duration * 1.05))
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            code, seconds = exporter.wait()
            after = survey(desk, usb, server_key)
            assert after.done == pushed
            if code == 0:
                duration = seconds
                landed["finished"] += 1
            else:
                assert code == -signal.SIGKILL, code
                kills += 1
                random_kills += mode == "run"
                if set(after.carried) - set(before.carried):
                    landed["after-commit"] += 1
                elif after.unfinished is None:
                    landed["before-start"] += 1
                elif after.unfinished in after.complete:
                    landed["renamed-not-committed"] += 1
                else:
                    landed["writing"] += 1
            if mode == "tmp-written":
                assert after.unfinished is not None and after.partial, after
            if mode == "renamed":
                assert after.unfinished in after.complete, after
            # Nothing queued before the run was lost by it.
            assert before.queued <= after.queued | set().union(*after.carried.values())
            before = after

        # One more, not killed: it deletes the last leftovers and carries the rest.
        if not (before.queued - _audit_items(desk)):
            queue_more()
        exporter.start()
        assert exporter.wait()[0] == 0
    finally:
        exporter.close()
    final = survey(desk, usb, server_key)
    print(f"kills={kills} landed={dict(landed)} bundles={len(final.complete)}")
    assert kills >= ROUNDS + 2, landed
    assert landed["writing"] + landed["renamed-not-committed"] >= 3, landed
    assert final.unfinished is None and not final.partial
    assert not (final.queued - _audit_items(desk))
    assert sorted(map(len, final.complete.values())) == sorted(map(len, final.carried.values()))

    # Carry the stick: every bundle into the server, every return bundle back.
    back = tmp_path / "back"
    # In the order they were written, as a courier would bring them (the server anchors
    # the audit chain batch after batch).
    for n, bundle in enumerate(sorted(usb.iterdir(), key=lambda p: p.stat().st_mtime_ns)):
        dd_server.cli("import-bundle", str(bundle), "--out", str(back / f"{n}.ddret"), timeout=300)
    for ret in sorted(back.iterdir()):
        result = import_return_bundle(desk, ret)
        assert not result.quarantined, _quarantined(desk)
    with desk.store.read() as s:
        states = Counter(s.scalars(select(OutboxItem.state)))
        client_ids = set(s.scalars(select(OutboxItem.id)))
        request_states = set(
            s.scalars(select(OutgoingRequest.state).where(OutgoingRequest.id.in_(rids)))
        )
    carried_ids = set().union(*final.carried.values())
    assert states == {OutboxState.DONE: len(client_ids)}, (states, _not_done(desk))
    assert carried_ids == client_ids - pushed
    assert request_states == {"sent"}
    with dd_server.db.read() as s:
        server_ids = list(
            s.scalars(select(ItemRecord.id).where(ItemRecord.id.in_(list(client_ids))))
        )
    assert sorted(server_ids) == sorted(client_ids)  # each item once on the server
    env.desk.close()


def _audit_items(desk: Desk) -> set[str]:
    with desk.store.read() as s:
        return set(
            s.scalars(
                select(OutboxItem.id).where(
                    OutboxItem.kind == OutboxKind.AUDIT_BATCH, OutboxItem.state.in_(QUEUED)
                )
            )
        )


def _quarantined(desk: Desk) -> list[tuple[str, str | None, str]]:
    with desk.store.read() as s:
        return [
            (str(kind), code, text)
            for kind, code, text in s.execute(
                select(OutboxItem.kind, OutboxItem.error_code, OutboxItem.last_error).where(
                    OutboxItem.state == OutboxState.QUARANTINED
                )
            )
        ]


def _not_done(desk: Desk) -> list[tuple[str, str | None, str]]:
    with desk.store.read() as s:
        return [
            (str(kind), code, text)
            for kind, code, text in s.execute(
                select(OutboxItem.kind, OutboxItem.error_code, OutboxItem.last_error).where(
                    OutboxItem.state != OutboxState.DONE
                )
            )
        ]
