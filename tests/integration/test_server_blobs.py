"""Resumable blob upload and ranged download against a real server."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests

from app.sync.protocol import PROTOCOL_HEADER
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import ProtocolClient, unique

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def device(shared_server: RunningServer) -> ProtocolClient:
    """An enrolled device with a session."""
    return ProtocolClient(shared_server).enrol(unique("D"))


def upload_state(client: ProtocolClient, sha: str) -> dict:
    response = client.call("GET", f"/blobs/{sha}/upload")
    assert response.status_code == 200, response.text
    return response.json()


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


def cut_patch(
    client: ProtocolClient, sha: str, offset: int, chunk: bytes, send: int, total: int
) -> None:
    """Start a PATCH of ``chunk`` but cut the connection after ``send`` body bytes."""
    url = urlsplit(client.server.url)
    token = client.http.headers["Authorization"]
    head = (
        f"PATCH /api/v1/blobs/{sha}?offset={offset} HTTP/1.1\r\n"
        f"Host: {url.hostname}\r\n{PROTOCOL_HEADER}: 1\r\nAuthorization: {token}\r\n"
        f"Upload-Length: {total}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Length: {len(chunk)}\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head + chunk[:send])
        time.sleep(0.2)


def wait_for_offset(client: ProtocolClient, sha: str, expected: int) -> dict:
    deadline = time.monotonic() + 10
    while True:
        state = upload_state(client, sha)
        if state["offset"] == expected or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def test_upload_survives_cuts_and_resumes(device: ProtocolClient) -> None:
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    assert upload_state(device, sha) == {"dd": 1, "sha256": sha, "offset": 0, "complete": False}
    first = patch(device, sha, 0, data[:100_000], len(data))
    assert first.status_code == 200, first.text
    assert first.json()["offset"] == 100_000
    assert first.headers["Upload-Offset"] == "100000"
    # The link drops in the middle of the next chunk: what arrived is kept.
    cut_patch(device, sha, 100_000, data[100_000:250_000], 60_000, len(data))
    state = wait_for_offset(device, sha, 160_000)
    assert state["offset"] == 160_000 and state["length"] == len(data)
    head = device.call("HEAD", f"/blobs/{sha}/upload")
    assert head.headers["Upload-Offset"] == "160000"
    # A chunk at a stale offset is refused with the server's offset.
    stale = patch(device, sha, 100_000, data[100_000:200_000], len(data))
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "offset_mismatch"
    assert stale.json()["error"]["details"]["offset"] == 160_000
    # Half-way the blob cannot be downloaded.
    early = device.call("GET", f"/blobs/{sha}")
    assert (early.status_code, early.json()["error"]["code"]) == (409, "blob_incomplete")
    done = patch(device, sha, 160_000, data[160_000:], len(data))
    assert done.status_code == 200, done.text
    assert done.json()["complete"] is True
    whole = device.call("GET", f"/blobs/{sha}")
    assert whole.status_code == 200 and whole.content == data
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert whole.headers.get("Content-Encoding") is None
    # Uploading it again costs nothing.
    assert upload_state(device, sha)["complete"] is True


def test_download_resumes_with_range(device: ProtocolClient) -> None:
    data = os.urandom(50_000)
    sha = hashlib.sha256(data).hexdigest()
    assert patch(device, sha, 0, data, len(data)).json()["complete"] is True
    tail = device.call("GET", f"/blobs/{sha}", headers={"Range": "bytes=20000-"})
    assert tail.status_code == 206
    assert tail.headers["Content-Range"] == f"bytes 20000-49999/{len(data)}"
    assert tail.content == data[20000:]
    middle = device.call("GET", f"/blobs/{sha}", headers={"Range": "bytes=10-19"})
    assert (middle.status_code, middle.content) == (206, data[10:20])
    head = device.call("HEAD", f"/blobs/{sha}")
    assert head.headers["Content-Length"] == str(len(data))
    assert head.headers["ETag"] == f'"{sha}"'
    beyond = device.call("GET", f"/blobs/{sha}", headers={"Range": "bytes=60000-"})
    assert (beyond.status_code, beyond.json()["error"]["code"]) == (416, "range_not_satisfiable")
    missing = device.call("GET", f"/blobs/{'0' * 64}")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")


def test_wrong_bytes_are_discarded(device: ProtocolClient) -> None:
    data = os.urandom(10_000)
    claimed = hashlib.sha256(b"something else").hexdigest()
    response = patch(device, claimed, 0, data, len(data))
    assert (response.status_code, response.json()["error"]["code"]) == (
        422,
        "blob_hash_mismatch",
    )
    assert upload_state(device, claimed)["offset"] == 0


def test_limits_are_enforced(device: ProtocolClient) -> None:
    limits = device.call("GET", "/hello").json()["limits"]
    data = os.urandom(limits["max_blob_chunk"] + 1)
    sha = hashlib.sha256(data).hexdigest()
    big = patch(device, sha, 0, data, len(data))
    assert (big.status_code, big.json()["error"]["code"]) == (413, "payload_too_large")
    no_length = device.call("PATCH", f"/blobs/{sha}", params={"offset": 0}, data=b"abc")
    # Upload-Length is required by the state of the upload (its first chunk): 409.
    assert (no_length.status_code, no_length.json()["error"]["code"]) == (409, "bad_request")
    bad_id = device.call("GET", "/blobs/not-a-sha/upload")
    assert (bad_id.status_code, bad_id.json()["error"]["code"]) == (400, "bad_request")


def test_attachment_uploaded_first_lets_the_request_through(device: ProtocolClient) -> None:
    from tests.integration.conftest import make_office, request_item, sample_content

    office = make_office(device.server)
    data = b"%PDF-1.4 scanned passport page"
    sha = hashlib.sha256(data).hexdigest()
    item = request_item(office, content=sample_content(attachments=[sha]))
    assert office.client.push(item)[0]["status"] == "retry"
    assert patch(office.client, sha, 0, data, len(data)).json()["complete"] is True
    assert office.client.push(item)[0]["status"] == "accepted"


def test_upload_through_a_link_that_keeps_cutting(device: ProtocolClient) -> None:
    """Resuming from the server's offset: cuts cost little more than the file itself."""

    from tests.helpers.linkemu import LinkEmulator

    data = os.urandom(400_000)
    sha = hashlib.sha256(data).hexdigest()
    url = urlsplit(device.server.url)
    # A little latency, as on any real link: the client cannot reconnect before the bytes
    # that crossed have reached the server.
    assert url.hostname is not None and url.port is not None
    with LinkEmulator(
        url.hostname, url.port, latency=0.02, cut_after=60_000, cut_every=True
    ) as link:
        via_link = ProtocolClient(device.server)
        via_link.http.headers.update(device.http.headers)
        via_link.server = RunningServer(  # same server, reached through the link
            link.url,
            device.server.db_url,
            device.server.blob_dir,
            device.server.log_path,
            device.server.process,
        )
        attempts = 0
        while attempts < 40:
            attempts += 1
            try:
                offset = upload_state(via_link, sha)["offset"]
                if offset == len(data):
                    break
                patch(via_link, sha, offset, data[offset : offset + 200_000], len(data))
            except requests.ConnectionError:
                continue
        stats = link.stats()
    assert upload_state(device, sha)["complete"] is True
    assert stats.cuts >= 6
    overhead = stats.bytes_up - len(data)
    assert overhead < 0.05 * len(data), f"{stats.bytes_up} bytes sent for {len(data)}"
