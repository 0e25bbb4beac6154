"""A store that stays its size: bounded write-ahead log, no upgrade copy left behind, and
an upgrade refused (store untouched) when the disk cannot hold its copy."""

from __future__ import annotations

import random
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from app.credentials import Credentials, MemorySecrets
from app.errors import StoreNoRoomForBackup
from app.lists import BulletinFilter, BulletinSource
from app.paths import Paths
from app.store import db as store_db
from app.store import migrate
from app.store.db import Store, open_store
from app.store.models import Bulletin, BulletinKind, HandlingCode

FIRST = "0001_initial"


def _bulletins(n: int, rnd: random.Random) -> list[dict[str, object]]:
    kinds = list(BulletinKind)
    return [
        {
            "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
            "kind": kinds[rnd.randrange(len(kinds))],
            "reference": f"2026/{rnd.randrange(10**9)}",
            "title": "x" * rnd.randrange(40, 200),
            "summary": "y" * rnd.randrange(200, 900),
            "issuing_country": rnd.choice(["KAZ", "KZ", "UZB", "RUS"]),
            "issued_on": date(2010, 1, 1) + timedelta(days=rnd.randrange(6000)),
            "urgent": rnd.random() < 0.02,
            "cancelled": rnd.random() < 0.05,
            "handling_code": HandlingCode.LAW_ENFORCEMENT,
            "deleted": False,
        }
        for _ in range(n)
    ]


def test_wal_stays_bounded_while_pages_are_written_and_the_list_reads(tmp_path: Path) -> None:
    """Page-sized write transactions (as a pull applies them) with a list reading
    continuously alongside: the WAL file never exceeds the store's limit (here 2 MiB, so
    the test stays short; the default is 64 MiB). Without the checkpoints SQLite's own
    automatic checkpoint (every 4 MB of log) could not even keep it under 4 MB."""
    creds = Credentials(MemorySecrets(), "wal-test")
    paths = Paths(tmp_path / "data")
    open_store(paths, creds).close()
    key = bytes.fromhex(creds.get(store_db.STORE_KEY) or "")
    limit = 2 * 1024 * 1024
    store = Store(paths, key, wal_limit=limit)
    stop = threading.Event()
    biggest = [0]
    reads = [0]
    errors: list[BaseException] = []

    def reader() -> None:
        sources = [
            BulletinSource(),
            BulletinSource(BulletinFilter(hide_cancelled=True)),
            BulletinSource(BulletinFilter(country="KZ")),
        ]
        try:
            while not stop.is_set():
                src = sources[reads[0] % len(sources)]
                src.count(store)
                src.block(store, reads[0] % 300, 100, None, None)
                reads[0] += 1
        except BaseException as exc:
            errors.append(exc)

    def sampler() -> None:
        while not stop.is_set():
            biggest[0] = max(biggest[0], store.wal_bytes())
            time.sleep(0.002)

    threads = [threading.Thread(target=reader), threading.Thread(target=sampler)]
    for t in threads:
        t.start()
    rnd = random.Random(7)
    try:
        for _ in range(60):  # 60 pages of 100 bulletins, ~8 MB of log without checkpoints
            with store.write() as s:
                s.execute(insert(Bulletin), _bulletins(100, rnd))
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        store.close()
    assert not errors, errors
    assert reads[0] > 10, "the list kept reading during the pull"
    assert 0 < biggest[0] <= limit, f"WAL reached {biggest[0]} bytes, limit {limit}"


def test_default_wal_limit_is_set_on_every_connection(tmp_path: Path) -> None:
    creds = Credentials(MemorySecrets(), "wal-test")
    store = open_store(Paths(tmp_path / "data"), creds)
    try:
        with store.engine.connect() as conn:
            limit = conn.exec_driver_sql("PRAGMA journal_size_limit").scalar()
            cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    finally:
        store.close()
    assert limit == store_db.WAL_LIMIT_BYTES == 64 * 1024 * 1024
    assert cache == -store_db.CACHE_MIN_KIB  # a new, small store: the floor


def test_cache_is_sized_for_the_store_and_bounded(tmp_path: Path) -> None:
    f = tmp_path / "desk.db"
    f.write_bytes(b"")
    assert store_db.cache_kib(f) == store_db.CACHE_MIN_KIB
    with f.open("wb") as fh:  # sparse: 100 MB
        fh.truncate(100 * 1024 * 1024)
    assert store_db.cache_kib(f) == 25 * 1024
    with f.open("wb") as fh:
        fh.truncate(2 * 1024 * 1024 * 1024)
    assert store_db.cache_kib(f) == store_db.CACHE_MAX_KIB


def _old_store(tmp_path: Path) -> tuple[Paths, Credentials]:
    paths = Paths(tmp_path / "data")
    creds = Credentials(MemorySecrets(), "upgrade-test")
    store = open_store(paths, creds, migrate=False)
    try:
        migrate.upgrade(store.engine, FIRST)
    finally:
        store.close()
    return paths, creds


def test_upgrade_leaves_no_backup_once_the_store_checks_ok(tmp_path: Path) -> None:
    paths, creds = _old_store(tmp_path)
    store = open_store(paths, creds)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    finally:
        store.close()
    assert not list(paths.data_dir.glob("*.bak"))


def test_upgrade_refused_when_the_disk_cannot_hold_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, creds = _old_store(tmp_path)
    before = paths.database.read_bytes()
    # The test cannot own a nearly full disk: only the free-space probe is replaced.
    monkeypatch.setattr(store_db, "free_bytes", lambda _d: 5 * 1_000_000)
    with pytest.raises(StoreNoRoomForBackup) as info:
        open_store(paths, creds)
    err = info.value
    assert err.code == "store.no_room_for_backup"
    assert err.params["free_mb"] == 5
    assert err.params["need_mb"] > 5
    assert "nothing was changed" in err.message
    assert not list(paths.data_dir.glob("*.bak"))
    monkeypatch.undo()
    store = open_store(paths, creds, migrate=False)
    try:
        assert migrate.current_revision(store.engine) == FIRST  # not upgraded
    finally:
        store.close()
    assert len(paths.database.read_bytes()) == len(before)
