"""Importing a signed snapshot file of the shared lanes (written by the regional server).

Order of work, so a bad file never changes the store:

1. the header's Ed25519 signature is checked against ``snapshot_public_key`` pinned in
   site.toml (wrong key: ``snapshot.wrong_key``; no key pinned: ``snapshot.no_key``);
2. every part is present and as long as the manifest says (``snapshot.truncated``) and
   every frame's SHA-256 matches the signed manifest (``snapshot.tampered``);
3. the passphrase opens the key check (``snapshot.wrong_passphrase``);
4. the store is from the same server and office and not newer than the snapshot
   (``snapshot.other_server``, ``snapshot.other_office``, ``snapshot.older_than_store``).

Then the frames are applied one write transaction each, through the same
:class:`app.sync.apply.Applier` the online pull uses, with the number of the next frame
stored in the same transaction: a killed import resumes at that frame, and a frame applied
twice changes nothing (the applier keeps the higher ``s``). The last transaction moves the
lane cursors forward to the snapshot's, so the online sync continues with the delta only.

Container format: see ``server/snapshot.py`` (the constants are repeated here because the
server may import nothing of ``app`` but ``app.sync.protocol``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import events
from app.context import Desk
from app.errors import DeskError
from app.exchange.signing import verify
from app.store.batches import chunked
from app.store.meta import (
    META_OFFICE,
    META_SERVER_ID,
    META_SNAPSHOT_DONE,
    META_SNAPSHOT_NEXT_FRAME,
    get_meta,
    set_meta,
)
from app.store.models import Attachment, SyncCursor
from app.sync import apply as applying
from app.sync.protocol import LANES, Row
from app.sync.protocol.bundlefile import part_name
from app.workflow import RequestService

log = logging.getLogger(__name__)

MAGIC = b"DDSNAP\x00\x01"
FORMAT = "district-desk-snapshot"
VERSION = 1
SIGNATURE_BYTES = 64
MAX_HEADER = 16 * 1024 * 1024
MAX_FRAME = 256 * 1024 * 1024
KEY_CHECK_PLAIN = b"district-desk-snapshot-key"
KEY_CHECK_NONCE = b"\xff" * 12

#: Meta keys (the snapshot's id is appended).


_TEMPLATES = {
    "snapshot.not_a_snapshot": "{path} is not a District Desk snapshot.",
    "snapshot.unsupported": "The snapshot was written in a newer format ({version}).",
    "snapshot.no_key": "No snapshot_public_key is pinned in site.toml; ask IT for it.",
    "snapshot.wrong_key": "The snapshot is not signed by this site's regional server.",
    "snapshot.truncated": "The snapshot is incomplete ({detail}); copy it again.",
    "snapshot.tampered": "The snapshot was altered or damaged ({detail}); copy it again.",
    "snapshot.wrong_passphrase": "The passphrase does not open this snapshot.",
    "snapshot.other_server": "The snapshot comes from another regional server.",
    "snapshot.other_office": "The snapshot holds data of office {office}, not of this office.",
    "snapshot.older_than_store": "This PC already holds newer data than the snapshot.",
    "snapshot.unreadable": "The snapshot cannot be read: {detail}",
}


class SnapshotError(DeskError):
    """A snapshot file is refused; nothing in the store was changed."""

    code = "snapshot.error"
    template = "The snapshot cannot be used: {detail}"

    def __init__(self, code: str, /, **params: Any) -> None:
        self.template = _TEMPLATES.get(code, SnapshotError.template)
        super().__init__(code, **params)


def _refuse(code: str, **params: Any) -> SnapshotError:
    return SnapshotError(code, **params)


@dataclass
class SnapshotFile:
    """A snapshot whose signature and manifest have been checked."""

    path: Path
    manifest: dict[str, Any]
    parts: list[Path]
    body_offset: int

    @property
    def snapshot_id(self) -> str:
        return str(self.manifest["id"])


@dataclass
class ImportProgress:
    """Where an import is: bytes of frames done of the total, and the time left."""

    stage: str  # "verify" or "apply"
    done_bytes: int
    total_bytes: int
    rows: int
    seconds_left: float | None


@dataclass
class ImportResult:
    """What an import did."""

    snapshot_id: str
    already_imported: bool = False
    resumed_at_frame: int = 0
    frames: int = 0
    rows_applied: int = 0
    blobs: int = 0
    cursor: str = ""
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def publisher_key(desk: Any) -> str | None:
    """The publisher key snapshots are checked with: the one pinned in site.toml, else
    the one this PC pinned at enrolment (the same key signs every feed page)."""
    if desk.site.snapshot_public_key:
        return str(desk.site.snapshot_public_key)
    from app.store.meta import META_PUBLISHER_KEY, get_meta

    with desk.store.read() as s:
        return get_meta(s, META_PUBLISHER_KEY)


def open_snapshot(path: Path, public_key: str | None) -> SnapshotFile:
    """Read the header, check its signature and that every part is whole.

    Raises:
        SnapshotError: with a ``snapshot.*`` code; nothing is changed.
    """
    if not public_key:
        raise _refuse("snapshot.no_key")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(MAGIC) + 4)
            if head[:6] != MAGIC[:6]:
                raise _refuse("snapshot.not_a_snapshot", path=path.name)
            if len(head) < len(MAGIC) + 4:
                raise _refuse("snapshot.truncated", detail="header")
            if head[: len(MAGIC)] != MAGIC:
                raise _refuse("snapshot.unsupported", version=head[6:8].hex())
            (length,) = struct.unpack(">I", head[len(MAGIC) :])
            if length > MAX_HEADER:
                raise _refuse("snapshot.tampered", detail="header length")
            header = handle.read(length)
            signature = handle.read(SIGNATURE_BYTES)
    except FileNotFoundError as exc:
        raise _refuse("snapshot.unreadable", detail=f"{path.name} not found") from exc
    except OSError as exc:
        raise _refuse("snapshot.unreadable", detail=exc.strerror or str(exc)) from exc
    if len(header) < length or len(signature) < SIGNATURE_BYTES:
        raise _refuse("snapshot.truncated", detail="header")
    if not verify(public_key, head + header, signature):
        raise _refuse("snapshot.wrong_key")
    try:
        manifest = json.loads(header)
    except ValueError as exc:  # signed yet unreadable: a server bug, still refused
        raise _refuse("snapshot.tampered", detail="manifest") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("snapshot.not_a_snapshot", path=path.name)
    if manifest.get("version") != VERSION:
        raise _refuse("snapshot.unsupported", version=manifest.get("version"))
    body_offset = len(head) + length + SIGNATURE_BYTES
    total = body_offset + int(manifest["body_bytes"])
    part_size = int(manifest["part_size"])
    count = max(1, -(-total // part_size))
    parts = [part_name(path, i) for i in range(count)]
    for i, part in enumerate(parts):
        want = part_size if i < count - 1 else total - part_size * (count - 1)
        try:
            have = part.stat().st_size
        except OSError:
            raise _refuse("snapshot.truncated", detail=f"{part.name} missing") from None
        if have < want:
            raise _refuse("snapshot.truncated", detail=f"{part.name} short")
        if have > want:
            raise _refuse("snapshot.tampered", detail=f"{part.name} too long")
    return SnapshotFile(path, manifest, parts, body_offset)


class _PartsReader:
    """Reads the body sequentially across parts."""

    def __init__(self, snap: SnapshotFile) -> None:
        self.parts = snap.parts
        self.index = 0
        self.handle: BinaryIO = snap.parts[0].open("rb")
        self.handle.seek(snap.body_offset)

    def read(self, n: int) -> bytes:
        chunks = []
        while n > 0:
            data = self.handle.read(n)
            if not data:
                self.handle.close()
                self.index += 1
                if self.index >= len(self.parts):
                    break
                self.handle = self.parts[self.index].open("rb")
                continue
            chunks.append(data)
            n -= len(data)
        return b"".join(chunks)

    def skip(self, n: int) -> None:
        while n > 0:
            data = self.read(min(n, 4 * 1024 * 1024))
            if not data:
                return
            n -= len(data)

    def close(self) -> None:
        self.handle.close()


def _frames(snap: SnapshotFile, start: int = 0) -> Iterator[tuple[int, dict[str, Any], bytes]]:
    frames = snap.manifest["frames"]
    reader = _PartsReader(snap)
    try:
        reader.skip(sum(int(f["len"]) for f in frames[:start]))
        for index in range(start, len(frames)):
            meta = frames[index]
            length = int(meta["len"])
            if not 0 < length <= MAX_FRAME:
                raise _refuse("snapshot.tampered", detail=f"frame {index}")
            data = reader.read(length)
            if len(data) < length:
                raise _refuse("snapshot.truncated", detail=f"frame {index}")
            if hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise _refuse("snapshot.tampered", detail=f"frame {index}")
            yield index, meta, data
    finally:
        reader.close()


def verify_frames(
    snap: SnapshotFile, progress: Callable[[ImportProgress], None] | None = None
) -> None:
    """Check every frame against the signed manifest (reads the whole file once)."""
    total = int(snap.manifest["body_bytes"])
    done = 0
    started = time.monotonic()
    for _, meta, _ in _frames(snap):
        done += int(meta["len"])
        if progress:
            progress(ImportProgress("verify", done, total, 0, _left(started, done, total)))


def _left(started: float, done: int, total: int) -> float | None:
    if total > 0 and done >= total:
        return 0.0  # finished: nothing left, however fast it went
    elapsed = time.monotonic() - started
    if done <= 0 or elapsed < 0.2:
        return None
    return max(0.0, elapsed * (total - done) / done)


def frame_key(snap: SnapshotFile, passphrase: str) -> bytes:
    """The frame key, checked against the manifest's key check."""
    kdf_params = snap.manifest["kdf"]
    if kdf_params.get("alg") != "scrypt":
        raise _refuse("snapshot.unsupported", version=kdf_params.get("alg"))
    kdf = Scrypt(
        salt=base64.b64decode(kdf_params["salt"]),
        length=32,
        n=int(kdf_params["n"]),
        r=int(kdf_params["r"]),
        p=int(kdf_params["p"]),
    )
    key = kdf.derive(passphrase.encode("utf-8"))
    try:
        plain = ChaCha20Poly1305(key).decrypt(
            KEY_CHECK_NONCE,
            base64.b64decode(snap.manifest["key_check"]),
            snap.snapshot_id.encode(),
        )
    except InvalidTag:
        raise _refuse("snapshot.wrong_passphrase") from None
    if plain != KEY_CHECK_PLAIN:
        raise _refuse("snapshot.wrong_passphrase")
    return key


