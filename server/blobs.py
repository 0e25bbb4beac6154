"""Content-addressed blob storage with resumable uploads, on the file system.

Complete blobs live at ``<root>/<sha[:2]>/<sha>``; an upload in progress is
``<root>/partial/<sha>.part`` plus ``<sha>.len`` holding the declared total length. The
partial file's size is the upload offset, so bytes that arrived before a cut are kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.sync.protocol import SHA256_RE

_READ_CHUNK = 64 * 1024


#: An upload that received nothing for this long is taken for dead when asked about.
QUIET_SECONDS = 0.25
#: Longest a state query waits for a live upload before stopping it.
SETTLE_SECONDS = 3.0


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

    def _partial(self, sha: str) -> Path:
        return self.root / "partial" / f"{sha}.part"

    def _length_file(self, sha: str) -> Path:
        return self.root / "partial" / f"{sha}.len"

    def lock(self, sha: str) -> asyncio.Lock:
        """The lock serialising uploads of one blob (call from the event loop)."""
        return self._locks.setdefault(sha, asyncio.Lock())

    def begin_writer(self, sha: str) -> Writer:
        """Register a new upload of ``sha``, superseding any earlier one still streaming.

        On a field link the old request is usually dead but its connection is not yet
        closed (the link went silent): without this, it would hold the blob's lock until
        TCP gave up.
        """
        previous = self._writers.get(sha)
        if previous is not None:
            previous.superseded.set()
        current = Writer()
        self._writers[sha] = current
        return current

    def end_writer(self, sha: str, writer: Writer) -> None:
        """Forget a finished upload (unless a newer one replaced it)."""
        if self._writers.get(sha) is writer:
            del self._writers[sha]

    async def settled_state(self, sha: str) -> BlobState:
        """The upload state once no upload of ``sha`` is still receiving bytes.

        A client asks for the offset when it resumes, i.e. when it believes its last
        chunk died. That chunk's connection may still be delivering its last bytes: wait
        until it has been quiet for :data:`QUIET_SECONDS` (at most :data:`SETTLE_SECONDS`),
        then stop it, so the offset returned is final and nothing is sent twice.
        """
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            writer = self._writers.get(sha)
            if writer is None:
                return self.state(sha)
            now = time.monotonic()
            if now - writer.last_activity >= QUIET_SECONDS or now >= deadline:
                writer.superseded.set()
                async with self.lock(sha):
                    return self.state(sha)
            await asyncio.sleep(0.02)

    def exists(self, sha: str) -> bool:
        """True if the blob is complete."""
        return self.valid(sha) and self.path(sha).is_file()

    def size(self, sha: str) -> int:
        """Size of a complete blob."""
        return self.path(sha).stat().st_size

    def state(self, sha: str) -> BlobState:
        """Current upload state of ``sha``."""
        if self.exists(sha):
            size = self.size(sha)
            return BlobState(sha, size, size, True)
        partial = self._partial(sha)
        offset = partial.stat().st_size if partial.exists() else 0
        length_file = self._length_file(sha)
        length = int(length_file.read_text()) if length_file.exists() else None
        return BlobState(sha, offset, length, False)

    def set_length(self, sha: str, length: int) -> None:
        """Record the declared total length of an upload."""
        self._length_file(sha).write_text(str(length))
        self._partial(sha).touch(exist_ok=True)

    def open_append(self, sha: str) -> int:
        """Open the partial file for appending; return a raw file descriptor."""
        return os.open(self._partial(sha), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def finish(self, sha: str) -> bool:
        """Verify a fully uploaded blob; move it in place, or discard it if the hash is wrong."""
        partial = self._partial(sha)
        digest = hashlib.sha256()
        with partial.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_READ_CHUNK), b""):
                digest.update(chunk)
        ok = digest.hexdigest() == sha
        if ok:
            target = self.path(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(partial, target)
        else:
            partial.unlink(missing_ok=True)
        self._length_file(sha).unlink(missing_ok=True)
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
