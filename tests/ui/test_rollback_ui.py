"""The window says so when the store lost work the server had acknowledged (issue 9, item 8).

Real server on loopback, real encrypted store: sync, put an older copy of the store back,
then "Sync now" in the main window fails with ``store.rolled_back`` and the sync panel
shows the translated words, not a generic failure.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.config import SiteConfig
from app.credentials import MemorySecrets
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import ServerFactory
from tests.ui.conftest import settle
from ui.main_window import MainWindow
from ui.messages import error_text
from ui.session import UiSession

pytestmark = pytest.mark.timeout(120)

PASSWORD = "correct horse"
SITE = SiteConfig(office_code="D01")
STORE_FILES = ("desk.db", "desk.db-wal", "desk.db-shm")


def copy_store(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in STORE_FILES:
        (target / name).unlink(missing_ok=True)
        if (source / name).exists():
            shutil.copy2(source / name, target / name)


def test_sync_panel_shows_a_rolled_back_store(
    qtbot: QtBot, tmp_path: Path, server_factory: ServerFactory
) -> None:
    server = server_factory()
    server.add_user("officer", "officer", "D01", PASSWORD)
    secrets = MemorySecrets()
    data = tmp_path / "client"
    desk = make_desk(data, secrets=secrets, site=SITE)
    enrol(desk, server.url, server.enrolment_code("D01"))
    engine = SyncEngine(desk)
    engine.login_online("officer", PASSWORD)
    assert engine.run_once().ok
    engine.close()
    desk.close()
    copy_store(data, tmp_path / "backup")

    desk = make_desk(data, secrets=secrets, site=SITE)
    engine = SyncEngine(desk)
    engine.login_online("officer", PASSWORD)
    assert engine.run_once().ok
    engine.close()
    desk.close()
    copy_store(tmp_path / "backup", data)

    desk = make_desk(data, secrets=secrets, site=SITE)
    try:
        engine = SyncEngine(desk)
        officer = engine.login_online("officer", PASSWORD)
        engine.close()
        window = MainWindow(UiSession(desk, officer), auto_sync=False)
        qtbot.addWidget(window)
        window.show()
        settle(qtbot)
        assert window.sync.sync_now()
        qtbot.waitUntil(lambda: not window.sync.running, timeout=60_000)
        assert window.sync.last_result is not None
        failure = window.sync.last_result.failure
        assert failure is not None and failure.code == "store.rolled_back"
        window.show_page("sync")
        qtbot.waitUntil(
            lambda: window.sync_panel.error.text() == error_text("store.rolled_back"),
            timeout=5000,
        )
        window.close()
    finally:
        desk.close()
