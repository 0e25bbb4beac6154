"""The office journal over the LAN: PC processes of one office, the region stopped.

The officer submits on PC 1 and records a hit on a bulletin; PC 2 exchanges with PC 1 and
the supervisor approves there (held); PC 3 and PC 1 exchange with PC 2 and see it
approved, and PC 2 and PC 3 hold the officer's hit. A PC of another office
receives nothing and cannot connect either way (refused, audited). While the PCs do not
exchange, the supervisor releases the request on PC 2 and again on PC 3, so two PCs hold
it queued. Then the region comes back: PC 3 pushes it, the region holds it once, PC 2's
push of the same request is answered with the first receipt, and every PC ends SENT
after syncing or exchanging. Every action, exchange and sync is its own process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.office import journal
from app.store.models import AuditEvent, Hit, OfficeEntry, OutgoingRequest, RequestState, User
from tests.faults.syncenv import (
    PASSWORD,
    server_accepted_items,
    server_requests,
    server_users,
)
from tests.helpers.peers import (
    child_env,
    enrolled_pc,
    exchange_process,
    login_online,
    open_pc,
    pull_from_region,
    refusals,
    serving,
)
from tests.helpers.server_fixture import PG_ENV, REPO, start_server
from tests.integration.test_peer_exchange import OFFICE, OTHER, servable

pytestmark = pytest.mark.timeout(600)

S = RequestState


def _runner(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.peer_runner", *args],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _act(data_dir: Path, user: str, do: str, **order: Any) -> dict[str, Any]:
    return _runner(
        "act", str(data_dir), json.dumps({"user": user, "password": PASSWORD, "do": do, **order})
    )


def _request(data_dir: Path, rid: str) -> dict[str, Any] | None:
    desk = open_pc(data_dir)
    try:
        assert desk.store.integrity_check() == "ok"
        with desk.store.read() as s:
            req = s.get(OutgoingRequest, rid)
            if req is None:
                return None
            return {
                "state": req.state,
                "approved_hash": req.approved_hash,
                "server_reference": req.server_reference,
                "where": journal.where(s, req),
                "lost": [a.reason for a in journal.lost_actions(desk.store)],
            }
    finally:
        desk.close()


def _hits(data_dir: Path) -> list[tuple[object, ...]]:
    """(id, bulletin, officer's user name, place, circumstances, explanation) of each hit."""
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            out: list[tuple[object, ...]] = []
            for h in s.scalars(select(Hit)):
                officer = s.get(User, h.officer_id)
                name = officer.username if officer is not None else None
                out.append(
                    (h.id, h.bulletin_id, name, h.place, h.circumstances, h.match_explanation)
                )
            return out
    finally:
        desk.close()


def _journal_of(data_dir: Path) -> tuple[dict[str, int], int, int]:
    """(version vector, entries held, audit events of entries received)."""
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            entries = len(s.scalars(select(OfficeEntry.id)).all())
            received = [
                e.details
                for e in s.scalars(select(AuditEvent))
                if isinstance(e.details, dict) and e.details.get("via") == "office"
            ]
        return journal.version_vector(desk.store), entries, len(received)
    finally:
        desk.close()


def test_submit_on_one_pc_approve_on_another_over_the_lan_then_the_region_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The region is stopped and started again on the same database: a SQLite file here
    # (the PostgreSQL pass gives every start a fresh database, dropped at its stop).
    monkeypatch.delenv(PG_ENV, raising=False)
    server = start_server(tmp_path / "region")
    try:
        server_users(server)
        server.seed(bulletins=40, cases=0, offices=[OFFICE])
        pc1, pc2, pc3 = (enrolled_pc(server, tmp_path / f"pc{n}", OFFICE) for n in (1, 2, 3))
        stranger = enrolled_pc(server, tmp_path / "other-office", OTHER)
        login_online(pc1, "officer")
        pull_from_region(pc1)
        login_online(pc2, "supervisor")
        login_online(pc3, "supervisor")
        port = server.url.rsplit(":", 1)[1]
    finally:
        server.stop()

    # The region is stopped. The officer drafts and submits on PC 1.
    rid = str(_act(pc1, "officer", "submit")["request"])
    mine = _request(pc1, rid)
    assert mine is not None and mine["state"] == S.SUBMITTED and mine["where"] == "office"
    # The officer also records a hit on a bulletin PC 1 can pass on to its neighbours.
    bulletin = sorted(i for t, i in servable(pc1) if t == "b")[0]
    hit = str(_act(pc1, "officer", "hit", bulletin=bulletin)["hit"])
    hits = _hits(pc1)
    assert [h[0] for h in hits] == [hit]

    # PC 2 exchanges with PC 1; the supervisor approves there (four-eyes: another user)
    # and holds it.
    with serving(pc1) as (_, address1):
        got = exchange_process(pc2, address1)
        assert int(str(got["applied"])) >= 3, got  # create, submit, hit; and bulletins
        # The journal travels before the bulletins: the hit waits for its bulletin and
        # appears with the next exchange.
        assert _hits(pc2) == []
        exchange_process(pc2, address1)
        assert _hits(pc2) == hits
        # The other office's PC is refused by PC 1 and receives nothing.
        assert exchange_process(stranger, address1) == {"error": "peer.other_office"}
    seen = _request(pc2, rid)
    assert seen is not None and seen["state"] == S.SUBMITTED
    assert _act(pc2, "supervisor", "approve", request=rid, hold=True)["state"] == S.APPROVED

    # PC 3 and PC 1 exchange with PC 2 and see it approved, bound to the same content.
    approved = _request(pc2, rid)
    assert approved is not None
    with serving(pc2) as (_, address2):
        exchange_process(pc3, address2)
        exchange_process(pc1, address2)
        again = exchange_process(pc3, address2)
        assert again["applied"] == 0, again  # nothing twice
    for pc in (pc1, pc3):
        row = _request(pc, rid)
        assert row is not None and row["state"] == S.APPROVED, (pc, row)
        assert row["approved_hash"] == approved["approved_hash"]
    vectors = {pc: _journal_of(pc) for pc in (pc1, pc2, pc3)}
    assert len({json.dumps(v[0], sort_keys=True) for v in vectors.values()}) == 1
    # Each PC holds every entry once and audited each entry it received once.
    entries = vectors[pc1][1]
    assert entries == 4 and all(v[1] == entries for v in vectors.values()), vectors
    assert [vectors[pc][2] for pc in (pc1, pc2, pc3)] == [1, 3, 4]
    # The hit, as the officer recorded it, on every PC of the office.
    assert _hits(pc2) == _hits(pc3) == hits

    # The other office's PC cannot be asked either, and holds nothing of the office.
    with serving(stranger) as (_, foreign):
        assert exchange_process(pc1, foreign) == {"error": "peer.other_office"}
    assert _journal_of(stranger) == ({}, 0, 0)
    assert _request(stranger, rid) is None
    assert _hits(stranger) == []
    assert any(r["code"] == "peer.other_office" for r in refusals(pc1))
    assert any(r["code"] == "peer.other_office" for r in refusals(stranger))

    # Without exchanging, the supervisor releases it on PC 2 and again on PC 3: two PCs
    # now hold it queued for the region.
    assert _act(pc2, "supervisor", "release", request=rid)["state"] == S.QUEUED
    assert _act(pc3, "supervisor", "release", request=rid)["state"] == S.QUEUED

    # The region comes back. PC 3 pushes first; PC 2's push of the same request is a
    # receipt; the region holds it exactly once.
    server = start_server(tmp_path / "region", "--port", port)
    try:
        third = _runner("sync", str(pc3))
        assert third["states"][rid] == S.SENT and third["quarantined"] == 0, third
        second = _runner("sync", str(pc2))
        assert second["outbox"] == [["done", ""]] and second["quarantined"] == 0, second
        assert second["states"][rid] == S.SENT, second
        assert list(server_requests(server)) == [rid]
        assert len(server_accepted_items(server)) == 1
        # PC 1 learns the receipt from the region...
        first = _runner("sync", str(pc1))
        assert first["states"][rid] == S.SENT, first
    finally:
        server.stop()
    # ... and PC 3 from PC 2 over the LAN, with the region stopped again.
    with serving(pc2) as (_, address2):
        exchange_process(pc3, address2)
        exchange_process(pc1, address2)
    with serving(pc3) as (_, address3):
        exchange_process(pc2, address3)
    rows = {pc: _request(pc, rid) for pc in (pc1, pc2, pc3)}
    assert all(r is not None and r["state"] == S.SENT for r in rows.values()), rows
    assert len({r["server_reference"] for r in rows.values() if r is not None}) == 1, rows
    assert all(r is not None and r["where"] == "sent" for r in rows.values())
    # One of the two releases lost to the other, on every PC alike, and its author sees it.
    lost = [r["lost"] for r in rows.values() if r is not None]
    assert lost[0] == lost[1] == lost[2] and "office.lost_to_release" in lost[0], lost
    vectors = {pc: _journal_of(pc) for pc in (pc1, pc2, pc3)}
    assert len({json.dumps(v[0], sort_keys=True) for v in vectors.values()}) == 1, vectors
