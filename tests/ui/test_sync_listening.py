"""While the server holds ``/news`` (long-poll), the window shows the PC as up to date and
listening, "Sync now" stays usable, and an item approved meanwhile leaves at once instead of
waiting for the hold to end. Real server on loopback, real engine, real widgets."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import SiteConfig
from app.store.models import OutgoingRequest, RequestState
from app.sync.engine import SyncEngine
from app.sync.enrol import enrol
from tests.helpers.desk import make_desk
from tests.helpers.server_fixture import ServerFactory
from tests.ui.conftest import settle
from ui.main_window import MainWindow
from ui.ops import running_ops
from ui.session import UiSession

PASSWORD = "correct horse"


def beside_sync(qtbot: QtBot) -> None:
    """Wait until every background operation but the held sync cycle has delivered."""
    qtbot.waitUntil(lambda: running_ops() <= 1, timeout=10_000)


class Listening:
    """Every ``listening`` value the controller announced, with when (a restart of a held
    cycle can pass between two polls of a wait, so it is recorded, not polled)."""

    def __init__(self, sync: Any) -> None:
        self.sync = sync
        self.seen: list[tuple[float, bool]] = []
        sync.status_changed.connect(
            lambda _status, facts: self.seen.append((time.monotonic(), facts.listening))
        )

    def steady(self, qtbot: QtBot, seconds: float = 1.5, timeout: float = 60) -> None:
        """Start cycles until one has been listening for ``seconds`` without a restart
        (the audit events of what a cycle brought are new work, which may restart a held
        cycle once or twice first, and a cycle that pushed does not listen)."""

        def ok() -> bool:
            if not self.sync.running:
                self.sync.sync_now()  # a short cycle ended (it pushed): the next one listens
                return False
            if not self.sync.facts.listening:
                return False
            last_off = max((t for t, on in self.seen if not on), default=0.0)
            return time.monotonic() - last_off >= seconds

        qtbot.waitUntil(ok, timeout=int(timeout * 1000))

    def restarted_since(self, mark: int) -> bool:
        """The held cycle ended and a new one is listening again."""
        return any(not on for _t, on in self.seen[mark:]) and self.sync.facts.listening


def test_a_held_news_call_reads_as_listening_and_new_work_does_not_wait(
    qtbot: QtBot, tmp_path: Path, server_factory: ServerFactory
) -> None:
    server = server_factory(demo_delay=0.0)
    server.add_user("officer", "officer", "D01", PASSWORD)
    server.add_user("supervisor", "supervisor", "D01", PASSWORD)
    server.seed(bulletins=5, cases=1, offices=["D01"])
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
        sync = off_win.sync
        assert sync.engine is not None
        sync.engine.options.news_wait_seconds = 120

        # A first, verified cycle: the next one may ask /news and be held.
        assert sync.sync_now()
        qtbot.waitUntil(lambda: not sync.running, timeout=60_000)
        assert sync.last_result is not None and sync.last_result.failure is None
        assert sync.engine.news_head is not None, sync.last_result

        listening = Listening(sync)
        assert sync.sync_now()
        listening.steady(qtbot)
        beside_sync(qtbot)
        bar = off_win.status_widget
        assert sync.running
        assert "listening" in bar.state.text(), bar.state.text()
        assert "Synchronising" not in bar.state.text()
        assert bar.sync_button.isEnabled()
        assert off_win.sync_panel.sync_button.isEnabled()

        # An approval while the call is held: the request leaves within seconds, not after
        # the two-minute hold.
        editor = off_win.new_request()
        assert editor is not None
        editor.recipients.setText("NCB-MOSCOW")
        editor.body.setPlainText("Information on the holder of passport N7654321, please.")
        editor.submit()
        beside_sync(qtbot)
        rid = editor.request_id
        assert rid is not None
        review = sup_win.review_request(rid)
        beside_sync(qtbot)
        approved_at = time.monotonic()
        review.approve()

        def state() -> RequestState:
            with desk.store.read() as s:
                req = s.scalar(select(OutgoingRequest).where(OutgoingRequest.id == rid))
                assert req is not None
                return RequestState(req.state)

        qtbot.waitUntil(
            lambda: state() in (RequestState.SENT, RequestState.ACKNOWLEDGED), timeout=45_000
        )
        assert time.monotonic() - approved_at < 45
        # That cycle pushed, so it did not wait for news; the next one does, and "Sync now"
        # restarts it at once.
        listening.steady(qtbot)
        mark = len(listening.seen)
        assert sync.sync_now()
        qtbot.waitUntil(lambda: listening.restarted_since(mark), timeout=15_000)
        assert sync.last_result is None or sync.last_result.failure is None
    finally:
        for w in windows:
            w.sync.cancel()
            w.close()
        settle(qtbot)
        desk.close()
