"""The office's signed list of revoked devices: what a PC takes, and what it refuses."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.context import Desk
from app.peer import revocation, transport
from app.peer.identity import DeviceIdentity, new_key
from app.store.meta import META_OFFICE, META_PUBLISHER_KEY, set_meta
from app.sync.protocol.revocation import RevocationList, RevokedDevice, revocation_statement
from server.devicecert import DeviceAuthority
from server.revocation import signed
from server.signing import PublisherKey
from tests.helpers.desk import make_desk

OFFICE = "AST-01"
CERT = b"the DER of a device certificate"


@pytest.fixture
def key() -> PublisherKey:
    return PublisherKey(Ed25519PrivateKey.generate())


@pytest.fixture
def desk(tmp_path: Path, key: PublisherKey) -> Iterator[Desk]:
    desk = make_desk(tmp_path / "pc")
    with desk.store.write() as s:
        set_meta(s, META_PUBLISHER_KEY, key.public_key_b64())
        set_meta(s, META_OFFICE, OFFICE)
    yield desk
    desk.close()


def listed(version: int, *devices: str, office: str = OFFICE) -> RevocationList:
    return RevocationList(
        office=office,
        version=version,
        issued_at="2026-12-03T21:00:00Z",
        devices=[
            RevokedDevice(device_id=d, cert_sha256=[hashlib.sha256(CERT).hexdigest()])
            for d in devices
        ],
    )


def wire(key: PublisherKey | None, lst: RevocationList) -> str:
    return signed(key, lst).model_dump_json()


def test_a_list_the_publisher_signed_is_taken_and_refuses_its_devices(
    desk: Desk, key: PublisherKey
) -> None:
    assert revocation.current(desk.store).blocks("pc-2") is False
    assert revocation.accept(desk.store, wire(key, listed(1, "pc-2"))) is True
    revoked = revocation.current(desk.store)
    assert revoked.version == 1
    assert revoked.blocks("pc-2")
    # By certificate too, whatever device id it claims.
    assert revoked.blocks("another-id", CERT)
    assert not revoked.blocks("pc-3", b"another certificate")
    assert revocation.held_version(desk.store) == 1


def test_a_list_signed_with_another_key_is_refused(desk: Desk) -> None:
    forger = PublisherKey(Ed25519PrivateKey.generate())
    with pytest.raises(revocation.RevocationRefused) as refused:
        revocation.accept(desk.store, wire(forger, listed(5, "pc-1")))
    assert refused.value.code == revocation.BAD_SIGNATURE
    assert revocation.held(desk.store) is None
    assert not revocation.current(desk.store).blocks("pc-1")


def test_an_altered_list_is_refused(desk: Desk, key: PublisherKey) -> None:
    doc = json.loads(wire(key, listed(2, "pc-2")))
    # A neighbour adds an honest PC to the list, or raises the version, after signing.
    added = json.loads(json.dumps(doc))
    added["revocations"]["devices"].append({"device_id": "pc-1", "cert_sha256": []})
    bumped = json.loads(json.dumps(doc))
    bumped["revocations"]["version"] = 99
    dropped = json.loads(json.dumps(doc))
    dropped["revocations"]["devices"] = []
    unsigned = json.loads(json.dumps(doc))
    unsigned["sig"] = None
    for bad in (added, bumped, dropped, unsigned):
        with pytest.raises(revocation.RevocationRefused) as refused:
            revocation.accept(desk.store, bad)
        assert refused.value.code == revocation.BAD_SIGNATURE
    assert revocation.held(desk.store) is None


def test_another_office_s_list_is_refused(desk: Desk, key: PublisherKey) -> None:
    with pytest.raises(revocation.RevocationRefused) as refused:
        revocation.accept(desk.store, wire(key, listed(3, "pc-9", office="KAR-02")))
    assert refused.value.code == revocation.OTHER_OFFICE


def test_an_older_or_equal_version_never_replaces_the_held_list(
    desk: Desk, key: PublisherKey
) -> None:
    assert revocation.accept(desk.store, wire(key, listed(2, "pc-2", "pc-4")))
    # Correctly signed, but older: revocations cannot be undone by replaying it.
    assert revocation.accept(desk.store, wire(key, listed(1, "pc-4"))) is False
    assert revocation.accept(desk.store, wire(key, listed(2, "pc-4"))) is False
    revoked = revocation.current(desk.store)
    assert revoked.version == 2 and revoked.blocks("pc-2") and revoked.blocks("pc-4")
    assert revocation.accept(desk.store, wire(key, listed(3, "pc-2", "pc-4", "pc-5")))
    assert revocation.current(desk.store).blocks("pc-5")


def test_garbage_and_a_pc_without_a_pinned_key(tmp_path: Path, key: PublisherKey) -> None:
    desk = make_desk(tmp_path / "bare")
    try:
        with pytest.raises(revocation.RevocationRefused) as refused:
            revocation.accept(desk.store, wire(key, listed(1, "pc-2")))
        assert refused.value.code == revocation.NO_KEY
        for junk in ("not json", b"[1, 2]", {"revocations": {"office": OFFICE}}):
            with pytest.raises(revocation.RevocationRefused) as refused:
                revocation.parse(junk)
            assert refused.value.code == revocation.INVALID
    finally:
        desk.close()


def test_the_statement_covers_the_content_not_its_order() -> None:
    a = listed(4, "pc-2", "pc-3")
    b = RevocationList(
        office=a.office, version=a.version, issued_at=a.issued_at, devices=a.devices[::-1]
    )
    assert revocation_statement(a) == revocation_statement(b)
    assert revocation_statement(a) != revocation_statement(listed(4, "pc-2"))
    assert revocation_statement(a) != revocation_statement(listed(5, "pc-2", "pc-3"))
    assert revocation_statement(a).startswith(b"district-desk device revocations\n")


def _identity(device_id: str) -> DeviceIdentity:
    authority = DeviceAuthority.create()
    cert = authority.issue(new_key().public_pem, office=OFFICE, device_id=device_id)
    return DeviceIdentity(device_id, OFFICE, cert, authority.ca_pem(), b"", b"")


def test_a_neighbour_s_word_alone_does_not_stop_this_pc(desk: Desk, key: PublisherKey) -> None:
    me = _identity("pc-2")
    forger = PublisherKey(Ed25519PrivateKey.generate())

    def refusal(lst: str | None) -> bytes:
        body: dict[str, object] = {"error": transport.REVOKED}
        if lst is not None:
            body["revocations"] = json.loads(lst)
        return json.dumps(body).encode()

    # "You are revoked", without a list or with one the region did not sign: refused, no more.
    assert transport._refusal_code(desk, me, refusal(None)) == transport.REFUSED
    forged = wire(forger, listed(3, "pc-2"))
    assert transport._refusal_code(desk, me, refusal(forged)) == transport.REFUSED
    assert not transport.is_self_revoked(desk, me)
    # The region's list naming another PC is kept, but this PC goes on.
    other = wire(key, listed(1, "pc-5"))
    assert transport._refusal_code(desk, me, refusal(other)) == transport.REFUSED
    assert revocation.held_version(desk.store) == 1
    # The region's list naming this PC: it knows it is revoked.
    mine = wire(key, listed(2, "pc-5", "pc-2"))
    assert transport._refusal_code(desk, me, refusal(mine)) == transport.SELF_REVOKED
    assert transport.is_self_revoked(desk, me)
    # Another office's refusal stays what it was.
    assert transport._refusal_code(desk, me, b'{"error": "peer.other_office"}') == (
        transport.OTHER_OFFICE
    )