def _local_positions(session: Session) -> dict[int, int]:
    out = dict.fromkeys(LANES, 0)
    for cur in session.scalars(select(SyncCursor)):
        if cur.lane.isdigit() and int(cur.lane) in out:
            out[int(cur.lane)] = cur.cursor
    return out


def check_store(desk: Desk, snap: SnapshotFile) -> int | None:
    """Refuse a snapshot that does not fit the store; return the frame to resume at.

    ``None`` means this snapshot was already imported completely.
    """
    m = snap.manifest
    with desk.store.read() as s:
        if get_meta(s, META_SNAPSHOT_DONE + snap.snapshot_id) is not None:
            return None
        server_id = get_meta(s, META_SERVER_ID)
        if server_id and server_id != m["server_id"]:
            raise _refuse("snapshot.other_server")
        office = get_meta(s, META_OFFICE) or desk.site.office_code
        if m.get("office") and office and m["office"] != office:
            raise _refuse("snapshot.other_office", office=m["office"])
        local = _local_positions(s)
        for lane, position in zip(LANES, m["positions"], strict=True):
            if position is not None and local[lane] > int(position):
                raise _refuse("snapshot.older_than_store")
        nxt = get_meta(s, META_SNAPSHOT_NEXT_FRAME + snap.snapshot_id)
    return int(nxt) if nxt and nxt.isdigit() else 0


