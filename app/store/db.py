"""Opening the encrypted SQLite store (SQLCipher) and running its migrations.

Every connection is keyed with a random 256-bit raw key held in the OS keyring, then
set to WAL, ``synchronous=FULL``, foreign keys on, a busy timeout and in-memory temp
storage (so no plaintext temp files). Writes start with ``BEGIN IMMEDIATE`` so two
writers never deadlock on a lock upgrade; reads use plain deferred transactions.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import logging
import secrets
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.credentials import Credentials
from app.errors import (
    KeyMissing,
    StoreCorrupt,
    StoreDiskFull,
    StoreError,
    StoreNoRoomForBackup,
    StoreReadOnly,
    StoreTooNew,
    StoreWrongKey,
)
from app.paths import Paths, atomic_write

log = logging.getLogger(__name__)

STORE_KEY = "store-key"
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
#: The write-ahead log never stays above this: SQLite truncates it to this size whenever it
#: restarts it (``journal_size_limit``), and :meth:`Store.write` checkpoints early enough
#: that it restarts while a long pull runs with lists reading alongside.
WAL_LIMIT_BYTES = 64 * 1024 * 1024
#: Page cache per connection: a quarter of the store, within these bounds (KiB). The
#: bulletin list's indexes of a 100,000-bulletin store then stay in memory.
CACHE_MIN_KIB = 8 * 1024
CACHE_MAX_KIB = 64 * 1024


def cache_kib(path: Path) -> int:
    """The page cache (KiB) a connection to the store at ``path`` gets: sized for the store
    (a quarter of the database file), never below 8 MiB nor above 64 MiB."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return max(CACHE_MIN_KIB, min(CACHE_MAX_KIB, size // 4 // 1024))


def free_bytes(directory: Path) -> int:
    """Free space on the disk holding ``directory`` (the upgrade backup needs room)."""
    return shutil.disk_usage(directory).free


def _key_fingerprint(key: bytes) -> str:
    """A value that tells whether a key is the right one without revealing it."""
    return hmac.new(key, b"district-desk store key check v1", hashlib.sha256).hexdigest()


