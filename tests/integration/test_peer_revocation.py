"""Revocation on the office LAN: PC processes of one office on loopback.

IT revokes PC 2 at the region. PC 1 learns it in a sync cycle; with the region stopped,
PC 2 cannot exchange with PC 1 in either direction, PC 3 (which never talked to the region
after the revocation) learns the list from PC 1 over the LAN and refuses PC 2 too, and
PC 2 itself, told by a neighbour, stops serving. A forged or altered list passed along
the LAN is refused. "The stolen laptop" is a copy of PC 2's data directory taken before
anyone told it, so each refusal is seen from a PC 2 that does not know yet.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.peer import revocation
from app.peer.service import REVOKED as LAN_REVOKED
from app.peer.service import LanService
from app.peer.transport import BAD_REPLY, REFUSED, REVOKED, SELF_REVOKED
from app.store.meta import META_DEVICE_ID, get_meta, set_meta
from app.sync.engine import SyncEngine
from app.sync.protocol.revocation import RevocationList, RevokedDevice
from server.revocation import signed
from server.signing import PublisherKey
from tests.faults.syncenv import fast_options
from tests.helpers.peers import (
    enrolled_pc,
    exchange_process,
    open_pc,
    pull_from_region,
    refusals,
    serving,
)
from tests.helpers.server_fixture import PG_ENV, start_server

pytestmark = pytest.mark.timeout(600)

OFFICE = "AST-01"


def _device_id(data_dir: Path) -> str:
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            device = get_meta(s, META_DEVICE_ID)
        assert device
        return device
    finally:
        desk.close()


def _held_version(data_dir: Path) -> int:
    desk = open_pc(data_dir)
    try:
        return revocation.held_version(desk.store)
    finally:
        desk.close()


def _sync_once(data_dir: Path) -> None:
    """One sync cycle that asks for the revocation list whatever the last poll."""
    desk = open_pc(data_dir)
    engine = SyncEngine(desk, fast_options(revocation_poll_seconds=0))
    try:
        assert engine.run_once().ok
    finally:
        engine.close()
        desk.close()


def _put_list(data_dir: Path, text: str) -> None:
    desk = open_pc(data_dir)
    try:
        with desk.store.write() as s:
            set_meta(s, revocation.META_REVOCATIONS, text)
    finally:
        desk.close()


def test_a_revoked_pc_is_refused_on_the_lan_and_the_list_spreads_without_the_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PG_ENV, raising=False)
    server = start_server(tmp_path / "region")
    try:
        server.seed(bulletins=30, cases=0, offices=[OFFICE])
        pc1, pc2, pc3, pc4 = (
            enrolled_pc(server, tmp_path / f"pc{n}", OFFICE) for n in (1, 2, 3, 4)
        )
        pull_from_region(pc1)
        with serving(pc1) as (_, address):
            before = exchange_process(pc2, address)  # PC 2 is an honest office PC so far
            assert "error" not in before and int(str(before["received"])) > 0, before
        # The stolen laptop's disk, as it was before anyone told it.
        for n in (1, 2):
            shutil.copytree(pc2, tmp_path / f"stolen{n}")

        # IT revokes PC 2; PC 1 learns it in its next sync cycle.
        pc2_id = _device_id(pc2)
        server.revoke_device(pc2_id)
        assert _held_version(pc1) == 0
        _sync_once(pc1)
        assert _held_version(pc1) == 1
    finally:
        server.stop()  # the regional link is down from here on

    # PC 1 asking PC 2: refused at the handshake, audited on PC 1.
    with serving(pc2) as (_, address):
        assert exchange_process(pc1, address) == {"error": REVOKED}
    # PC 2 asking PC 1: refused; the refusal carries the signed list, so PC 2 learns it.
    with serving(pc1) as (_, address):
        assert exchange_process(pc2, address) == {"error": SELF_REVOKED}
        # PC 3 never talked to the region since: it learns the list from PC 1.
        assert _held_version(pc3) == 0
        learnt = exchange_process(pc3, address)
        assert "error" not in learnt, learnt
        assert _held_version(pc3) == 1
    assert _held_version(pc2) == 1
    pc1_refusals = [r for r in refusals(pc1) if r["code"] == REVOKED]
    # Both directions are in PC 1's audit trail: as the asking PC (address with its port)
    # and as the serving PC (the caller's address), both naming PC 2.
    assert len(pc1_refusals) == 2, pc1_refusals
    assert {r["device"] for r in pc1_refusals} == {pc2_id}
    assert {r["office"] for r in pc1_refusals} == {OFFICE}

    # PC 3 now refuses PC 2 both ways (a PC 2 that does not know yet, from the copy).
    with serving(tmp_path / "stolen1") as (_, address):
        assert exchange_process(pc3, address) == {"error": REVOKED}
    with serving(pc3) as (_, address):
        assert exchange_process(tmp_path / "stolen1", address) == {"error": SELF_REVOKED}
    pc3_refusals = [r for r in refusals(pc3) if r["code"] == REVOKED]
    assert len(pc3_refusals) == 2 and {r["device"] for r in pc3_refusals} == {pc2_id}

    # PC 2, told, serves nobody: a PC that knows nothing of the list is refused by it.
    assert _held_version(pc4) == 0
    with serving(pc2) as (_, address):
        assert exchange_process(pc4, address) == {"error": REFUSED}
    # ...and its LAN service stops as soon as a neighbour tells it, and will not start.
    stolen = open_pc(tmp_path / "stolen2")
    try:
        with serving(pc1) as (_, address):
            stolen.site = replace(stolen.site, lan_enabled=True, lan_peers=(address,))
            lan = LanService(stolen, host="127.0.0.1", port=0, discovery=False).start()
            try:
                assert lan.running and lan.problem == ""
                (status,) = lan.exchange_round()
                assert status.last_error == SELF_REVOKED
                assert not lan.running and lan.problem == LAN_REVOKED
            finally:
                lan.close()
        again = LanService(stolen, host="127.0.0.1", port=0, discovery=False).start()
        assert not again.running and again.problem == LAN_REVOKED
    finally:
        stolen.close()

    # A forged list passed along the LAN (another key) is refused, audited, not kept.
    forger = tmp_path / "forger"
    shutil.copytree(pc1, forger)
    pc3_id = _device_id(pc3)
    fake = RevocationList(
        office=OFFICE,
        version=5,
        issued_at="2026-12-03T21:00:00Z",
        devices=[RevokedDevice(device_id=pc3_id)],
    )
    _put_list(forger, signed(PublisherKey(Ed25519PrivateKey.generate()), fake).model_dump_json())
    with serving(forger) as (_, address):
        assert exchange_process(pc4, address) == {"error": BAD_REPLY}
    assert _held_version(pc4) == 0
    assert any(r["code"] == BAD_REPLY for r in refusals(pc4))
    # So is the region's genuine list with its version raised after signing.
    desk1 = open_pc(pc1)
    try:
        genuine = revocation.held(desk1.store)
    finally:
        desk1.close()
    assert genuine is not None
    altered = genuine.model_dump(mode="json")
    altered["revocations"]["version"] = 7
    _put_list(forger, json.dumps(altered))
    with serving(forger) as (_, address):
        assert exchange_process(pc4, address) == {"error": BAD_REPLY}
    assert _held_version(pc4) == 0
    # PC 4 takes the genuine list from PC 1; an older list cannot replace it later.
    with serving(pc1) as (_, address):
        assert "error" not in exchange_process(pc4, address)
    assert _held_version(pc4) == 1
    desk4 = open_pc(pc4)
    try:
        # The same version again changes nothing (older ones: tests/unit/test_peer_revocation.py).
        assert revocation.accept(desk4.store, genuine.model_dump_json()) is False
        assert revocation.current(desk4.store).blocks(pc2_id)
        assert not revocation.current(desk4.store).blocks(pc3_id)
    finally:
        desk4.close()
    # The forged list named PC 3: nobody who saw it refuses PC 3.
    with serving(pc3) as (_, address):
        assert "error" not in exchange_process(pc4, address)