def _parse_rows(payload: bytes) -> list[Row]:
    rows = []
    for line in payload.splitlines():
        if not line.strip():
            continue
        try:
            rows.append(Row.model_validate_json(line))
        except ValidationError:
            log.warning("snapshot row not readable; skipped")
    return rows


def _parse_blobs(payload: bytes) -> Iterator[tuple[str, bytes]]:
    pos = 0
    while pos + 68 <= len(payload):
        sha = payload[pos : pos + 64].decode("ascii", "replace")
        (size,) = struct.unpack(">I", payload[pos + 64 : pos + 68])
        data = payload[pos + 68 : pos + 68 + size]
        pos += 68 + size
        if hashlib.sha256(data).hexdigest() == sha:
            yield sha, data


def import_snapshot(
    desk: Desk,
    path: Path,
    passphrase: str,
    *,
    progress: Callable[[ImportProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Verify, then apply a snapshot to the store (resumes a killed import).

    Runs off the GUI thread (it reads the whole file and writes the store).

    Raises:
        SnapshotError: the snapshot is refused; the store is unchanged.
    """
    started = time.monotonic()
    snap = open_snapshot(path, publisher_key(desk))
    result = ImportResult(snap.snapshot_id, counts=dict(snap.manifest.get("counts", {})))
    start = check_store(desk, snap)
    if start is None:
        result.already_imported = True
        return result
    verify_frames(snap, progress)
    key = frame_key(snap, passphrase)
    result.resumed_at_frame = start
    applier = applying.Applier(
        RequestService(desk.store, desk.bus), desk.blobs.put, desk.blobs.put_many
    )
    aead = ChaCha20Poly1305(key)
    dctx = zstandard.ZstdDecompressor()
    frames = snap.manifest["frames"]
    total = int(snap.manifest["body_bytes"])
    done = sum(int(f["len"]) for f in frames[:start])
    base = done
    apply_started = time.monotonic()
    changed = False
    for index, meta, sealed in _frames(snap, start):
        if cancelled is not None and cancelled():
            break
        try:
            plain = aead.decrypt(
                index.to_bytes(12, "big"), sealed, f"{snap.snapshot_id}:{index}".encode()
            )
            payload = dctx.decompress(plain, max_output_size=MAX_FRAME)
        except (InvalidTag, zstandard.ZstdError):
            raise _refuse("snapshot.tampered", detail=f"frame {index}") from None
        if meta["kind"] == "blobs":
            shas = [desk.blobs.put(data) for _, data in _parse_blobs(payload)]
            with desk.store.write() as s:
                for part in chunked(shas):
                    s.execute(
                        update(Attachment).where(Attachment.sha256.in_(part)).values(present=True)
                    )
                set_meta(s, META_SNAPSHOT_NEXT_FRAME + snap.snapshot_id, str(index + 1))
            result.blobs += len(shas)
        else:
            rows = _parse_rows(payload)
            with desk.store.write() as s:
                outcome = applier.apply_rows(s, rows)
                applying.index_hook(s, outcome.person_ids)
                set_meta(s, META_SNAPSHOT_NEXT_FRAME + snap.snapshot_id, str(index + 1))
            for sha in outcome.purge_blobs:
                desk.blobs.delete(sha)
            result.rows_applied += outcome.applied
            changed = changed or bool(outcome.bulletins)
        result.frames += 1
        done += int(meta["len"])
        if progress:
            left = _left(apply_started, done - base, total - base)
            progress(ImportProgress("apply", done, total, result.rows_applied, left))
    else:
        result.cursor = _finish(desk, snap)
    if changed:
        desk.bus.publish(events.BULLETINS_CHANGED, count=result.rows_applied, cancelled=[])
    result.seconds = round(time.monotonic() - started, 3)
    return result


def advance_lane_cursors(session: Session, wanted: list[int | None]) -> list[int]:
    """Move each lane's cursor forward to ``wanted`` (never back); the cursors after.

    Shared by the snapshot and the return-bundle imports: a file older than what the
    online sync already brought leaves the cursors where they are.
    """
    existing = {c.lane: c for c in session.scalars(select(SyncCursor))}
    positions = []
    for lane, position in zip(LANES, wanted, strict=True):
        cur = existing.get(str(lane))
        value = cur.cursor if cur is not None else 0
        if position is not None and int(position) > value:
            value = int(position)
            if cur is None:
                session.add(SyncCursor(lane=str(lane), cursor=value))
            else:
                cur.cursor = value
        positions.append(value)
    return positions


def _finish(desk: Desk, snap: SnapshotFile) -> str:
    """Move the lane cursors forward to the snapshot's and mark it imported."""
    m = snap.manifest
    with desk.store.write() as s:
        positions = advance_lane_cursors(s, m["positions"])
        set_meta(s, META_SNAPSHOT_NEXT_FRAME + snap.snapshot_id, None)
        set_meta(s, META_SNAPSHOT_DONE + snap.snapshot_id, str(m["head"]))
        if not get_meta(s, META_SERVER_ID):
            set_meta(s, "snapshot.server_id", str(m["server_id"]))
    return ".".join(str(p) for p in positions)
