"""USB exchange in the interface (issue 16), against the real server and real files.

- File > "Export for USB…" writes the bundle off the GUI thread; the sync panel then
  counts the items as carried, apart from the queued ones;
- File > "Import from USB…" applies the server's return bundle (carried -> receipted);
- a refused file (an outbox bundle, a damaged return bundle) gets the translated
  sentence and changes nothing;
- the first-start window offers "Import a snapshot from USB…" before enrolment only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from app.config import SiteConfig
from app.credentials import MemorySecrets
from tests.faults.syncenv import ClientEnv, client_env, server_users
from tests.helpers import server_fixture
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import RunningServer
from tests.integration.test_snapshot import fingerprint
from tests.ui.conftest import settle
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.session import UiSession
from ui.usb import export_for_usb, import_from_usb, time_left_text

dd_server = server_fixture.dd_server

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def env(dd_server: RunningServer, tmp_path: Path) -> Iterator[ClientEnv]:
    server_users(dd_server)
    dd_server.seed(bulletins=10)
    e = client_env(dd_server, tmp_path / "client")
    try:
        yield e
    finally:
        e.engine.close()


def _boxes(kind: QMessageBox.Icon) -> list[QMessageBox]:
    from PySide6.QtWidgets import QApplication

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.icon() == kind
    ]


def _close_boxes() -> None:
    for box in _boxes(QMessageBox.Icon.Information) + _boxes(QMessageBox.Icon.Warning):
        box.done(0)


def test_export_shows_carried_then_return_bundle_receipts(
    qtbot: QtBot, env: ClientEnv, tmp_path: Path
) -> None:
    rid = env.approved_request()
    window = MainWindow(UiSession(env.desk, env.supervisor), auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    menu_texts = [a.text() for a in file_menu.actions()]
    assert "E&xport for USB…" in menu_texts and "&Import from USB…" in menu_texts

    usb = tmp_path / "usb"
    usb.mkdir()
    done: list[object] = []
    export_for_usb(window, env.desk, usb, actor_name="supervisor", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    settle(qtbot)
    window.sync.refresh()
    settle(qtbot)
    qtbot.waitUntil(
        lambda: window.sync.status is not None and window.sync.status.carried_items >= 1,
        timeout=10_000,
    )
    assert window.sync.status is not None and window.sync.status.pending_items == 0
    texts = [b.text() for b in _boxes(QMessageBox.Icon.Information)]
    assert any("carried on USB" in t for t in texts), texts
    _close_boxes()
    # The requests list says where the request is.
    window.show_page("requests")
    window.requests.show_tab("outbox")
    settle(qtbot)
    model = window.requests.models["outbox"]
    qtbot.waitUntil(lambda: model.rowCount() >= 1, timeout=10_000)

    def state_texts() -> list[str]:
        return [str(model.data(model.index(r, 2))) for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: any("(on USB)" in t for t in state_texts()), timeout=10_000)
    bundle = next(usb.glob("*.ddout"))

    # Importing the outbox bundle on the PC is refused with a sentence, not a crash.
    before = fingerprint(env.desk)
    assert import_from_usb(window, env.desk, bundle) is None
    warnings = [b.text() for b in _boxes(QMessageBox.Icon.Warning)]
    assert any("regional server" in t for t in warnings), warnings
    _close_boxes()

    back = tmp_path / "back.ddret"
    json.loads(env.server.cli("import-bundle", str(bundle), "--out", str(back)))
    # A damaged copy: refused, translated, nothing changed.
    damaged = tmp_path / "damaged.ddret"
    damaged.write_bytes(back.read_bytes()[:-3])
    import_from_usb(window, env.desk, damaged)
    settle(qtbot, 60_000)
    qtbot.waitUntil(lambda: bool(_boxes(QMessageBox.Icon.Warning)), timeout=10_000)
    warnings = [b.text() for b in _boxes(QMessageBox.Icon.Warning)]
    assert any("incomplete" in t for t in warnings), warnings
    _close_boxes()
    assert fingerprint(env.desk) == before

    imported: list[object] = []
    import_from_usb(window, env.desk, back, on_done=imported.append)
    qtbot.waitUntil(lambda: bool(imported), timeout=60_000)
    settle(qtbot)
    window.sync.refresh()
    settle(qtbot)
    qtbot.waitUntil(
        lambda: window.sync.status is not None and window.sync.status.carried_items == 0,
        timeout=10_000,
    )
    assert env.state(rid) == "sent"
    _close_boxes()
    window.close()


def test_first_start_offers_snapshot_import_before_enrolment_only(
    qtbot: QtBot, env: ClientEnv, tmp_path: Path
) -> None:
    fresh = make_desk(
        tmp_path / "fresh", secrets=MemorySecrets(), site=SiteConfig(office_code="AST-01")
    )
    try:
        dialog = LoginDialog(fresh)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.snapshot_button.isVisible(), timeout=10_000)
        assert dialog.snapshot_button.text() == "Import a &snapshot from USB…"
        # A file that is no snapshot: a translated refusal, nothing changed.
        junk = tmp_path / "junk.ddsnap"
        junk.write_bytes(b"not a snapshot at all")
        before = fingerprint(fresh)
        assert import_from_usb(dialog, fresh, junk, snapshots_only=True) is None
        warnings = [b.text() for b in _boxes(QMessageBox.Icon.Warning)]
        assert any("is not a District Desk snapshot" in t for t in warnings), warnings
        _close_boxes()
        assert fingerprint(fresh) == before
        dialog.close()
    finally:
        fresh.close()
    enrolled = LoginDialog(env.desk)
    qtbot.addWidget(enrolled)
    enrolled.show()
    qtbot.waitUntil(lambda: "Regional server" in enrolled.where.text(), timeout=10_000)
    assert not enrolled.snapshot_button.isVisible()
    enrolled.close()


def test_first_start_window_imports_a_real_snapshot(
    qtbot: QtBot, env: ClientEnv, dd_server: RunningServer, tmp_path: Path, monkeypatch: Any
) -> None:
    """IT staff on a new PC, before enrolment: the first-start window's button, the file
    and passphrase dialogs (answered here: the OS file chooser is not ours), a progress
    dialog, and the store holds the region's bulletins."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from tests.integration.test_snapshot import PASSPHRASE, live_bulletins, make_snapshot
    from ui.ops import running_ops

    snap = tmp_path / "usb" / "region.ddsnap"
    key = make_snapshot(dd_server, snap, "--office", "AST-01")
    fresh = make_desk(
        tmp_path / "fresh",
        secrets=MemorySecrets(),
        site=SiteConfig(office_code="AST-01", snapshot_public_key=key),
    )
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(snap), ""))
    )

    def passphrase(*args: Any, **_k: Any) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return PASSPHRASE, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(passphrase))
    try:
        dialog = LoginDialog(fresh)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.snapshot_button.isVisible(), timeout=10_000)
        assert live_bulletins(fresh) == 0
        dialog.snapshot_button.click()
        qtbot.waitUntil(lambda: running_ops() == 0 and live_bulletins(fresh) == 10, timeout=60_000)
        assert asked == ["Passphrase of the snapshot (from IT staff):"]
        assert not _boxes(QMessageBox.Icon.Warning)
        qtbot.waitUntil(lambda: bool(_boxes(QMessageBox.Icon.Information)), timeout=10_000)
        _close_boxes()
        dialog.close()
    finally:
        fresh.close()


def test_time_left_text() -> None:
    assert time_left_text(None) == "estimating the time left…"
    assert time_left_text(12.4) == "about 12 s left"
    assert time_left_text(600) == "about 10 min left"
