"""Database access for the reference server: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from server.models import Base, FeedCounter, FeedHead, FeedRow, LaneDigest, ServerMeta

#: Used when neither ``--db`` nor ``DD_SERVER_DB`` is given.
DEFAULT_DB_URL = "sqlite:///district-desk-server.sqlite3"
DB_ENV = "DD_SERVER_DB"
BLOB_DIR_ENV = "DD_SERVER_BLOBS"


def resolve_db_url(url: str | None) -> str:
    """The database URL to use: the argument, else ``$DD_SERVER_DB``, else the default."""
    return url or os.environ.get(DB_ENV) or DEFAULT_DB_URL


def normalise_url(url: str) -> str:
    """Map ``postgresql://`` to the psycopg 3 driver SQLAlchemy should use."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def default_blob_dir(url: str) -> Path:
    """Blob directory: ``$DD_SERVER_BLOBS``, else beside a SQLite file, else ``./…-blobs``."""
    env = os.environ.get(BLOB_DIR_ENV)
    if env:
        return Path(env)
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(str(parsed.database) + "-blobs")
    return Path("district-desk-server-blobs")


@dataclass
class Database:
    """Engine plus read and write session factories.

    Write sessions on SQLite start with ``BEGIN IMMEDIATE`` so that writers queue on the
    database lock instead of failing to upgrade; read sessions see one snapshot (WAL on
    SQLite, REPEATABLE READ on PostgreSQL) so a page and its integrity block agree.
    """

    engine: Engine
    reads: sessionmaker[Session]
    writes: sessionmaker[Session]
    statements: Engine | None = None

    @property
    def is_sqlite(self) -> bool:
        """True for a SQLite database."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, committed on success and rolled back on error."""
        with self.writes.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot transaction."""
        with self.reads.begin() as session:
            yield session

    @contextmanager
    def single(self) -> Iterator[Connection]:
        """A connection for single statements that need no transaction around them.

        Each statement commits on its own: no ``BEGIN``/``COMMIT`` around it, which a
        one-statement read or insert on a hot path (every call's token lookup, the idle
        call's feed counter) does not need. On PostgreSQL that is ``AUTOCOMMIT``; on SQLite
        no ``BEGIN`` is issued (the driver is in autocommit mode), so each statement is its
        own transaction, and a read followed by an insert never has to upgrade a read
        snapshot to a write lock.
        """
        if self.statements is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with self.statements.connect() as conn:
                yield conn

    def server_id(self) -> str:
        """The stable id of this server, created with the schema."""
        with self.read() as session:
            meta = session.get(ServerMeta, "server_id")
            if meta is None:
                raise RuntimeError("database not initialised")
            return meta.value


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Any) -> None:
    options = conn.get_execution_options()
    if options.get("dd_single", False):
        return  # Database.single: each statement its own transaction
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("dd_write", False) else "BEGIN")


def open_database(url: str, *, create: bool = True) -> Database:
    """Open (and by default create) the server database at ``url``."""
    url = normalise_url(url)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    if is_sqlite:
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        read_engine = engine
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10)
        read_engine = engine.execution_options(isolation_level="REPEATABLE READ")
    write_engine = engine.execution_options(dd_write=True)
    db = Database(
        engine=engine,
        reads=sessionmaker(read_engine, expire_on_commit=False),
        writes=sessionmaker(write_engine, expire_on_commit=False),
        statements=engine.execution_options(dd_single=True)
        if is_sqlite
        else engine.execution_options(isolation_level="AUTOCOMMIT"),
    )
    if create:
        initialise(db)
    return db


def initialise(db: Database) -> None:
    """Create the tables, the feed counter and the server id if they are missing."""
    Base.metadata.create_all(db.engine)
    with db.write() as session:
        if session.get(FeedCounter, 1) is None:
            session.add(FeedCounter(id=1, seq=0))
        elif session.scalar(select(FeedHead.scope).limit(1)) is None and (
            session.scalar(select(FeedRow.seq).limit(1)) is not None
        ):
            # A database from before the per-scope heads: derive them once.
            from server.feed import rebuild_heads

            rebuild_heads(session)
        if session.scalar(select(LaneDigest.scope).limit(1)) is None and (
            session.scalar(select(FeedRow.seq).limit(1)) is not None
        ):
            # A database from before the content digests: compute them once.
            from server.feed import rebuild_lane_digests

            rebuild_lane_digests(session)
        if session.scalar(select(ServerMeta).where(ServerMeta.key == "server_id")) is None:
            session.add(ServerMeta(key="server_id", value=str(uuid.uuid4())))
        if session.get(ServerMeta, "server_name") is None:
            session.add(ServerMeta(key="server_name", value="District Desk regional server"))