def _make_engine(
    path: Path, key: bytes, *, pool_size: int = 5, wal_limit: int = WAL_LIMIT_BYTES
) -> Engine:
    hexkey = key.hex()

    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=sqlcipher,
        pool_size=pool_size,
        max_overflow=10,
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see the "begin" listener).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            # SQLCipher would print its own page errors on stderr; the store reports
            # them as typed errors instead.
            cur.execute("PRAGMA cipher_log_level = NONE")
            cur.execute(f"PRAGMA key = \"x'{hexkey}'\"")
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA temp_store = MEMORY")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute(f"PRAGMA journal_size_limit = {int(wal_limit)}")
            cur.execute(f"PRAGMA cache_size = -{cache_kib(path)}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def classify_sqlite_error(exc: BaseException, path: Path) -> StoreError:
    """Turn a driver error into a typed store error."""
    msg = str(getattr(exc, "orig", exc)).lower()
    if "full" in msg:
        return StoreDiskFull(path=str(path))
    if "readonly" in msg or "read-only" in msg or "unable to open" in msg:
        return StoreReadOnly(path=str(path.parent))
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return StoreCorrupt(path=str(path))
    return StoreError(detail=str(getattr(exc, "orig", exc)))


class _FairLock:
    """A re-entrant lock granted in arrival order, that never waits forever.

    ``threading.RLock`` lets the thread that releases it take it straight back, so a
    sync applying many short transactions back to back could starve a user's save. A
    waiter gives up after ``timeout`` seconds and goes on unqueued: SQLite's own busy
    timeout then decides, as it did before this lock existed (so a thread that waits on
    another while holding a write cannot deadlock here).
    """

    def __init__(self, timeout: float) -> None:
        self._timeout = timeout
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._queue: collections.deque[object] = collections.deque()

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold the lock (or, after the timeout, go on without it)."""
        owned = self._acquire()
        try:
            yield
        finally:
            if owned:
                self._release()

    def _acquire(self) -> bool:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
                return True
            ticket = object()
            self._queue.append(ticket)
            ok = self._cond.wait_for(
                lambda: self._owner is None and self._queue[0] is ticket, self._timeout
            )
            self._queue.remove(ticket)
            if not ok:
                self._cond.notify_all()  # the next in line may be able to go now
                return False
            self._owner = me
            self._depth = 1
            return True

    def _release(self) -> None:
        with self._cond:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
                self._cond.notify_all()


class Store:
    """An open District Desk store.

    No ``Session`` is shared across threads: call :meth:`read` or :meth:`write` in the
    thread that uses the session.
    """

    def __init__(self, paths: Paths, key: bytes, *, wal_limit: int = WAL_LIMIT_BYTES) -> None:
        self.paths = paths
        self._key = key
        self.wal_limit = wal_limit
        self.engine = _make_engine(paths.database, key, wal_limit=wal_limit)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(immediate=True), expire_on_commit=False
        )
        # Writers of this process queue here rather than in SQLite's busy handler, whose
        # sleeps are coarse (a save waited ~0.8 s behind a 50 ms sync transaction): the
        # next writer starts the moment the previous one commits.
        self._write_lock = _FairLock(BUSY_TIMEOUT_MS / 1000)

    @property
    def blob_key(self) -> bytes:
        """Key for the attachment store, derived from (never equal to) the store key."""
        return hmac.new(self._key, b"district-desk blobs v1", hashlib.sha256).digest()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end.

        Raises:
            StoreError: typed (corrupt, read-only, ...) when SQLite cannot read.
        """
        with self._read() as session:
            try:
                yield session
            except (OperationalError, SADatabaseError) as exc:
                raise classify_sqlite_error(exc, self.paths.database) from exc
            finally:
                session.rollback()

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A DB-API cursor in one read transaction, rolled back at the end.

        For hot read paths that run on workers beside the GUI thread (the bulletin list's
        blocks): rows come back as plain tuples built by the driver, without the ORM's
        session or SQLAlchemy's result processing, so the worker holds the GIL for a
        fraction of the time. Statements are SQL text with ``:name`` parameters.

        Raises:
            StoreError: typed (corrupt, read-only, ...) when SQLite cannot read.
        """
        conn = self.engine.raw_connection()
        try:
            cur = conn.cursor()
            try:
                cur.execute("BEGIN")
                try:
                    yield cur
                finally:
                    cur.execute("ROLLBACK")
            finally:
                cur.close()
        except sqlcipher.Error as exc:
            raise classify_sqlite_error(exc, self.paths.database) from exc
        finally:
            conn.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one ``BEGIN IMMEDIATE`` transaction, committed on success.

        Raises:
            StoreError: typed (disk full, read-only, corrupt) when SQLite refuses.
        """
        with self._write_lock.hold(), self._write() as session:
            try:
                yield session
                session.commit()
            except (OperationalError, SADatabaseError) as exc:
                session.rollback()
                raise classify_sqlite_error(exc, self.paths.database) from exc
            except BaseException:
                session.rollback()
                raise
        # Outside the writers' queue: a passive checkpoint runs alongside other writers.
        self.keep_wal_bounded()

    def wal_bytes(self) -> int:
        try:
            return self.paths.database.with_name(self.paths.database.name + "-wal").stat().st_size
        except OSError:
            return 0

    def keep_wal_bounded(self) -> None:
        """Checkpoint after a commit once the write-ahead log has grown (every write path,
        a pulled page included, ends here; a stat is all it costs below the thresholds).

        SQLite's own automatic checkpoint cannot restart the log while readers keep using
        it (an open list reading blocks during a long pull), so the file grows. A passive
        checkpoint from an eighth of the limit copies what it can without waiting; from
        half of it a ``TRUNCATE`` checkpoint waits (up to the busy timeout) for the readers
        of old frames to finish, then empties the file. The other half is room for the
        transaction that crosses the threshold.
        """
        size = self.wal_bytes()
        if size < self.wal_limit // 8:
            return
        mode = "TRUNCATE" if size >= self.wal_limit // 2 else "PASSIVE"
        try:
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute(f"PRAGMA wal_checkpoint({mode})")
                cur.close()
            finally:
                raw.close()
        except (OperationalError, SADatabaseError, sqlcipher.Error) as exc:
            # The commit is safe; a checkpoint that could not run is retried next commit.
            log.warning("checkpoint %s skipped: %s", mode, type(exc).__name__)

    def integrity_check(self, *, full: bool = True) -> str:
        """``"ok"`` or SQLite's first complaint: ``integrity_check`` (every index compared
        with its table) or, with ``full=False``, ``quick_check`` (every page readable and
        well-formed, in a fraction of the time on a large store).

        Raises:
            StoreCorrupt: a page cannot even be decrypted or parsed.
        """
        pragma = "integrity_check" if full else "quick_check"
        try:
            with self.engine.connect() as conn:
                return str(conn.exec_driver_sql(f"PRAGMA {pragma}").scalar())
        except (OperationalError, SADatabaseError) as exc:
            err = classify_sqlite_error(exc, self.paths.database)
            raise (
                err if type(err) is not StoreError else StoreCorrupt(path=str(self.paths.database))
            ) from exc

    def checkpoint(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.engine.dispose()


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(16)
    except OSError:
        return b""


def check_writable(paths: Paths) -> None:
    """Create the data directory if needed and prove that it can be written.

    Raises:
        StoreReadOnly: naming the directory.
    """
    try:
        paths.ensure()
        probe = paths.data_dir / ".write-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StoreReadOnly(path=str(paths.data_dir)) from exc


def open_store(paths: Paths, credentials: Credentials, *, migrate: bool = True) -> Store:
    """Open (creating on first start) the encrypted store and bring its schema to head.

    The key is written to the keyring before the database file exists, so a crash in
    between leaves an unused key, never a store without one.

    Raises:
        StoreError: typed, with a message naming the problem; the store is untouched.
        KeyringError: the keyring cannot be used.
    """
    check_writable(paths)
    db = paths.database
    fingerprint_file = paths.data_dir / "store-key.check"
    exists = db.exists() and db.stat().st_size > 0
    stored = credentials.get(STORE_KEY)
    if exists:
        if _read_header(db) == PLAIN_SQLITE_HEADER:
            raise StoreCorrupt(path=str(db))
        if not stored:
            raise KeyMissing(path=str(db), backend=credentials.backend_name)
        key = bytes.fromhex(stored)
        try:
            expected = fingerprint_file.read_text(encoding="ascii").strip()
        except OSError:
            expected = ""
        if expected and not hmac.compare_digest(expected, _key_fingerprint(key)):
            raise StoreWrongKey(path=str(db))
    else:
        if stored:
            key = bytes.fromhex(stored)
        else:
            key = secrets.token_bytes(32)
            credentials.set(STORE_KEY, key.hex())
            if credentials.get(STORE_KEY) != key.hex():
                raise StoreError(detail="the keyring did not keep the new store key")
        atomic_write(fingerprint_file, _key_fingerprint(key).encode("ascii"))

    store = Store(paths, key)
    try:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            conn.commit()
    except (OperationalError, SADatabaseError) as exc:
        store.close()
        err = classify_sqlite_error(exc, db)
        if isinstance(err, StoreCorrupt) and not fingerprint_file.exists():
            raise StoreWrongKey(path=str(db)) from exc
        raise err from exc
    if migrate:
        try:
            upgrade_to_head(store)
        except StoreError:
            store.close()
            raise
    return store


def upgrade_to_head(store: Store) -> None:
    """Apply pending migrations; refuse a store written by a newer version.

    Before changing an existing schema, the (encrypted) database file is copied aside so an
    upgrade that fails can be rolled back by IT staff.
    """
    from app.store import migrate

    current = migrate.current_revision(store.engine)
    head = migrate.head_revision()
    if current == head:
        return
    if current is not None and not migrate.is_known_revision(current):
        raise StoreTooNew(found=current, supported=head)
    backup: Path | None = None
    if current is not None:
        store.checkpoint()
        backup = store.paths.data_dir / f"desk.db.before-{head}.bak"
        _check_room_for_backup(store.paths)
        try:
            shutil.copy2(store.paths.database, backup)
        except OSError as exc:
            backup.unlink(missing_ok=True)
            raise classify_sqlite_error(exc, store.paths.database) from exc
    try:
        migrate.upgrade(store.engine, head)
    except (OperationalError, SADatabaseError, sqlite3.Error) as exc:
        raise classify_sqlite_error(exc, store.paths.database) from exc
    log.info("store migrated from %s to %s", current, head)
    if backup is not None:
        # The copy is only for an upgrade that went wrong: once the upgraded store reads
        # back whole it is dead weight (a full copy of the database, 400 MB at 100,000
        # bulletins). A store that fails the check keeps it for IT staff.
        result = store.integrity_check(full=False)
        if result != "ok":
            raise StoreError("store.integrity", detail=result.splitlines()[0][:200])
        backup.unlink(missing_ok=True)
        log.info("upgrade backup removed: the upgraded store passed quick_check")


#: Room the upgrade needs besides the copy: the migration itself grows the database.
BACKUP_MARGIN_BYTES = 32 * 1024 * 1024


def _check_room_for_backup(paths: Paths) -> None:
    """Refuse the upgrade before copying when the disk cannot hold the copy.

    Raises:
        StoreNoRoomForBackup: with the space needed and the space free, in MB.
    """
    need = paths.database.stat().st_size + BACKUP_MARGIN_BYTES
    free = free_bytes(paths.data_dir)
    if free < need:
        raise StoreNoRoomForBackup(
            path=str(paths.data_dir),
            need_mb=(need + 999_999) // 1_000_000,
            free_mb=free // 1_000_000,
        )


__all__ = ["STORE_KEY", "Store", "check_writable", "open_store", "upgrade_to_head"]
