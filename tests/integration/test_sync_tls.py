"""TLS on the sync transport: CA bundle verification and public-key pinning.

A real TLS server on loopback (a self-signed certificate made here, used as the CA
bundle) answers ``hello``; the pin check must run before any request byte is sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.sync.client import SyncFailure, Transport
from app.sync.protocol import PROTOCOL_HEADER, SERVER_ID_HEADER, ErrorClass, HelloResponse
from tests.helpers.certs import self_signed_certificate

pytestmark = pytest.mark.timeout(60)

HELLO = {
    "dd": 1,
    "protocol_versions": [1],
    "server_id": "tls-test",
    "server_name": "TLS test",
    "server_time": "2026-01-01T00:00:00.000Z",
    "limits": {},
    "codecs": ["gzip"],
    "lanes": [0, 1, 2, 3],
}


class _Server:
    def __init__(self, cert: Path, key: Path) -> None:
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.requests += 1
                body = json.dumps(HELLO).encode()
                self.send_response(200)
                self.send_header(PROTOCOL_HEADER, "1")
                self.send_header(SERVER_ID_HEADER, "tls-test")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[_Server, Path, str]]:
    cert, key, pin = self_signed_certificate(tmp_path)
    server = _Server(cert, key)
    try:
        yield server, cert, pin
    finally:
        server.close()


def test_ca_bundle_and_right_pin_connect(tls: tuple[_Server, Path, str]) -> None:
    server, cert, pin = tls
    t = Transport(server.url, ca_bundle=cert, pin_sha256=pin)
    try:
        hello = t.call("GET", "/hello", HelloResponse, auth=False)
        again = t.call("GET", "/hello", HelloResponse, auth=False)  # pooled connection
    finally:
        t.close()
    assert hello.server_id == again.server_id == "tls-test"
    assert server.requests == 2


def test_wrong_pin_is_fatal_before_anything_is_sent(tls: tuple[_Server, Path, str]) -> None:
    server, cert, _pin = tls
    wrong = base64.b64encode(hashlib.sha256(b"another key").digest()).decode()
    t = Transport(server.url, ca_bundle=cert, pin_sha256=wrong)
    try:
        with pytest.raises(SyncFailure) as info:
            t.call("GET", "/hello", HelloResponse, auth=False)
    finally:
        t.close()
    assert info.value.klass is ErrorClass.FATAL
    assert info.value.server_code == "pin_mismatch"
    assert server.requests == 0


def test_unknown_ca_is_fatal(tls: tuple[_Server, Path, str], tmp_path: Path) -> None:
    server, _cert, _pin = tls
    (tmp_path / "other").mkdir()
    other_cert, _key, _ = self_signed_certificate(tmp_path / "other")
    t = Transport(server.url, ca_bundle=other_cert)
    try:
        with pytest.raises(SyncFailure) as info:
            t.call("GET", "/hello", HelloResponse, auth=False)
    finally:
        t.close()
    assert info.value.klass is ErrorClass.FATAL and info.value.server_code == "tls"
    assert server.requests == 0
