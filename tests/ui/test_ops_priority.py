"""Background operations run below the GUI thread's priority, so that on a two-core PC a
list's reads, a search or a sync never slow a repaint by competing for the cores."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from ui.ops import WORKER_NICE, Op

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="nice levels are how Linux ranks threads"
)


def test_an_operation_runs_nicer_than_the_gui_thread(qtbot: QtBot) -> None:
    gui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def work() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    op = Op(None, work).on_success(seen.append)
    op.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0] == min(19, gui + WORKER_NICE), (gui, seen)
    # The GUI thread itself is untouched.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == gui
