"""The regional stream (``server.regional``): every regional row is compressed once, as
it is published, and every new PC's first pull is made of those bytes.

Real server code on a real SQLite database, driven without HTTP so the builder can be
stepped by hand (``tests/integration/test_feed_stream.py`` drives it over HTTP, with its
thread). Every answer is decoded by the client's own reader, its commits verified
against the publisher key, and compared with the feed in the database.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zstandard
from sqlalchemy import select

from app.sync.feedstream import StreamDecoder, StreamParser
from app.sync.protocol import LANES
from server import operator, regional, stream
from server.blobs import BlobStore
from server.db import Database, open_database
from server.feed import REGIONAL, visible_head
from server.models import FeedRow
from server.regional import RegionalStream, raw_last_block
from server.seed import seed
from server.signing import PublisherKey
from server.stream import ALIGN, LINK, StreamCache, open_stream

pytestmark = pytest.mark.timeout(300)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def region(tmp_path: Path) -> Iterator[tuple[Database, PublisherKey]]:
    db = open_database(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    blobs = BlobStore(tmp_path / "blobs")
    seed(db, blobs, bulletins=0, cases=6, offices=["A", "B"], seed_value=11)
    seed(db, blobs, bulletins=3 * ALIGN + 300, cases=4, offices=["A", "B"], seed_value=12)
    yield db, PublisherKey.load_or_create(tmp_path / "publisher.key")
    db.engine.dispose()


@pytest.fixture
def stepped(
    region: tuple[Database, PublisherKey],
) -> tuple[Database, PublisherKey, RegionalStream]:
    """The region with its regional stream compressed up to the head (stepped once)."""
    db, key = region
    built = RegionalStream(db, key)
    built.step()
    return db, key, built


def _pull(
    db: Database,
    built: RegionalStream,
    key: PublisherKey,
    office: str,
    after: list[int] | None = None,
    cache: StreamCache | None = None,
) -> tuple[stream.Assembly, list[Any], Any, bytes]:
    """One answer as today's client asks it; its rows, end and decoded bytes."""
    after = after or [0] * len(LANES)
    assembly = open_stream(
        db,
        cache or StreamCache(),
        office,
        after,
        list(LANES),
        _now,
        key,
        seq_delta=True,
        own_first=True,
        regional=built,
    )
    raw = b"".join(assembly.chunks(0))
    decoder = StreamDecoder(1 << 30)
    parser = StreamParser(list(after), key.public_key_b64())
    rows: list[Any] = []
    decoded = bytearray()
    for line in decoder.feed(raw):
        decoded.extend(line + b"\n")
        commit = parser.line(line, decoder.consumed)  # raises when a signature fails
        if commit is not None:
            rows.extend(commit.rows)
    assert decoder.between_frames
    return assembly, rows, parser.end, bytes(decoded)


def _latest(rows: list[Any]) -> dict[tuple[str, str], int]:
    """What a client keeps: each entity's highest seq."""
    kept: dict[tuple[str, str], int] = {}
    for row in rows:
        kept[(row.t, row.i)] = max(row.s, kept.get((row.t, row.i), 0))
    return kept


def _feed_of(db: Database, office: str) -> dict[tuple[str, str], int]:
    with db.read() as session:
        found = session.execute(
            select(FeedRow.row_type, FeedRow.row_id, FeedRow.seq).where(
                FeedRow.scope.in_((REGIONAL, office))
            )
        )
        return {(str(t), str(i)): int(s) for t, i, s in found}


def _regional_rows(db: Database, upto: int) -> int:
    with db.read() as session:
        return len(
            session.execute(
                select(FeedRow.seq).where(FeedRow.scope == REGIONAL, FeedRow.seq <= upto)
            ).all()
        )


def test_every_regional_row_is_compressed_once_and_shared_by_every_office(
    stepped: tuple[Database, PublisherKey, RegionalStream],
) -> None:
    db, key, built = stepped
    mark = built.epochs[-1].reached
    with db.read() as session:
        last = max(visible_head(session, office) for office in ("A", "B"))
    assert mark == last // LINK * LINK, "compressed up to the last mark below the head"
    assert built.epochs[-1].rows == _regional_rows(db, mark), "each regional row once"
    answers = {office: _pull(db, built, key, office) for office in ("A", "B")}
    assert built.epochs[-1].rows == _regional_rows(db, mark), "pulls compress nothing again"
    views = {
        office: [f for f in a.frames if f.key[0] == "view"] for office, (a, *_) in answers.items()
    }
    assert len(views["A"]) == 1 and views["A"][0] is views["B"][0], "the same bytes"
    for office, (assembly, rows, end, _) in answers.items():
        with db.read() as session:
            head = visible_head(session, office)
        assert end is not None and not end.has_more and end.positions == [head] * len(LANES)
        assert assembly.frames[0].key[0] == "own", "the office's rows first"
        assert _latest(rows) == _feed_of(db, office)
        assert not [r for r in rows if r.t == "c" and r.d["of"] != office]


