"""Encrypted, content-addressed file store for photos and attachments.

A blob is named by an HMAC of its SHA-256 (so file names do not reveal which known file
is present) and stored as a sequence of AES-256-GCM chunks of 64 KiB plaintext each. Each
chunk's associated data binds the blob and the chunk index, so chunks cannot be swapped.
Because chunks are independent, a download cut mid-transfer keeps every whole chunk it
received and resumes at ``complete_bytes()``: nothing is ever stored in plain text.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.errors import StoreDiskFull, StoreError, StoreReadOnly

CHUNK = 64 * 1024
_MAGIC = b"DDB1"
_OVERHEAD = 12 + 16  # nonce + tag per chunk


class BlobCorrupt(StoreError):
    code = "store.blob_corrupt"
    template = "The stored file {sha256} is damaged."


def os_error(exc: OSError, path: Path) -> StoreError:
    """A typed store error for a failed file operation on the blob store."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreDiskFull(path=str(path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreReadOnly(path=str(path.parent))
    return StoreError(detail=f"{exc.strerror or type(exc).__name__} ({path.name})")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Encrypted blobs under one directory."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self._aead = AESGCM(key)
        self._name_key = hmac.new(key, b"blob names", hashlib.sha256).digest()

    def _name(self, sha: str) -> str:
        return hmac.new(self._name_key, sha.encode("ascii"), hashlib.sha256).hexdigest()

    def path(self, sha: str) -> Path:
        name = self._name(sha)
        return self.root / name[:2] / name

    def _partial(self, sha: str) -> Path:
        p = self.path(sha)
        return p.with_name(p.name + ".part")

    def has(self, sha: str) -> bool:
        return self.path(sha).exists()

    def _aad(self, sha: str, index: int) -> bytes:
        return sha.encode("ascii") + struct.pack(">Q", index)

    def put(self, data: bytes) -> str:
        """Store ``data``; returns its SHA-256. Storing the same content twice is a no-op."""
        sha = sha256_hex(data)
        if self.has(sha):
            return sha
        writer = self.writer(sha)
        writer.append(data)
        writer.finish()
        return sha

    def put_many(self, items: Iterable[bytes], workers: int = 8) -> list[str]:
        """Store many small blobs (thumbnails of a page); returns their SHA-256s in order.

        Each blob is written and fsynced as by :meth:`put`, but several at once: the
        file system then commits their journal entries together, where one at a time
        every blob waited for its own commit (the cost of a snapshot import with
        thumbnails). All are on disk when this returns.

        Raises:
            StoreError: typed (disk full, read-only) when a blob cannot be written.
        """
        data = list(items)
        shas = [sha256_hex(d) for d in data]
        # One writer per content: two threads must never share a partial file.
        unique = list(dict(zip(shas, data, strict=True)).values())
        if len(unique) <= 1 or workers <= 1:
            for d in unique:
                self.put(d)
            return shas
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="blob-put") as pool:
            list(pool.map(self.put, unique))
        return shas

    def writer(self, sha: str) -> BlobWriter:
        """A resumable writer for a blob whose SHA-256 is known in advance."""
        return BlobWriter(self, sha)

    def read(self, sha: str) -> bytes:
        """Decrypt and verify a whole blob."""
        path = self.path(sha)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise StoreError(detail=str(exc)) from exc
        data = self._decrypt_chunks(sha, raw)
        if sha256_hex(data) != sha:
            raise BlobCorrupt(sha256=sha)
        return data

    def _decrypt_chunks(self, sha: str, raw: bytes) -> bytes:
        if not raw.startswith(_MAGIC):
            raise BlobCorrupt(sha256=sha)
        out = bytearray()
        pos, index = len(_MAGIC), 0
        while pos < len(raw):
            (length,) = struct.unpack(">I", raw[pos : pos + 4])
            body = raw[pos + 4 : pos + 4 + length]
            if len(body) != length or length < _OVERHEAD:
                raise BlobCorrupt(sha256=sha)
            try:
                out += self._aead.decrypt(body[:12], body[12:], self._aad(sha, index))
            except Exception as exc:
                raise BlobCorrupt(sha256=sha) from exc
            pos += 4 + length
            index += 1
        return bytes(out)

    def delete(self, sha: str) -> None:
        for p in (self.path(sha), self._partial(sha)):
            try:
                p.unlink()
            except FileNotFoundError:
                pass


