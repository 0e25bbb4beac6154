"""Device certificates at enrolment (office LAN exchange), against the real server."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from cryptography import x509

from app.credentials import MemorySecrets
from app.peer.identity import META_DEVICE_KEY, load_identity, subject_of, tls_context
from app.store.meta import get_meta
from app.sync.enrol import enrol
from app.sync.session import CRED_DEVICE_ID
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(120)

OFFICE = "AST-01"


def test_enrolment_certifies_the_device_for_its_office(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    desk = make_desk(tmp_path / "pc", secrets=MemorySecrets())
    done = enrol(desk, dd_server.url, dd_server.enrolment_code(OFFICE))
    with desk.store.read() as s:
        identity = load_identity(s, desk.credentials)
        stored_key = get_meta(s, META_DEVICE_KEY)
    assert identity is not None
    assert (identity.office, identity.device_id) == (OFFICE, done.device_id)
    assert desk.credentials.get(CRED_DEVICE_ID) == done.device_id
    cert = x509.load_pem_x509_certificate(identity.cert_pem.encode())
    ca = x509.load_pem_x509_certificate(identity.ca_pem.encode())
    cert.verify_directly_issued_by(ca)
    assert subject_of(cert) == (OFFICE, done.device_id)
    # The private key is kept encrypted, never in clear.
    assert stored_key is not None and "ENCRYPTED PRIVATE KEY" in stored_key
    assert "BEGIN PRIVATE KEY" not in stored_key
    # And it loads into a mutual-TLS context both ways.
    tls_context(identity, server_side=True)
    tls_context(identity, server_side=False)
    desk.close()


def test_every_device_of_a_region_is_certified_by_one_authority(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    cas = set()
    for n, office in enumerate((OFFICE, OFFICE, "KAR-02")):
        desk = make_desk(tmp_path / f"pc{n}", secrets=MemorySecrets())
        enrol(desk, dd_server.url, dd_server.enrolment_code(office))
        with desk.store.read() as s:
            identity = load_identity(s, desk.credentials)
        assert identity is not None and identity.office == office
        cas.add(identity.ca_pem)
        desk.close()
    assert len(cas) == 1


def test_old_clients_enrol_without_a_key(dd_server: RunningServer) -> None:
    body = {"code": dd_server.enrolment_code(OFFICE), "device_name": "old-pc"}
    resp = requests.post(dd_server.api("/enrol"), json=body, timeout=10)
    assert resp.status_code == 200, resp.text
    answer = resp.json()
    assert answer["device_id"] and answer["device_secret"]
    assert answer.get("device_certificate") is None


def test_a_bad_key_is_refused_and_the_code_is_not_spent(dd_server: RunningServer) -> None:
    code = dd_server.enrolment_code(OFFICE)
    bad = {"code": code, "device_name": "pc", "device_key": "-----BEGIN PUBLIC KEY-----\nxx"}
    resp = requests.post(dd_server.api("/enrol"), json=bad, timeout=10)
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["code"] == "bad_request"
    resp = requests.post(
        dd_server.api("/enrol"), json={"code": code, "device_name": "pc"}, timeout=10
    )
    assert resp.status_code == 200, resp.text
