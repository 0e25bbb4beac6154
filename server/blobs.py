"""Content-addressed blob storage with resumable uploads, on the file system.

Complete blobs live at ``<root>/<sha[:2]>/<sha>``; an upload in progress belongs to the
device that started it and is ``<root>/partial/<device>/<sha>.part`` plus ``<sha>.len``
holding the declared total length. The partial file's size is the upload offset, so bytes
that arrived before a cut are kept. One device can therefore never block another's upload
of the same content, and an upload left alone for :data:`UPLOAD_TTL_SECONDS` is forgotten.

Who may download a complete blob is recorded in the database (:class:`BlobGrant`): the
office whose device uploaded it, the office of a reply that carries it, and every office
for bulletin media.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.protocol import SHA256_RE
from server.models import BlobGrant

_READ_CHUNK = 64 * 1024


#: An upload that received nothing for this long is taken for dead when asked about.
QUIET_SECONDS = 0.25
#: Longest a state query waits for a live upload before stopping it.
SETTLE_SECONDS = 3.0
#: An unfinished upload that received nothing for a week is discarded (links stay down
#: for days, so this is generous).
UPLOAD_TTL_SECONDS = 7 * 24 * 3600
#: Scope of a grant that lets every office download a blob (bulletin media).
EVERYONE = ""


@dataclass
class Writer:
    """One PATCH in progress: when it last received bytes, and whether to stop."""

    superseded: asyncio.Event = field(default_factory=asyncio.Event)
    last_activity: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        """Note that bytes arrived."""
        self.last_activity = time.monotonic()


@dataclass(frozen=True)
class BlobState:
    """Where an upload stands."""

    sha256: str
    offset: int
    length: int | None
    complete: bool


class BlobStore:
    """Blobs under one directory."""

    def __init__(self, root: Path) -> None:
        """Use (and create) ``root``."""
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, asyncio.Lock] = {}
        self._writers: dict[str, Writer] = {}

    @staticmethod
    def valid(sha: str) -> bool:
        """True if ``sha`` is a lowercase SHA-256 hex digest."""
        return bool(SHA256_RE.match(sha))

    def path(self, sha: str) -> Path:
        """Path of a complete blob."""
        return self.root / sha[:2] / sha

    def _partial(self, sha: str, owner: str) -> Path:
        return self.root / "partial" / owner / f"{sha}.part"

    def _length_file(self, sha: str, owner: str) -> Path:
        return self.root / "partial" / owner / f"{sha}.len"

    def lock(self, sha: str, owner: str) -> asyncio.Lock:
        """The lock serialising one device's uploads of one blob (call from the event loop)."""
        return self._locks.setdefault(f"{owner}/{sha}", asyncio.Lock())

    def begin_writer(self, sha: str, owner: str) -> Writer:
        """Register a new upload of ``sha``, superseding any earlier one still streaming.

        On a field link the old request is usually dead but its connection is not yet
        closed (the link went silent): without this, it would hold the blob's lock until
        TCP gave up.
        """
        key = f"{owner}/{sha}"
        previous = self._writers.get(key)
        if previous is not None:
            previous.superseded.set()
        current = Writer()
        self._writers[key] = current
        return current

    def end_writer(self, sha: str, owner: str, writer: Writer) -> None:
        """Forget a finished upload (unless a newer one replaced it)."""
        key = f"{owner}/{sha}"
        if self._writers.get(key) is writer:
            del self._writers[key]

    async def settled_state(self, sha: str, owner: str) -> BlobState:
        """The upload state once no upload of ``sha`` is still receiving bytes.

        A client asks for the offset when it resumes, i.e. when it believes its last
        chunk died. That chunk's connection may still be delivering its last bytes: wait
        until it has been quiet for :data:`QUIET_SECONDS` (at most :data:`SETTLE_SECONDS`),
        then stop it, so the offset returned is final and nothing is sent twice.
        """
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            writer = self._writers.get(f"{owner}/{sha}")
            if writer is None:
                return self.state(sha, owner)
            now = time.monotonic()
            if now - writer.last_activity >= QUIET_SECONDS or now >= deadline:
                writer.superseded.set()
                async with self.lock(sha, owner):
                    return self.state(sha, owner)
            await asyncio.sleep(0.02)

    def exists(self, sha: str) -> bool:
        """True if the blob is complete."""
        return self.valid(sha) and self.path(sha).is_file()

    def size(self, sha: str) -> int:
        """Size of a complete blob."""
        return self.path(sha).stat().st_size

    def upload_state(self, sha: str, owner: str) -> BlobState:
        """Where ``owner``'s own upload of ``sha`` stands (never complete)."""
        partial, length_file = self._partial(sha, owner), self._length_file(sha, owner)
        self._expire(partial, length_file)
        offset = partial.stat().st_size if partial.exists() else 0
        length = int(length_file.read_text()) if length_file.exists() else None
        return BlobState(sha, offset, length, False)

    def state(self, sha: str, owner: str) -> BlobState:
        """Current upload state of ``sha`` for ``owner``: complete, or its own upload."""
        if self.exists(sha):
            size = self.size(sha)
            return BlobState(sha, size, size, True)
        return self.upload_state(sha, owner)

    @staticmethod
    def _expire(partial: Path, length_file: Path) -> None:
        try:
            touched = max(p.stat().st_mtime for p in (partial, length_file) if p.exists())
        except ValueError:
            return
        if time.time() - touched > UPLOAD_TTL_SECONDS:
            partial.unlink(missing_ok=True)
            length_file.unlink(missing_ok=True)

    def set_length(self, sha: str, owner: str, length: int) -> None:
        """Record the declared total length of ``owner``'s upload."""
        length_file = self._length_file(sha, owner)
        length_file.parent.mkdir(parents=True, exist_ok=True)
        length_file.write_text(str(length))
        self._partial(sha, owner).touch(exist_ok=True)

    def open_append(self, sha: str, owner: str) -> int:
        """Open the partial file for appending; return a raw file descriptor."""
        partial = self._partial(sha, owner)
        partial.parent.mkdir(parents=True, exist_ok=True)
        return os.open(partial, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def finish(self, sha: str, owner: str) -> bool:
        """Verify a fully uploaded blob; move it in place, or discard it if the hash is wrong."""
        partial = self._partial(sha, owner)
        digest = hashlib.sha256()
        with partial.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_READ_CHUNK), b""):
                digest.update(chunk)
        ok = digest.hexdigest() == sha
        if ok and not self.exists(sha):
            target = self.path(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(partial, target)
        else:
            partial.unlink(missing_ok=True)
        self._length_file(sha, owner).unlink(missing_ok=True)
        return ok

    def put(self, data: bytes) -> str:
        """Store bytes directly (seeding, operator); return their sha."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        return sha

    def read_range(self, sha: str, start: int, end: int) -> Iterator[bytes]:
        """Yield bytes ``start..end`` (inclusive) of a complete blob."""
        with self.path(sha).open("rb") as handle:
            handle.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = handle.read(min(_READ_CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk


# --- who may download what -----------------------------------------------------------


def grant(session: Session, sha: str, scope: str) -> None:
    """Let ``scope`` (an office code, or :data:`EVERYONE`) download blob ``sha``."""
    if session.get(BlobGrant, (sha, scope)) is None:
        session.add(BlobGrant(sha=sha, scope=scope))
        session.flush()


def entitled(session: Session, sha: str, office: str) -> bool:
    """True if devices of ``office`` may download blob ``sha``."""
    found = session.scalar(
        select(BlobGrant.sha).where(BlobGrant.sha == sha, BlobGrant.scope.in_((EVERYONE, office)))
    )
    return found is not None
