"""kill -9 in the middle of office LAN exchanges: nothing lost, nothing twice.

PC 1 (serving) and PC 2 (asking, tiny pages so an exchange commits many small
transactions) are separate processes on loopback with the region stopped. The exchange
carries both lanes: the office journal (work in progress) and bulletins. Each round
PC 2's exchange is killed with SIGKILL at a random moment; every fifth round PC 1 is
killed too and started again. Between rounds the officer and the supervisor work on PC 1
through the workflow service (a new request submitted, an earlier one approved, held or
returned), so new journal entries appear while PC 2 is behind. At the end PC 2 finishes
and must hold exactly the rows PC 1 can serve, each once, at the same version and digest,
with exactly PC 1's persons and name spellings; exactly PC 1's journal entries, each once,
each with one audit event; every request in the same state as on PC 1; and both stores
pass SQLite's ``integrity_check``. When PC 2 has caught up with the bulletins it is
replaced by a copy of itself as enrolled, so later kills land inside pages too.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.context import Desk
from app.store.models import (
    AuditEvent,
    Bulletin,
    OfficeEntry,
    OutgoingRequest,
    Person,
    PersonName,
    RequestState,
    RequestType,
    SyncRow,
)
from app.users import Actor, login
from app.workflow import RequestDraft, RequestService, hash_of
from tests.faults.syncenv import PASSWORD, server_users
from tests.helpers.peers import (
    child_env,
    enrolled_pc,
    exchange_process,
    held,
    login_online,
    open_pc,
    pull_from_region,
    serving,
)
from tests.helpers.server_fixture import REPO, start_server
from tests.integration.test_peer_exchange import OFFICE, servable

ROUNDS = int(os.environ.get("DD_KILL_ROUNDS", "50"))

pytestmark = pytest.mark.timeout(600 + ROUNDS * 6)


def _counts(data_dir: Path) -> tuple[int, int, int]:
    desk = open_pc(data_dir)
    try:
        assert desk.store.integrity_check() == "ok"
        with desk.store.read() as s:
            return (
                int(s.scalar(select(func.count()).select_from(Bulletin)) or 0),
                int(s.scalar(select(func.count()).select_from(Person)) or 0),
                int(s.scalar(select(func.count()).select_from(PersonName)) or 0),
            )
    finally:
        desk.close()


def test_kill9_during_lan_exchange_loses_and_doubles_nothing(tmp_path: Path) -> None:
    server = start_server(tmp_path / "region")
    try:
        server.seed(bulletins=300, cases=0, offices=[OFFICE])
        server_users(server)
        pc1 = enrolled_pc(server, tmp_path / "pc1", OFFICE)
        pc2 = enrolled_pc(server, tmp_path / "pc2", OFFICE)
        pull_from_region(pc1)
        login_online(pc1, "officer", "supervisor")
        # PC 2 as enrolled, to start over from when it has caught up.
        shutil.copytree(pc2, tmp_path / "pc2-new")
    finally:
        server.stop()
    expected = servable(pc1)
    rng = random.Random(int(os.environ.get("DD_KILL_SEED", "20261203")))
    office = _OfficeWork(open_pc(pc1), rng)
    kills = peer_kills = clean = 0
    durations: list[float] = []
    partial: set[int] = set()  # rows held after a kill, when part of the way there
    partial_journal: set[int] = set()  # the same for journal entries
    resets = 0
    round_no = 0
    while kills < ROUNDS and round_no < 3 * ROUNDS:
        with serving(pc1) as (peer, address):
            zyg = subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.peer_runner", "--zygote", str(pc2), address],
                cwd=REPO,
                env=child_env(),
                text=True,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert zyg.stdin is not None and zyg.stdout is not None
            try:
                for _ in range(5):
                    round_no += 1
                    office.work()
                    zyg.stdin.write("run\n")
                    zyg.stdin.flush()
                    pid = int(zyg.stdout.readline().split()[1])
                    began = time.monotonic()
                    if durations:
                        # Aim anywhere in a whole exchange (start-up included).
                        longest = statistics.median(durations[-5:])
                        time.sleep(rng.uniform(0.0, max(0.05, longest)))
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                    # else: the first exchange runs to its end, to learn how long one takes
                    code = int(zyg.stdout.readline().split()[1])
                    if code == -signal.SIGKILL:
                        kills += 1
                    else:
                        clean += 1
                        durations.append(time.monotonic() - began)
                    now, entries = _progress(pc2)
                    if 0 < now < len(expected):
                        partial.add(now)
                    if 0 < entries < office.entries():
                        partial_journal.add(entries)
                    if now == len(expected):
                        # Caught up: a new PC takes its place, so the next kills land
                        # inside pages again.
                        shutil.rmtree(pc2)
                        shutil.copytree(tmp_path / "pc2-new", pc2)
                        resets += 1
                # The serving PC dies mid-exchange too.
                zyg.stdin.write("run\n")
                zyg.stdin.flush()
                zyg.stdout.readline()
                time.sleep(rng.uniform(0.0, 0.5))
                peer.kill()
                peer_kills += 1
                code = int(zyg.stdout.readline().split()[1])
                assert code in (0, 3, 1) or code < 0, code
            finally:
                zyg.stdin.close()
                zyg.wait(timeout=60)
                zyg.stdout.close()
        assert _counts(pc2)[0] <= len(expected)
    office.close()
    assert kills >= ROUNDS, (kills, clean)
    # The kills landed inside exchanges, not only before or after them, in both lanes.
    assert len(partial) >= 5, sorted(partial)
    assert len(partial_journal) >= 5, sorted(partial_journal)

    with serving(pc1) as (_, address):
        exchange_process(pc2, address)
    desk1, desk2 = open_pc(pc1), open_pc(pc2)
    try:
        got = held(desk2)
        assert desk1.store.integrity_check() == "ok"
        assert desk2.store.integrity_check() == "ok"
        theirs_journal, mine_journal = _journal(desk1), _journal(desk2)
    finally:
        desk1.close()
        desk2.close()
    assert got == expected  # 0 lost, 0 extra, same versions and digests
    # The journal: every entry of PC 1 once on PC 2, each audited once on receipt, and
    # every request in the same state (and approval, reason) on both PCs.
    assert mine_journal["entries"] == theirs_journal["entries"]
    assert len(theirs_journal["entries"]) == office.entries()
    kinds = Counter(kind for _, _, _, kind in theirs_journal["entries"])
    assert min(kinds["submit"], kinds["approve"], kinds["return"]) > 0, kinds
    audited = mine_journal["audited"]
    assert sorted(audited) == sorted(e[0] for e in mine_journal["entries"]), "audit per entry"
    assert set(audited.values()) == {1}, [e for e, n in audited.items() if n != 1][:5]
    assert mine_journal["requests"] == theirs_journal["requests"]
    assert len(theirs_journal["requests"]) == office.requests
    # Nothing applied twice: each bulletin has exactly PC 1's persons and spellings.
    assert _counts(pc2)[0] == len(expected)
    theirs, mine = _nested(pc1), _nested(pc2)
    assert mine and all(mine[b] == theirs[b] for b in mine), [
        (b, mine[b], theirs[b]) for b in mine if mine[b] != theirs[b]
    ][:5]
    print(
        f"kills={kills} peer_kills={peer_kills} clean={clean} rounds={round_no} "
        f"partial_states={len(partial)} partial_journal_states={len(partial_journal)} "
        f"restarts_from_new={resets} expected={len(expected)} "
        f"journal_entries={office.entries()} requests={office.requests} {dict(kinds)}"
    )


class _OfficeWork:
    """The officer and the supervisor at work on the serving PC, through the workflow.

    Each :meth:`work` submits a new request and decides on the oldest one waiting: it is
    approved (sent on, or held) or returned with a reason, at random.
    """

    def __init__(self, desk: Desk, rng: random.Random) -> None:
        self.desk = desk
        self.rng = rng
        self.service = RequestService(desk.store, desk.bus)
        self.officer: Actor = login(desk.store, "officer", PASSWORD)
        self.supervisor: Actor = login(desk.store, "supervisor", PASSWORD)
        self.waiting: list[str] = []
        self.requests = 0

    def work(self) -> None:
        draft = RequestDraft(
            request_type=RequestType.INFORMATION,
            recipients=("NCB-ASTANA",),
            body=f"Please confirm the identity of subject {self.requests + 1}.",
        )
        rid = self.service.create_draft(self.officer, draft)
        self.service.submit(self.officer, rid)
        self.requests += 1
        self.waiting.append(rid)
        if len(self.waiting) < 2:
            return
        oldest = self.waiting.pop(0)
        choice = self.rng.choice(("approve", "hold", "return"))
        if choice == "return":
            self.service.return_request(self.supervisor, oldest, "Add the subject's birth date.")
            return
        with self.desk.store.read() as s:
            req = s.get(OutgoingRequest, oldest)
            assert req is not None and req.state == RequestState.SUBMITTED
            shown = hash_of(req)
        self.service.approve(self.supervisor, oldest, shown, hold=choice == "hold")

    def entries(self) -> int:
        """Journal entries PC 1 shares with the office."""
        with self.desk.store.read() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(OfficeEntry)
                    .where(OfficeEntry.counter.is_not(None))
                )
                or 0
            )

    def close(self) -> None:
        self.desk.close()


def _journal(desk: Desk) -> dict[str, Any]:
    """A PC's shared journal entries, audit events of received entries, request states."""
    with desk.store.read() as s:
        entries = sorted(
            (e.id, e.device_id, e.counter or 0, e.kind)
            for e in s.scalars(select(OfficeEntry).where(OfficeEntry.counter.is_not(None)))
        )
        audited: Counter[str] = Counter()
        for event in s.scalars(select(AuditEvent)):
            details = event.details if isinstance(event.details, dict) else {}
            if details.get("via") == "office":
                audited[str(details.get("entry"))] += 1
        requests = {
            r.id: (str(r.state), r.approved_hash, r.last_reason, r.revision)
            for r in s.scalars(select(OutgoingRequest))
        }
    return {"entries": entries, "audited": dict(audited), "requests": requests}


def _progress(data_dir: Path) -> tuple[int, int]:
    """Feed rows and journal entries PC 2 holds (integrity checked on the way)."""
    desk = open_pc(data_dir)
    try:
        assert desk.store.integrity_check() == "ok"
        with desk.store.read() as s:
            rows = int(s.scalar(select(func.count()).select_from(SyncRow)) or 0)
            entries = int(s.scalar(select(func.count()).select_from(OfficeEntry)) or 0)
            return rows, entries
    finally:
        desk.close()


def _nested(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Bulletin id -> (persons, name spellings) the PC holds for it."""
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            persons = dict(
                s.execute(
                    select(Person.bulletin_id, func.count(Person.id)).group_by(Person.bulletin_id)
                ).all()
            )
            names = dict(
                s.execute(
                    select(Person.bulletin_id, func.count(PersonName.id))
                    .join(PersonName, PersonName.person_id == Person.id)
                    .group_by(Person.bulletin_id)
                ).all()
            )
            ids = s.scalars(select(Bulletin.id)).all()
    finally:
        desk.close()
    return {b: (int(persons.get(b, 0)), int(names.get(b, 0))) for b in ids}
