"""Handshake, markers, enrolment, sessions and keys against a real server."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync.protocol import (
    PROTOCOL_HEADER,
    SERVER_ID_HEADER,
    ErrorClass,
    classify_error,
    key_id_for,
)
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import TIMEOUT, ProtocolClient, public_key_b64, unique

pytestmark = pytest.mark.timeout(60)


def test_hello_describes_the_server(shared_server: RunningServer) -> None:
    response = requests.get(shared_server.api("/hello"), timeout=TIMEOUT)
    body = response.json()
    assert response.status_code == 200
    assert body["dd"] == 1
    # Protocol 1 pages and the protocol 2 feed stream.
    assert body["protocol_versions"] == [1, 2]
    assert response.headers[SERVER_ID_HEADER] == body["server_id"]
    assert body["codecs"] == ["zstd", "gzip"]
    assert body["lanes"] == [0, 1, 2, 3]
    limits = body["limits"]
    assert limits["max_page_bytes"] >= limits["default_page_bytes"] > 0
    assert limits["max_batch_items"] > 0 and limits["max_blob_chunk"] > 0
    assert body["server_time"].endswith("Z")


def test_every_response_carries_the_markers(shared_server: RunningServer) -> None:
    """A captive portal's 200 lacks them; so nothing without them is taken as a receipt."""
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/hello", {}),
        ("GET", "/changes", {}),  # 401
        ("GET", "/no/such/thing", {}),  # 404
        ("POST", "/enrol", {"json": {"code": "nope-nope", "device_name": "x"}}),  # 403
        ("POST", "/outbox", {"data": b"{", "headers": {"Content-Type": "application/json"}}),
        ("GET", "/openapi.json", {}),
    ]
    for method, path, extra in calls:
        response = requests.request(method, shared_server.api(path), timeout=TIMEOUT, **extra)
        assert response.headers.get(PROTOCOL_HEADER) == "1", (path, response.status_code)
        assert response.headers.get(SERVER_ID_HEADER), path
        if response.headers["content-type"].startswith("application/json"):
            assert response.json().get("dd", 1) == 1, path
            if response.status_code >= 400:
                error = response.json()["error"]
                assert error["code"] and error["message"], path


def test_injected_captive_portal_has_no_markers(dd_server: RunningServer) -> None:
    hook = requests.post(
        dd_server.api("/_test/faults"), json={"mode": "captive", "count": 1}, timeout=TIMEOUT
    )
    assert hook.status_code == 200
    portal = requests.get(dd_server.api("/hello"), timeout=TIMEOUT)
    assert portal.status_code == 200
    assert PROTOCOL_HEADER not in portal.headers
    assert portal.headers["content-type"].startswith("text/html")
    requests.post(
        dd_server.api("/_test/faults"),
        json={"mode": "unavailable", "count": 1, "retry_after": 7},
        timeout=TIMEOUT,
    )
    busy = requests.get(dd_server.api("/hello"), timeout=TIMEOUT)
    assert (busy.status_code, busy.headers["Retry-After"]) == (503, "7")
    assert busy.json()["error"]["code"] == "unavailable"
    assert classify_error(busy.status_code, "unavailable") is ErrorClass.TRANSIENT
    assert requests.get(dd_server.api("/hello"), timeout=TIMEOUT).status_code == 200


def test_foreign_version_and_wrong_server_are_fatal(shared_server: RunningServer) -> None:
    old = requests.get(shared_server.api("/hello"), headers={PROTOCOL_HEADER: "7"}, timeout=TIMEOUT)
    assert (old.status_code, old.json()["error"]["code"]) == (400, "protocol_unsupported")
    other = requests.get(
        shared_server.api("/hello"), headers={SERVER_ID_HEADER: "someone-else"}, timeout=TIMEOUT
    )
    assert (other.status_code, other.json()["error"]["code"]) == (421, "wrong_server")
    for response in (old, other):
        code = response.json()["error"]["code"]
        assert classify_error(response.status_code, code) is ErrorClass.FATAL


