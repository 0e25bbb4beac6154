"""``district-desk sync --if-due`` respects the backoff a failure scheduled."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

import pytest

from app.config import SiteConfig
from app.sync.cli import backoff_until
from app.sync.engine import EngineOptions, SyncEngine, SyncState
from tests.helpers.desk import make_desk

pytestmark = pytest.mark.timeout(60)


def _refused_url() -> str:
    # A port nothing listens on: bind, read the number, close.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_failed_cycle_makes_the_next_scheduled_run_wait(tmp_path: Path) -> None:
    desk = make_desk(tmp_path, site=SiteConfig(office_code="AST-01", server_url=_refused_url()))
    engine = SyncEngine(desk, EngineOptions(backoff_base=600.0, backoff_cap=900.0))
    try:
        assert backoff_until(engine) is None, "never failed: a scheduled run goes ahead"
        result = engine.run_once()
        assert not result.ok and result.state == SyncState.BACKING_OFF
        assert result.next_attempt is not None
        until = backoff_until(engine)
        assert until is not None, "backing off: the scheduled run must not start a cycle"
        later = result.next_attempt + timedelta(seconds=1)
        assert backoff_until(engine, now=later) is None, "once the backoff is over it runs"
    finally:
        engine.close()
        desk.close()
