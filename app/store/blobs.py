"""Encrypted, content-addressed store for photos, attachments and thumbnails.

Thumbnails (and any blob of at most ``PACK_MAX`` bytes stored with a database session)
are rows of ``thumbnail_pack`` inside the SQLCipher database: one file per 3-6 KB
thumbnail wasted a block or two each. Everything else is a file, as below.

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
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.errors import StoreDiskFull, StoreError, StoreReadOnly
from app.store.models import Attachment, Media, PackedThumbnail, ThumbnailSegment

if TYPE_CHECKING:
    from app.store.db import Store

CHUNK = 64 * 1024
#: Blobs up to this size stored with a database session go into the thumbnail pack.
PACK_MAX = 32 * 1024
#: Thumbnails stored together are written back to back in segments of about this size
#: (one database row each: its overflow pages are full, so little is wasted).
SEGMENT_BYTES = 64 * 1024
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

    def __init__(self, root: Path, key: bytes, store: Store | None = None) -> None:
        """Blobs under ``root``; with ``store``, small ones may live in its database."""
        self.root = root
        self.store = store
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
        return self.path(sha).exists() or self._packed(sha) is not None

    def _packed(self, sha: str) -> bytes | None:
        if self.store is None:
            return None
        with self.store.read() as s:
            value = s.scalar(
                select(
                    func.substr(
                        ThumbnailSegment.data, PackedThumbnail.offset + 1, PackedThumbnail.length
                    )
                )
                .select_from(PackedThumbnail)
                .join(ThumbnailSegment, ThumbnailSegment.id == PackedThumbnail.segment)
                .where(PackedThumbnail.sha256 == sha)
            )
        return bytes(value) if value is not None else None

    @staticmethod
    def pack(session: Session, items: dict[str, bytes]) -> None:
        """Add ``{sha: data}`` to the thumbnail pack in the caller's transaction (a
        thumbnail is then stored atomically with the rows that refer to it): back to back
        in new segments of about ``SEGMENT_BYTES``. Those already packed are skipped."""
        if not items:
            return
        held: set[str] = set()
        shas = list(items)
        for start in range(0, len(shas), 500):
            held |= set(
                session.scalars(
                    select(PackedThumbnail.sha256).where(
                        PackedThumbnail.sha256.in_(shas[start : start + 500])
                    )
                )
            )
        todo = [(sha, data) for sha, data in items.items() if sha not in held]
        while todo:
            segment: list[tuple[str, int, bytes]] = []
            size = 0
            while todo and (not segment or size + len(todo[0][1]) <= SEGMENT_BYTES):
                sha, data = todo.pop(0)
                segment.append((sha, size, data))
                size += len(data)
            seg_id = session.execute(
                insert(ThumbnailSegment)
                .values(data=b"".join(d for _, _, d in segment))
                .returning(ThumbnailSegment.id)
            ).scalar_one()
            session.execute(
                insert(PackedThumbnail),
                [
                    {"sha256": sha, "segment": seg_id, "offset": off, "length": len(d)}
                    for sha, off, d in segment
                ],
            )

    def _aad(self, sha: str, index: int) -> bytes:
        return sha.encode("ascii") + struct.pack(">Q", index)

    def put(self, data: bytes, session: Session | None = None) -> str:
        """Store ``data``; returns its SHA-256. Storing the same content twice is a no-op.

        With ``session`` (a write transaction of this desk's store) a blob of at most
        ``PACK_MAX`` bytes goes into ``thumbnail_pack`` within that transaction.
        """
        sha = sha256_hex(data)
        if session is not None and self.store is not None and len(data) <= PACK_MAX:
            self.pack(session, {sha: data})
            return sha
        if self.path(sha).exists():
            return sha
        writer = self.writer(sha)
        writer.append(data)
        writer.finish()
        return sha

    def put_many(
        self, items: Iterable[bytes], workers: int = 8, session: Session | None = None
    ) -> list[str]:
        """Store many small blobs (thumbnails of a page); returns their SHA-256s in order.

        With ``session`` those of at most ``PACK_MAX`` bytes go into ``thumbnail_pack``
        in that transaction (see :meth:`put`); the others are files:

        Each blob is written and fsynced as by :meth:`put`, but several at once: the
        file system then commits their journal entries together, where one at a time
        every blob waited for its own commit (the cost of a snapshot import with
        thumbnails). All are on disk when this returns.

        Raises:
            StoreError: typed (disk full, read-only) when a blob cannot be written.
        """
        data = list(items)
        shas = [sha256_hex(d) for d in data]
        if session is not None and self.store is not None:
            small = {h: d for h, d in zip(shas, data, strict=True) if len(d) <= PACK_MAX}
            self.pack(session, small)
            big = [d for h, d in zip(shas, data, strict=True) if h not in small]
            self.put_many(big, workers)
            return shas
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
        """Decrypt and verify a whole blob (a packed thumbnail or a file).

        Raises:
            FileNotFoundError: neither holds it.
            BlobCorrupt: its content does not match its SHA-256.
        """
        path = self.path(sha)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            packed = self._packed(sha)
            if packed is None:
                raise
            if sha256_hex(packed) != sha:
                raise BlobCorrupt(sha256=sha) from None
            return packed
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
        if self._packed(sha) is not None and self.store is not None:
            with self.store.write() as s:
                segment = s.scalar(
                    select(PackedThumbnail.segment).where(PackedThumbnail.sha256 == sha)
                )
                s.execute(delete(PackedThumbnail).where(PackedThumbnail.sha256 == sha))
                left = s.scalar(
                    select(func.count())
                    .select_from(PackedThumbnail)
                    .where(PackedThumbnail.segment == segment)
                )
                if not left:  # its space is free once every thumbnail in it is gone
                    s.execute(delete(ThumbnailSegment).where(ThumbnailSegment.id == segment))

    def _small_file(self, sha: str) -> bytes | None:
        """A blob file's verified content if it is small enough for the pack."""
        path = self.path(sha)
        try:
            if path.stat().st_size > 2 * PACK_MAX:  # a photo, not a thumbnail
                return None
            data = self.read(sha)
        except (FileNotFoundError, BlobCorrupt):
            return None  # a damaged file stays where it is
        return data if len(data) <= PACK_MAX else None

    def _pack_files(self, items: dict[str, bytes]) -> int:
        """Pack files' contents together (one transaction), then remove the files."""
        if not items or self.store is None:
            return 0
        with self.store.write() as s:
            self.pack(s, items)
        for sha in items:
            self.path(sha).unlink(missing_ok=True)
        return len(items)

    def pack_file(self, sha: str) -> bool:
        """Move one small blob file into the pack (False: none, or too big).

        The row is committed before the file is removed: after a crash in between, both
        hold the same bytes and :meth:`pack_legacy_thumbnails` removes the file.
        """
        if self.store is None:
            return False
        data = self._small_file(sha)
        return data is not None and self._pack_files({sha: data}) == 1

    def pack_legacy_thumbnails(self, limit: int = 500) -> int:
        """Move up to ``limit`` thumbnail files of earlier versions into the pack.

        Returns how many were moved (0: none is left). Resumable: each file is moved on
        its own (:meth:`pack_file`). A damaged file is left where it is.
        """
        if self.store is None:
            return 0
        with self.store.read() as s:
            shas = s.scalars(
                select(Media.thumb_sha256)
                .join(Attachment, Attachment.sha256 == Media.thumb_sha256)
                .where(
                    Attachment.present.is_(True),
                    Attachment.size <= PACK_MAX,
                    ~select(PackedThumbnail.sha256)
                    .where(PackedThumbnail.sha256 == Media.thumb_sha256)
                    .exists(),
                )
                .distinct()
                .limit(limit * 4)
            ).all()
        moved = 0
        batch: dict[str, bytes] = {}
        for sha in shas:
            if moved + len(batch) >= limit:
                break
            data = self._small_file(sha) if sha is not None else None
            if data is not None:
                batch[sha] = data
            if len(batch) >= 200:
                moved += self._pack_files(batch)
                batch = {}
        moved += self._pack_files(batch)
        if len(shas) < limit * 4:  # every candidate was seen: remove files left behind
            moved += self._remove_packed_files()
        return moved

    def _remove_packed_files(self) -> int:
        """Remove files of blobs the pack also holds (a move interrupted between the
        commit of its row and the removal of its file); returns how many."""
        if self.store is None or not self.root.is_dir():
            return 0
        files = {p.name: p for p in self.root.glob("*/*") if p.is_file() and p.suffix != ".part"}
        if not files:
            return 0
        removed = 0
        with self.store.read() as s:
            packed = s.scalars(select(PackedThumbnail.sha256)).all()
        for sha in packed:
            path = files.get(self._name(sha))
            if path is not None:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


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
