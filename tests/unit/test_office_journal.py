"""The office journal between three real stores of one office: the conflict rules.

Three PCs of office AST-01 are three real SQLCipher stores (two copies of the office
template, one with its own users, so user ids differ between PCs as they do in an office).
Entries travel with the transport-independent calls only (``version_vector``,
``local_entries_since``, ``apply_entries``), as the regional server and the LAN carry them.

The scenario tests follow the table of docs/office-exchange.md; the Hypothesis test makes
random actions on disconnected PCs, exchanges in random orders, a stand-in for the region
that keeps the first copy of each request, and checks that every PC converges, that no
entry is silently dropped and that the region receives each request at most once.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app import audit
from app.context import Desk
from app.errors import ValidationError
from app.office import journal
from app.office.fold import Entry
from app.request_rules import WorkflowError
from app.request_view import load_request
from app.store.meta import META_OFFICE, set_meta
from app.store.models import (
    OfficeEntry,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    RequestType,
    User,
)
from app.store.models import RequestState as S
from app.workflow import RequestDraft, RequestService, hash_of
from tests.conftest import OfficeTemplate
from tests.helpers.desk import Office, make_desk, make_office


@dataclass
class PC:
    name: str
    office: Office
    service: RequestService = field(init=False)

    def __post_init__(self) -> None:
        self.service = RequestService(self.office.desk.store)

    @property
    def desk(self) -> Desk:
        return self.office.desk

    def row(self, rid: str) -> OutgoingRequest | None:
        with self.desk.store.read() as s:
            req = s.get(OutgoingRequest, rid)
            if req is not None:
                s.expunge(req)
            return req

    def state(self, rid: str) -> S | None:
        req = self.row(rid)
        return None if req is None else S(req.state)

    def pending(self, rid: str) -> list[OutboxItem]:
        with self.desk.store.read() as s:
            items = s.scalars(
                select(OutboxItem).where(OutboxItem.ref_id == rid, OutboxItem.kind == "request")
            ).all()
            for i in items:
                s.expunge(i)
            return list(items)


def exchange(src: PC, dst: PC) -> int:
    """``dst`` takes what ``src`` has that it lacks (the transports do exactly this)."""
    entries = journal.local_entries_since(src.desk.store, journal.version_vector(dst.desk.store))
    wire = [e.to_wire() for e in entries]  # what travels is JSON
    return journal.apply_entries(dst.desk.store, wire).applied


def mesh(pcs: list[PC]) -> None:
    for _ in range(2):
        for a in pcs:
            for b in pcs:
                if a is not b:
                    exchange(a, b)


@dataclass
class Region:
    """Stands in for the regional server's rule: a request id is received once; the same
    item id with the same content is answered with the first receipt."""

    held: dict[str, tuple[str, str]] = field(default_factory=dict)
    received: dict[str, int] = field(default_factory=dict)

    def push(self, pc: PC, rid: str) -> None:
        for item in pc.pending(rid):
            if item.state != OutboxState.PENDING:
                continue
            first = self.held.get(rid)
            with pc.desk.store.write() as s:
                row = s.get(OutboxItem, item.id)
                assert row is not None
                row.state = OutboxState.DONE
                if first is None or first == (item.id, item.content_hash):
                    if first is None:
                        self.held[rid] = (item.id, item.content_hash)
                        self.received[rid] = self.received.get(rid, 0) + 1
                    pc.service.apply_receipt(s, rid, server_time=datetime.now(UTC))
                else:
                    pc.service.apply_rejection(s, rid, "conflict", "already received")


@pytest.fixture(scope="module")
def pcs(
    office_template: OfficeTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[PC]]:
    root = tmp_path_factory.mktemp("office-pcs")
    out: list[PC] = []
    for i in (1, 2):
        data_dir = root / f"pc{i}"
        secrets = office_template.copy_to(data_dir)
        desk = make_desk(data_dir, secrets=secrets)
        out.append(PC(f"pc{i}", office_template.office_on(desk)))
    desk3 = make_desk(Path(root / "pc3"))
    out.append(PC("pc3", make_office(desk3)))
    for pc in out:
        with pc.desk.store.write() as s:
            set_meta(s, META_OFFICE, "AST-01")
    yield out
    for pc in out:
        pc.desk.close()


def draft(pc: PC, body: str = "Please confirm the address.") -> str:
    return pc.service.create_draft(
        pc.office.officer,
        RequestDraft(request_type=RequestType.INFORMATION, recipients=("NCB-RU",), body=body),
    )


def submitted(pcs: list[PC]) -> str:
    rid = draft(pcs[0])
    pcs[0].service.submit(pcs[0].office.officer, rid)
    mesh(pcs)
    return rid


def _lost(pc: PC, rid: str) -> dict[str, str]:
    with pc.desk.store.read() as s:
        rows = s.scalars(select(OfficeEntry).where(OfficeEntry.request_id == rid)).all()
        return {r.id: r.outcome for r in rows if r.outcome}


# -- scenarios of the table ---------------------------------------------------------------


def test_unshared_draft_stays_on_its_pc_until_shared(pcs: list[PC]) -> None:
    pc1, pc2, _ = pcs
    rid = draft(pc1)
    mesh(pcs)
    assert pc2.row(rid) is None
    with pc1.desk.store.read() as s:
        assert journal.where(s, pc1.row(rid)) == journal.WHERE_LOCAL  # type: ignore[arg-type]
    assert pc1.service.share_draft(pc1.office.officer, rid)
    mesh(pcs)
    remote = pc2.row(rid)
    assert remote is not None and remote.state == S.DRAFT
    assert remote.body == "Please confirm the address."
    with pc2.desk.store.read() as s:
        assert journal.where(s, remote) == journal.WHERE_OFFICE


def test_submit_on_one_pc_approve_on_another_third_sees_it(pcs: list[PC]) -> None:
    pc1, pc2, pc3 = pcs
    rid = submitted(pcs)
    row2 = pc2.row(rid)
    assert row2 is not None and row2.state == S.SUBMITTED
    # The supervisor on PC 2 reviews the content PC 2 shows: the same hash as on PC 1.
    assert hash_of(row2) == hash_of(pc1.row(rid))  # type: ignore[arg-type]
    pc2.service.approve(pc2.office.supervisor, rid, hash_of(row2))
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.QUEUED] * 3
    # Only the approving PC holds the request in its outbox.
    assert [len(pc.pending(rid)) for pc in pcs] == [0, 1, 0]
    row3 = pc3.row(rid)
    assert row3 is not None
    with pc3.desk.store.read() as s:
        approver = s.get(User, row3.approved_by)
        assert approver is not None and approver.username == "supervisor"
    region = Region()
    region.push(pc2, rid)
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.SENT] * 3
    assert region.received == {rid: 1}


def test_approve_against_return_return_wins_and_approval_is_kept_as_lost(pcs: list[PC]) -> None:
    pc1, pc2, pc3 = pcs
    rid = submitted(pcs)
    pc2.service.approve(pc2.office.supervisor, rid, hash_of(pc2.row(rid)))  # type: ignore[arg-type]
    pc3.service.return_request(pc3.office.supervisor2, rid, "Add the date of birth.")
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.RETURNED] * 3
    assert [len(pc.pending(rid)) for pc in pcs] == [0, 0, 0]
    lost = journal.lost_actions(pc1.desk.store, "supervisor")
    assert [(x.kind, x.reason) for x in lost if x.request_id == rid] == [
        ("approve", "office.lost_to_return")
    ]
    assert pc1.row(rid).last_reason == "Add the date of birth."  # type: ignore[union-attr]
    # The request's view tells the approving supervisor, on any PC, that the approval lost.
    sup = pc2.office.supervisor
    assert sup is not None
    assert load_request(pc2.desk.store, sup, rid).lost_reasons == ["office.lost_to_return"]
    returner = pc3.office.supervisor2
    assert returner is not None
    assert load_request(pc3.desk.store, returner, rid).lost_reasons == []


def test_two_approvals_the_earlier_wins_and_one_pc_pushes(pcs: list[PC]) -> None:
    _, pc2, pc3 = pcs
    rid = submitted(pcs)
    pc2.service.approve(pc2.office.supervisor, rid, hash_of(pc2.row(rid)))  # type: ignore[arg-type]
    pc3.service.approve(pc3.office.supervisor2, rid, hash_of(pc3.row(rid)))  # type: ignore[arg-type]
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.QUEUED] * 3
    assert sum(len(pc.pending(rid)) for pc in pcs) == 1
    assert len(pc2.pending(rid)) == 1  # PC 2 approved first (its clock is not later)
    reasons = set(_lost(pc2, rid).values())
    assert reasons == {"office.lost_to_approve"}


def test_withdrawal_crossing_an_approval_withdrawal_wins(pcs: list[PC]) -> None:
    pc1, pc2, _ = pcs
    rid = submitted(pcs)
    pc2.service.approve(pc2.office.supervisor, rid, hash_of(pc2.row(rid)))  # type: ignore[arg-type]
    pc1.service.withdraw(pc1.office.officer, rid, "Answered by phone.")
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.WITHDRAWN] * 3
    assert sum(len(pc.pending(rid)) for pc in pcs) == 0  # the approving PC cancelled it


def test_withdrawal_crossing_an_approval_already_received_by_the_region(pcs: list[PC]) -> None:
    pc1, pc2, _ = pcs
    rid = submitted(pcs)
    pc2.service.approve(pc2.office.supervisor, rid, hash_of(pc2.row(rid)))  # type: ignore[arg-type]
    pc1.service.withdraw(pc1.office.officer, rid, "Answered by phone.")
    region = Region()
    region.push(pc2, rid)
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.SENT] * 3
    assert set(_lost(pc1, rid).values()) == {"office.lost_to_receipt"}


def test_officer_edits_a_draft_on_two_pcs_the_other_edit_is_kept(pcs: list[PC]) -> None:
    pc1, pc2, _ = pcs
    rid = draft(pc1)
    pc1.service.share_draft(pc1.office.officer, rid)
    mesh(pcs)
    pc1.service.edit(
        pc1.office.officer,
        rid,
        RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body="Version A"),
    )
    pc2.service.edit(
        pc2.office.officer,
        rid,
        RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body="Version B"),
    )
    mesh(pcs)
    bodies = {pc.row(rid).body for pc in pcs}  # type: ignore[union-attr]
    assert bodies == {"Version A"}
    entries = journal.entries_of(pc1.desk.store, rid)
    lost = _lost(pc1, rid)
    (loser,) = [e for e in entries if e.id in lost]
    assert loser.payload["content"]["body"] == "Version B"  # kept for its author
    assert lost[loser.id] == "office.lost_to_edit"


def test_approval_of_a_version_edited_since_loses(pcs: list[PC]) -> None:
    pc1, pc2, pc3 = pcs
    rid = submitted(pcs)
    stale = hash_of(pc2.row(rid))  # type: ignore[arg-type]
    pc3.service.return_request(pc3.office.supervisor2, rid, "Be more specific.")
    exchange(pc3, pc1)
    pc1.service.edit(
        pc1.office.officer,
        rid,
        RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body="More specific."),
    )
    pc1.service.submit(pc1.office.officer, rid)
    pc2.service.approve(pc2.office.supervisor, rid, stale)  # PC 2 still shows version 1
    mesh(pcs)
    assert [pc.state(rid) for pc in pcs] == [S.SUBMITTED] * 3
    assert {pc.row(rid).body for pc in pcs} == {"More specific."}  # type: ignore[union-attr]
    assert sum(len(pc.pending(rid)) for pc in pcs) == 0
    assert "office.lost_to_return" in _lost(pc2, rid).values()


def test_bad_batches_are_refused_whole(pcs: list[PC]) -> None:
    pc1, pc2, _ = pcs
    rid = submitted(pcs)
    pc1.service.withdraw(pc1.office.officer, rid, "No longer needed.")
    entries = journal.local_entries_since(pc1.desk.store, journal.version_vector(pc2.desk.store))
    assert entries
    before = journal.version_vector(pc2.desk.store)
    other = [Entry(**{**e.__dict__, "office": "KAR-02"}) for e in entries]
    with pytest.raises(journal.OfficeJournalError) as exc:
        journal.apply_entries(pc2.desk.store, [e.to_wire() for e in other])
    assert exc.value.params["detail"] == "other_office"
    with pytest.raises(journal.OfficeJournalError):
        journal.apply_entries(pc2.desk.store, [{"id": "x", "kind": "nonsense"}])
    gap = [e for e in entries][1:] if len(entries) > 1 else []
    if gap:
        with pytest.raises(journal.OfficeJournalError):
            journal.apply_entries(pc2.desk.store, [e.to_wire() for e in gap])
    assert journal.version_vector(pc2.desk.store) == before
    assert pc2.state(rid) == S.SUBMITTED
    assert journal.apply_entries(pc2.desk.store, entries).applied == len(entries)
    assert journal.apply_entries(pc2.desk.store, entries).duplicates == len(entries)
    assert pc2.state(rid) == S.WITHDRAWN


# -- random interleavings ---------------------------------------------------------------

ACTIONS = ("edit", "submit", "approve", "approve2", "return", "withdraw", "withdraw_sup", "push")


def _act(pc: PC, rid: str, action: str, n: int, region: Region) -> None:
    o = pc.office
    row = pc.row(rid)
    if row is None:
        return
    try:
        if action == "edit":
            pc.service.edit(
                o.officer,
                rid,
                RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body=f"v{n}"),
            )
        elif action == "submit":
            pc.service.submit(o.officer, rid)
        elif action in ("approve", "approve2"):
            who = o.supervisor if action == "approve" else o.supervisor2
            pc.service.approve(who, rid, hash_of(row))
        elif action == "return":
            pc.service.return_request(o.supervisor2, rid, f"reason {n}")
        elif action == "withdraw":
            pc.service.withdraw(o.officer, rid, f"withdrawn {n}")
        elif action == "withdraw_sup":
            pc.service.withdraw(o.supervisor, rid, f"withdrawn {n}")
        elif action == "push":
            region.push(pc, rid)
    except (WorkflowError, ValidationError):
        pass  # not allowed on this PC now: the screens would not offer it


SHARED_REGION = Region()


@pytest.mark.timeout(1200)  # 25 examples of three stores; slow on a shared machine
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from((*ACTIONS, "sync")), st.integers(0, 2)),
        min_size=1,
        max_size=14,
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_interleavings_converge_and_reach_the_region_at_most_once(
    pcs: list[PC], steps: list[tuple[int, str, int]], seed: int
) -> None:
    region = SHARED_REGION
    rid = submitted(pcs)
    for n, (p, action, q) in enumerate(steps):
        if action == "sync":
            if p != q:
                exchange(pcs[p], pcs[q])
        else:
            _act(pcs[p], rid, action, n, region)
    # Any order of exchanges, then everyone talks to everyone; the approving PC pushes.
    rng = random.Random(seed)
    for _ in range(6):
        a, b = rng.sample(pcs, 2)
        exchange(a, b)
    mesh(pcs)
    for pc in pcs:
        region.push(pc, rid)
    mesh(pcs)

    states = {pc.name: pc.state(rid) for pc in pcs}
    assert len(set(states.values())) == 1, states
    folds = []
    for pc in pcs:
        with pc.desk.store.read() as s:
            f = journal.request_fold(s, rid)
        folds.append((f.chain, f.lost, f.hash()))
        entries = journal.entries_of(pc.desk.store, rid)
        # Nothing silently lost: every entry counts or lost with a reason.
        assert {e.id for e in entries} == set(f.chain) | set(f.lost)
    assert all(x == folds[0] for x in folds)
    assert {pc.row(rid).body for pc in pcs}.__len__() == 1  # type: ignore[union-attr]
    # The region holds it at most once, and the office agrees with the region.
    assert region.received.get(rid, 0) <= 1
    final = states["pc1"]
    assert (rid in region.held) == (final in (S.SENT, S.REJECTED_BY_SERVER)), (final, steps)
    pending = [
        pc.name for pc in pcs if any(i.state == OutboxState.PENDING for i in pc.pending(rid))
    ]
    assert pending == [], pending
    for pc in pcs:
        assert audit.verify(pc.desk.store.engine).ok


def test_case_notes_reach_the_other_pcs_once(pcs: list[PC]) -> None:
    from app.records import add_case_note
    from app.store.models import Case, CaseEvent

    pc1, pc2, pc3 = pcs
    case_id = str(uuid.uuid4())
    for pc in (pc1, pc2):
        with pc.desk.store.write() as s:
            s.add(Case(id=case_id, number="AST-2026-0042", title="Stolen Lada"))
    note = add_case_note(pc1.desk, pc1.office.officer, case_id, "Seen near the station.")
    mesh(pcs)
    mesh(pcs)  # a second exchange changes nothing
    for pc in (pc2, pc3):
        with pc.desk.store.read() as s:
            events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
            assert [(e.id, e.body, e.origin) for e in events] == [
                (note, "Seen near the station.", "office")
            ]
    # PC 3 did not have the case yet: a placeholder the feed's case row fills in.
    with pc3.desk.store.read() as s:
        assert s.get(Case, case_id) is not None
