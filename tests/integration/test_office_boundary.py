"""The office boundary on the regional server: office B never changes, reads or blocks A.

Each test reproduces one defect of issue 9 with real enrolment, real signed items and raw
HTTP against a live server on loopback.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import requests

from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import (
    AT,
    Office,
    ProtocolClient,
    make_office,
    new_id,
    request_item,
    sample_content,
    signed_item,
)

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def offices(shared_server: RunningServer) -> tuple[Office, Office]:
    """Two offices on one server: A (the victim) and B (the intruder)."""
    return make_office(shared_server), make_office(shared_server)


def decision(kind: str, office: Office, request_id: str, digest: str) -> dict:
    payload = {
        "request_id": request_id,
        "content_hash": digest,
        "decision": {"withdrawal": "withdraw", "approval": "approve"}[kind],
        "actor_id": "local-approver",
        "actor_username": office.supervisor,
        "at": AT,
    }
    if kind == "withdrawal":
        payload["reason"] = "no longer needed"
    return signed_item(kind, payload, office.supervisor_key)


def request_rows(client: ProtocolClient, request_id: str) -> list[dict]:
    rows, _ = client.pull_all(lanes="0,1")
    return [r for r in rows if r["t"] == "q" and r["i"] == request_id]


def test_other_office_cannot_withdraw_a_sent_request(offices: tuple[Office, Office]) -> None:
    a, b = offices
    item = request_item(a)
    request_id = item["payload"]["request"]["id"]
    assert a.client.push(item)[0]["status"] == "accepted"
    [receipt] = b.client.push(decision("withdrawal", b, request_id, item["content_hash"]))
    # B learns nothing: the same answer as for a request id no office ever sent.
    assert receipt["status"] == "accepted"
    [row] = request_rows(a.client, request_id)
    assert row["d"]["st"] == "received"
    assert request_rows(b.client, request_id) == []


def test_other_office_cannot_block_a_request_before_it_arrives(
    offices: tuple[Office, Office],
) -> None:
    a, b = offices
    item = request_item(a)
    request_id = item["payload"]["request"]["id"]
    [first] = b.client.push(decision("withdrawal", b, request_id, item["content_hash"]))
    assert first["status"] == "accepted"
    [receipt] = a.client.push(item)
    assert receipt["status"] == "accepted", receipt
    [row] = request_rows(a.client, request_id)
    assert row["d"]["st"] == "received"


def test_own_withdrawal_before_arrival_still_blocks(offices: tuple[Office, Office]) -> None:
    a, _ = offices
    item = request_item(a)
    request_id = item["payload"]["request"]["id"]
    a.client.push(decision("withdrawal", a, request_id, item["content_hash"]))
    [receipt] = a.client.push(item)
    assert (receipt["status"], receipt["code"]) == ("rejected", "request_withdrawn")


def test_other_office_approval_is_refused_like_an_unknown_request(
    offices: tuple[Office, Office],
) -> None:
    a, b = offices
    item = request_item(a)
    request_id = item["payload"]["request"]["id"]
    assert a.client.push(item)[0]["status"] == "accepted"
    [foreign] = b.client.push(decision("approval", b, request_id, item["content_hash"]))
    [unknown] = b.client.push(decision("approval", b, new_id(), item["content_hash"]))
    assert (foreign["status"], foreign["code"]) == ("rejected", "request_unknown")
    assert (unknown["code"], unknown["message"]) == (foreign["code"], foreign["message"])
    # A's own second approval is still fine.
    colleague_ok = a.client.push(decision("approval", a, request_id, item["content_hash"]))
    assert colleague_ok[0]["status"] == "accepted"


def test_replay_from_another_office_reveals_nothing(offices: tuple[Office, Office]) -> None:
    a, b = offices
    item = request_item(a)
    [first] = a.client.push(item)
    assert first["status"] == "accepted"
    [replay] = b.client.push(item)
    assert replay["status"] == "conflict"
    assert replay["code"] == "id_conflict"
    assert "seq" not in replay and "first_status" not in replay
    looked_up = b.client.call("GET", f"/outbox/{item['id']}")
    assert looked_up.status_code == 404
    # A's own repeat still gets its first receipt.
    [again] = a.client.push(item)
    assert (again["status"], again["seq"]) == ("duplicate", first["seq"])


# --- blobs -------------------------------------------------------------------------------


def patch(
    client: ProtocolClient, sha: str, offset: int, data: bytes, total: int
) -> requests.Response:
    return client.call(
        "PATCH",
        f"/blobs/{sha}",
        params={"offset": offset},
        data=data,
        headers={"Upload-Length": str(total), "Content-Type": "application/octet-stream"},
    )


def test_upload_squatting_does_not_block_the_owner(offices: tuple[Office, Office]) -> None:
    a, b = offices
    data = os.urandom(20_000)
    sha = hashlib.sha256(data).hexdigest()
    squat = patch(b.client, sha, 0, b"", len(data) + 1)
    assert squat.status_code == 200, squat.text
    own = patch(a.client, sha, 0, data, len(data))
    assert own.status_code == 200, own.text
    assert own.json()["complete"] is True
    state = a.client.call("GET", f"/blobs/{sha}/upload").json()
    assert state["complete"] is True


def test_partial_uploads_are_per_device_and_expire(
    offices: tuple[Office, Office], shared_server: RunningServer
) -> None:
    a, b = offices
    data = os.urandom(30_000)
    sha = hashlib.sha256(data).hexdigest()
    assert patch(a.client, sha, 0, data[:10_000], len(data)).json()["offset"] == 10_000
    # Another device sees its own (empty) upload, not A's progress.
    other = b.client.call("GET", f"/blobs/{sha}/upload").json()
    assert other["offset"] == 0 and "length" not in other
    # An upload left alone for longer than the upload TTL is forgotten.
    parts = list(Path(shared_server.blob_dir, "partial").rglob(f"{sha}.*"))
    assert parts
    old = os.path.getmtime(parts[0]) - 8 * 24 * 3600
    for part in parts:
        os.utime(part, (old, old))
    state = a.client.call("GET", f"/blobs/{sha}/upload").json()
    assert state["offset"] == 0 and "length" not in state
    assert not any(p.exists() for p in parts)


def upload(client: ProtocolClient, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    response = patch(client, sha, 0, data, len(data))
    assert response.status_code == 200 and response.json()["complete"], response.text
    return sha


def test_attachments_are_served_only_to_their_office(offices: tuple[Office, Office]) -> None:
    a, b = offices
    data = b"%PDF-1.4 scanned passport page " + os.urandom(64)
    sha = upload(a.client, data)
    item = request_item(a, content=sample_content(attachments=[sha]))
    assert a.client.push(item)[0]["status"] == "accepted"
    assert a.client.call("GET", f"/blobs/{sha}").content == data
    refused = b.client.call("GET", f"/blobs/{sha}")
    missing = b.client.call("GET", f"/blobs/{'1' * 64}")
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "not_found")
    assert refused.json() == missing.json()
    assert b.client.call("HEAD", f"/blobs/{sha}").status_code == 404
    # Nor does the upload state tell B that A holds this content.
    state = b.client.call("GET", f"/blobs/{sha}/upload").json()
    assert state["complete"] is False and state["offset"] == 0
    # Proving possession (uploading the same bytes) gives B its own copy.
    upload(b.client, data)
    assert b.client.call("GET", f"/blobs/{sha}").content == data


def test_bulletin_media_are_served_to_every_office(
    offices: tuple[Office, Office], shared_server: RunningServer
) -> None:
    a, b = offices
    shared_server.seed(bulletins=1, photos=True, offices=[a.code])
    rows, _ = b.client.pull_all(lanes="3")
    media = [r for r in rows if r["t"] == "m" and not r.get("x")]
    assert media
    for client in (a.client, b.client):
        response = client.call("GET", f"/blobs/{media[0]['d']['sha']}")
        assert response.status_code == 200, response.text
