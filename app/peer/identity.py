"""This PC's device identity for office LAN exchange: a key pair and its certificate.

The key pair is made on this PC at enrolment; the regional server certifies the public
half for ``(office, device id)`` (``server/devicecert.py``) and sends its device
authority's certificate, which is pinned here. The private key is kept encrypted
(PKCS#8 with a random passphrase held in the OS keyring) in the encrypted store; the
certificate and the pinned authority are not secret and sit beside it in ``meta``.

:func:`tls_context` builds the mutual-TLS context both the peer server and the peer
client use: our certificate and key, and only the pinned authority as trust anchor.
Python's ``ssl`` loads keys from files only, so the encrypted key is written to a private
temporary file for the instant of loading and removed at once.
"""

from __future__ import annotations

import os
import secrets
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.orm import Session

from app.credentials import Credentials
from app.store.meta import get_meta, set_meta

#: ``meta`` keys (not secret; the store is encrypted anyway).
META_DEVICE_CERT = "peer.device_cert"
META_DEVICE_CA = "peer.device_ca"
META_DEVICE_KEY = "peer.device_key"  # PKCS#8, encrypted under CRED_DEVICE_KEY_PASS
#: Keyring entry holding the passphrase of the encrypted device key.
CRED_DEVICE_KEY_PASS = "device-key-passphrase"  # noqa: S105 - a key name, not a secret


@dataclass(frozen=True)
class PendingKey:
    """A key pair made for an enrolment that has not been answered yet."""

    private: ec.EllipticCurvePrivateKey

    @property
    def public_pem(self) -> str:
        """The public half as the enrolment request carries it."""
        return (
            self.private.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )


@dataclass(frozen=True)
class DeviceIdentity:
    """What this PC proves itself with on the LAN (the key stays encrypted until used)."""

    device_id: str
    office: str
    cert_pem: str
    ca_pem: str
    key_pem: bytes
    passphrase: bytes


def new_key() -> PendingKey:
    """A fresh ECDSA P-256 key pair for enrolment."""
    return PendingKey(ec.generate_private_key(ec.SECP256R1()))


def subject_of(cert: x509.Certificate) -> tuple[str, str]:
    """``(office, device id)`` a device certificate names."""
    office = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    device = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not office or not device:
        raise ValueError("not a device certificate")
    return str(office[0].value), str(device[0].value)


def store_identity(
    session: Session, creds: Credentials, key: PendingKey, cert_pem: str, ca_pem: str
) -> None:
    """Keep the certified key (encrypted), its certificate and the pinned authority.

    Raises:
        ValueError: the certificate is not for ``key`` or not signed by ``ca_pem``.
    """
    cert = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
    ca = x509.load_pem_x509_certificate(ca_pem.encode("ascii"))
    if cert.public_key() != key.private.public_key():
        raise ValueError("device certificate is for another key")
    cert.verify_directly_issued_by(ca)
    passphrase = secrets.token_urlsafe(32)
    encrypted = key.private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("ascii")),
    )
    creds.set(CRED_DEVICE_KEY_PASS, passphrase)
    set_meta(session, META_DEVICE_KEY, encrypted.decode("ascii"))
    set_meta(session, META_DEVICE_CERT, cert_pem)
    set_meta(session, META_DEVICE_CA, ca_pem)


def clear_identity(session: Session, creds: Credentials) -> None:
    """Forget the device identity (enrolment with a server that issues none)."""
    for key in (META_DEVICE_KEY, META_DEVICE_CERT, META_DEVICE_CA):
        set_meta(session, key, None)
    creds.delete(CRED_DEVICE_KEY_PASS)


def load_identity(session: Session, creds: Credentials) -> DeviceIdentity | None:
    """This PC's identity, or ``None`` when it was enrolled without one."""
    cert_pem = get_meta(session, META_DEVICE_CERT)
    ca_pem = get_meta(session, META_DEVICE_CA)
    key_pem = get_meta(session, META_DEVICE_KEY)
    passphrase = creds.get(CRED_DEVICE_KEY_PASS)
    if not (cert_pem and ca_pem and key_pem and passphrase):
        return None
    office, device_id = subject_of(x509.load_pem_x509_certificate(cert_pem.encode("ascii")))
    return DeviceIdentity(
        device_id=device_id,
        office=office,
        cert_pem=cert_pem,
        ca_pem=ca_pem,
        key_pem=key_pem.encode("ascii"),
        passphrase=passphrase.encode("ascii"),
    )


def tls_context(identity: DeviceIdentity, *, server_side: bool) -> ssl.SSLContext:
    """Mutual TLS 1.3 with our certificate, trusting only the pinned device authority.

    Host names are not checked (peers are addressed by IP on the LAN); what identifies a
    peer is its certificate's chain and the office and device id it names, which
    :mod:`app.peer.transport` checks on every connection.
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server_side else ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(cadata=identity.ca_pem)
    with tempfile.TemporaryDirectory(prefix="dd-peer-") as tmp:
        path = Path(tmp) / "device.pem"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(identity.cert_pem.encode("ascii") + b"\n" + identity.key_pem)
        ctx.load_cert_chain(path, password=identity.passphrase)
    return ctx
