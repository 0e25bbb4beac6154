"""Bad server replies are classified, nothing is half-applied, and sync goes on after.

A forwarding proxy (``tests/faults/badproxy.py``) sits between the client and the real
reference server and spoils the answers of ``/changes`` in one way after another.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.store.models import RequestState, SyncRow
from app.sync.engine import SyncState
from app.sync.protocol import ErrorClass
from tests.faults.badproxy import BadProxy
from tests.faults.syncenv import (
    ClientEnv,
    client_env,
    fast_options,
    server_requests,
    server_users,
)
from tests.helpers.server_fixture import RunningServer

pytestmark = pytest.mark.timeout(150)


@pytest.fixture
def proxied(dd_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    server_users(dd_server)
    dd_server.seed(bulletins=40)
    proxy = BadProxy(dd_server.url)
    env = client_env(dd_server, tmp_path / "client", url=proxy.url)
    try:
        yield env, proxy
    finally:
        env.engine.close()
        proxy.close()


def _held(env: ClientEnv) -> int:
    with env.desk.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(SyncRow)) or 0)


MODES = [
    ("truncated", {"sync.network", "sync.bad_reply"}, ErrorClass.TRANSIENT),
    ("schema", {"sync.bad_reply"}, ErrorClass.TRANSIENT),
    ("captive", {"sync.not_our_server"}, ErrorClass.TRANSIENT),
    ("huge", {"sync.bad_reply"}, ErrorClass.TRANSIENT),
    ("version", {"sync.fatal"}, ErrorClass.FATAL),
]


def test_bad_replies_are_classified_and_sync_recovers(proxied: tuple[ClientEnv, BadProxy]) -> None:
    env, proxy = proxied
    assert env.engine.run_once().up_to_date
    for mode, code, klass in MODES:
        _one_bad_reply(env, proxy, mode, code, klass)


def _one_bad_reply(
    env: ClientEnv, proxy: BadProxy, mode: str, code: set[str], klass: ErrorClass
) -> None:
    before_rows = _held(env)
    before_bulletins = env.bulletin_count()
    env.server.seed(bulletins=15)
    rid = env.approved_request()

    proxy.mode = mode
    hits = proxy.hits
    result = env.engine.run_once()
    assert proxy.hits > hits, mode
    assert not result.ok, mode
    assert result.failure is not None
    assert result.failure.code in code, (mode, result.failure)
    assert result.failure.klass == klass.value, mode
    # Nothing from the bad answer was applied; what was there is still there.
    assert _held(env) == before_rows and env.bulletin_count() == before_bulletins, mode
    # The push before the pull went through: the request is on the server, and SENT.
    assert rid in server_requests(env.server)
    assert env.state(rid) == RequestState.SENT
    status = env.engine.status()
    assert status.last_error is not None and status.last_error.code == result.failure.code
    if klass is ErrorClass.FATAL:
        assert result.state == SyncState.FATAL and result.next_attempt is None
        assert status.state == SyncState.FATAL
    else:
        assert result.state == SyncState.BACKING_OFF
        assert result.next_attempt is not None and result.next_attempt > datetime.now(UTC)
        assert status.next_attempt is not None
        assert abs((status.next_attempt - result.next_attempt).total_seconds()) < 0.01

    proxy.mode = None
    result = env.engine.run_once()
    assert result.ok and result.up_to_date and result.integrity_ok, (mode, result)
    assert env.bulletin_count() == before_bulletins + 15


def test_black_holed_link_gives_up_within_deadline(
    dd_server: RunningServer, tmp_path: Path
) -> None:
    server_users(dd_server)
    proxy = BadProxy(dd_server.url)
    opts = fast_options()
    opts.deadlines.stall = 1.5
    env = client_env(dd_server, tmp_path / "client", url=proxy.url, options=opts)
    try:
        proxy.mode = "blackhole"
        started = time.monotonic()
        result = env.engine.run_once()
        elapsed = time.monotonic() - started
        assert elapsed < opts.deadlines.stall + 3.0, elapsed
        assert result.failure is not None and result.failure.code == "sync.timeout"
        assert result.next_attempt is not None and result.next_attempt > datetime.now(UTC)
        assert env.engine.status().next_attempt is not None
        proxy.mode = None
        assert env.engine.run_once().up_to_date
    finally:
        env.engine.close()
        proxy.close()


def test_retry_after_is_honoured(dd_server: RunningServer, tmp_path: Path) -> None:
    import requests

    server_users(dd_server)
    env = client_env(dd_server, tmp_path / "client")
    requests.post(
        dd_server.api("/_test/faults"),
        json={"mode": "rate_limited", "count": 1, "retry_after": 120},
        timeout=5,
    )
    result = env.engine.run_once()
    assert result.failure is not None and result.failure.code == "sync.server_busy"
    assert result.next_attempt is not None
    wait = (result.next_attempt - datetime.now(UTC)).total_seconds()
    assert 100 < wait <= 121, wait
    assert env.engine.run_once().up_to_date
