"""The revocation list of an office's devices, signed for its PCs (office LAN exchange).

A device IT revoked (``district-desk-server revoke-device``) is refused by the server on
its next call; its neighbours on the office LAN learn it from this list: the office's
revoked devices, their certificates' SHA-256 (kept at enrolment), a version and an issue
time, signed with the publisher key (``app.sync.protocol.revocation``). Revocation cannot
be undone and devices are never deleted, so the number of revoked devices of the office
is a version that only grows.
"""

from __future__ import annotations

import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from app.sync.protocol import (
    RevocationList,
    RevokedDevice,
    SignedRevocations,
    encode_signature,
    format_timestamp,
    key_id,
    revocation_statement,
)
from server.accounts import utcnow
from server.models import Device, DeviceCertificate
from server.signing import PublisherKey


def certificate_sha256(cert_pem: str) -> str:
    """Lowercase hex SHA-256 of a certificate's DER (what a peer sees in the handshake)."""
    der = x509.load_pem_x509_certificate(cert_pem.encode("ascii")).public_bytes(
        serialization.Encoding.DER
    )
    return hashlib.sha256(der).hexdigest()


def record_certificate(session: Session, device_id: str, office: str, cert_pem: str) -> None:
    """Remember a certificate just issued to ``device_id`` (in the enrolment transaction)."""
    session.add(
        DeviceCertificate(
            sha256=certificate_sha256(cert_pem),
            device_id=device_id,
            office=office,
            issued_at=utcnow(),
        )
    )


def office_version_query(office: str | ColumnElement[str]) -> Select[int]:
    """The statement of :func:`office_version` (to be combined with others in one: its
    devices are an alias, so ``office`` may be the column of an enclosing device row)."""
    devices = Device.__table__.alias("office_devices")
    return (
        select(func.count())
        .select_from(devices)
        .where(devices.c.office == office, devices.c.revoked_at.is_not(None))
    )


def office_version(session: Session, office: str) -> int:
    """The version of ``office``'s list: how many of its devices are revoked."""
    return int(session.scalar(office_version_query(office)) or 0)


def office_list(session: Session, office: str) -> RevocationList:
    """``office``'s revoked devices and their certificates, at the current version."""
    revoked = session.scalars(
        select(Device.id)
        .where(Device.office == office, Device.revoked_at.is_not(None))
        .order_by(Device.id)
    ).all()
    digests: dict[str, list[str]] = {d: [] for d in revoked}
    if revoked:
        for device_id, sha in session.execute(
            select(DeviceCertificate.device_id, DeviceCertificate.sha256).where(
                DeviceCertificate.device_id.in_(revoked)
            )
        ):
            digests[device_id].append(sha)
    return RevocationList(
        office=office,
        version=len(revoked),
        issued_at=format_timestamp(utcnow()),
        devices=[RevokedDevice(device_id=d, cert_sha256=sorted(s)) for d, s in digests.items()],
    )


def signed(key: PublisherKey | None, revocations: RevocationList) -> SignedRevocations:
    """The list with the publisher's signature (none from a server without the key)."""
    sig = None
    if key is not None:
        raw = key.sign(revocation_statement(revocations))
        sig = {"k": key_id(key.public_key_b64()), "s": encode_signature(raw)}
    return SignedRevocations(revocations=revocations, sig=sig)
