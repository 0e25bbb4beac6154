"""The UI against the real reference server on loopback: a request approved in the window is
sent by "Sync now", the server's demo answer arrives, and the reply shows as unread."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import SiteConfig
from app.store.models import OutgoingRequest, Reply, RequestState
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import ServerFactory
from tests.ui.conftest import settle
from ui.main_window import MainWindow
from ui.session import UiSession

PASSWORD = "correct horse"


def test_approved_request_is_sent_and_reply_appears(
    qtbot: QtBot, tmp_path: Path, server_factory: ServerFactory
) -> None:
    server = server_factory(demo_delay=0.0)
    server.add_user("officer", "officer", "D01", PASSWORD)
    server.add_user("supervisor", "supervisor", "D01", PASSWORD)
    desk = make_desk(tmp_path / "client", site=SiteConfig(office_code="D01"))
    windows: list[MainWindow] = []
    try:
        enrol(desk, server.url, server.enrolment_code("D01"))
        engine = SyncEngine(desk)
        officer = engine.login_online("officer", PASSWORD)
        supervisor = engine.login_online("supervisor", PASSWORD)
        engine.close()

        off_win = MainWindow(UiSession(desk, officer), auto_sync=False)
        sup_win = MainWindow(UiSession(desk, supervisor), auto_sync=False)
        windows += [off_win, sup_win]
        for w in windows:
            qtbot.addWidget(w)
            w.show()
        settle(qtbot)
        assert off_win.sync.available

        editor = off_win.new_request()
        assert editor is not None
        editor.recipients.setText("NCB-MOSCOW")
        editor.body.setPlainText("Information on the holder of passport N1234567, please.")
        editor.submit()
        settle(qtbot)
        rid = editor.request_id
        assert rid is not None
        review = sup_win.review_request(rid)
        settle(qtbot)
        review.approve()
        settle(qtbot)

        def state() -> RequestState:
            with desk.store.read() as s:
                req = s.get(OutgoingRequest, rid)
                assert req is not None
                return RequestState(req.state)

        assert state() == RequestState.QUEUED
        # Before the sync the status bar is honest: one item waits, not yet sent.
        qtbot.waitUntil(
            lambda: off_win.sync.status is not None and off_win.sync.status.pending_items == 1,
            timeout=5000,
        )
        assert "1" in off_win.status_widget.pending.text()

        assert off_win.sync.sync_now()
        qtbot.waitUntil(lambda: not off_win.sync.running, timeout=60_000)
        result = off_win.sync.last_result
        assert result is not None and result.failure is None, result
        assert state() in (RequestState.SENT, RequestState.ACKNOWLEDGED, RequestState.ANSWERED)

        # The demo server answers; the next sync brings the reply in.
        for _ in range(10):
            if state() == RequestState.ANSWERED:
                break
            qtbot.wait(300)
            assert off_win.sync.sync_now()
            qtbot.waitUntil(lambda: not off_win.sync.running, timeout=60_000)
        assert state() == RequestState.ANSWERED
        with desk.store.read() as s:
            replies = s.scalars(select(Reply).where(Reply.request_id == rid)).all()
            assert replies and not replies[0].read
        settle(qtbot)
        off_win.replies.refresh()
        assert off_win.replies.model.rowCount() >= 1
        assert "(" in off_win.nav.item(4).text()  # unread count on "Replies"
        status = off_win.sync.status
        assert status is not None and status.pending_items == 0
        assert status.last_confirmed_sync
    finally:
        for w in windows:
            w.close()
        desk.close()
