"""Office LAN exchange: PC processes of one office on loopback, the region stopped.

Discovery is not exercised here: the PCs are given each other's addresses (the manual
``[lan] peers`` path); zeroconf discovery has its own test
(tests/integration/test_peer_discovery.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from app.context import Desk
from app.peer.identity import DeviceIdentity
from app.peer.lanes import BulletinLane, rebuild_bulletin_rows
from app.peer.transport import OTHER_OFFICE, UNKNOWN_DEVICE, PeerError, exchange
from app.store.models import SyncRow
from tests.helpers.peers import (
    bulletin_count,
    enrolled_pc,
    exchange_process,
    held,
    open_pc,
    pull_from_region,
    refusals,
    serving,
)
from tests.helpers.server_fixture import PG_ENV, start_server

pytestmark = pytest.mark.timeout(600)

OFFICE = "AST-01"
OTHER = "KAR-02"


def servable(data_dir: Path) -> dict[tuple[str, str], tuple[int, int | None]]:
    """The rows a PC can serve: bulletins it can rebuild exactly as the region sent them."""
    desk = open_pc(data_dir)
    try:
        with desk.store.read() as s:
            rows = [r for r in s.scalars(select(SyncRow)) if r.t == "b" and r.live]
            rebuilt = rebuild_bulletin_rows(s, rows)
            return {(r.t, r.i): (r.s, r.h) for r, x in zip(rows, rebuilt, strict=True) if x}
    finally:
        desk.close()


def test_three_pcs_of_an_office_exchange_with_the_region_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The region is stopped and started again on the same database: a SQLite file here
    # (the PostgreSQL pass gives every start a fresh database, dropped at its stop).
    monkeypatch.delenv(PG_ENV, raising=False)
    server = start_server(tmp_path / "region")
    try:
        seeded = server.seed(bulletins=240, cases=0, offices=[OFFICE])
        pcs = [enrolled_pc(server, tmp_path / f"pc{n}", OFFICE) for n in (1, 2, 3)]
        stranger = enrolled_pc(server, tmp_path / "other-office", OTHER)
        pull_from_region(pcs[0])
        port = server.url.rsplit(":", 1)[1]
    finally:
        server.stop()
    expected = servable(pcs[0])
    # Most of the region's bulletins can be served (the rest needs data the store does
    # not keep, such as a vehicle's year, and comes from the region later).
    assert len(expected) > len(seeded.bulletins) // 2

    # The region is stopped: PC 2 catches up from PC 1, then PC 3 from PC 2.
    with serving(pcs[0]) as (_, pc1):
        first = exchange_process(pcs[1], pc1)
        assert first["received"] == len(expected), first
        again = exchange_process(pcs[1], pc1)
        assert again["applied"] == 0, again  # idempotent: nothing twice
        # A PC of another office is refused, and so is PC 1 asking it.
        other = exchange_process(stranger, pc1)
        assert other == {"error": OTHER_OFFICE}
    with serving(pcs[1]) as (_, pc2):
        third = exchange_process(pcs[2], pc2)
        assert third["received"] == len(expected), third
    with serving(stranger) as (_, foreign):
        asked = exchange_process(pcs[0], foreign)
        assert asked == {"error": OTHER_OFFICE}

    for pc in pcs[1:]:
        got = held(open_pc_closed := open_pc(pc))
        count = bulletin_count(open_pc_closed)
        assert open_pc_closed.store.integrity_check() == "ok"
        open_pc_closed.close()
        # The same rows at the same versions with the region's digests: same content.
        assert got == expected
        assert count == len(expected)

    # Both refusals are in the audit trail of the PC that refused.
    assert any(r["code"] == OTHER_OFFICE for r in refusals(pcs[0]))
    assert any(r["code"] == OTHER_OFFICE for r in refusals(stranger))

    # The region comes back: PC 3 pulls only what its neighbours could not give it and
    # ends holding exactly what PC 1 holds.
    server = start_server(tmp_path / "region", "--port", port)
    try:
        pull_from_region(pcs[2])
    finally:
        server.stop()
    desk3, desk1 = open_pc(pcs[2]), open_pc(pcs[0])
    try:
        assert held(desk3) == held(desk1)
    finally:
        desk3.close()
        desk1.close()


def _forged_identity(tmp_path: Path, office: str) -> DeviceIdentity:
    """A certificate that names our office but was not issued by our region."""
    from tests.helpers.certs import self_signed_certificate

    cert_path, key_path, _ = self_signed_certificate(tmp_path)
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pass"),
    )
    pem = cert_path.read_text()
    return DeviceIdentity("forged", office, pem, pem, encrypted, b"pass")


def test_an_unknown_certificate_is_refused_and_audited(tmp_path: Path) -> None:
    server = start_server(tmp_path / "region")
    try:
        pc = enrolled_pc(server, tmp_path / "pc1", OFFICE)
    finally:
        server.stop()
    outsider = enrolled_pc_without_region(tmp_path / "outsider")
    forged = _forged_identity(tmp_path, OFFICE)
    with serving(pc) as (_, address):
        with pytest.raises(PeerError) as refused:
            exchange(outsider, forged, address, [BulletinLane()])
        assert refused.value.code in (UNKNOWN_DEVICE, "peer.refused")
    outsider.close()
    assert any(r["code"] == UNKNOWN_DEVICE for r in refusals(pc))


def enrolled_pc_without_region(data_dir: Path) -> Desk:
    from tests.helpers.desk import make_desk

    return make_desk(data_dir)