def test_enrolment_code_is_one_time(shared_server: RunningServer) -> None:
    office = unique("D")
    code = shared_server.enrolment_code(office)
    client = ProtocolClient(shared_server)
    typed = code.lower().replace("-", " ")  # read over the phone, typed loosely
    first = client.call("POST", "/enrol", json={"code": typed, "device_name": "pc-1"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["office"] == office and body["device_id"] and len(body["device_secret"]) >= 32
    again = client.call("POST", "/enrol", json={"code": code, "device_name": "pc-2"})
    assert (again.status_code, again.json()["error"]["code"]) == (403, "enrolment_code_invalid")


def test_device_session_and_login(shared_server: RunningServer) -> None:
    office = unique("D")
    username = unique("sup.")
    shared_server.add_user(username, "supervisor", office, password="s3cret pass")
    client = ProtocolClient(shared_server).enrol(office)
    key = Ed25519PrivateKey.generate()
    response = client.login(username, "s3cret pass", public_key=public_key_b64(key))
    assert response.status_code == 200, response.text
    body = response.json()
    raw = key.public_key().public_bytes_raw()
    assert body["user"]["role"] == "supervisor"
    assert body["user"]["office"] == office
    assert body["user"]["key_ids"] == [key_id_for(raw)]
    assert body["expires_at"] > body["server_time"]
    # Registering again is idempotent; a second key is added.
    second = Ed25519PrivateKey.generate()
    registered = client.call("POST", "/keys", json={"public_key": public_key_b64(second)})
    assert registered.status_code == 200, registered.text
    assert registered.json()["key_id"] == key_id_for(second.public_key().public_bytes_raw())
    # Wrong password is an auth error.
    bad = client.login(username, "wrong")
    assert (bad.status_code, bad.json()["error"]["code"]) == (401, "bad_credentials")
    # A device session cannot register keys.
    client.device_session()
    forbidden = client.call("POST", "/keys", json={"public_key": public_key_b64(key)})
    assert (forbidden.status_code, forbidden.json()["error"]["code"]) == (403, "forbidden")


def test_device_session_says_what_the_office_holds(shared_server: RunningServer) -> None:
    """The session answer carries the office's journal total and revocation version, so a
    PC's first cycle skips both polls when it already has everything; each office counts
    only its own."""
    from datetime import UTC, datetime

    from server.models import OfficeJournalEntry

    office, other = unique("D"), unique("D")
    client = ProtocolClient(shared_server).enrol(office)
    first = client.device_session().json()
    assert (first["office_journal"], first["revocations"]) == (0, 0)
    spare = ProtocolClient(shared_server).enrol(office)
    shared_server.revoke_device(spare.device_id)
    with shared_server.db.write() as session:
        for n in range(1, 4):
            session.add(
                OfficeJournalEntry(
                    office=office,
                    entry_id=unique("e"),
                    device_id=client.device_id,
                    counter=n,
                    body="{}",
                    received_at=datetime.now(UTC),
                )
            )
    body = client.device_session().json()
    assert (body["office_journal"], body["revocations"]) == (3, 1)
    elsewhere = ProtocolClient(shared_server).enrol(other).device_session().json()
    assert (elsewhere["office_journal"], elsewhere["revocations"]) == (0, 0)


def test_login_refusals(shared_server: RunningServer) -> None:
    office = unique("D")
    outsider = unique("off.")
    shared_server.add_user(outsider, "officer", unique("X"))
    client = ProtocolClient(shared_server).enrol(office)
    other_office = client.login(outsider)
    assert (other_office.status_code, other_office.json()["error"]["code"]) == (
        403,
        "office_mismatch",
    )
    owner = unique("sup.")
    thief = unique("sup.")
    shared_server.add_user(owner, "supervisor", office)
    shared_server.add_user(thief, "supervisor", office)
    key = public_key_b64(Ed25519PrivateKey.generate())
    assert client.login(owner, public_key=key).status_code == 200
    stolen = client.login(thief, public_key=key)
    assert (stolen.status_code, stolen.json()["error"]["code"]) == (409, "key_conflict")
    unknown = ProtocolClient(shared_server)
    unknown.device_id, unknown.device_secret = client.device_id, "not the secret"
    refused = unknown.login(owner)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "device_unknown")


def test_revoked_device_is_told_so(shared_server: RunningServer) -> None:
    client = ProtocolClient(shared_server).enrol(unique("D"))
    assert client.call("GET", "/integrity").status_code == 200
    shared_server.revoke_device(client.device_id)
    for response in (client.call("GET", "/changes"), client.device_session()):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "device_revoked"
        assert classify_error(403, "device_revoked") is ErrorClass.FATAL


def test_tokens_expire(shared_server: RunningServer) -> None:
    client = ProtocolClient(shared_server).enrol(unique("D"))
    assert client.call("GET", "/integrity").status_code == 200
    shared_server.expire_tokens(client.device_id)
    expired = client.call("GET", "/integrity")
    assert (expired.status_code, expired.json()["error"]["code"]) == (401, "token_expired")
    assert classify_error(401, "token_expired") is ErrorClass.AUTH
    assert client.device_session().status_code == 200
    assert client.call("GET", "/integrity").status_code == 200
