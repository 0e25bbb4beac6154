"""Notices: one summary line for many urgent bulletins, and a reply notice that goes away
once the reply is read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from app.store.models import Reply, new_id
from app.users import Actor
from tests.helpers.desk import Office
from tests.ui.conftest import settle
from ui.main_window import MainWindow


def test_many_urgent_bulletins_make_one_summary_notice(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    win = open_window(office.officer)
    for i in range(5):
        office.desk.bus.publish(
            "notification", kind="urgent_bulletin", bulletin_id=f"b{i}", reference=f"2021/{i}"
        )
    settle(qtbot)
    assert win.notices.count() == 1
    assert "5" in win.notices.texts()[0]
    win._open_notice("urgent_list", "")
    assert win.stack.currentWidget() is win.bulletins and win.bulletins.urgent_only.isChecked()
    # After it was opened, the next urgent bulletin starts a new count.
    office.desk.bus.publish(
        "notification", kind="urgent_bulletin", bulletin_id="b9", reference="R9"
    )
    settle(qtbot)
    assert any("R9" in t for t in win.notices.texts())


def test_reply_notice_goes_once_the_reply_is_read(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    rid = new_id()
    with office.desk.store.write() as s:
        s.add(Reply(id=rid, from_agency="NCB", body="Answer", received_at=datetime.now(UTC)))
    win = open_window(office.officer)
    office.desk.bus.publish("notification", kind="reply", reply_id=rid)
    settle(qtbot)
    assert any("reply" in t.lower() for t in win.notices.texts())
    win.show_page("replies")
    win.replies.open_reply(rid)
    settle(qtbot)
    assert not any("reply" in t.lower() for t in win.notices.texts()), win.notices.texts()
