"""Blobs: resumable uploads, downloads of photos and attachments, thumbnails."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from sqlalchemy import select

from app.store.blobs import CHUNK, BlobCorrupt
from app.store.models import (
    Attachment,
    Media,
)
from app.sync.client import (
    Call,
    SyncFailure,
    parse_model,
)
from app.sync.lanesums import stored_lane_digests
from app.sync.protocol import (
    MAX_BLOB_SIZE,
    UPLOAD_LENGTH_HEADER,
    ErrorClass,
    ErrorCode,
    UploadState,
    sums_tag,
)
from app.sync.session import SessionPart
from app.sync.state import (
    SyncProgress,
)

log = logging.getLogger(__name__)

#: Longest time the store is trusted to lack no thumbnail without looking again (a
#: thumbnail found damaged and dropped changes no lane sum).
THUMBS_RECHECK_SECONDS = 3600.0


class MediaPart(SessionPart):
    """Blob transfers over the session."""

    def _chunk_size(self) -> int:
        # A server advertising a tiny (or zero) chunk would make an upload endless.
        cap = max(self._limits.max_blob_chunk, 4096)
        if self._rate <= 0:
            return min(cap, 64 * 1024)
        return int(
            max(self.options.min_chunk_bytes, min(cap, self._rate * self.options.target_seconds))
        )

    def upload_blob(self, sha: str, progress: Callable[[SyncProgress], None] | None = None) -> None:
        """Upload a local blob resumably (the server's offset says where to go on).

        Raises:
            SyncFailure: after ``blob_retries`` transient failures, or a permanent one.
        """
        data = self.desk.blobs.read(sha)
        if len(data) > self._limits.max_blob_size:
            raise SyncFailure("sync.refused", ErrorClass.ITEM, "blob_too_large")
        t = self.transport()
        failures = 0
        stuck = 0  # offset_mismatch answers and chunks that moved nothing
        sent = 0
        t_start = time.monotonic()

        def spent(detail: str) -> SyncFailure:
            return SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, detail)

        def tick(n: int) -> None:
            nonlocal sent
            sent += n
            elapsed = max(time.monotonic() - t_start, 1e-3)
            p = SyncProgress(
                "upload",
                bytes_done=sent,
                bytes_total=len(data),
                rate=sent / elapsed,
                detail=sha[:12],
            )
            if progress:
                progress(p)
            self._report(p)

        while True:
            try:
                state = t.call("GET", f"/blobs/{sha}/upload", UploadState)
                offset = state.offset
                while not state.complete:
                    self._check_cancel()
                    if offset >= len(data):
                        break
                    chunk = data[offset : offset + self._chunk_size()]
                    t0 = time.monotonic()
                    resp = t.request(
                        Call(
                            "PATCH",
                            f"/blobs/{sha}",
                            params={"offset": offset},
                            body=chunk,
                            headers={
                                UPLOAD_LENGTH_HEADER: str(len(data)),
                                "Content-Type": "application/octet-stream",
                            },
                            on_bytes=tick,
                        )
                    )
                    self._measure(len(chunk), time.monotonic() - t0)
                    state = parse_model(resp.body, UploadState)
                    if state.offset <= offset and not state.complete:
                        stuck += 1
                        if stuck > self.options.upload_offset_budget:
                            raise spent("upload_no_progress")
                    offset = state.offset
                if state.complete or offset >= len(data):
                    self._uploaded.add(sha)
                    return
            except SyncFailure as exc:
                if exc.server_code == ErrorCode.OFFSET_MISMATCH.value:
                    stuck += 1
                    if stuck > self.options.upload_offset_budget:
                        raise spent("upload_offset_loop") from exc
                    continue  # ask the server where it stands and go on from there
                if exc.klass is not ErrorClass.TRANSIENT or exc.code == "sync.cancelled":
                    raise
                failures += 1
                if failures > self.options.blob_retries:
                    raise
                time.sleep(self.options.blob_retry_pause * random.uniform(0.5, 1.5))

    def fetch_media(
        self,
        sha: str,
        progress: Callable[[SyncProgress], None] | None = None,
        size_hint: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Download a blob (full-size photo, attachment) resumably into the blob store.

        ``cancelled`` (the UI's Cancel) interrupts the download within a second, even in
        the middle of a call; what is safe on disk is kept for the next try.

        A cut resumes with ``Range`` from the bytes already safe on disk (whole encrypted
        chunks, ``BlobWriter.complete_bytes()``) plus what this call still holds in
        memory, so nothing is downloaded twice within a call and little after a restart.

        Returns:
            True when the blob is complete and verified.

        Raises:
            SyncFailure: after ``blob_retries`` transient failures, or a permanent one.
        """
        if self.desk.blobs.has(sha):
            return True
        if self._cycle_thread == threading.get_ident():
            return self._fetch_media(sha, progress, size_hint)
        # From another thread (the UI's "show full photo"): the transport is not shared
        # between threads, so wait for a running cycle to finish first.
        with self._run_lock:
            self._cycle_thread = threading.get_ident()
            t = self.transport()
            t.cancelled = cancelled or (lambda: False)
            try:
                return self._fetch_media(sha, progress, size_hint)
            finally:
                t.cancelled = lambda: False
                self._cycle_thread = None

    def _fetch_media(
        self,
        sha: str,
        progress: Callable[[SyncProgress], None] | None,
        size_hint: int | None,
    ) -> bool:
        t = self.transport()
        if not t.token:
            self._hello()
            self._ensure_device_token()
        sink = _MediaSink(self, sha, size_hint, progress)
        failures = 0
        restarts = 0
        # Never store more than the declared size (the hash check comes only at the end).
        declared = size_hint if size_hint and 0 < size_hint <= MAX_BLOB_SIZE else MAX_BLOB_SIZE
        while True:
            start = sink.resume_at()
            try:
                resp = t.request(
                    Call(
                        "GET",
                        f"/blobs/{sha}",
                        headers={"Range": f"bytes={start}-"} if start else {},
                        sink=sink,
                        expect_size=size_hint or 0,
                        max_wire=max(declared - start, 0),
                    )
                )
                if start and resp.status != 206:
                    raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "range_ignored")
                sink.finish()
                with self.desk.store.write() as s:
                    att = s.get(Attachment, sha)
                    if att is not None:
                        att.present = True
                return True
            except SyncFailure as exc:
                if exc.server_code == ErrorCode.RANGE_NOT_SATISFIABLE.value:
                    restarts += 1
                    if restarts > self.options.range_restart_budget:
                        raise SyncFailure(
                            "sync.bad_reply", ErrorClass.TRANSIENT, "range_loop"
                        ) from exc
                    sink.start_over()
                    continue
                if exc.klass is not ErrorClass.TRANSIENT or exc.code in (
                    "sync.bad_reply",
                    "sync.cancelled",
                ):
                    if exc.params.get("detail") == "too_large":
                        # More bytes than declared: what was kept is not worth resuming.
                        sink.discard()
                    raise
                failures += 1
                if failures > self.options.blob_retries:
                    raise
                time.sleep(self.options.blob_retry_pause * random.uniform(0.5, 1.5))

    def _thumbnails(self) -> None:
        """Fetch thumbnails that did not travel inline (always: they are small), into the
        store's thumbnail pack; move thumbnail files of earlier versions there too."""
        if not self._legacy_thumbs_packed:
            moved = self.desk.blobs.pack_legacy_thumbnails(self.options.thumbnails_per_cycle * 10)
            self._legacy_thumbs_packed = moved == 0
        with self.desk.store.read() as s:
            # Rows arrive by pull, LAN exchange or import, and every applied row changes
            # the lane sums: while they stay as they were when nothing was missing, the
            # search (a pass over every photo of the store) is not run again.
            tag = sums_tag(stored_lane_digests(s))
            clear = self._thumbs_clear
            if (
                clear is not None
                and clear[0] == tag
                and time.monotonic() - clear[1] < THUMBS_RECHECK_SECONDS
            ):
                return
            rows = s.execute(
                select(Media.thumb_sha256, Media.thumb_size)
                .join(Attachment, Attachment.sha256 == Media.thumb_sha256)
                .where(Media.deleted.is_(False), Attachment.present.is_(False))
                .limit(self.options.thumbnails_per_cycle + len(self._thumbs_unavailable))
            ).all()
        todo = [(sha, size) for sha, size in rows if sha not in self._thumbs_unavailable][
            : self.options.thumbnails_per_cycle
        ]
        self._thumbs_clear = None if todo else (tag, time.monotonic())
        for i, (sha, size) in enumerate(todo):
            self._check_cancel()
            self._report(SyncProgress("thumbnails", i, len(todo), rate=self._rate))
            try:
                if self.fetch_media(sha, size_hint=size):
                    self.desk.blobs.pack_file(sha)
            except SyncFailure as exc:
                if exc.code in ("sync.network", "sync.timeout", "sync.cancelled") or exc.klass in (
                    ErrorClass.AUTH,
                    ErrorClass.FATAL,
                ):
                    raise  # the link or the session is the problem: the cycle stops
                # This one thumbnail cannot be had (missing on the server, wrong bytes):
                # the photo shows a placeholder; every other thumbnail and the next
                # cycles go on, without asking for it again until the program restarts.
                log.warning("thumbnail %s not fetched: %s", sha[:12], exc.code)
                self._thumbs_unavailable.add(sha)

    def _auto_media(self) -> None:
        budget = self.options.auto_media_bytes
        with self.desk.store.read() as s:
            rows = s.execute(
                select(Media.sha256, Media.size)
                .join(Attachment, Attachment.sha256 == Media.sha256)
                .where(Media.deleted.is_(False), Attachment.present.is_(False))
                .limit(self.options.auto_media_per_cycle)
            ).all()
        for sha, size in rows:
            if size > budget:
                break
            self._check_cancel()
            budget -= size
            try:
                self.fetch_media(sha, size_hint=size)
            except SyncFailure as exc:
                if exc.klass is ErrorClass.TRANSIENT and exc.code != "sync.bad_reply":
                    raise
                log.warning("media %s not fetched: %s", sha[:12], exc.code)


