"""TLS on the sync transport: CA bundle verification and public-key pinning.

A real TLS server on loopback (a self-signed certificate made here, used as the CA
bundle) answers ``hello``; the pin check must run before any request byte is sent.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.client import SyncFailure, Transport
from app.sync.protocol import PROTOCOL_HEADER, SERVER_ID_HEADER, ErrorClass, HelloResponse

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


def _certificate(tmp: Path) -> tuple[Path, Path, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "district-desk-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "server.pem", tmp / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return cert_path, key_path, base64.b64encode(hashlib.sha256(spki).digest()).decode()


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
    cert, key, pin = _certificate(tmp_path)
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
    other_cert, _key, _ = _certificate(tmp_path / "other")
    t = Transport(server.url, ca_bundle=other_cert)
    try:
        with pytest.raises(SyncFailure) as info:
            t.call("GET", "/hello", HelloResponse, auth=False)
    finally:
        t.close()
    assert info.value.klass is ErrorClass.FATAL and info.value.server_code == "tls"
    assert server.requests == 0
