"""Back up and restore a regional server: its database and its blob directory.

A backup is a directory holding ``database.dump`` (``pg_dump --format=custom``) or
``database.sqlite3`` (SQLite's online backup), ``blobs.tar`` (complete blobs only; an
upload in progress is resumed by its client) and ``manifest.json`` (server id, the feed
counter at the time of the backup, sizes and SHA-256 of both files). The database is
dumped first: blobs are immutable once complete, so every blob a dumped row refers to is
already in the directory when it is archived.

A restore loads both into an empty database and blob directory, then moves the feed
counter forward by ``seq_gap`` (default 10^9). Devices that synced after the backup hold
cursors beyond the restored feed; the gap puts every change made after the restore above
those cursors, so no device skips one. Such devices are recognised on their next pull
(a cursor position between the restored counter and the gap) and their lanes differ
from the server's (they hold rows the restore lost): the client's integrity check
repairs them. See docs/server-operations.md.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from server.db import Database, normalise_url, open_database
from server.models import FeedCounter, ServerMeta

MANIFEST = "manifest.json"
DEFAULT_SEQ_GAP = 1_000_000_000
#: server_meta keys written by a restore.
RESTORED_COUNTER_KEY = "restored_counter"
RESTORED_GAP_KEY = "restored_gap"
RESTORED_AT_KEY = "restored_at"


class BackupError(Exception):
    """A backup or restore that cannot be done (the message says why)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq_url(url: str) -> str:
    """The URL as libpq tools take it (no SQLAlchemy driver suffix)."""
    return "postgresql://" + normalise_url(url).split("://", 1)[1]


def _is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=6 * 3600)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds."""

    server_id: str
    feed_counter: int
    created_at: str
    database_file: str
    blobs: int

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON)."""
        return self.__dict__.copy()


def backup(url: str, blob_dir: Path, out: Path) -> BackupInfo:
    """Write a backup of the server at ``url`` with ``blob_dir`` into the new dir ``out``."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(url, create=False)
    try:
        with db.read() as session:
            server_id = session.get(ServerMeta, "server_id")
            counter = session.scalar(select(FeedCounter.seq).where(FeedCounter.id == 1))
        if server_id is None:
            raise BackupError("not a District Desk server database")
        if _is_sqlite(url):
            database_file = "database.sqlite3"
            source = sqlite3.connect(str(make_url(url).database))
            target = sqlite3.connect(str(out / database_file))
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            database_file = "database.dump"
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(out / database_file),
                    _libpq_url(url),
                ]
            )
    finally:
        db.engine.dispose()
    blobs = _archive_blobs(blob_dir, out / "blobs.tar")
    info = BackupInfo(
        server_id=server_id.value,
        feed_counter=int(counter or 0),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        database_file=database_file,
        blobs=blobs,
    )
    manifest = info.as_dict() | {
        "sha256": {
            database_file: _sha256(out / database_file),
            "blobs.tar": _sha256(out / "blobs.tar"),
        }
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
    return info


def _archive_blobs(blob_dir: Path, target: Path) -> int:
    count = 0
    with tarfile.open(target, "w") as archive:
        if blob_dir.is_dir():
            for path in sorted(blob_dir.glob("??/*")):
                if path.is_file() and not path.name.endswith(".tmp"):
                    archive.add(path, arcname=f"{path.parent.name}/{path.name}")
                    count += 1
    return count


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a backup, after checking both files against it.

    Raises:
        BackupError: missing, unreadable or altered backup.
    """
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
        files: dict[str, str] = manifest["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"no readable backup manifest in {source}") from exc
    for name, digest in files.items():
        path = source / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name} is missing or does not match the manifest")
    return manifest


def restore(source: Path, url: str, blob_dir: Path, seq_gap: int = DEFAULT_SEQ_GAP) -> int:
    """Restore a backup into an empty database at ``url`` and ``blob_dir``.

    Returns the feed counter after the gap (the first change after the restore gets the
    next number).

    Raises:
        BackupError: bad backup, or the target database or blob directory is not empty.
    """
    manifest = read_manifest(source)
    if seq_gap < 0:
        raise BackupError("the sequence gap cannot be negative")
    if blob_dir.exists() and any(p for p in blob_dir.rglob("*") if p.is_file()):
        raise BackupError(f"blob directory {blob_dir} is not empty")
    database_file = str(manifest["database_file"])
    if _is_sqlite(url):
        if database_file != "database.sqlite3":
            raise BackupError("this backup is of a PostgreSQL server")
        target = Path(str(make_url(url).database))
        if target.exists():
            raise BackupError(f"{target} exists")
        shutil.copyfile(source / database_file, target)
    else:
        if database_file != "database.dump":
            raise BackupError("this backup is of a SQLite server")
        _check_empty(url)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                _libpq_url(url),
                str(source / database_file),
            ]
        )
    blob_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "blobs.tar") as archive:
        archive.extractall(blob_dir, filter="data")
    db = open_database(url)  # also creates tables newer than the backup
    try:
        return _advance_counter(db, seq_gap)
    finally:
        db.engine.dispose()


def _check_empty(url: str) -> None:
    db = open_database(url, create=False)
    try:
        with db.read() as session:
            tables = session.connection().dialect.get_table_names(session.connection())
    finally:
        db.engine.dispose()
    if tables:
        raise BackupError("the target database is not empty (create a new one)")


def _advance_counter(db: Database, seq_gap: int) -> int:
    with db.write() as session:
        counter = session.get(FeedCounter, 1)
        assert counter is not None
        restored = int(counter.seq)
        session.execute(
            update(FeedCounter).where(FeedCounter.id == 1).values(seq=restored + seq_gap)
        )
        facts = {
            RESTORED_COUNTER_KEY: str(restored),
            RESTORED_GAP_KEY: str(seq_gap),
            RESTORED_AT_KEY: datetime.now(UTC).isoformat(timespec="seconds"),
        }
        for key, value in facts.items():
            row = session.get(ServerMeta, key)
            if row is None:
                session.add(ServerMeta(key=key, value=value))
            else:
                row.value = value
    return restored + seq_gap


def restored_window(db: Database) -> tuple[int, int] | None:
    """``(restored counter, counter after the gap)`` if this database was restored."""
    with db.read() as session:
        counter = session.get(ServerMeta, RESTORED_COUNTER_KEY)
        gap = session.get(ServerMeta, RESTORED_GAP_KEY)
    if counter is None or gap is None:
        return None
    return int(counter.value), int(counter.value) + int(gap.value)