class _MediaSink:
    """Where a download's bytes go: whole encrypted chunks to the blob store as they
    arrive, the rest held in memory, with progress after every piece."""

    def __init__(
        self,
        part: MediaPart,
        sha: str,
        size_hint: int | None,
        progress: Callable[[SyncProgress], None] | None,
    ) -> None:
        self._part = part
        self._sha = sha
        self._size_hint = size_hint
        self._progress = progress
        self._writer = part.desk.blobs.writer(sha)
        self._tail = bytearray()
        self._got = 0
        self._t_start = time.monotonic()

    def resume_at(self) -> int:
        """Bytes already held (safe on disk plus in memory): where a ``Range`` starts."""
        return self._writer.complete_bytes() + len(self._tail)

    def __call__(self, chunk: bytes) -> None:
        self._tail.extend(chunk)
        whole = len(self._tail) // CHUNK * CHUNK
        if whole:
            self._writer.append(bytes(self._tail[:whole]))
            del self._tail[:whole]
        self._got += len(chunk)
        done = self.resume_at()
        rate = self._got / max(time.monotonic() - self._t_start, 1e-3)
        size = self._size_hint
        p = SyncProgress(
            "media",
            bytes_done=done,
            bytes_total=size,
            rate=rate,
            eta_seconds=((size - done) / rate) if size and rate > 0 else None,
            detail=self._sha[:12],
        )
        if self._progress:
            self._progress(p)
        self._part._report(p)

    def finish(self) -> None:
        """Store the rest and check the hash (``sync.bad_reply`` when it differs)."""
        self._writer.append(bytes(self._tail))
        self._tail.clear()
        try:
            self._writer.finish()
        except BlobCorrupt as exc:
            raise SyncFailure("sync.bad_reply", ErrorClass.TRANSIENT, "blob_hash_mismatch") from exc

    def discard(self) -> None:
        """Forget what was received (not worth resuming)."""
        self._tail.clear()
        self._writer.partial.unlink(missing_ok=True)

    def start_over(self) -> None:
        """Discard and download again from the first byte."""
        self.discard()
        self._writer = self._part.desk.blobs.writer(self._sha)
