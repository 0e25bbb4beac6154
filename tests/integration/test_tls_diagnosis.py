"""A TLS failure says what IT staff must fix: self-signed, wrong host name, expired, unknown CA.

A real HTTPS server on loopback presents each kind of bad certificate; the client trusts
the site's CA bundle only.
"""

from __future__ import annotations

import datetime as dt
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

NOW = dt.datetime.now(dt.UTC)
LOOPBACK = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _certificate(
    subject_key: ec.EllipticCurvePrivateKey,
    subject: str,
    issuer_key: ec.EllipticCurvePrivateKey,
    issuer: str,
    *,
    san: x509.GeneralName | None,
    ca: bool,
    expired: bool = False,
) -> x509.Certificate:
    start, end = (
        (NOW - dt.timedelta(days=30), NOW - dt.timedelta(days=1))
        if expired
        else (NOW - dt.timedelta(minutes=5), NOW + dt.timedelta(days=1))
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName([san]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(tmp: Path, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> Path:
    cert_path = tmp / f"{name}.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path


class _HelloServer:
    """HTTPS on 127.0.0.1 answering ``/hello`` with a given certificate."""

    def __init__(self, cert: Path, key: Path) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = json.dumps(
                    {
                        "dd": 1,
                        "protocol_versions": [1],
                        "server_id": "tls-test",
                        "server_name": "TLS test",
                        "server_time": "2026-01-01T00:00:00.000Z",
                        "limits": {},
                        "codecs": ["gzip"],
                        "lanes": [0, 1, 2, 3],
                    }
                ).encode()
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
def site_ca(tmp_path: Path) -> tuple[Path, ec.EllipticCurvePrivateKey]:
    key = _key()
    cert = _certificate(key, "Site CA", key, "Site CA", san=None, ca=True)
    return _write(tmp_path, "site-ca", cert, key), key


def _serve(
    tmp: Path, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> _HelloServer:
    path = _write(tmp, name, cert, key)
    return _HelloServer(path, tmp / f"{name}.key")


def _failure(url: str, bundle: Path) -> SyncFailure:
    transport = Transport(url, ca_bundle=bundle)
    try:
        with pytest.raises(SyncFailure) as info:
            transport.call("GET", "/hello", HelloResponse, auth=False)
    finally:
        transport.close()
    return info.value


CASES = ("good", "self_signed", "wrong_host", "expired", "unknown_ca")


@pytest.fixture(params=CASES)
def presented(
    request: pytest.FixtureRequest, tmp_path: Path, site_ca: tuple[Path, ec.EllipticCurvePrivateKey]
) -> Iterator[tuple[str, str]]:
    _ca_path, ca_key = site_ca
    leaf = _key()
    case = request.param
    if case == "self_signed":
        cert = _certificate(leaf, "server", leaf, "server", san=LOOPBACK, ca=False)
    elif case == "wrong_host":
        other = x509.DNSName("sync.other-region.example")
        cert = _certificate(leaf, "server", ca_key, "Site CA", san=other, ca=False)
    elif case == "expired":
        cert = _certificate(leaf, "server", ca_key, "Site CA", san=LOOPBACK, ca=False, expired=True)
    elif case == "unknown_ca":
        rogue = _key()
        cert = _certificate(leaf, "server", rogue, "Rogue CA", san=LOOPBACK, ca=False)
    else:
        cert = _certificate(leaf, "server", ca_key, "Site CA", san=LOOPBACK, ca=False)
    server = _serve(tmp_path, case, cert, leaf)
    try:
        yield case, server.url
    finally:
        server.close()


EXPECTED = {
    "self_signed": ("sync.tls_self_signed", "tls_self_signed"),
    "wrong_host": ("sync.tls_wrong_host", "tls_wrong_host"),
    "expired": ("sync.tls_expired", "tls_expired"),
    "unknown_ca": ("sync.tls_untrusted", "tls_untrusted"),
}


def test_each_certificate_problem_has_its_own_code(
    presented: tuple[str, str], site_ca: tuple[Path, ec.EllipticCurvePrivateKey]
) -> None:
    case, url = presented
    bundle, _ = site_ca
    if case == "good":
        transport = Transport(url, ca_bundle=bundle)
        try:
            assert transport.call("GET", "/hello", HelloResponse, auth=False).server_id
        finally:
            transport.close()
        return
    failure = _failure(url, bundle)
    assert failure.klass is ErrorClass.FATAL and failure.server_code == "tls"
    assert (failure.code, failure.params["detail"]) == EXPECTED[case]
