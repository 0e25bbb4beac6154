"""``backup`` and ``restore`` on SQLite, and what they refuse (no PostgreSQL needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from server.blobs import BlobStore
from server.db import open_database
from server.feed import counter_value
from server.models import FeedRow
from server.seed import seed
from tests.helpers.server_fixture import REPO, _child_env


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=REPO,
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sqlite_backup_restore_round_trip_and_refusals(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    blobs = tmp_path / "blobs"
    db = open_database(url)
    seed(db, BlobStore(blobs), bulletins=12, cases=2, offices=["A"], photos=True, seed_value=4)
    with db.read() as session:
        rows = session.scalar(select(func.count()).select_from(FeedRow))
        counter = counter_value(session)
    db.engine.dispose()

    done = _cli("backup", "--db", url, "--blob-dir", str(blobs), "--out", str(tmp_path / "bk"))
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["feed_counter"] == counter and info["blobs"] == len(list(blobs.glob("??/*")))
    # A second backup into the same directory is refused, not mixed in.
    again = _cli("backup", "--db", url, "--blob-dir", str(blobs), "--out", str(tmp_path / "bk"))
    assert again.returncode == 2 and "not empty" in again.stderr

    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    new_blobs = tmp_path / "restored-blobs"
    done = _cli("restore", str(tmp_path / "bk"), "--db", target, "--blob-dir", str(new_blobs))
    assert done.returncode == 0, done.stderr
    assert f"next change number is {counter + 1_000_000_000 + 1}" in done.stdout
    restored = open_database(target, create=False)
    with restored.read() as session:
        assert session.scalar(select(func.count()).select_from(FeedRow)) == rows
        assert counter_value(session) == counter + 1_000_000_000
    restored.engine.dispose()
    assert sorted(p.name for p in new_blobs.glob("??/*")) == sorted(
        p.name for p in blobs.glob("??/*")
    )

    # Restoring over existing data is refused; so is an altered backup.
    over = _cli("restore", str(tmp_path / "bk"), "--db", target, "--blob-dir", str(new_blobs))
    assert over.returncode == 2 and "error:" in over.stderr
    tar = tmp_path / "bk" / "blobs.tar"
    tar.write_bytes(tar.read_bytes()[:-10] + b"x" * 10)
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    bad = _cli("restore", str(tmp_path / "bk"), "--db", other, "--blob-dir", str(tmp_path / "o"))
    assert bad.returncode == 2 and "does not match the manifest" in bad.stderr
    assert not (tmp_path / "other.sqlite3").exists()
