"""Writing signed, encrypted snapshot files of the shared lanes (out-of-band bootstrap).

A snapshot holds every feed row of the chosen lanes up to the feed head at the time it is
written (regional rows, plus one office's rows with ``office``), optionally the photo
blobs, and the cursor a client continues from. The container (docs/snapshot-format.md):

``MAGIC | u32 header length | header (manifest, JSON) | 64-byte Ed25519 signature of
MAGIC + length + header | frame 0 | frame 1 | ...``

Each frame is the ChaCha20-Poly1305 encryption (key from scrypt over a passphrase IT
holds, nonce = frame number) of a zstd frame of either JSON lines of feed rows in their
wire form, or blobs as ``sha (64 ASCII) | u32 length | bytes``. The manifest lists every
frame's length and SHA-256 and the counts, so a reader verifies the whole file before it
changes anything. Output longer than ``part_size`` continues in ``FILE.002``, ``FILE.003``
... so every part fits on FAT32.

The client side (``app.exchange.snapshot``) repeats these constants: the server may only
import ``app.sync.protocol``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import zstandard
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import func, select

from app.sync.protocol import LANES, RowType, format_cursor
from app.sync.protocol import bundlefile as bf
from server.blobs import BlobStore
from server.db import Database
from server.feed import REGIONAL, row_json
from server.models import FeedRow
from server.signing import PublisherKey

MAGIC = b"DDSNAP\x00\x01"
FORMAT = "district-desk-snapshot"
VERSION = 1
#: Largest part: just under FAT32's 4 GiB file limit.
MAX_PART_SIZE = 4 * 1024**3 - 64 * 1024**2
KEY_CHECK_PLAIN = b"district-desk-snapshot-key"
KEY_CHECK_NONCE = b"\xff" * 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 12
ROWS_PER_FRAME = 500
BLOB_FRAME_BYTES = 4 * 1024 * 1024
ZSTD_LEVEL = 9

Progress = Callable[[int, int, str], None]


class SnapshotWriteError(Exception):
    """The snapshot cannot be written (message for the operator)."""


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The 256-bit frame key from the passphrase (scrypt)."""
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


def frame_aad(snapshot_id: str, index: int) -> bytes:
    """Associated data of frame ``index``: frames cannot move between or within files."""
    return f"{snapshot_id}:{index}".encode("ascii")


def frame_nonce(index: int) -> bytes:
    """The nonce of frame ``index`` (unique per key: every snapshot has its own salt)."""
    return index.to_bytes(12, "big")


@dataclass
class _Frame:
    kind: str
    items: int
    length: int
    sha256: str


class _Body:
    """Encrypted frames appended to a temporary file."""

    def __init__(self, handle: BinaryIO, key: bytes, snapshot_id: str) -> None:
        self.handle = handle
        self.aead = ChaCha20Poly1305(key)
        self.snapshot_id = snapshot_id
        self.frames: list[_Frame] = []
        self.zstd = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        self.bytes = 0

    def add(self, kind: str, items: int, payload: bytes) -> None:
        index = len(self.frames)
        sealed = self.aead.encrypt(
            frame_nonce(index), self.zstd.compress(payload), frame_aad(self.snapshot_id, index)
        )
        self.handle.write(sealed)
        self.frames.append(_Frame(kind, items, len(sealed), hashlib.sha256(sealed).hexdigest()))
        self.bytes += len(sealed)


def _positions(
    session: Any, head: int, lanes: Sequence[int], office: str | None
) -> list[int | None]:
    """Per-lane cursor a client may continue from (``None``: lane not in the snapshot).

    Without an office the snapshot lacks office rows, so a lane's position stops below
    the first office row in it: the client then pulls those rows online.
    """
    out: list[int | None] = []
    for lane in LANES:
        if lane not in lanes:
            out.append(None)
            continue
        position = head
        if office is None:
            first = session.scalar(
                select(func.min(FeedRow.seq)).where(
                    FeedRow.lane == lane, FeedRow.scope != REGIONAL, FeedRow.seq <= head
                )
            )
            if first is not None:
                position = min(position, int(first) - 1)
        out.append(position)
    return out


def _rows(
    session: Any, head: int, lanes: Sequence[int], scopes: Sequence[str], limit: int
) -> Iterator[list[tuple[int, int, str, str, int, bool, str]]]:
    after = 0
    while True:
        chunk = session.execute(
            select(
                FeedRow.seq,
                FeedRow.lane,
                FeedRow.row_type,
                FeedRow.row_id,
                FeedRow.changed_at,
                FeedRow.tombstone,
                FeedRow.data,
            )
            .where(
                FeedRow.seq > after,
                FeedRow.seq <= head,
                FeedRow.lane.in_(list(lanes)),
                FeedRow.scope.in_(list(scopes)),
            )
            .order_by(FeedRow.seq)
            .limit(limit)
        ).all()
        if not chunk:
            return
        yield [tuple(r) for r in chunk]
        after = int(chunk[-1][0])


