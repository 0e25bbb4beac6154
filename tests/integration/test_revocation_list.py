"""The region's list of revoked devices: what ``GET /office/revocations`` serves and how a
sync cycle takes it (real server on loopback, real encrypted stores)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from app.peer import revocation
from app.peer.service import REVOKED as LAN_REVOKED
from app.peer.service import LanService
from app.store.meta import META_DEVICE_ID, get_meta
from app.sync.client import Call
from app.sync.engine import SyncEngine
from tests.faults.syncenv import fast_options
from tests.helpers.peers import enrolled_pc, identity_of, open_pc
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(300)

OFFICE = "AST-01"
OTHER = "KAR-02"


def _device(data_dir: Path) -> tuple[str, str]:
    """Device id and SHA-256 of its certificate's DER."""
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            device = get_meta(s, META_DEVICE_ID) or ""
        pem = identity_of(desk).cert_pem.encode("ascii")
    finally:
        desk.close()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return device, hashlib.sha256(der).hexdigest()


def test_a_cycle_takes_the_office_s_signed_list_and_an_unchanged_one_costs_no_bytes(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    pc1, pc2, pc3 = (enrolled_pc(dd_server, tmp_path / f"pc{n}", OFFICE) for n in (1, 2, 3))
    stranger = enrolled_pc(dd_server, tmp_path / "other", OTHER)
    desk = open_pc(pc1)
    engine = SyncEngine(desk, fast_options(revocation_poll_seconds=0))
    try:
        assert engine.run_once().ok
        assert revocation.held(desk.store) is None  # nothing revoked: nothing kept

        pc2_id, pc2_cert = _device(pc2)
        dd_server.revoke_device(pc2_id)
        dd_server.revoke_device(_device(stranger)[0])  # another office's: never listed here
        assert engine.run_once().ok
        held = revocation.held(desk.store)
        assert held is not None and held.revocations.office == OFFICE
        assert held.revocations.version == 1
        assert [(d.device_id, d.cert_sha256) for d in held.revocations.devices] == [
            (pc2_id, [pc2_cert])
        ]
        assert revocation.current(desk.store).blocks(pc2_id)
        assert not revocation.current(desk.store).blocks(_device(pc3)[0])

        # Unchanged: 204 without a body. Newer: the whole list again, signed.
        t = engine.transport()
        same = t.request(Call("GET", "/office/revocations", params={"after": 1}))
        assert same.status == 204 and same.body == b""
        dd_server.revoke_device(_device(pc3)[0])
        assert engine.run_once().ok
        assert revocation.held_version(desk.store) == 2
        assert revocation.current(desk.store).blocks(_device(pc3)[0])
    finally:
        engine.close()
        desk.close()


def test_a_cycle_asks_only_every_poll_interval(dd_server: RunningServer, tmp_path: Path) -> None:
    pc1, pc2 = (enrolled_pc(dd_server, tmp_path / f"pc{n}", OFFICE) for n in (1, 2))
    desk = open_pc(pc1)
    engine = SyncEngine(desk, fast_options(revocation_poll_seconds=3600))
    try:
        assert engine.run_once().ok  # asks (never asked before): nothing revoked
        dd_server.revoke_device(_device(pc2)[0])
        assert engine.run_once().ok  # within the hour: does not ask
        assert revocation.held_version(desk.store) == 0
        engine.options.revocation_poll_seconds = 0
        assert engine.run_once().ok
        assert revocation.held_version(desk.store) == 1
    finally:
        engine.close()
        desk.close()


def test_a_pc_the_region_calls_revoked_stops_its_lan_exchange(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    pc = enrolled_pc(dd_server, tmp_path / "pc", OFFICE)
    desk = open_pc(pc)
    desk.site = replace(desk.site, lan_enabled=True, lan_peers=())
    lan = LanService(desk, host="127.0.0.1", port=0, discovery=False).start()
    engine = SyncEngine(desk, fast_options())
    try:
        assert lan.running
        dd_server.revoke_device(_device(pc)[0])
        failed = engine.run_once()
        assert failed.failure is not None and failed.failure.server_code == "device_revoked"
        # It learns it from the region before any list: it stops serving and asking.
        assert lan.exchange_round() == []
        assert not lan.running and lan.problem == LAN_REVOKED
        assert not LanService(desk, host="127.0.0.1", port=0, discovery=False).start().running
    finally:
        lan.close()
        engine.close()
        desk.close()
