"""The server's publisher key: signs snapshots (and, later, anything else it publishes).

Interface kept deliberately small so the feed-signing key can share it:
:meth:`PublisherKey.sign` ``(bytes) -> signature``; the client verifies with
``app.exchange.signing.verify(public_key, data, signature)``. Ed25519, raw 32-byte keys,
the public half in base64 as the site configuration pins it.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

#: Environment variable naming the key file (else beside the blob directory).
KEY_ENV = "DD_SERVER_PUBLISHER_KEY"


def default_key_path(blob_dir: Path) -> Path:
    """Where the key lives when neither ``--publisher-key`` nor ``$DD_SERVER_PUBLISHER_KEY``."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env)
    return blob_dir.parent / "district-desk-publisher.key"


class PublisherKey:
    """An Ed25519 private key held in a file readable only by the server's account."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self._public_b64 = base64.b64encode(raw).decode("ascii")

    @classmethod
    def load_or_create(cls, path: Path) -> PublisherKey:
        """Read the key file; create it (mode 0600) on first use."""
        if path.exists():
            raw = path.read_bytes().strip()
            return cls(Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw)))
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(base64.b64encode(raw) + b"\n")
        os.replace(tmp, path)
        return cls(key)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self._private.sign(data)

    def public_key_b64(self) -> str:
        """The public key as the site configuration pins it (base64 of 32 raw bytes)."""
        return self._public_b64