def write_snapshot(
    db: Database,
    blobs: BlobStore,
    out: Path,
    *,
    key: PublisherKey,
    passphrase: str,
    lanes: Sequence[int] = LANES,
    office: str | None = None,
    with_photos: bool = False,
    part_size: int = MAX_PART_SIZE,
    frame_rows: int = ROWS_PER_FRAME,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the snapshot to ``out`` (and ``out.002``... if needed); return its manifest."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise SnapshotWriteError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    if not 1024 <= part_size <= MAX_PART_SIZE:
        raise SnapshotWriteError("part size out of range")
    if not 1 <= frame_rows <= 50_000:
        raise SnapshotWriteError("rows per frame out of range")
    lanes = sorted({int(lane) for lane in lanes})
    if not lanes or any(lane not in LANES for lane in lanes):
        raise SnapshotWriteError(f"lanes must be among {', '.join(map(str, LANES))}")
    snapshot_id = str(uuid.uuid4())
    salt = os.urandom(16)
    frame_key = derive_key(passphrase, salt)
    scopes = [REGIONAL] if office is None else [REGIONAL, office]
    counts: dict[str, int] = {"rows": 0, "tombstones": 0, "blobs": 0, "blob_bytes": 0}
    blob_shas: list[str] = []
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".body.tmp")
    started = time.monotonic()
    try:
        with tmp.open("w+b") as handle:
            body = _Body(handle, frame_key, snapshot_id)
            with db.read() as session:
                head = int(session.scalar(select(func.max(FeedRow.seq))) or 0)
                total = int(
                    session.scalar(
                        select(func.count())
                        .select_from(FeedRow)
                        .where(
                            FeedRow.seq <= head,
                            FeedRow.lane.in_(lanes),
                            FeedRow.scope.in_(scopes),
                        )
                    )
                    or 0
                )
                positions = _positions(session, head, lanes, office)
                for chunk in _rows(session, head, lanes, scopes, frame_rows):
                    lines = []
                    for seq, lane, t, i, at, tomb, data in chunk:
                        lines.append(row_json(seq, lane, t, i, at, tomb, data))
                        counts["rows"] += 1
                        if tomb:
                            counts["tombstones"] += 1
                            continue
                        counts[t] = counts.get(t, 0) + 1
                        if t == RowType.MEDIA:
                            blob_shas += _media_blobs(data, with_photos)
                    body.add("rows", len(lines), ("\n".join(lines) + "\n").encode("utf-8"))
                    if progress:
                        progress(counts["rows"], total, "rows")
            _blob_frames(body, blobs, blob_shas, counts, progress)
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "version": VERSION,
                "id": snapshot_id,
                "server_id": db.server_id(),
                "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "head": head,
                "lanes": lanes,
                "positions": positions,
                "cursor": format_cursor([p or 0 for p in positions]),
                "office": office or "",
                "with_photos": with_photos,
                "counts": counts,
                "kdf": {
                    "alg": "scrypt",
                    "n": SCRYPT_N,
                    "r": SCRYPT_R,
                    "p": SCRYPT_P,
                    "salt": base64.b64encode(salt).decode(),
                },
                "cipher": "chacha20poly1305",
                "compression": "zstd",
                "key_check": base64.b64encode(
                    ChaCha20Poly1305(frame_key).encrypt(
                        KEY_CHECK_NONCE, KEY_CHECK_PLAIN, snapshot_id.encode()
                    )
                ).decode(),
                "frames": [
                    {"kind": f.kind, "items": f.items, "len": f.length, "sha256": f.sha256}
                    for f in body.frames
                ],
                "body_bytes": body.bytes,
                "part_size": part_size,
                "export_seconds": 0.0,
            }
            manifest["export_seconds"] = round(time.monotonic() - started, 3)
            header = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
            prefix = MAGIC + struct.pack(">I", len(header)) + header
            prefix += key.sign(prefix)
            handle.seek(0)
            manifest["parts"] = _write_parts(out, prefix, handle, part_size)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


def _media_blobs(data: str, with_photos: bool) -> list[str]:
    d = json.loads(data)
    shas = []
    if not d.get("tb") and isinstance(d.get("th"), str):
        shas.append(d["th"])
    if with_photos and isinstance(d.get("sha"), str):
        shas.append(d["sha"])
    return shas


def _blob_frames(
    body: _Body, blobs: BlobStore, shas: list[str], counts: dict[str, int], progress: Any
) -> None:
    batch: list[bytes] = []
    size = items = 0
    seen: set[str] = set()
    for n, sha in enumerate(shas, 1):
        if sha in seen or not blobs.valid(sha) or not blobs.exists(sha):
            continue
        seen.add(sha)
        data = blobs.path(sha).read_bytes()
        batch.append(sha.encode("ascii") + struct.pack(">I", len(data)) + data)
        size += len(data)
        items += 1
        counts["blobs"] += 1
        counts["blob_bytes"] += len(data)
        if size >= BLOB_FRAME_BYTES:
            body.add("blobs", items, b"".join(batch))
            batch, size, items = [], 0, 0
            if progress:
                progress(n, len(shas), "blobs")
    if batch:
        body.add("blobs", items, b"".join(batch))


def _write_parts(out: Path, prefix: bytes, body: BinaryIO, part_size: int) -> list[str]:
    names: list[str] = []
    for tmp, target in bf.write_parts(out, prefix, body, part_size):
        os.replace(tmp, target)
        names.append(target.name)
    # A stale later part of an earlier, larger snapshot must not look like ours.
    index = len(names)
    stale = bf.part_name(out, index)
    while stale.exists():
        stale.unlink()
        index += 1
        stale = bf.part_name(out, index)
    return names
