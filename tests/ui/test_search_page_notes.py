"""The search page tells the officer what the results alone do not: that more people
matched than the page shows, and that a typed date of birth does not exist."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from app.search import index
from app.store.models import Person, PersonName
from app.users import Actor
from tests.helpers.desk import Office
from tests.ui.conftest import settle
from ui.main_window import MainWindow

OpenWindow = Callable[[Actor], MainWindow]

MORE = (
    "More matches exist than are shown: add a date of birth, a second name or "
    "a document number to narrow the search."
)
BAD_DATE = (
    "the date of birth typed does not exist (for example 31.02) and was not used; "
    "check it and search again"
)


def _namesakes(office: Office, count: int) -> None:
    with office.desk.store.write() as s:
        people = [
            Person(
                sex="M",
                birth_year=1950 + i % 50,
                names=[
                    PersonName(full_name="Иванов Сергей Петрович", script="Cyrl", language="ru")
                ],
            )
            for i in range(count)
        ]
        s.add_all(people)
        s.flush()
        index.index_persons(s, [p.id for p in people])


def _info(qtbot: QtBot, office: Office, open_window: OpenWindow, text: str) -> str:
    win = open_window(office.officer)
    win.show_page("search")
    page = win.search
    page.box.setText(text)
    page.search()
    settle(qtbot)
    qtbot.waitUntil(lambda: "…" not in page.info.text(), timeout=10_000)
    return str(page.info.text())


def test_more_results_than_shown_are_announced(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    _namesakes(office, 80)
    info = _info(qtbot, office, open_window, "Ivanov Sergei")
    assert QCoreApplication.translate("SearchPage", MORE) in info


def test_a_page_that_holds_everything_says_nothing_more(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    _namesakes(office, 3)
    info = _info(qtbot, office, open_window, "Ivanov Sergei")
    assert QCoreApplication.translate("SearchPage", MORE) not in info


def test_an_impossible_date_is_reported(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    _namesakes(office, 3)
    info = _info(qtbot, office, open_window, "Ivanov Sergei 31.02.1975")
    assert QCoreApplication.translate("SearchPage", BAD_DATE) in info
    # The name was still searched: the namesakes are listed.
    assert not info.startswith("0 ")
