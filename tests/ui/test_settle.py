"""``settle()`` waits on the bridges and operations themselves, not on a fixed delay."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from app.events import EventBus
from tests.ui.conftest import settle
from ui.ops import EventBridge, Op, pending_refreshes, running_ops


def test_settle_waits_for_the_refresh_a_bridge_starts(qtbot: QtBot) -> None:
    """An event published by a worker is delivered after a 1 s bridge interval, and the
    refresh it triggers starts one more operation: settle() returns only after that
    operation delivered its result, however long the interval."""
    bus = EventBus()
    bridge = EventBridge(bus, interval_ms=1000)
    refreshed: list[str] = []
    release = threading.Event()

    def refresh(_changed: object) -> None:
        Op(bridge, release.wait).on_success(lambda _ok: refreshed.append("done")).start()

    bridge.changed.connect(refresh)
    try:
        bus.publish("requests_changed", id="r1")  # as a worker's operation would
        assert pending_refreshes() == 1 and running_ops() == 0
        threading.Timer(1.5, release.set).start()
        started = time.monotonic()
        settle(qtbot)
        assert refreshed == ["done"], "settle() returned before the refresh finished"
        assert time.monotonic() - started >= 1.4
        assert pending_refreshes() == 0 and running_ops() == 0
    finally:
        release.set()
        bridge.close()
        bridge.deleteLater()


def test_settle_returns_at_once_when_nothing_is_pending(qtbot: QtBot) -> None:
    bridge = EventBridge(EventBus())
    try:
        started = time.monotonic()
        settle(qtbot)
        assert time.monotonic() - started < 0.25, "settle() waited for nothing"
    finally:
        bridge.close()
        bridge.deleteLater()
