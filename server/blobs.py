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
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response, StreamingResponse

from app.sync.protocol import (
    SHA256_RE,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    ErrorCode,
    Limits,
    UploadState,
)
from server.errors import ApiError
from server.models import BlobGrant

if TYPE_CHECKING:
    from server.accounts import AuthContext
    from server.db import Database

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


# --- over HTTP: resumable uploads and ranged downloads -------------------------------

#: How long a superseded upload keeps taking bytes that are still arriving.
DRAIN_SECONDS = 0.05
_RANGE_RE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")


def content_length(request: Request) -> int | None:
    """The request's ``Content-Length``, if it sent a usable one."""
    text = request.headers.get("content-length")
    return int(text) if text is not None and text.isdigit() else None


def check_sha(store: BlobStore, sha: str) -> None:
    """Raise ``bad_request`` unless ``sha`` is a blob id."""
    if not store.valid(sha):
        raise ApiError(ErrorCode.BAD_REQUEST, "blob id must be SHA-256 hex")


def _as_upload_state(info: Any) -> UploadState:
    return UploadState(
        sha256=info.sha256, offset=info.offset, length=info.length, complete=info.complete
    )


def _entitled(db: Database, sha: str, office: str) -> bool:
    """True if ``office`` may download ``sha`` (runs a short read; call off the loop)."""
    with db.read() as session:
        return entitled(session, sha, office)


def caller_upload_state(store: BlobStore, db: Database, sha: str, ctx: AuthContext) -> UploadState:
    """The caller's view of an upload: complete only if its office may have the blob.

    Otherwise it is the device's own upload, so the answer never tells one office what
    another holds.
    """
    check_sha(store, sha)
    if store.exists(sha) and _entitled(db, sha, ctx.office):
        return _as_upload_state(store.state(sha, ctx.device_id))
    return _as_upload_state(store.upload_state(sha, ctx.device_id))


async def settled_upload_state(
    store: BlobStore, db: Database, sha: str, ctx: AuthContext
) -> UploadState:
    """:func:`caller_upload_state` once no upload of ``sha`` is still receiving bytes."""
    check_sha(store, sha)
    await store.settled_state(sha, ctx.device_id)
    return await asyncio.to_thread(caller_upload_state, store, db, sha, ctx)


def upload_headers(info: UploadState) -> dict[str, str]:
    """``Upload-Offset`` (and ``Upload-Length`` once known) of an upload state."""
    headers = {UPLOAD_OFFSET_HEADER: str(info.offset), "Cache-Control": "no-store"}
    if info.length is not None:
        headers[UPLOAD_LENGTH_HEADER] = str(info.length)
    return headers


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Parse a single ``Range: bytes=`` header into an inclusive span.

    None for no range, and for one the server does not understand (several ranges, other
    units, garbage): RFC 9110 lets a server ignore such a header and send the whole blob.

    Raises:
        ApiError: unsatisfiable range.
    """
    if header is None:
        return None
    match = _RANGE_RE.match(header.strip())
    if match is None or match.group(0) == "bytes=-":
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ApiError(
            ErrorCode.RANGE_NOT_SATISFIABLE, "range beyond the end", details={"size": size}
        )
    return start, end


def blob_response(
    store: BlobStore,
    db: Database,
    sha: str,
    ctx: AuthContext,
    range_header: str | None,
    *,
    with_body: bool,
) -> Response:
    """A complete blob the caller's office may have, whole or one range (GET or HEAD)."""
    check_sha(store, sha)
    if not store.exists(sha) or not _entitled(db, sha, ctx.office):
        if store.upload_state(sha, ctx.device_id).length is not None:
            raise ApiError(ErrorCode.BLOB_INCOMPLETE, "upload not finished")
        # The same answer whether the blob is missing or belongs to another office.
        raise ApiError(ErrorCode.NOT_FOUND, "no such blob")
    size = store.size(sha)
    span = parse_range(range_header, size)
    start, end = span if span else (0, size - 1)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": f'"{sha}"',
        "Content-Length": str(end - start + 1 if size else 0),
    }
    if span:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    status = 206 if span else 200
    if not with_body or size == 0:
        return Response(status_code=status, headers=headers, media_type="application/octet-stream")
    return StreamingResponse(
        store.read_range(sha, start, end),
        status_code=status,
        headers=headers,
        media_type="application/octet-stream",
    )


@dataclass(frozen=True)
class Chunk:
    """What a PATCH says about the bytes it carries."""

    offset: int
    upload_length: int | None
    content_length: int | None


