"""Fixtures for UI tests: real widgets (pytest-qt, offscreen) on a real encrypted store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.users import Actor
from tests.helpers.desk import Office
from ui.main_window import MainWindow
from ui.ops import pending_refreshes, running_ops, thread_pool
from ui.requests import write_pool
from ui.session import UiSession

OpenWindow = Callable[[Actor], MainWindow]
"""The type of the ``open_window`` fixture, for test signatures."""


def settle(qtbot: QtBot, timeout: int = 10_000) -> None:
    """Wait until every background operation has delivered its result, including those
    started by the rate-limited refresh that follows core events.

    Quiet means both at once: no operation running and no event waiting in a bridge. An
    operation publishes its events before it delivers its result, and a bridge starts the
    refresh's operations as it emits, so neither can hide behind the other.
    """

    def quiet() -> bool:
        return running_ops() == 0 and pending_refreshes() == 0

    qtbot.waitUntil(quiet, timeout=timeout)


@pytest.fixture
def open_window(qtbot: QtBot, office: Office) -> Iterator[OpenWindow]:
    """Open main windows for actors of the test office; all are closed at the end."""
    windows: list[MainWindow] = []

    def make(actor: Actor) -> MainWindow:
        window = MainWindow(UiSession(office.desk, actor), auto_sync=False)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        settle(qtbot)
        return window

    yield make
    for window in windows:
        window.close()
    thread_pool().waitForDone(10_000)
    write_pool().waitForDone(10_000)
