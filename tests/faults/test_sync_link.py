"""Sync over the link emulator: a 64 kbit/s, 1 s RTT link with random cuts; blobs with cuts.

Proves on a bad link: every bulletin arrives once, every approved request reaches the
server exactly once, every reply comes back, and local and server per-lane integrity
match; a 2 MB blob crosses ten forced cuts each way with at most 5 % extra bytes.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.store.models import Reply, RequestState, SyncRow
from tests.faults.syncenv import (
    ClientEnv,
    client_env,
    fast_options,
    post_reply,
    server_accepted_items,
    server_requests,
    server_users,
)
from tests.helpers.linkemu import LinkEmulator
from tests.helpers.server_fixture import RunningServer

BULLETINS = 200
REQUESTS = 8


def _link_to(server: RunningServer) -> LinkEmulator:
    port = int(server.url.rsplit(":", 1)[1])
    return LinkEmulator("127.0.0.1", port).start()


class _Cutter:
    """Cuts the next connection after a random number of bytes, every few seconds."""

    def __init__(self, link: LinkEmulator, seed: int) -> None:
        self.link = link
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.rng.uniform(2.0, 5.0)):
            self.link.configure(cut_after=self.rng.randint(1500, 25_000), cut_every=False)

    def __enter__(self) -> _Cutter:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(10)
        self.link.configure(cut_after=None)


def _until(env: ClientEnv, done: object, limit: float) -> int:
    """Run cycles until ``done()`` holds after an up-to-date cycle; return cycles run."""
    deadline = time.monotonic() + limit
    cycles = 0
    while time.monotonic() < deadline:
        cycles += 1
        result = env.engine.run_once()
        if result.up_to_date and done():  # type: ignore[operator]
            return cycles
    raise AssertionError(f"not done after {cycles} cycles: {result}")


@pytest.mark.timeout(200)
def test_slow_lossy_link_nothing_lost_nothing_doubled(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    seeded = dd_server.seed(bulletins=BULLETINS, cases=3, offices=["AST-01"])
    link = _link_to(dd_server)
    try:
        opts = fast_options()
        opts.deadlines.stall = 8.0  # a 1 s RTT link: give each read a few round trips
        env = client_env(dd_server, tmp_path / "client", url=link.url, options=opts)
        rids = [env.approved_request(f"Request {n} over a bad link.") for n in range(REQUESTS)]
        link.configure(latency=0.5, bandwidth=8000)
        link.reset_stats()
        with _Cutter(link, int(os.environ.get("DD_LINK_SEED", "64"))):
            _until(env, lambda: env.bulletin_count() == BULLETINS, 120)
            assert all(env.state(r) == RequestState.SENT for r in rids)
            for rid in rids:
                post_reply(dd_server, rid)
            _until(env, lambda: all(env.state(r) == RequestState.ANSWERED for r in rids), 60)
        stats = link.stats()
        assert stats.cuts >= 1, stats
        # Every bulletin once, every request once on the server, every reply back.
        with env.desk.store.read() as s:
            held = set(s.scalars(select(SyncRow.i).where(SyncRow.t == "b")))
            replies = s.scalar(select(func.count()).select_from(Reply))
        assert held == set(seeded.bulletins)
        assert sorted(server_requests(dd_server)) == sorted(rids)
        assert len(server_accepted_items(dd_server)) == REQUESTS
        assert replies == REQUESTS
        result = env.engine.run_once()
        assert result.integrity_ok is True and result.up_to_date, result
        env.engine.close()
    finally:
        link.stop()


@pytest.mark.timeout(120)
def test_blob_up_and_down_through_ten_cuts(dd_server: RunningServer, tmp_path: Path) -> None:
    server_users(dd_server)
    link = _link_to(dd_server)
    try:
        env = client_env(dd_server, tmp_path / "client", url=link.url)
        data = random.Random(5).randbytes(2 * 1024 * 1024)
        sha = env.desk.blobs.put(data)
        # Each connection is cut after ~190 KB: the 2 MB needs a dozen connections each way.
        env.engine.run_once()
        link.configure(cut_after=190_000, cut_every=True)
        link.reset_stats()
        env.engine.upload_blob(sha)
        up = link.stats()
        assert up.cuts >= 10, up
        assert up.bytes_up <= 1.05 * len(data), up
        from server.blobs import BlobStore as ServerBlobs

        stored = ServerBlobs(dd_server.blob_dir).path(sha).read_bytes()
        assert hashlib.sha256(stored).hexdigest() == sha

        other = client_env(dd_server, tmp_path / "client2", url=link.url)
        link.configure(cut_after=None)
        other.engine.run_once()
        link.configure(cut_after=190_000, cut_every=True)
        link.reset_stats()
        assert other.engine.fetch_media(sha, size_hint=len(data))
        down = link.stats()
        assert down.cuts >= 10, down
        assert down.bytes_down <= 1.05 * len(data), down
        assert hashlib.sha256(other.desk.blobs.read(sha)).hexdigest() == sha
        print(
            f"up: {up.bytes_up} B, {up.cuts} cuts; down: {down.bytes_down} B, "
            f"{down.cuts} cuts; blob {len(data)} B"
        )
        env.engine.close()
        other.engine.close()
    finally:
        link.stop()