def test_a_view_is_a_whole_zstd_frame_that_ends_with_its_commit(
    stepped: tuple[Database, PublisherKey, RegionalStream],
) -> None:
    built = stepped[2]
    epoch = built.epochs[-1]
    for seq in (LINK, ALIGN, epoch.reached):
        view = epoch.view(seq)
        assert view is not None
        out = zstandard.ZstdDecompressor().decompressobj().decompress(bytes(view.buf))
        last = json.loads(out.splitlines()[-1])
        assert last["k"] == ".".join([str(seq)] * len(LANES)) and last["sig"]
        assert bytes(view.raw_tail) == out[-len(view.raw_tail) :]
    assert raw_last_block(b"x") == b"\x09\x00\x00x"


def test_answers_end_after_whole_epochs_and_go_on_from_where_one_starts(
    region: tuple[Database, PublisherKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed of many epochs, with answers capped far below it: every answer but the
    last ends where an epoch ends (``has_more``), the next one starts with the epoch
    after it, and together they hold the feed."""
    db, key = region
    monkeypatch.setattr(regional, "EPOCH_RAW", 300_000)
    monkeypatch.setattr(regional, "MAX_STREAM_RAW", 700_000)
    built = RegionalStream(db, key)
    built.step()
    assert len(built.epochs) >= 6
    ends = {e.end for e in built.epochs if e.end is not None}
    cursor = [0] * len(LANES)
    rows: list[Any] = []
    answers = 0
    while True:
        assembly, got, end, decoded = _pull(db, built, key, "A", cursor)
        answers += 1
        rows.extend(got)
        assert any(f.key[0] == "epoch" for f in assembly.frames), "whole epochs, shared"
        assert end is not None
        if not end.has_more:
            break
        assert len(decoded) <= 700_000 + 200_000
        assert end.positions[0] in ends and len(set(end.positions)) == 1
        cursor = list(end.positions)
    assert answers >= 3
    assert _latest(rows) == _feed_of(db, "A")


def test_an_epoch_that_lost_rows_is_compressed_again(
    stepped: tuple[Database, PublisherKey, RegionalStream],
) -> None:
    """A cancelled bulletin leaves what new PCs are sent once its epoch is refreshed:
    before, the answer still holds its text (the client drops it at the tombstone)."""
    db, key, built = stepped
    with db.read() as session:
        victim = session.execute(
            select(FeedRow.row_id, FeedRow.data).where(
                FeedRow.row_type == "b", FeedRow.seq > LINK, FeedRow.seq < ALIGN
            )
        ).first()
    assert victim is not None
    bulletin, text = victim
    with db.write() as session:
        assert operator.cancel_bulletin(session, bulletin, "withdrawn")
    built.step()
    *_, before = _pull(db, built, key, "A")
    assert text.encode() in before, "the compressed copy is stale"
    assert built.refresh(age=3600.0) == 0, "too young to refresh"
    assert built.refresh(age=0.0) == 1
    _, rows, _, after = _pull(db, built, key, "B")
    assert text.encode() not in after
    assert [r.x for r in rows if r.i == bulletin] == [True]
    assert _latest(rows) == _feed_of(db, "B")


def test_a_pull_far_ahead_of_the_builder_is_still_whole(
    region: tuple[Database, PublisherKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder has not compressed anything yet (a process that just started): the
    pull waits for it a bounded time, then is answered the way it was before the
    regional stream, with the same rows."""
    db, key = region
    monkeypatch.setattr(regional, "WAIT_SECONDS", 0.2)
    built = RegionalStream(db, key)  # never stepped
    assembly, rows, end, _ = _pull(db, built, key, "A")
    assert not [f for f in assembly.frames if f.key[0] in ("view", "epoch")]
    assert end is not None and not end.has_more
    assert _latest(rows) == _feed_of(db, "A")