class BlobWriter:
    """Appends plaintext to a blob being received, encrypting whole chunks as they fill.

    Only whole chunks reach the disk before :meth:`finish`; after a crash or a cut link,
    :meth:`complete_bytes` says where to resume.
    """

    def __init__(self, store: BlobStore, sha: str) -> None:
        self.store = store
        self.sha = sha
        self.partial = store._partial(sha)
        try:
            self.partial.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, self.partial) from exc
        self._buffer = bytearray()
        self._index, self._valid_len = self._scan()
        self._hasher = hashlib.sha256()
        if self._index:
            self._hasher.update(self._decrypt_existing())

    def _scan(self) -> tuple[int, int]:
        """Count the intact chunks already on disk (a torn last chunk is dropped)."""
        try:
            raw = self.partial.read_bytes()
        except FileNotFoundError:
            return 0, 0
        if not raw.startswith(_MAGIC):
            return 0, 0
        pos, index = len(_MAGIC), 0
        while pos + 4 <= len(raw):
            (length,) = struct.unpack(">I", raw[pos : pos + 4])
            if pos + 4 + length > len(raw):
                break
            pos += 4 + length
            index += 1
        return index, pos

    def _decrypt_existing(self) -> bytes:
        raw = self.partial.read_bytes()[: self._valid_len]
        try:
            return self.store._decrypt_chunks(self.sha, raw)
        except BlobCorrupt:
            self._index, self._valid_len = 0, 0
            return b""

    def complete_bytes(self) -> int:
        """Plaintext bytes safely on disk: where a resumed transfer starts."""
        return self._index * CHUNK

    def append(self, data: bytes) -> None:
        self._buffer += data
        whole = len(self._buffer) // CHUNK * CHUNK
        if whole:
            self._write_chunks(bytes(self._buffer[:whole]))
            del self._buffer[:whole]

    def _write_chunks(self, data: bytes) -> None:
        """Encrypt and append whole chunks; a failed write leaves the intact prefix.

        Raises:
            StoreError: typed (disk full, read-only) when the file cannot be written.
        """
        start_index, start_len, start_hash = self._index, self._valid_len, self._hasher.copy()
        try:
            self._append_chunks(data)
        except OSError as exc:
            # The chunks of this call did not all reach the disk: forget them, so that
            # complete_bytes() only counts what is safely there.
            self._index, self._valid_len, self._hasher = start_index, start_len, start_hash
            raise os_error(exc, self.partial) from exc

    def _append_chunks(self, data: bytes) -> None:
        mode = "r+b" if self.partial.exists() and self._valid_len else "wb"
        with self.partial.open(mode) as fh:
            if mode == "wb":
                fh.write(_MAGIC)
                self._valid_len = len(_MAGIC)
            fh.seek(self._valid_len)
            for start in range(0, len(data), CHUNK):
                piece = data[start : start + CHUNK]
                nonce = secrets.token_bytes(12)
                ct = self.store._aead.encrypt(nonce, piece, self.store._aad(self.sha, self._index))
                rec = struct.pack(">I", len(ct) + 12) + nonce + ct
                fh.write(rec)
                self._valid_len += len(rec)
                self._index += 1
                self._hasher.update(piece)
            fh.truncate(self._valid_len)
            fh.flush()
            os.fsync(fh.fileno())

    def finish(self) -> None:
        """Write the tail, verify the SHA-256 and move the blob into place.

        Raises:
            BlobCorrupt: the content does not match the expected hash (the partial file is
                removed so the next attempt starts clean).
        """
        if self._buffer or not self._valid_len:
            self._write_chunks(bytes(self._buffer))
            self._buffer.clear()
        if self._hasher.hexdigest() != self.sha:
            self.partial.unlink(missing_ok=True)
            raise BlobCorrupt(sha256=self.sha)
        try:
            os.replace(self.partial, self.store.path(self.sha))
        except OSError as exc:
            raise os_error(exc, self.partial) from exc
