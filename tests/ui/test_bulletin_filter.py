"""The bulletin list's country filter takes codes of both lengths and names in both
languages, refuses an unknown country with a message, and an empty list says why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pytestqt.qtbot import QtBot

from app.store.models import Bulletin, BulletinKind, new_id
from app.users import Actor
from tests.helpers.desk import Office
from tests.ui.conftest import settle
from ui.main_window import MainWindow


def _bulletins(office: Office, countries: list[str]) -> None:
    with office.desk.store.write() as s:
        for i, country in enumerate(countries):
            s.add(
                Bulletin(
                    id=new_id(),
                    kind=BulletinKind.RED,
                    reference=f"2025/{i:05d}",
                    title=f"Bulletin {i}",
                    issuing_country=country,
                    issued_on=date(2025, 1, 1 + i),
                )
            )


def _filter(qtbot: QtBot, win: MainWindow, text: str) -> int:
    page = win.bulletins
    page.country.setText(text)
    page._country_entered()
    settle(qtbot)
    return page.model.rowCount()


def test_country_filter_accepts_codes_and_names(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    # The regional feed says KZ, an older national system KAZ: both are Kazakhstan.
    _bulletins(office, ["KZ", "KZ", "KAZ", "UZ", "UZB", "RU"])
    win = open_window(office.officer)
    page = win.bulletins
    assert page.model.rowCount() == 6
    for text in ("KAZ", "kz", "Kazakhstan", "Казахстан", "казахстан", "Kazakhstan (KZ, KAZ)"):
        assert _filter(qtbot, win, text) == 3, text
        assert not page.country_error.isVisible()
    assert _filter(qtbot, win, "Узбекистан") == 2
    assert _filter(qtbot, win, "Russia") == 1


def test_unknown_country_is_refused_with_a_message(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    _bulletins(office, ["KZ", "UZ"])
    win = open_window(office.officer)
    page = win.bulletins
    assert _filter(qtbot, win, "Atlantis") == 2  # not applied: nothing would match
    assert page.country_error.isVisible()
    assert "Atlantis" in page.country_error.text()
    assert _filter(qtbot, win, "UZ") == 1
    assert not page.country_error.isVisible()


def test_empty_list_says_whether_a_filter_hides_everything(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    win = open_window(office.officer)
    page = win.bulletins
    assert page.model.rowCount() == 0
    assert page.empty.isVisible() and "synchronisation" in page.empty_text.text()
    assert not page.clear_filter_button.isVisible()
    _bulletins(office, ["KZ", "KZ"])
    page.refresh()
    settle(qtbot)
    assert page.model.rowCount() == 2 and not page.empty.isVisible()
    assert _filter(qtbot, win, "UZB") == 0
    assert page.empty.isVisible() and "filter" in page.empty_text.text()
    assert page.clear_filter_button.isVisible()
    page.clear_filter_button.click()
    settle(qtbot)
    assert page.model.rowCount() == 2 and page.country.text() == ""
    assert not page.empty.isVisible()
