"""Verifying what the regional server signed with its publisher key.

One small interface, ``verify(public_key, data, signature) -> bool``, so the snapshot and
feed signatures can share it. Ed25519; the public key is the base64 of its 32 raw bytes,
as ``snapshot_public_key`` in site.toml pins it.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def parse_public_key(text: str) -> bytes:
    """The 32 raw bytes of a base64 Ed25519 public key.

    Raises:
        ValueError: the text is not a base64 Ed25519 public key.
    """
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return raw


def verify(public_key: str | bytes, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` is the Ed25519 signature of ``data`` by ``public_key``."""
    try:
        raw = parse_public_key(public_key) if isinstance(public_key, str) else public_key
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
