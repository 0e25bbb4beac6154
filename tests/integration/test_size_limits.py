"""Oversized request bodies get 413 on every route, and the server's memory stays flat.

Bodies are sent over a raw socket (plain with Content-Length, chunked, gzip and zstd
bombs) to an unauthenticated route (``/enrol``) and an authenticated one (``/outbox``).
The server's peak resident set (``VmHWM``) must grow by less than 32 MiB over the run.
"""

from __future__ import annotations

import gzip
import json
import select
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zstandard

from app.sync.protocol import API_PREFIX, PROTOCOL_HEADER
from server.app import BATCH_ENVELOPE_BYTES
from tests.helpers.server_fixture import RunningServer
from tests.integration.conftest import ProtocolClient, new_id, unique

pytestmark = pytest.mark.timeout(120)

MiB = 1024 * 1024
#: The issue's bound on RSS growth while refusing every oversized body.
RSS_BUDGET = 32 * MiB
SEND_CHUNK = 64 * 1024


def memory(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` (peak) of a process, in bytes."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) * 1024
    return found


def reset_peak(pid: int) -> None:
    """Start ``VmHWM`` again from the current RSS (Linux: write 5 to clear_refs)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def body_source(total: int, pattern: bytes) -> Iterator[bytes]:
    sent = 0
    piece = (pattern * (SEND_CHUNK // len(pattern) + 1))[:SEND_CHUNK]
    while sent < total:
        chunk = piece[: total - sent]
        sent += len(chunk)
        yield chunk


def raw_post(
    server: RunningServer,
    path: str,
    body: Iterator[bytes] | bytes,
    *,
    chunked: bool,
    length: int | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict, int]:
    """POST over a raw socket; stop sending as soon as the server answers.

    Returns the status, the JSON body and how many body bytes were sent.
    """
    url = urlsplit(server.url)
    lines = [
        f"POST {API_PREFIX}{path} HTTP/1.1",
        f"Host: {url.hostname}",
        f"{PROTOCOL_HEADER}: 1",
        "Content-Type: application/json",
        "Connection: close",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}")
    chunks = [body] if isinstance(body, bytes) else body
    sent = 0
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            for chunk in chunks:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
                sock.sendall(frame)
                sent += len(chunk)
            else:
                if chunked:
                    sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = b""
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            answer += data
    head, _, payload = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    if b"transfer-encoding: chunked" in head.lower():
        payload = payload.split(b"\r\n", 1)[1].rsplit(b"\r\n0\r\n", 1)[0]
    return status, json.loads(payload), sent


def json_bomb(total: int) -> Iterator[bytes]:
    """A syntactically valid JSON document of ``total`` bytes (a long string)."""
    yield b'{"code": "'
    yield from body_source(total - 12, b"A")
    yield b'"}'


def compressed(codec: str, size: int) -> bytes:
    doc = b'{"items": [], "pad": "' + b"0" * size + b'"}'
    if codec == "gzip":
        return gzip.compress(doc, compresslevel=9)
    return zstandard.ZstdCompressor(level=19).compress(doc)


def probe_item() -> dict:
    """An item the server answers with its own receipt (an unknown kind: rejected)."""
    return {"id": new_id(), "kind": "probe", "content_hash": "0" * 64, "payload": {}}


@pytest.fixture(scope="module")
def device(shared_server: RunningServer) -> ProtocolClient:
    return ProtocolClient(shared_server).enrol(unique("D"))


def test_oversized_bodies_are_refused_without_growing_the_server(
    shared_server: RunningServer, device: ProtocolClient
) -> None:
    pid = shared_server.process.pid
    token = device.http.headers["Authorization"]
    auth = {"Authorization": token}
    # Warm up both routes so first-call allocations are not counted as growth.
    assert device.call("POST", "/enrol", json={"code": "XXXX", "device_name": "pc"}).status_code
    assert len(device.push(probe_item())) == 1
    reset_peak(pid)
    before = memory(pid)

    cases: list[tuple[str, str, dict, Iterator[bytes] | bytes, bool, int | None]] = [
        # plain, honest Content-Length of 30 MiB: refused before a byte of the body is read
        ("plain 30 MiB", "/enrol", {}, json_bomb(30 * MiB), False, 30 * MiB),
        ("plain 30 MiB", "/outbox", auth, json_bomb(30 * MiB), False, 30 * MiB),
        # chunked: no length announced, refused once the bytes read pass the limit
        ("chunked 200 MiB", "/enrol", {}, json_bomb(200 * MiB), True, None),
        ("chunked 200 MiB", "/outbox", auth, json_bomb(200 * MiB), True, None),
        ("chunked 3 MiB", "/outbox", auth, json_bomb(3 * MiB), True, None),
    ]
    for codec in ("gzip", "zstd"):
        bomb = compressed(codec, 200 * MiB)
        small = compressed(codec, 3 * MiB)
        coding = {"Content-Encoding": codec}
        cases += [
            (f"{codec} bomb", "/enrol", coding, bomb, False, len(bomb)),
            (f"{codec} bomb", "/outbox", auth | coding, bomb, False, len(bomb)),
            (f"{codec} chunked bomb", "/outbox", auth | coding, bomb, True, None),
            (f"{codec} 3 MiB decoded", "/outbox", auth | coding, small, False, len(small)),
        ]
    for name, path, headers, body, chunked, length in cases:
        status, answer, sent = raw_post(
            shared_server, path, body, chunked=chunked, length=length, headers=headers
        )
        assert status == 413, (name, path, status, answer)
        assert answer["error"]["code"] == "payload_too_large", (name, path)
        assert sent < 8 * MiB, (name, path, sent)

    after = memory(pid)
    growth = after["VmHWM"] - before["VmRSS"]
    print(f"server RSS {before['VmRSS'] / MiB:.1f} MiB -> peak {after['VmHWM'] / MiB:.1f} MiB")
    assert growth < RSS_BUDGET, growth
    # The server still works, and a batch within the limits still goes through.
    assert device.push(probe_item())[0]["code"] == "payload_invalid"
    assert device.call("GET", "/hello").status_code == 200


def test_outbox_limit_counts_bytes_read_not_the_declared_length(
    shared_server: RunningServer, device: ProtocolClient
) -> None:
    """A batch just under the limit passes; one byte of body over it does not."""
    token = device.http.headers["Authorization"]
    limits = device.call("GET", "/hello").json()["limits"]
    allowed = limits["max_batch_bytes"]
    items = json.dumps([probe_item()]).encode()
    doc = b'{"items": ' + items + b', "pad": "' + b" " * (allowed - 200) + b'"}'
    status, answer, _ = raw_post(
        shared_server, "/outbox", doc, chunked=True, headers={"Authorization": token}
    )
    assert status == 200, answer
    assert len(answer["receipts"]) == 1
    over = doc[:-2] + b" " * (BATCH_ENVELOPE_BYTES + 300) + b'"}'
    status, answer, _ = raw_post(
        shared_server, "/outbox", over, chunked=True, headers={"Authorization": token}
    )
    assert (status, answer["error"]["code"]) == (413, "payload_too_large")
