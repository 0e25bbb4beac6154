"""Hits show the true state of their notification, and a hit notification is prefilled in
the user's language, with the receiving agency's language one click away."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.search.hits import start_hit_notification
from app.store.models import Bulletin, BulletinKind, Hit, OutgoingRequest, Person, PersonName
from tests.helpers.desk import Office
from tests.ui.conftest import OpenWindow, settle
from ui.i18n import install_language, remove_translators
from ui.requests.hit_text import hit_notification_text


@pytest.fixture
def russian() -> Iterator[None]:
    install_language("ru")
    yield
    remove_translators()


def _hit(office: Office) -> str:
    with office.desk.store.write() as s:
        b = Bulletin(kind=BulletinKind.RED, reference="A-77/3-2026", title="ПЕТРОВ Олег")
        s.add(b)
        s.flush()
        p = Person(bulletin_id=b.id, birth_year=1990)
        s.add(p)
        s.flush()
        s.add(PersonName(person_id=p.id, position=0, full_name="ПЕТРОВ Олег"))
        hit = Hit(bulletin_id=b.id, target_kind="person", target_id=p.id,
                  officer_id=office.officer.user_id, place="Рынок Алтын Орда",
                  match_explanation={"label": "ПЕТРОВ Олег", "band": "strong"})  # fmt: skip
        s.add(hit)
        s.flush()
        return hit.id


def _notification_cell(win) -> str:  # type: ignore[no-untyped-def]
    model = win.hits.model
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return str(model.index(0, column.index("Сообщение о совпадении")).data())


def test_hit_notification_in_the_users_language_and_its_true_state(
    qtbot: QtBot, office: Office, open_window: OpenWindow, russian: None
) -> None:
    hit_id = _hit(office)
    win = open_window(office.officer)
    win.hits.refresh()
    qtbot.waitUntil(lambda: win.hits.model.rowCount() == 1, timeout=5000)
    assert _notification_cell(win) == "не начато"

    # What the search page does when "notify" is ticked: prefill in the user's language.
    rid = start_hit_notification(office.desk.store, office.officer, hit_id,
                                 recipients=("NCB-MOSCOW",), service=win.session.requests,
                                 wording=hit_notification_text)  # fmt: skip
    with office.desk.store.read() as s:
        body = s.get(OutgoingRequest, rid).body  # type: ignore[union-attr]
    assert body.startswith("Совпадение по ориентировке A-77/3-2026.")
    assert "сильное соответствие" in body and "Место: Рынок Алтын Орда" in body
    assert "Hit on" not in body and "Matched" not in body
    win.hits.refresh()
    settle(qtbot)
    assert _notification_cell(win) == "Черновик"  # a draft is not a report

    # The officer can refill the text in the receiving agency's language (undoable).
    editor = win.open_request(rid)
    settle(qtbot)
    assert editor.prefill_row.isVisible()
    editor.prefill_language.setCurrentIndex(editor.prefill_language.findData("en"))
    assert editor.prefill_language.currentText() == "английский"
    editor.prefill_button.click()
    settle(qtbot)
    assert editor.body.toPlainText().startswith("Hit on bulletin A-77/3-2026.")
    assert "strong match" in editor.body.toPlainText()
    editor.body.undo()
    assert editor.body.toPlainText().startswith("Совпадение по ориентировке")

    # Submitting moves the hit's state on by itself (core event -> hits page refresh).
    editor.submit()
    settle(qtbot)
    assert _notification_cell(win) == "На утверждении"
    editor.close()
