"""The idle call's feed-counter poll on SQLite reads on the event loop's thread, and hands
the read to a worker thread whenever it cannot (server/routes/news.py, ``_SqliteProbe``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from server.db import open_database
from server.models import FeedCounter
from server.routes.news import _counter, _SqliteProbe


def test_the_probe_reads_the_counter_another_connection_commits(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    probe = _SqliteProbe.of(db)
    assert probe is not None
    try:
        assert probe.read() == _counter(db)
        with db.write() as session:  # a publication by another connection
            session.execute(update(FeedCounter).where(FeedCounter.id == 1).values(seq=4711))
        assert probe.read() == 4711 == _counter(db)
    finally:
        probe.close()
        db.engine.dispose()


def test_the_probe_gives_way_to_a_worker_when_it_cannot_read(tmp_path: Path) -> None:
    broken = tmp_path / "not-a-database.sqlite3"
    broken.write_bytes(b"this is not a SQLite file" * 100)
    probe = _SqliteProbe(str(broken))
    assert probe.read() is None  # no exception: the poll asks a worker instead
    assert probe.read() is None  # and tries again at the next poll
    probe.close()


def test_no_probe_for_a_database_without_a_file() -> None:
    db = open_database("sqlite://")  # in memory: another connection would not see it
    try:
        assert _SqliteProbe.of(db) is None
    finally:
        db.engine.dispose()
