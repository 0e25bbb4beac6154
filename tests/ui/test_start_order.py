"""Start-up work that the first window does not need waits until that window has painted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ui.main import after_first_paint


def test_deferred_work_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    calls: list[str] = []
    after_first_paint(app, lambda: calls.append("ran"))
    app.processEvents()
    assert calls == []  # no window has painted yet
    window = QLabel("first window")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: calls == ["ran"], timeout=5000)
    window.setText("painted again")
    window.repaint()
    app.processEvents()
    assert calls == ["ran"]  # once only


def test_the_gui_module_does_not_load_search_before_the_first_window() -> None:
    # ui.main is what the launcher imports before the first window; the name-key check
    # (and app.search with it) is imported by the deferred call only.
    code = (
        "import sys, ui.main; print(sorted(m for m in sys.modules if m.startswith('app.search')))"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout


def test_the_first_windows_do_not_load_the_wire_schemas_or_the_records_layer() -> None:
    # The login and enrolment windows are what a start shows first. The wire schemas
    # (pydantic models) and the records layer with the office journal took about 0.45 s
    # of a 1.7 s frozen start; they load with the first sync or the first record action.
    code = (
        "import sys, ui.main, ui.login, ui.enrol_dialog; "
        "print(sorted(m for m in sys.modules if m.startswith(('app.sync.protocol', "
        "'app.records', 'app.office', 'pydantic'))))"
    )
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout
