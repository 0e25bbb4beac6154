"""Thumbnails live inside the encrypted store, not one file each (issue 20).

Real SQLCipher store and blob store, no server: a page's inline thumbnails are stored in
the page's own transaction as rows of ``thumbnail_pack`` (no file), are read back through
the blob store, are not on disk in plain text, go away when their media row is cancelled,
and thumbnail files of earlier versions are moved in, resumably.
"""

from __future__ import annotations

import base64
import random
import uuid
from pathlib import Path

from sqlalchemy import func, select

from app.events import EventBus
from app.records import load_bulletin
from app.store.models import Attachment, Media, PackedThumbnail, Role
from app.sync.apply import Applier
from app.sync.protocol import Row
from app.users import Actor
from app.workflow import RequestService
from tests.helpers.desk import make_desk
from tests.unit.test_media_batch import _bulletin_row, _media_row


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_inline_thumbnails_go_into_the_encrypted_pack(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    applier = Applier(RequestService(desk.store, EventBus()), desk.blobs.put, desk.blobs.put_many)
    bulletins = [_bulletin_row(s) for s in range(1, 41)]
    media = [_media_row(100 + n, b.i) for n, b in enumerate(bulletins)]
    with desk.store.write() as s:
        applier.apply_rows(s, bulletins)
        applier.apply_rows(s, media)
    thumbs = {r.d["th"]: base64.b64decode(r.d["tb"]) for r in media}
    with desk.store.read() as s:
        packed = s.scalar(select(func.count()).select_from(PackedThumbnail))
    assert packed == len(thumbs)
    assert _files(desk.paths.attachments) == []  # no file per thumbnail
    for sha, raw in thumbs.items():
        assert desk.blobs.has(sha)
        assert desk.blobs.read(sha) == raw
    # Encrypted at rest: no thumbnail's bytes appear in the database or its WAL.
    desk.store.checkpoint()
    on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("desk.db*") if p.is_file())
    assert on_disk
    assert not any(raw[:64] in on_disk for raw in thumbs.values())

    # The bulletin view (what the detail pane shows) reads its thumbnail from the pack.
    shown = load_bulletin(desk, Actor("u1", "officer", Role.OFFICER, "AST-01"), media[1].d["oi"])
    assert shown.thumb == thumbs[media[1].d["th"]]

    # A cancelled bulletin's media row: its thumbnail is removed from the pack.
    gone = media[0]
    tomb = Row.model_validate(
        {"s": 500, "l": 0, "t": "m", "i": gone.i, "a": 1_700_000_000, "x": 1, "d": {}}
    )
    with desk.store.write() as s:
        out = applier.apply_rows(s, [tomb])
    for sha in out.purge_blobs:
        if sha:
            desk.blobs.delete(sha)
    assert not desk.blobs.has(gone.d["th"])
    assert desk.blobs.has(media[1].d["th"])
    desk.close()


def test_thumbnail_files_of_earlier_versions_are_moved_in(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    rnd = random.Random(3)
    raws = [rnd.randbytes(rnd.randrange(3000, 5800)) for _ in range(30)]
    shas = [desk.blobs.put(raw) for raw in raws]  # files, as earlier versions stored them
    photo = desk.blobs.put(rnd.randbytes(200_000))  # a full-size photo stays a file
    with desk.store.write() as s:
        for sha, raw in zip(shas, raws, strict=True):
            s.add(Attachment(sha256=sha, size=len(raw), mime_type="image/jpeg", present=True))
            s.add(
                Media(
                    id=str(uuid.uuid4()),
                    owner_type="b",
                    owner_id=str(uuid.uuid4()),
                    sha256=photo,
                    size=200_000,
                    mime_type="image/jpeg",
                    thumb_sha256=sha,
                    thumb_size=len(raw),
                    server_seq=1,
                    deleted=False,
                )
            )
        s.add(Attachment(sha256=photo, size=200_000, mime_type="image/jpeg", present=True))
    assert len(_files(desk.paths.attachments)) == 31

    # Interrupted after the row was committed and before the file went: both hold it,
    # and the move still completes.
    with desk.store.write() as s:
        desk.blobs.pack(s, {shas[0]: raws[0]})
    # 10 moved, and the file left behind by the interrupted move removed.
    assert desk.blobs.pack_legacy_thumbnails(limit=10) == 11
    assert len(_files(desk.paths.attachments)) == 20
    assert desk.blobs.pack_legacy_thumbnails(limit=100) == 19
    assert desk.blobs.pack_legacy_thumbnails(limit=100) == 0
    assert [p.name for p in _files(desk.paths.attachments)] == [desk.blobs.path(photo).name]
    for sha, raw in zip(shas, raws, strict=True):
        assert desk.blobs.read(sha) == raw
    desk.close()
