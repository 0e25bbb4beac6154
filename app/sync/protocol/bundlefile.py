"""The USB exchange bundle container, shared by the client and the server.

Two kinds of bundle travel by hand when there is no link (docs/snapshot-format.md):

- an **outbox bundle** (``DDOUTB``): a device's pending outbox items, signed by the device
  and encrypted to the regional server;
- a **return bundle** (``DDRETN``): the server's receipts and the feed rows for that
  office since the device's cursor, signed with the publisher key and encrypted to the
  device.

Layout (the snapshot's, with another magic and a public-key encryption):

``MAGIC | u32 header length | header (manifest, JSON) | 64-byte Ed25519 signature of
MAGIC + length + header | frame 0 | frame 1 | ...``

Frame *i* is ChaCha20-Poly1305(key, nonce = *i* as 12 big-endian bytes, aad =
``"<id>:<i>"``) of a zstd frame. The key is HKDF-SHA256 over the X25519 agreement of a
fresh ephemeral key (its public half in the manifest) with the recipient's public key
(ECIES). The manifest lists every frame's length and SHA-256, so a reader checks the
whole file before it changes anything. Longer than ``part_size``: ``FILE.002``, ...

This module holds no store or server code: both sides use it (the server may import
``app.sync.protocol`` only).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import zstandard
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MAGIC_OUTBOX = b"DDOUTB\x00\x01"
MAGIC_RETURN = b"DDRETN\x00\x01"
FORMAT_OUTBOX = "district-desk-outbox-bundle"
FORMAT_RETURN = "district-desk-return-bundle"
VERSION = 1
SIGNATURE_BYTES = 64
MAX_HEADER = 16 * 1024 * 1024
MAX_FRAME = 256 * 1024 * 1024
#: Largest part: just under FAT32's 4 GiB file limit (as snapshots).
MAX_PART_SIZE = 4 * 1024**3 - 64 * 1024**2
ZSTD_LEVEL = 9
HKDF_INFO = b"district-desk-bundle-v1"
#: Suffixes IT staff see on the stick (a convention; the magic decides).
OUTBOX_SUFFIX = ".ddout"
RETURN_SUFFIX = ".ddret"

#: Every code a reader may raise, for the UI's messages.
CODES = (
    "bundle.not_a_bundle",
    "bundle.unsupported",
    "bundle.truncated",
    "bundle.tampered",
    "bundle.wrong_signature",
    "bundle.foreign",
    "bundle.unreadable",
)


class BundleError(Exception):
    """A bundle is refused; ``code`` is one of :data:`CODES` (or a caller's own)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def b64(raw: bytes) -> str:
    """Base64 text of ``raw``."""
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str, length: int | None = None) -> bytes:
    """The bytes of base64 ``text`` (of ``length`` bytes when given).

    Raises:
        ValueError: not base64, or of the wrong length.
    """
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError) as exc:
        raise ValueError("not base64") from exc
    if length is not None and len(raw) != length:
        raise ValueError(f"expected {length} bytes")
    return raw


def x25519_public_b64(private: X25519PrivateKey) -> str:
    """The base64 public half of an X25519 key."""
    return b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def key_id(public_b64: str) -> str:
    """A short fingerprint of a recipient public key (written in the manifest)."""
    return hashlib.sha256(unb64(public_b64, 32)).hexdigest()[:16]


def _derive(shared: bytes, bundle_id: str, ephemeral: bytes, recipient: bytes) -> bytes:
    salt = hashlib.sha256(ephemeral + recipient).digest()
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO + bundle_id.encode()
    )
    return hkdf.derive(shared)


def seal_key(recipient_b64: str, bundle_id: str) -> tuple[bytes, str]:
    """A fresh frame key for ``recipient`` and the ephemeral public key that opens it."""
    recipient = unb64(recipient_b64, 32)
    ephemeral = X25519PrivateKey.generate()
    eph_pub = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    return _derive(shared, bundle_id, eph_pub, recipient), b64(eph_pub)


