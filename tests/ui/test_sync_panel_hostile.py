"""The GUI ends of the hostile-server work (issue 19 item 3), against the real server.

- "Show full photo": the progress dialog's Cancel, closing the window that asked and
  Stop each interrupt a download that a server trickles, within a second or two;
- the sync panel shows how many feed rows could not be applied and, on demand, the rows
  with their reasons in the user's language.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.store.models import Media
from tests.faults.badproxy import BadProxy
from tests.faults.hostile import good_bulletin, publish_raw
from tests.faults.syncenv import ClientEnv, client_env, server_users
from tests.helpers import server_fixture
from tests.helpers.server_fixture import RunningServer
from ui.session import UiSession
from ui.sync_controller import SyncController
from ui.sync_panel import SyncPanel, row_problem_text, row_type_text

shared_server = server_fixture.shared_server

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def hostile_server(shared_server: RunningServer) -> RunningServer:
    """One server with the office's users for the module: each test enrols a fresh client
    behind its own proxy, and checks only what that client received."""
    server_users(shared_server)
    return shared_server


@pytest.fixture
def env(hostile_server: RunningServer, tmp_path: Path) -> Iterator[tuple[ClientEnv, BadProxy]]:
    proxy = BadProxy(hostile_server.url)
    env = client_env(hostile_server, tmp_path / "client", url=proxy.url)
    try:
        yield env, proxy
    finally:
        proxy.script = None
        env.engine.close()
        proxy.close()


def _photo(env: ClientEnv) -> tuple[str, int]:
    env.server.seed(bulletins=4, photos=True)
    assert env.engine.run_once().up_to_date
    with env.desk.store.read() as s:
        media = s.scalars(select(Media).where(Media.deleted.is_(False))).first()
        assert media is not None
        return media.sha256, media.size


@pytest.mark.parametrize("how", ["dialog_cancel", "window_closed", "stop"])
def test_cancel_close_and_stop_interrupt_a_full_photo_download(
    qtbot: QtBot, env: tuple[ClientEnv, BadProxy], how: str
) -> None:
    client, proxy = env
    sha, size = _photo(client)

    def trickle(h: Any) -> bool:
        if f"/blobs/{sha}" not in h.path:
            return False
        h.wfile.write(b"HTTP/1.1 200 OK\r\nX-District-Desk-Protocol: 1\r\n")
        h.wfile.write(f"Content-Length: {size}\r\n\r\n".encode())
        try:
            for _ in range(600):  # one byte every 0.1 s: never a read timeout
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass
        h.close_connection = True
        return True

    proxy.script = trickle
    controller = SyncController(UiSession(client.desk, client.officer), auto=False)
    parent = QWidget()
    parent.show()
    done: list[bool] = []
    op = controller.fetch_blob(parent, sha, on_done=lambda: done.append(True))
    assert op is not None
    finished: list[float] = []
    op.finished.connect(lambda: finished.append(time.monotonic()))
    qtbot.waitUntil(lambda: proxy.count(f"/blobs/{sha}", "GET") >= 1, timeout=20_000)
    qtbot.wait(1200)  # the download is under way (and its dialog shown after 600 ms)
    assert not finished
    if how == "dialog_cancel":
        dialogs = [w for w in parent.findChildren(QProgressDialog) if w.isVisible()]
        assert len(dialogs) == 1
        button = dialogs[0].findChild(QPushButton)
        assert button is not None
        button.click()  # the user presses Cancel
    elif how == "window_closed":
        parent.close()
        parent.deleteLater()
    else:
        controller.cancel()
    pressed = time.monotonic()
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert finished[0] - pressed <= 2.0, finished[0] - pressed
    assert not done and not client.desk.blobs.has(sha)
    # Nothing is left half-broken: with the honest server the photo comes.
    proxy.script = None
    assert client.engine.fetch_media(sha, size_hint=size)
    controller.shutdown()
    if how != "window_closed":
        parent.deleteLater()


def test_the_sync_panel_lists_rows_that_could_not_be_applied(
    qtbot: QtBot, env: tuple[ClientEnv, BadProxy]
) -> None:
    client, _proxy = env
    bad = good_bulletin(0)
    bad["p"] = [{**bad["p"][0], "b": [10**20, 1, 1]}]
    bad_id, _ = publish_raw(client.server, json.dumps(bad))
    client.server.seed(bulletins=5)
    result = client.engine.run_once()
    assert result.ok and result.bad_rows == 1, result
    controller = SyncController(UiSession(client.desk, client.officer), auto=False)
    panel = SyncPanel(UiSession(client.desk, client.officer), controller)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(controller.status_changed, timeout=20_000):
        controller.refresh()
    assert controller.status is not None and controller.status.bad_row_count == 1
    assert "1" in panel.bad_count.text()
    assert panel.bad_button.isEnabled() and not panel.bad_table.isVisible()
    panel.bad_button.click()
    assert panel.bad_table.isVisible() and panel.bad_table.rowCount() == 1
    cells = [panel.bad_table.item(0, j).text() for j in range(3)]  # type: ignore[union-attr]
    assert cells == [row_type_text("b"), bad_id, row_problem_text("schema")]
    panel.bad_button.click()
    assert not panel.bad_table.isVisible()
    controller.shutdown()


def test_a_refused_feed_page_is_explained_in_both_languages(qtbot: QtBot) -> None:
    from ui.i18n import install_language, remove_translators
    from ui.messages import error_text

    english = error_text("sync.feed_unsigned")
    assert english != error_text("no.such.code") and "signature" in english
    install_language("ru")
    try:
        russian = error_text("sync.feed_unsigned")
    finally:
        remove_translators()
    assert russian != english and any("а" <= ch <= "я" for ch in russian.lower())
