"""The regional device authority: certificates for enrolled devices (office LAN exchange).

At enrolment a PC sends the public half of a key pair it generated (the private half never
leaves it); the server answers with an X.509 certificate for ``(office, device id)`` signed
by this authority, and the authority's own certificate, which the PC pins. PCs of one
office then authenticate each other over the LAN with mutual TLS (``app.peer``): a chain to
the pinned authority proves "enrolled with our region", the certificate's organisation
proves "of our office".

ECDSA P-256 keys (every TLS library accepts them). The authority's key and certificate are
kept in one PEM file readable only by the server's account, created on first use; several
worker processes that start at once agree on one file (the first link wins).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: Environment variable naming the authority file (else beside the blob directory).
CA_ENV = "DD_SERVER_DEVICE_CA"

#: How long a device certificate is valid (re-enrolment issues a new one).
DEVICE_CERT_DAYS = 5 * 366
#: How long the authority's own certificate is valid.
CA_CERT_DAYS = 20 * 366
#: Upper bound of a public key PEM a client may send.
MAX_PUBLIC_KEY_PEM = 1024


class DeviceKeyInvalid(ValueError):
    """The public key a client sent cannot be certified."""


def default_ca_path(blob_dir: Path) -> Path:
    """Where the authority lives when ``$DD_SERVER_DEVICE_CA`` does not say."""
    env = os.environ.get(CA_ENV)
    if env:
        return Path(env)
    return blob_dir.parent / "district-desk-device-ca.pem"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DeviceAuthority:
    """Signs device certificates with the regional device CA key."""

    def __init__(self, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> None:
        self._key = key
        self.certificate = cert

    @classmethod
    def create(cls, server_name: str = "District Desk region") -> DeviceAuthority:
        """A new authority (key and self-signed certificate)."""
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "District Desk"),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{server_name[:40]} device CA"),
            ]
        )
        now = _now()
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=CA_CERT_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        return cls(key, cert)

    @classmethod
    def load_or_create(cls, path: Path) -> DeviceAuthority:
        """Read the authority file; create it (mode 0600) on first use."""
        if not path.exists():
            fresh = cls.create()
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(fresh.to_pem())
            try:
                os.link(tmp, path)  # the first worker's file wins; the others read it
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        return cls.from_pem(path.read_bytes())

    @classmethod
    def from_pem(cls, data: bytes) -> DeviceAuthority:
        """The authority from its file's content (key, then certificate)."""
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("device CA key is not an EC key")
        return cls(key, x509.load_pem_x509_certificate(data))

    def to_pem(self) -> bytes:
        """Key and certificate, the file's content."""
        key = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return key + self.certificate.public_bytes(serialization.Encoding.PEM)

    def ca_pem(self) -> str:
        """The authority's certificate, which enrolled PCs pin."""
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def issue(self, public_key_pem: str, *, office: str, device_id: str) -> str:
        """A device certificate (PEM) for ``(office, device_id)`` over the client's key.

        Raises:
            DeviceKeyInvalid: not a PEM public key of a curve we certify.
        """
        if len(public_key_pem) > MAX_PUBLIC_KEY_PEM:
            raise DeviceKeyInvalid("public key too large")
        try:
            public = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as err:
            raise DeviceKeyInvalid("not a PEM public key") from err
        if not isinstance(public, ec.EllipticCurvePublicKey) or not isinstance(
            public.curve, ec.SECP256R1
        ):
            raise DeviceKeyInvalid("device keys are ECDSA P-256")
        now = _now()
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, office),
                x509.NameAttribute(NameOID.COMMON_NAME, device_id),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=DEVICE_CERT_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]
                ),
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )
        return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