def open_key(private: X25519PrivateKey, manifest: dict[str, Any]) -> bytes:
    """The frame key of a bundle addressed to ``private``.

    Raises:
        BundleError: ``bundle.foreign`` when the bundle is addressed to another key.
    """
    own = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if manifest.get("recipient") != key_id(b64(own)):
        raise BundleError("bundle.foreign", "addressed to another key")
    try:
        eph_pub = unb64(str(manifest["ephemeral"]), 32)
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    except (KeyError, ValueError) as exc:
        raise BundleError("bundle.tampered", "ephemeral key") from exc
    return _derive(shared, str(manifest["id"]), eph_pub, own)


def part_name(path: Path, index: int) -> Path:
    """Part ``index`` of a bundle (0: the file itself, then ``.002``, ``.003``...)."""
    return path if index == 0 else path.with_name(f"{path.name}.{index + 1:03d}")


@dataclass
class _Frame:
    kind: str
    items: int
    length: int
    sha256: str


class BundleWriter:
    """Builds a bundle: frames go to a temporary file, then the signed file is written.

    Use :meth:`add` for each frame, then :meth:`write` (parts fsynced, then renamed).
    """

    def __init__(self, bundle_id: str, recipient_b64: str, work_dir: Path) -> None:
        self.bundle_id = bundle_id
        self.recipient_b64 = recipient_b64
        key, self.ephemeral = seal_key(recipient_b64, bundle_id)
        self._aead = ChaCha20Poly1305(key)
        self._zstd = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        work_dir.mkdir(parents=True, exist_ok=True)
        self._tmp: BinaryIO = tempfile.TemporaryFile(dir=work_dir)
        self.frames: list[_Frame] = []
        self.body_bytes = 0

    def add(self, kind: str, items: int, payload: bytes) -> None:
        """Append one frame of ``kind`` (``items`` counted in the manifest)."""
        index = len(self.frames)
        sealed = self._aead.encrypt(
            index.to_bytes(12, "big"),
            self._zstd.compress(payload),
            f"{self.bundle_id}:{index}".encode("ascii"),
        )
        self._tmp.write(sealed)
        self.frames.append(_Frame(kind, items, len(sealed), hashlib.sha256(sealed).hexdigest()))
        self.body_bytes += len(sealed)

    def write(
        self,
        out: Path,
        magic: bytes,
        manifest: dict[str, Any],
        sign: Callable[[bytes], bytes],
        part_size: int = MAX_PART_SIZE,
        before_rename: Callable[[], None] | None = None,
    ) -> dict[str, Any]:
        """Write ``out`` (and further parts); return the complete manifest.

        Every part is written to a temporary name and fsynced first; ``before_rename``
        runs after the last byte is durable and before the parts get their names, so a
        caller can commit its own bookkeeping in between (a crash before the rename
        leaves only ``.tmp`` files, which no reader opens).
        """
        if not 1024 <= part_size <= MAX_PART_SIZE:
            raise ValueError("part size out of range")
        full = dict(manifest)
        full.update(
            {
                "version": VERSION,
                "id": self.bundle_id,
                "recipient": key_id(self.recipient_b64),
                "ephemeral": self.ephemeral,
                "cipher": "x25519-hkdf-sha256+chacha20poly1305",
                "compression": "zstd",
                "frames": [
                    {"kind": f.kind, "items": f.items, "len": f.length, "sha256": f.sha256}
                    for f in self.frames
                ],
                "body_bytes": self.body_bytes,
                "part_size": part_size,
            }
        )
        header = json.dumps(full, sort_keys=True, separators=(",", ":")).encode()
        prefix = magic + struct.pack(">I", len(header)) + header
        prefix += sign(prefix)
        out.parent.mkdir(parents=True, exist_ok=True)
        self._tmp.seek(0)
        temps = write_parts(out, prefix, self._tmp, part_size)
        self._tmp.close()
        if before_rename is not None:
            try:
                before_rename()
            except BaseException:
                for tmp, _ in temps:
                    tmp.unlink(missing_ok=True)
                raise
        for tmp, final in temps:
            os.replace(tmp, final)
        _fsync_dir(out.parent)
        stale = part_name(out, len(temps))
        index = len(temps)
        while stale.exists():  # a later part of an earlier, larger bundle of this name
            stale.unlink()
            index += 1
            stale = part_name(out, index)
        full["parts"] = [final.name for _, final in temps]
        return full

    def close(self) -> None:
        """Drop the temporary body (when the bundle is not written after all)."""
        self._tmp.close()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_parts(
    out: Path, prefix: bytes, body: BinaryIO, part_size: int
) -> list[tuple[Path, Path]]:
    """Write ``prefix`` then ``body`` as parts of at most ``part_size`` bytes (FAT32),
    each fsynced under a ``.tmp`` name; returns (temporary, final) paths, not yet renamed.
    Shared by bundles and the server's snapshots."""
    written_parts: list[tuple[Path, Path]] = []
    pending = prefix
    index = 0
    while True:
        target = part_name(out, index)
        tmp = target.with_name(target.name + ".tmp")
        written = 0
        with tmp.open("wb") as handle:
            while written < part_size:
                if not pending:
                    pending = body.read(min(1024 * 1024, part_size - written))
                    if not pending:
                        break
                take = pending[: part_size - written]
                handle.write(take)
                written += len(take)
                pending = pending[len(take) :]
            handle.flush()
            os.fsync(handle.fileno())
        written_parts.append((tmp, target))
        index += 1
        if not pending:
            pending = body.read(1)
            if not pending:
                break
    return written_parts


