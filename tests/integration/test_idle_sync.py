"""An idle sync costs one request on a kept connection.

Real server on loopback behind the in-tree link emulator, which counts the TCP
connections opened and the bytes carried each way.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.sync.engine import CRED_DEVICE_ID
from tests.faults.syncenv import client_env, fast_options, server_users
from tests.helpers import server_fixture
from tests.helpers.linkemu import LinkEmulator
from tests.helpers.server_fixture import RunningServer

dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(120)


def test_idle_cycles_reuse_the_connection_and_skip_hello(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    dd_server.seed(bulletins=30, cases=1, offices=["AST-01"])
    port = int(dd_server.url.rsplit(":", 1)[1])
    with LinkEmulator("127.0.0.1", port) as link:
        env = client_env(
            dd_server, tmp_path / "client", url=link.url, options=fast_options(idle_news=True)
        )
        try:
            assert env.engine.run_once().ok
            for _ in range(3):
                link.reset_stats()
                result = env.engine.run_once()
                assert result.ok and result.up_to_date, result
                stats = link.stats()
                # One request (no /hello: it is cached), on the connection kept open:
                # /news and its 204 without a body (about 320 + 150 B over plain HTTP).
                assert result.round_trips == 1, result
                assert result.integrity_ok is True, result
                assert stats.connections == 0, stats
                assert stats.bytes_up + stats.bytes_down < 600, stats

            # The device token expired: renewed on the same connection, not a new one.
            dd_server.expire_tokens(env.desk.credentials.get(CRED_DEVICE_ID) or "")
            link.reset_stats()
            result = env.engine.run_once()
            assert result.ok, result
            assert result.round_trips == 3, result  # refused, renewed, asked again
            assert link.stats().connections == 0, link.stats()

            # Idle longer than the NAT keeps a mapping: a new connection, not a dead one.
            env.engine.transport().nat_idle_seconds = 0.3
            time.sleep(0.6)
            link.reset_stats()
            assert env.engine.run_once().ok
            assert link.stats().connections == 1
        finally:
            env.engine.close()
            env.desk.close()


def test_a_failed_cycle_asks_hello_again(dd_server: RunningServer, tmp_path: Path) -> None:
    server_users(dd_server)
    port = int(dd_server.url.rsplit(":", 1)[1])
    with LinkEmulator("127.0.0.1", port) as link:
        env = client_env(dd_server, tmp_path / "client", url=link.url)
        try:
            assert env.engine.run_once().ok
            link.configure(cut_after=100, cut_every=True, cut_linger=0.0)  # the link drops
            failed = env.engine.run_once()
            assert not failed.ok, failed
            link.configure(cut_after=None, cut_every=False)
            link.reset_stats()
            result = env.engine.run_once()
            assert result.ok, result
            assert result.round_trips == 2, result  # /hello, then the changes
        finally:
            env.engine.close()
            env.desk.close()


def test_an_idle_cycle_does_not_search_the_photos_for_missing_thumbnails(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    """The search for thumbnails to fetch reads every photo of the store (66 ms at 100k
    bulletins): an idle cycle skips it until a row arrives."""
    import random

    from sqlalchemy import event

    from server import operator
    from server.seed import Generator

    server_users(dd_server)
    dd_server.seed(bulletins=20, cases=1, offices=["AST-01"], photos=True)
    env = client_env(dd_server, tmp_path / "client", options=fast_options(idle_news=True))
    searches: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "FROM media JOIN attachments ON attachments.sha256 = media.thumb_sha256" in statement:
            searches.append(statement)

    event.listen(env.desk.store.engine, "before_cursor_execute", seen)
    try:
        assert env.engine.run_once().ok
        assert env.engine.run_once().ok  # the photos' thumbnails are all present now
        searches.clear()
        for _ in range(3):
            result = env.engine.run_once()
            assert result.ok and result.up_to_date, result
        assert searches == []

        with dd_server.db.write() as s:
            operator.publish_bulletin(s, Generator(random.Random(5)).bulletin(0), None)
        assert env.engine.run_once().ok
        assert len(searches) == 1, searches  # a row arrived: looked at again
    finally:
        event.remove(env.desk.store.engine, "before_cursor_execute", seen)
        env.engine.close()
        env.desk.close()
