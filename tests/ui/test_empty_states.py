"""Empty states say why they are empty, Search takes the keyboard when shown, and the
enrolment menu item is for IT staff only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.store.models import Bulletin, BulletinKind, new_id
from app.users import Actor
from tests.helpers.desk import Office
from tests.ui.conftest import settle
from ui.main_window import MainWindow


def test_search_on_a_new_pc_says_nothing_is_synchronised(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    win = open_window(office.officer)
    win.show_page("search")
    QApplication.processEvents()
    assert win.search.box.hasFocus() or QApplication.focusWidget() is win.search.box
    win.search.box.setText("Ivanov")
    win.search.search()
    settle(qtbot)
    assert "synchronisation" in win.search.info.text()


def test_search_without_matches_says_no_matches(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    with office.desk.store.write() as s:
        s.add(
            Bulletin(
                id=new_id(),
                kind=BulletinKind.RED,
                reference="2025/1",
                title="Wanted",
                issuing_country="KZ",
                issued_on=date(2025, 1, 1),
            )
        )
    win = open_window(office.officer)
    win.show_page("search")
    win.search.box.setText("Zzyzxqw")
    win.search.search()
    settle(qtbot)
    assert "No matches" in win.search.info.text() and "Zzyzxqw" in win.search.info.text()


def test_enrolment_is_offered_to_it_staff_only(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    assert not open_window(office.officer).enrol_action.isVisible()
    assert not open_window(office.supervisor).enrol_action.isVisible()
    assert open_window(office.admin).enrol_action.isVisible()
