"""Back up a regional server on PostgreSQL, destroy it, restore it, and let real clients go on.

Two real clients (encrypted store, sync engine) of one office: A stops syncing before
the backup is taken, B goes on syncing after it (so its cursor is ahead of what the backup
holds). After the restore, A carries on as if nothing happened: nothing lost, nothing
sent twice, no repair. B is recognised by the server as ahead of the feed, receives every
change made after the restore (the restore's sequence gap puts them above its cursor),
and its integrity check repairs the rows the restore lost.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from app.store.models import OutboxItem, OutboxState, RequestState
from app.sync.engine import CRED_DEVICE_ID, SyncResult
from server.models import FeedRow, ItemRecord
from tests.faults.syncenv import OFFICE, ClientEnv, client_env, server_users
from tests.helpers import pg_cluster
from tests.helpers.server_fixture import (
    REPO,
    RunningServer,
    _child_env,
    _pg_database,
    _run_sql_autocommit,
    _wait_for_hello,
    _wait_for_url,
)

pg_base_url = pg_cluster.pg_base_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.timeout(300)]


def _serve(db_url: str, blob_dir: Path, log_path: Path, port: int) -> RunningServer:
    args = [
        sys.executable,
        "-m",
        "server",
        "serve",
        "--db",
        db_url,
        "--blob-dir",
        str(blob_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, cwd=REPO, env=_child_env(), stdout=log, stderr=subprocess.STDOUT
        )
    server = RunningServer("", db_url, blob_dir, log_path, process)
    try:
        server.url = _wait_for_url(process, log_path)
        _wait_for_hello(server.url)
    except BaseException:
        server.stop()
        raise
    return server


def _sync(env: ClientEnv, rounds: int = 20) -> list[SyncResult]:
    results = []
    for _ in range(rounds):
        results.append(env.engine.run_once())
        if results[-1].up_to_date:
            return results
    raise AssertionError(f"sync never caught up: {results[-1]}")


def _item_ids(env: ClientEnv) -> dict[str, str]:
    with env.desk.store.read() as s:
        return {item.id: str(item.state) for item in s.scalars(select(OutboxItem))}


def _bulletin_ids(server: RunningServer) -> set[str]:
    with server.db.read() as s:
        return set(
            s.scalars(
                select(FeedRow.row_id).where(FeedRow.row_type == "b", FeedRow.tombstone.is_(False))
            )
        )


def test_restore_from_backup_and_clients_carry_on(tmp_path: Path, pg_base_url: str) -> None:
    db_url, name = _pg_database(pg_base_url)
    blobs = tmp_path / "blobs"
    first = _serve(db_url, blobs, tmp_path / "first.log", 0)
    second: RunningServer | None = None
    try:
        port = int(first.url.rsplit(":", 1)[1])
        server_users(first)
        a = client_env(first, tmp_path / "a")
        b = client_env(first, tmp_path / "b")
        first.seed(20, cases=2, offices=[OFFICE], photos=True)
        sent_before = a.approved_request()
        _sync(a)
        _sync(b)
        assert a.state(sent_before) == RequestState.SENT
        items_before = _item_ids(a)
        assert items_before and all(s == OutboxState.DONE for s in items_before.values())
        with first.db.read() as s:
            records_before = s.scalar(select(func.count()).select_from(ItemRecord))

        info = json.loads(first.cli("backup", "--out", str(tmp_path / "backup")))
        assert info["blobs"] > 0 and info["feed_counter"] > 0

        # B goes on after the backup: it will be ahead of the restored server.
        first.seed(5, offices=[OFFICE])
        _sync(b)
        assert b.bulletin_count() == 25

        # Destroy: the server, its database and its blobs are gone.
        first.stop()
        _run_sql_autocommit(pg_base_url, f'DROP DATABASE "{name}" WITH (FORCE)')
        shutil.rmtree(blobs)
        _run_sql_autocommit(pg_base_url, f'CREATE DATABASE "{name}"')
        out = first.cli("restore", str(tmp_path / "backup"))
        assert "restored" in out
        second = _serve(db_url, blobs, tmp_path / "second.log", port)
        second.pg_cleanup = (pg_base_url, name)
        assert len(list(blobs.glob("??/*"))) == info["blobs"]

        # New changes after the restore.
        second.seed(3, offices=[OFFICE])
        on_server = _bulletin_ids(second)
        assert len(on_server) == 23

        # A: carries on. Nothing lost, nothing re-sent, no repair.
        sent_after = a.approved_request()
        results = _sync(a)
        assert all(r.repaired_lanes == [] for r in results)
        assert results[-1].integrity_ok is True
        assert a.state(sent_after) == RequestState.SENT
        assert a.state(sent_before) == RequestState.SENT
        assert a.bulletin_count() == 23
        items_after = _item_ids(a)
        assert all(s == OutboxState.DONE for s in items_after.values())
        new_items = set(items_after) - set(items_before)
        with second.db.read() as s:
            records = {r.id: r for r in s.scalars(select(ItemRecord))}
        assert set(items_after) <= set(records)
        assert len(records) == records_before + len(new_items)
        assert sum(r.pushed_items for r in results) == len(new_items)

        # B: its cursor is ahead of the restored feed. The server notices; B gets every
        # new row (above the gap) and its integrity check repairs what the restore lost.
        results = _sync(b)
        assert any(r.repaired_lanes for r in results)
        assert results[-1].integrity_ok is True
        log = [json.loads(x) for x in second.log().splitlines() if x.startswith("{")]
        ahead = [x for x in log if x.get("msg") == "cursor ahead of the feed"]
        assert {x["device"] for x in ahead} == {b.desk.credentials.get(CRED_DEVICE_ID)}
        metrics = requests.get(second.url + "/metrics", timeout=10).text
        assert "dd_cursor_ahead_total 0.0" not in metrics
        with b.desk.store.read() as s:
            from app.store.models import Bulletin

            live = set(s.scalars(select(Bulletin.id).where(Bulletin.deleted.is_(False))))
        assert on_server <= live
        b_items = _item_ids(b)
        assert b_items and set(b_items.values()) == {OutboxState.DONE}
    finally:
        if second is not None:
            second.stop()
        if first.process.poll() is None:
            first.stop()
