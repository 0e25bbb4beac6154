"""Applying media rows (photos and their thumbnails): a page's live media rows in a few
set-based statements, one by one (each in its savepoint) when the store refuses the batch,
so a bad row is isolated and recorded like any other."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.store.batches import chunked
from app.store.models import Attachment, Bulletin, Media
from app.sync.bulk import bulk, isolable, problem_of, table_of
from app.sync.outcome import ApplyOutcome
from app.sync.protocol import MediaData, Row, RowType

log = logging.getLogger(__name__)


class MediaRows:
    """The media part of :class:`app.sync.apply.Applier`."""

    #: ``put_blob(data, session=) -> sha`` and ``put_blobs(list, session=) -> list`` (see
    #: ``Applier``).
    put_blob: Any
    put_blobs: Any

    def _media_isolated(
        self, session: Session, rows: Sequence[Row], out: ApplyOutcome
    ) -> dict[tuple[str, str], str]:
        """Bulk-apply live media rows; if the batch is refused, apply them one by one."""
        try:
            batch = ApplyOutcome()
            with session.begin_nested():
                self._media_batch(session, rows, batch)
            out.merge(batch)
            return {}
        except Exception as exc:
            if not isolable(exc):
                raise
            log.warning("bulk apply of %d media rows refused; applying one by one", len(rows))
        bad: dict[tuple[str, str], str] = {}
        for row in rows:
            one = ApplyOutcome()
            try:
                with session.begin_nested():
                    self._media(session, row, one)
            except Exception as exc:
                if not isolable(exc):
                    raise
                log.warning("media row (s=%d) not applied: %s", row.s, type(exc).__name__)
                bad[(row.t, row.i)] = problem_of(exc)
                continue
            out.merge(one)
        return bad

    def _media_batch(self, session: Session, rows: Sequence[Row], out: ApplyOutcome) -> None:
        """Live media rows of one page with a few set-based statements (same result as
        :meth:`_media` row by row, which cost a savepoint, three lookups and a blob fsync
        per photo: hours for a 100,000-bulletin snapshot)."""
        items = [(row, MediaData.model_validate(row.d)) for row in rows]
        thumbs: dict[str, bytes] = {}
        if self.put_blob is not None or self.put_blobs is not None:
            for _, data in items:
                raw = _inline_thumb(data)
                if raw is not None:
                    thumbs[data.th] = raw
        if thumbs:
            # In this transaction: a thumbnail is committed with its media row (it goes
            # into the store's thumbnail pack, not a file of its own).
            if self.put_blobs is not None:
                self.put_blobs(list(thumbs.values()), session=session)
            else:
                for raw in thumbs.values():
                    self.put_blob(raw, session=session)
        media_values = [
            {
                "id": row.i,
                "owner_type": data.ot,
                "owner_id": data.oi,
                "sha256": data.sha,
                "size": data.sz,
                "mime_type": data.mt[:100],
                "thumb_sha256": data.th,
                "thumb_size": data.tz,
                "width": data.w,
                "height": data.h,
                "server_seq": row.s,
                "deleted": False,
            }
            for row, data in items
        ]
        media = table_of(Media)
        stmt = sqlite_insert(media)
        stmt = stmt.on_conflict_do_update(
            index_elements=[media.c.id],
            set_={c: stmt.excluded[c] for c in media_values[0] if c != "id"},
        )
        bulk(session, stmt, media_values)
        attachments: dict[str, dict[str, Any]] = {}
        for _, data in items:
            attachments.setdefault(
                data.th,
                {"sha256": data.th, "size": data.tz, "mime_type": data.mt[:100], "present": False},
            )
            attachments.setdefault(
                data.sha,
                {"sha256": data.sha, "size": data.sz, "mime_type": data.mt[:100], "present": False},
            )
        bulk(
            session,
            sqlite_insert(table_of(Attachment)).on_conflict_do_nothing(),
            list(attachments.values()),
        )
        for part in chunked(list(thumbs)):
            session.execute(
                update(table_of(Attachment))
                .where(table_of(Attachment).c.sha256.in_(part))
                .values(present=True)
            )
        bulletins = table_of(Bulletin)
        photos = [
            {"b_id": data.oi, "b_sha": data.sha, "b_th": data.th}
            for _, data in items
            if data.ot == RowType.BULLETIN
        ]
        if photos:
            session.connection().execute(
                update(bulletins)
                .where(bulletins.c.id == bindparam("b_id"), bulletins.c.cancelled.is_(False))
                .values(photo_sha256=bindparam("b_sha"), thumb_sha256=bindparam("b_th")),
                photos,
            )
        out.thumbs_missing |= {data.th for _, data in items if data.th not in thumbs}
        out.media += len(items)

    def _media(self, session: Session, row: Row, out: ApplyOutcome) -> None:
        media = session.get(Media, row.i)
        if row.x:
            if media is not None:
                media.deleted = True
                media.server_seq = row.s
                out.purge_blobs |= {media.sha256, media.thumb_sha256}
            return
        data = MediaData.model_validate(row.d)
        if media is None:
            media = Media(id=row.i)
            session.add(media)
        media.owner_type = data.ot
        media.owner_id = data.oi
        media.sha256 = data.sha
        media.size = data.sz
        media.mime_type = data.mt[:100]
        media.thumb_sha256 = data.th
        media.thumb_size = data.tz
        media.width = data.w
        media.height = data.h
        media.server_seq = row.s
        media.deleted = False
        have_thumb = False
        if data.tb and self.put_blob is not None:
            try:
                raw = base64.b64decode(data.tb, validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            if raw and hashlib.sha256(raw).hexdigest() == data.th:
                self.put_blob(raw, session=session)
                have_thumb = True
        for sha, size, present in ((data.th, data.tz, have_thumb), (data.sha, data.sz, None)):
            att = session.get(Attachment, sha)
            if att is None:
                session.add(
                    Attachment(
                        sha256=sha, size=size, mime_type=data.mt[:100], present=bool(present)
                    )
                )
            elif present:
                att.present = True
        if not have_thumb:
            out.thumbs_missing.add(data.th)
        if data.ot == RowType.BULLETIN:
            session.execute(
                update(Bulletin)
                .where(Bulletin.id == data.oi, Bulletin.cancelled.is_(False))
                .values(photo_sha256=data.sha, thumb_sha256=data.th)
            )
        out.media += 1


def _inline_thumb(data: MediaData) -> bytes | None:
    """The inline thumbnail of a media row when it is whole (its SHA-256 matches)."""
    if not data.tb:
        return None
    try:
        raw = base64.b64decode(data.tb, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if raw and hashlib.sha256(raw).hexdigest() == data.th else None