async def receive_chunk(
    store: BlobStore,
    db: Database,
    sha: str,
    request: Request,
    chunk: Chunk,
    limits: Limits,
    ctx: AuthContext,
) -> UploadState:
    """Append the body of a PATCH to the caller's upload of ``sha``.

    Bytes that arrive before a cut are kept. The upload belongs to the calling device; a
    newer PATCH of the same upload stops this one (``offset_mismatch``).
    """
    check_sha(store, sha)
    owner = ctx.device_id
    writer = store.begin_writer(sha, owner)
    try:
        async with store.lock(sha, owner):
            if writer.superseded.is_set():
                current = await asyncio.to_thread(caller_upload_state, store, db, sha, ctx)
                raise ApiError(
                    ErrorCode.OFFSET_MISMATCH,
                    "a newer upload of this blob took over",
                    details={"offset": current.offset},
                )
            return await _append_chunk(store, db, sha, request, chunk, writer, limits, ctx)
    finally:
        store.end_writer(sha, owner, writer)


async def _append_chunk(
    store: BlobStore,
    db: Database,
    sha: str,
    request: Request,
    chunk: Chunk,
    writer: Writer,
    limits: Limits,
    ctx: AuthContext,
) -> UploadState:
    info = await asyncio.to_thread(caller_upload_state, store, db, sha, ctx)
    if info.complete:
        return info
    length = info.length if info.length is not None else chunk.upload_length
    _check_chunk(info, length, chunk, limits)
    assert length is not None
    owner = ctx.device_id
    if info.length is None:
        store.set_length(sha, owner, length)
    room = min(length - chunk.offset, limits.max_blob_chunk)
    written = await _stream_to_partial(store, sha, owner, request, room, writer)
    if chunk.offset + written < length:
        return _as_upload_state(store.upload_state(sha, owner))
    if not store.finish(sha, owner):
        raise ApiError(ErrorCode.BLOB_HASH_MISMATCH, "uploaded bytes do not match the sha")
    await asyncio.to_thread(_grant_uploader, db, sha, ctx.office)
    return _as_upload_state(store.state(sha, owner))


def _grant_uploader(db: Database, sha: str, office: str) -> None:
    """The office that uploaded (or proved it holds) the content may download it."""
    with db.write() as session:
        grant(session, sha, office)


def _check_chunk(info: UploadState, length: int | None, chunk: Chunk, limits: Limits) -> None:
    # Both depend on the upload's state, not on the request alone: 409.
    if length is None:
        raise ApiError(
            ErrorCode.BAD_REQUEST, "Upload-Length is required on the first chunk", status=409
        )
    if chunk.upload_length is not None and chunk.upload_length != length:
        raise ApiError(
            ErrorCode.BAD_REQUEST, "Upload-Length differs from the first chunk's", status=409
        )
    if length > limits.max_blob_size:
        raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "blob over max_blob_size")
    if chunk.offset != info.offset:
        raise ApiError(
            ErrorCode.OFFSET_MISMATCH,
            f"server offset is {info.offset}",
            details={"offset": info.offset},
        )
    size = chunk.content_length
    if size is not None and size > limits.max_blob_chunk:
        raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "chunk over max_blob_chunk")
    if size is not None and chunk.offset + size > length:
        raise ApiError(ErrorCode.BAD_REQUEST, "chunk runs past Upload-Length")


async def _next_chunk(stream: AsyncIterator[bytes], superseded: asyncio.Event) -> bytes | None:
    """The next body chunk; None at the end, on a disconnect, or when superseded.

    A superseded upload still takes the bytes that are already arriving (its peer is
    gone, but what crossed the link is worth keeping); it just stops waiting for more.
    """
    receive: asyncio.Future[bytes] = asyncio.ensure_future(anext(stream))
    if not superseded.is_set():
        stop: asyncio.Future[Any] = asyncio.ensure_future(superseded.wait())
        waiting: set[asyncio.Future[Any]] = {receive, stop}
        try:
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
    if not receive.done():
        await asyncio.wait({receive}, timeout=DRAIN_SECONDS)
    if not receive.done():
        receive.cancel()
        await asyncio.gather(receive, return_exceptions=True)
        return None
    try:
        return receive.result()
    except (StopAsyncIteration, ClientDisconnect):
        return None


async def _stream_to_partial(
    store: BlobStore, sha: str, owner: str, request: Request, room: int, writer: Writer
) -> int:
    """Append up to ``room`` body bytes as they arrive; keep them whatever happens next."""
    written = 0
    stream = request.stream().__aiter__()
    fd = store.open_append(sha, owner)
    try:
        while written < room:
            data = await _next_chunk(stream, writer.superseded)
            if data is None:
                break
            writer.touch()
            data = data[: room - written]
            os.write(fd, data)
            written += len(data)
    finally:
        os.fsync(fd)
        os.close(fd)
    return written
