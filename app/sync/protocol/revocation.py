"""The signed list of an office's revoked devices (office LAN exchange).

The regional server keeps, for every office, the devices IT revoked and the SHA-256 of
every device certificate it issued them; it serves the office's list signed with its
publisher key (the key every PC pins at enrolment). PCs keep the signed list as they got
it and pass it on to their neighbours over the LAN, so a neighbour that never talked to
the region since can check it against the same key. ``version`` only grows: a PC takes a
list only when it is newer than the one it holds, so an older list never replaces it.
"""

from __future__ import annotations

from pydantic import Field

from app.sync.canonical import canonical_json
from app.sync.protocol.common import Envelope, WireModel

#: Most revoked devices one office's list carries (a bound for the receiver).
MAX_REVOKED = 10_000


class RevokedDevice(WireModel):
    """One revoked device: its id (the certificate's CN) and its certificates' digests."""

    device_id: str = Field(min_length=1, max_length=64)
    #: Lowercase hex SHA-256 of the DER of each certificate issued to it (may be empty
    #: for devices certified before the server kept them: the id is refused anyway).
    cert_sha256: list[str] = Field(default_factory=list, max_length=16)


class RevocationList(WireModel):
    """What the publisher key signs: one office's revoked devices at one version."""

    office: str = Field(min_length=1, max_length=32)
    #: Grows with every revocation in the office; 0 when nothing was ever revoked.
    version: int = Field(ge=0)
    #: When the server issued this list (UTC, RFC 3339).
    issued_at: str = Field(max_length=40)
    devices: list[RevokedDevice] = Field(default_factory=list, max_length=MAX_REVOKED)


class SignedRevocations(Envelope):
    """``GET /office/revocations``: the list and the publisher's signature over it.

    ``sig`` is ``{"k": key id, "s": base64 Ed25519 signature}`` of
    :func:`revocation_statement`; ``null`` from a server without a publisher key (a PC
    then takes nothing from it).
    """

    revocations: RevocationList
    sig: dict[str, str] | None = None


def revocation_statement(revocations: RevocationList) -> bytes:
    """The bytes the publisher key signs for a revocation list.

    Built from the parsed fields only (unknown fields are ignored on both sides), with a
    prefix that no page or commit statement has, so no other signature passes for it.
    """
    doc = {
        "office": revocations.office,
        "version": int(revocations.version),
        "issued_at": revocations.issued_at,
        "devices": sorted(
            ([d.device_id, sorted(d.cert_sha256)] for d in revocations.devices),
            key=lambda d: str(d[0]),
        ),
    }
    return b"district-desk device revocations\n" + canonical_json(doc)