@dataclass
class BundleFile:
    """A bundle whose header, signature bytes and parts have been read (not yet trusted)."""

    path: Path
    magic: bytes
    manifest: dict[str, Any]
    signed: bytes
    signature: bytes
    parts: list[Path]
    body_offset: int

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["id"])

    @property
    def kind(self) -> str:
        """``outbox`` or ``return``."""
        return "outbox" if self.magic == MAGIC_OUTBOX else "return"

    def check_signature(self, public_b64: str | None) -> None:
        """Raise ``bundle.wrong_signature`` unless signed by ``public_b64`` (Ed25519)."""
        try:
            raw = unb64(public_b64 or "", 32)
            Ed25519PublicKey.from_public_bytes(raw).verify(self.signature, self.signed)
        except (InvalidSignature, ValueError):
            raise BundleError("bundle.wrong_signature") from None


def sniff(path: Path) -> str | None:
    """``snapshot``, ``outbox`` or ``return`` from a file's first bytes (``None``: other)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(6)
    except OSError:
        return None
    return {b"DDSNAP": "snapshot", b"DDOUTB": "outbox", b"DDRETN": "return"}.get(head)


def open_bundle(path: Path, magic: bytes, fmt: str) -> BundleFile:
    """Read a bundle's header and check that every part is whole (nothing trusted yet).

    Raises:
        BundleError: ``bundle.not_a_bundle``, ``unsupported``, ``truncated``,
            ``tampered`` or ``unreadable``.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(magic) + 4)
            if head[:6] != magic[:6]:
                raise BundleError("bundle.not_a_bundle", path.name)
            if len(head) < len(magic) + 4:
                raise BundleError("bundle.truncated", "header")
            if head[: len(magic)] != magic:
                raise BundleError("bundle.unsupported", head[6:8].hex())
            (length,) = struct.unpack(">I", head[len(magic) :])
            if length > MAX_HEADER:
                raise BundleError("bundle.tampered", "header length")
            header = handle.read(length)
            signature = handle.read(SIGNATURE_BYTES)
    except FileNotFoundError as exc:
        raise BundleError("bundle.unreadable", f"{path.name} not found") from exc
    except OSError as exc:
        raise BundleError("bundle.unreadable", exc.strerror or str(exc)) from exc
    if len(header) < length or len(signature) < SIGNATURE_BYTES:
        raise BundleError("bundle.truncated", "header")
    try:
        manifest = json.loads(header)
    except ValueError as exc:
        raise BundleError("bundle.tampered", "manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != fmt:
        raise BundleError("bundle.not_a_bundle", path.name)
    if manifest.get("version") != VERSION:
        raise BundleError("bundle.unsupported", str(manifest.get("version")))
    try:
        body_bytes = int(manifest["body_bytes"])
        part_size = int(manifest["part_size"])
        frames = manifest["frames"]
        if part_size < 1024 or body_bytes < 0 or not isinstance(frames, list):
            raise ValueError
        if sum(int(f["len"]) for f in frames) != body_bytes:
            raise ValueError
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleError("bundle.tampered", "manifest") from exc
    body_offset = len(head) + length + SIGNATURE_BYTES
    total = body_offset + body_bytes
    count = max(1, -(-total // part_size))
    parts = [part_name(path, i) for i in range(count)]
    for i, part in enumerate(parts):
        want = part_size if i < count - 1 else total - part_size * (count - 1)
        try:
            have = part.stat().st_size
        except OSError:
            raise BundleError("bundle.truncated", f"{part.name} missing") from None
        if have < want:
            raise BundleError("bundle.truncated", f"{part.name} short")
        if have > want:
            raise BundleError("bundle.tampered", f"{part.name} too long")
    return BundleFile(path, magic, manifest, head + header, signature, parts, body_offset)


def _read_body(bundle: BundleFile) -> Iterator[tuple[int, dict[str, Any], bytes]]:
    handle: BinaryIO | None = None
    index_part = 0
    try:
        handle = bundle.parts[0].open("rb")
        handle.seek(bundle.body_offset)
        for index, meta in enumerate(bundle.manifest["frames"]):
            length = int(meta["len"])
            if not 0 < length <= MAX_FRAME:
                raise BundleError("bundle.tampered", f"frame {index}")
            chunks: list[bytes] = []
            need = length
            while need > 0:
                data = handle.read(need)
                if not data:
                    handle.close()
                    index_part += 1
                    if index_part >= len(bundle.parts):
                        break
                    handle = bundle.parts[index_part].open("rb")
                    continue
                chunks.append(data)
                need -= len(data)
            sealed = b"".join(chunks)
            if len(sealed) < length:
                raise BundleError("bundle.truncated", f"frame {index}")
            if hashlib.sha256(sealed).hexdigest() != meta["sha256"]:
                raise BundleError("bundle.tampered", f"frame {index}")
            yield index, meta, sealed
    except OSError as exc:
        raise BundleError("bundle.unreadable", exc.strerror or str(exc)) from exc
    finally:
        if handle is not None:
            handle.close()


def verify_frames(bundle: BundleFile) -> None:
    """Check every frame against the manifest (reads the whole body once)."""
    for _ in _read_body(bundle):
        pass


def frames(bundle: BundleFile, key: bytes, start: int = 0) -> Iterator[tuple[int, str, bytes]]:
    """``(index, kind, payload)`` of every frame from ``start``, decrypted and decompressed."""
    aead = ChaCha20Poly1305(key)
    dctx = zstandard.ZstdDecompressor()
    for index, meta, sealed in _read_body(bundle):
        if index < start:
            continue
        try:
            plain = aead.decrypt(
                index.to_bytes(12, "big"), sealed, f"{bundle.bundle_id}:{index}".encode()
            )
            payload = dctx.decompress(plain, max_output_size=MAX_FRAME)
        except (InvalidTag, zstandard.ZstdError):
            raise BundleError("bundle.tampered", f"frame {index}") from None
        yield index, str(meta.get("kind", "")), payload


def blob_records(items: list[tuple[str, bytes]]) -> bytes:
    """Blobs as ``sha (64 ASCII hex) | u32 length | bytes`` records."""
    return b"".join(sha.encode("ascii") + struct.pack(">I", len(d)) + d for sha, d in items)


def parse_blob_records(payload: bytes) -> Iterator[tuple[str, bytes]]:
    """The records of :func:`blob_records` whose bytes match their hash."""
    pos = 0
    while pos + 68 <= len(payload):
        sha = payload[pos : pos + 64].decode("ascii", "replace")
        (size,) = struct.unpack(">I", payload[pos + 64 : pos + 68])
        data = payload[pos + 68 : pos + 68 + size]
        pos += 68 + size
        if hashlib.sha256(data).hexdigest() == sha:
            yield sha, data
