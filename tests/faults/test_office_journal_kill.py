"""SIGKILL a PC while it applies a neighbour's office journal: nothing lost or doubled.

The sending PC is a real store in the test process; the receiving PC runs in forked
processes (``tests/faults/office_kill_runner.py``) killed at random moments while they
apply small batches. New work appears on the sender between rounds. After the last round
the receiver finishes: it holds every entry exactly once (one audit event per entry),
every request in the sender's state, and both stores pass ``integrity_check``.
``DD_KILL_ROUNDS`` (default 50) sets the number of kills.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import audit
from app.context import open_desk
from app.credentials import Credentials, DevKeyFile, scope_for
from app.office import journal
from app.paths import resolve
from app.store.meta import META_OFFICE, set_meta
from app.store.models import AuditEvent, OfficeEntry, OutgoingRequest, RequestType
from app.workflow import RequestDraft, RequestService, hash_of
from tests.conftest import OfficeTemplate
from tests.faults.syncenv import write_dev_site
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import REPO

ROUNDS = int(os.environ.get("DD_KILL_ROUNDS", "50"))

pytestmark = pytest.mark.timeout(300 + ROUNDS * 15)  # a shared, loaded machine


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return env


def _open(data_dir: Path):  # type: ignore[no-untyped-def]
    paths = resolve(data_dir)
    return open_desk(
        data_dir, credentials=Credentials(DevKeyFile(paths.dev_key_file), scope_for(paths))
    )


def test_kill9_while_applying_office_entries_loses_and_doubles_nothing(
    office_template: OfficeTemplate, tmp_path: Path
) -> None:
    sender_dir = tmp_path / "sender"
    sender = make_desk(sender_dir, secrets=office_template.copy_to(sender_dir))
    office = office_template.office_on(sender)
    service = RequestService(sender.store)
    receiver_dir = tmp_path / "receiver"
    write_dev_site(receiver_dir, "https://127.0.0.1:9")
    receiver = _open(receiver_dir)
    with receiver.store.write() as s:
        set_meta(s, META_OFFICE, "AST-01")
    receiver.close()
    with sender.store.write() as s:
        set_meta(s, META_OFFICE, "AST-01")
    entries_file = tmp_path / "entries.json"
    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261203")))

    def new_work(n: int) -> None:
        for k in range(n):
            rid = service.create_draft(
                office.officer,
                RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body=f"R{k}"),
            )
            service.submit(office.officer, rid)
            with sender.store.read() as s:
                digest = hash_of(s.get_one(OutgoingRequest, rid))
            if rng.random() < 0.5:
                service.approve(office.supervisor, rid, digest, hold=True)
            else:
                service.return_request(office.supervisor, rid, "Add the date of birth.")
        wire = [e.to_wire() for e in journal.local_entries_since(sender.store, {})]
        tmp = entries_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(wire), encoding="utf-8")
        tmp.replace(entries_file)  # the child reads a whole file, never half of one

    def held() -> int:
        desk = _open(receiver_dir)
        try:
            return sum(journal.version_vector(desk.store).values())
        finally:
            desk.close()

    new_work(12)
    zyg = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.faults.office_kill_runner",
            "--zygote",
            str(receiver_dir),
            str(entries_file),
        ],
        cwd=REPO,
        env=_child_env(),
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert zyg.stdin is not None and zyg.stdout is not None

    def run(kill_after: float | None) -> int:
        assert zyg.stdin is not None and zyg.stdout is not None
        zyg.stdin.write("run\n")
        zyg.stdin.flush()
        pid, opened = 0, False
        while not (pid and opened):  # the two lines come from two processes, in any order
            line = zyg.stdout.readline().split()
            if line[0] == "exit":  # the child ended before it opened the store
                return int(line[1])
            if line[0] == "pid":
                pid = int(line[1])
            else:
                assert line == ["opened"], line
                opened = True
        if kill_after is not None:
            time.sleep(kill_after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return int(zyg.stdout.readline().split()[1])

    kills = clean = mid = 0
    try:
        # Calibrate on this machine: a run that applies everything from the moment the
        # store is open. Kills then aim inside the time the lacking entries take, and the
        # aim follows the machine's pace: a run that ended before its kill shortens the
        # next delay, a kill before the first commit lengthens it.
        began = time.monotonic()
        assert run(None) == 0
        per_entry = max(time.monotonic() - began, 0.01) / max(1, held())
        pace = 1.0
        round_no = 0
        before = held()
        while mid < ROUNDS and round_no < 4 * ROUNDS:
            round_no += 1
            new_work(3)
            lacking = len(json.loads(entries_file.read_text(encoding="utf-8"))) - before
            code = run(pace * rng.uniform(0.05, 0.95) * lacking * per_entry)
            after = held()
            if code == -signal.SIGKILL:
                kills += 1
                if 0 < after - before < lacking:
                    mid += 1  # killed between two committed batches of this exchange
                elif after == before:
                    pace = min(pace * 1.25, 20.0)
                else:
                    pace = max(pace * 0.8, 0.05)
            else:
                assert code == 0, code
                clean += 1
                pace = max(pace * 0.7, 0.05)
            before = after
        assert run(None) == 0  # the last one runs to the end
    finally:
        zyg.stdin.close()
        zyg.wait(timeout=30)
        zyg.stdout.close()
    assert kills >= ROUNDS, (kills, mid, clean)
    assert mid >= ROUNDS // 2, (kills, mid, clean)

    sent = {e["id"]: e for e in json.loads(entries_file.read_text(encoding="utf-8"))}
    receiver = _open(receiver_dir)
    try:
        assert receiver.store.integrity_check() == "ok"
        assert audit.verify(receiver.store.engine).ok
        assert journal.version_vector(receiver.store) == journal.version_vector(sender.store)
        with receiver.store.read() as s:
            ids = list(s.scalars(select(OfficeEntry.id)))
            assert sorted(ids) == sorted(sent), "an entry was lost or added"
            # Applied exactly once: one audit event per received entry.
            audited = s.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.target_type == "request")
            )
            assert audited == len(sent), (audited, len(sent))
            rids = {e["request_id"] for e in sent.values()}
            got = {r.id: (r.state, hash_of(r)) for r in s.scalars(select(OutgoingRequest))}
        with sender.store.read() as s:
            want = {
                rid: (
                    s.get_one(OutgoingRequest, rid).state,
                    hash_of(s.get_one(OutgoingRequest, rid)),
                )
                for rid in rids
            }
        assert got == want
    finally:
        receiver.close()
    assert sender.store.integrity_check() == "ok"
    sender.close()
    print(f"{kills} kills ({mid} between two batches), {clean} clean exits, {len(sent)} entries")
