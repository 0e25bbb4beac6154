"""A page of media rows is applied with a bounded number of statements (issue 16).

A 100,000-bulletin snapshot with thumbnails spent hours in ``Applier._media``: one
savepoint, three lookups, one UPDATE and one blob fsync per photo. Real encrypted store
and blob store, no server: the page must cost a fixed handful of statements, and give the
same store as before (media rows, attachments present or not, bulletin photo columns),
also when it is applied again or mixes good and broken rows.
"""

from __future__ import annotations

import base64
import hashlib
import random
import uuid
from pathlib import Path

from sqlalchemy import event, select

from app.events import EventBus
from app.store.models import Attachment, Bulletin, Media, SyncRow
from app.sync.apply import Applier
from app.sync.protocol import Row
from app.workflow import RequestService
from server.seed import Generator
from tests.helpers.desk import make_desk

PAGE = 300


def _bulletin_row(s: int) -> Row:
    d = dict(Generator(random.Random(s)).bulletin(s))
    return Row.model_validate(
        {"s": s, "l": 2, "t": "b", "i": str(uuid.uuid4()), "a": 1_700_000_000, "d": d}
    )


def _media_row(s: int, owner: str, *, inline: bool = True) -> Row:
    thumb = f"thumbnail {s} ".encode() * 40
    photo = hashlib.sha256(f"photo {s}".encode()).hexdigest()
    d: dict[str, object] = {
        "ot": "b",
        "oi": owner,
        "sha": photo,
        "sz": 50_000,
        "mt": "image/jpeg",
        "th": hashlib.sha256(thumb).hexdigest(),
        "tz": len(thumb),
        "w": 96,
        "h": 128,
    }
    if inline:
        d["tb"] = base64.b64encode(thumb).decode()
    return Row.model_validate(
        {"s": s, "l": 3, "t": "m", "i": str(uuid.uuid4()), "a": 1_700_000_000, "d": d}
    )


def test_a_page_of_media_costs_a_bounded_number_of_statements(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    applier = Applier(RequestService(desk.store, EventBus()), desk.blobs.put, desk.blobs.put_many)
    bulletins = [_bulletin_row(s) for s in range(1, PAGE + 1)]
    with desk.store.write() as s:
        applier.apply_rows(s, bulletins)
    media = [
        _media_row(1000 + n, b.i, inline=n % 10 != 0) for n, b in enumerate(bulletins, start=1)
    ]
    statements: list[str] = []

    def count(_conn: object, _cursor: object, stmt: str, *_: object) -> None:
        statements.append(stmt)

    engine = desk.store.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with desk.store.write() as s:
            out = applier.apply_rows(s, media)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert out.media == PAGE
    assert out.bad == 0
    # Row by row this was > 5 statements a photo (1,500+ for the page).
    assert len(statements) < 40, len(statements)

    with desk.store.read() as s:
        stored = {m.id: (m.thumb_sha256, m.server_seq) for m in s.scalars(select(Media))}
        atts = {a.sha256: a.present for a in s.scalars(select(Attachment))}
        photos = {b.id: (b.photo_sha256, b.thumb_sha256) for b in s.scalars(select(Bulletin))}
        recorded = set(s.scalars(select(SyncRow.i).where(SyncRow.t == "m")))
    assert set(stored) == {r.i for r in media} == recorded
    for row in media:
        d = row.d
        assert stored[row.i] == (d["th"], row.s)
        assert photos[d["oi"]] == (d["sha"], d["th"])
        assert atts[d["sha"]] is False  # full size: on demand
        assert atts[d["th"]] is ("tb" in d)  # inline thumbnails are stored
        if "tb" in d:
            assert desk.blobs.read(d["th"]) == base64.b64decode(d["tb"])
    assert out.thumbs_missing == {r.d["th"] for r in media if "tb" not in r.d}

    # Applying the same page again changes nothing and counts every row as skipped.
    with desk.store.write() as s:
        again = applier.apply_rows(s, media)
    assert again.skipped == PAGE and again.media == 0
    desk.close()


def test_a_broken_media_row_is_isolated_from_the_page(tmp_path: Path) -> None:
    desk = make_desk(tmp_path)
    applier = Applier(RequestService(desk.store, EventBus()), desk.blobs.put, desk.blobs.put_many)
    owner = _bulletin_row(1)
    with desk.store.write() as s:
        applier.apply_rows(s, [owner])
    good = [_media_row(10 + n, owner.i) for n in range(5)]
    broken = Row.model_validate(
        {"s": 99, "l": 3, "t": "m", "i": str(uuid.uuid4()), "a": 1_700_000_000, "d": {"ot": "b"}}
    )
    with desk.store.write() as s:
        out = applier.apply_rows(s, [*good[:2], broken, *good[2:]])
    assert out.media == len(good)
    assert out.bad == 1
    with desk.store.read() as s:
        ids = set(s.scalars(select(Media.id)))
        reason = s.scalar(select(SyncRow.reason).where(SyncRow.i == broken.i))
    assert ids == {r.i for r in good}
    assert reason == "schema"
    desk.close()
