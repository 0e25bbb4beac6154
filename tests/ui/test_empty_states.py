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


def _case(office: Office, number: str, title: str) -> None:
    from app.store.models import Case

    with office.desk.store.write() as s:
        s.add(Case(number=number, title=title, office_code=office.officer.office_code))


def test_cases_list_tells_nothing_yet_from_no_matches(qtbot: QtBot, office: Office) -> None:
    from ui.cases import CasesPage
    from ui.session import UiSession

    page = CasesPage(UiSession(office.desk, office.officer))
    qtbot.addWidget(page)
    page.show()
    assert page.empty.isVisible()
    assert "synchronisation" in page.empty.text.text()
    assert not page.empty.button.isVisible()

    _case(office, "2026/0142", "Кража автомобилей на автовокзале")
    page.refresh()
    assert not page.empty.isVisible()

    page.view.selectRow(0)
    settle(qtbot)
    assert page.detail.view is not None
    page.filter.setText("Zzyzxqw")
    assert page.empty.isVisible()
    # The case that was on the right goes too: nothing looks like part of the empty list.
    assert page.detail.view is None and "2026/0142" not in page.detail.title.text()
    assert "Zzyzxqw" in page.empty.text.text() and "synchronisation" not in page.empty.text.text()
    assert page.empty.button.isVisible()
    page.empty.button.click()  # clears the filter: the case is back
    assert page.filter.text() == "" and not page.empty.isVisible()
    assert page.model.rowCount() == 1


def test_every_request_tab_says_why_it_is_empty(qtbot: QtBot, office: Office) -> None:
    from app.store.models import RequestState
    from tests.helpers.requests import request_in_state
    from ui.requests.page import RequestsPage
    from ui.session import UiSession

    session = UiSession(office.desk, office.officer)
    page = RequestsPage(session)
    qtbot.addWidget(page)
    page.show()
    texts = set()
    for key, empty in page.empty_states.items():
        page.show_tab(key)
        assert empty.isVisible(), key
        assert empty.text.text(), key
        texts.add(empty.text.text())
    assert len(texts) == len(page.empty_states), "each tab says what it holds"

    request_in_state(office, session.requests, RequestState.DRAFT, office.officer)
    page.refresh()
    page.show_tab("drafts")
    assert not page.empty_states["drafts"].isVisible()
    page.show_tab("sent")
    assert page.empty_states["sent"].isVisible()
