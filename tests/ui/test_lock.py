"""A locked session shows no personal data: not in the widget tree, not in the pixels, not in
the title; it says who locked it and why; a wrong password is only a wrong password."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.store.models import Bulletin, BulletinKind, Person, PersonName, new_id
from app.users import MAX_FAILED_ATTEMPTS, Actor
from tests.helpers.desk import TEST_PASSWORD, Office
from tests.ui.conftest import settle
from ui.login import LockScreen
from ui.main_window import MainWindow

CANARIES = ("CANARY-7731", "Zanzibarova", "Quelqueparsk")


def _add_canary_bulletin(office: Office, reference: str, surname: str) -> str:
    bid, pid = new_id(), new_id()
    with office.desk.store.write() as s:
        s.add(
            Bulletin(
                id=bid,
                kind=BulletinKind.RED,
                reference=reference,
                title=f"Wanted in {CANARIES[2]}",
                issuing_country="KZ",
                issued_on=date(2025, 3, 1),
            )
        )
        s.add(Person(id=pid, bulletin_id=bid, sex="F", birth_year=1980))
        s.add(PersonName(person_id=pid, position=0, full_name=f"{surname} Aigul", script="Latn"))
    return bid


def _texts(window: QWidget) -> list[str]:
    """Every text a visible widget of any visible window shows or holds."""
    found: list[str] = [window.windowTitle()]
    tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for top in tops:
        found.append(top.windowTitle())
        for w in [top, *top.findChildren(QWidget)]:
            if not w.isVisible():
                continue
            found += [w.toolTip(), w.accessibleName(), w.windowTitle()]
            if isinstance(w, QLabel | QAbstractButton | QLineEdit):
                found.append(w.text())
            elif isinstance(w, QPlainTextEdit | QTextEdit):
                found.append(w.toPlainText())
            elif isinstance(w, QAbstractItemView) and w.model() is not None:
                model = w.model()
                root = w.rootIndex()
                for r in range(min(model.rowCount(root), 200)):
                    c = 0
                    while (index := model.index(r, c, root)).isValid():
                        found.append(str(index.data() or ""))
                        c += 1
    return found


def _leaks(window: QWidget) -> list[str]:
    return [t for t in _texts(window) for c in CANARIES if c in t]


def _grab(window: MainWindow) -> QImage:
    QApplication.processEvents()
    return window.grab().toImage()


def _failures_are(screen: LockScreen, count: int) -> Callable[[], bool]:
    """A condition for ``qtbot.waitUntil``: the lock screen has counted ``count`` failures."""
    return lambda: screen.failures == count


def test_locked_window_shows_no_canary_in_tree_or_image(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    QApplication.setCursorFlashTime(0)  # a blinking caret would change the pixels
    first = _add_canary_bulletin(office, CANARIES[0], CANARIES[1])
    second = _add_canary_bulletin(office, "OTHER-2", "Different")
    win = open_window(office.officer)
    win.resize(1200, 760)
    win.bulletins.refresh()
    win.open_bulletin(first)
    editor = win.new_request()
    assert editor is not None
    editor.body.setPlainText(f"Please check {CANARIES[1]} in {CANARIES[2]}")
    settle(qtbot)
    # The test can fail: before the lock the canaries are on screen.
    assert _leaks(win), "the canary data was not shown before the lock"
    unlocked_first = _grab(win)

    win.lock_now()
    settle(qtbot)
    assert isinstance(win.lock_screen, LockScreen) and win.lock_screen.isVisible()
    assert _leaks(win) == []
    assert not editor.isVisible()  # the open draft is hidden with everything else
    assert win.windowTitle() == "District Desk — locked"
    assert "locked this session" in win.lock_screen.reason.text()
    locked_first = _grab(win)

    # Change what is behind the lock; the locked pixels must not change (the same change
    # does change an unlocked window).
    win.open_bulletin(second)
    settle(qtbot)
    assert _grab(win) == locked_first
    win.lock_screen.password.setText(TEST_PASSWORD)
    win.lock_screen.try_unlock()
    settle(qtbot)
    assert win.lock_screen is None
    assert editor.isVisible()  # the draft comes back
    assert _grab(win) != unlocked_first


def test_inactivity_lock_says_so_and_a_wrong_password_is_only_a_password(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    win = open_window(office.officer)
    win.lock_now(by_user=False)
    screen = win.lock_screen
    assert screen is not None
    assert "without activity" in screen.reason.text()
    assert not win.menuBar().isVisible() and not win.statusBar().isVisible()
    assert not any(a.isEnabled() for a in win.findChildren(type(win.new_action)))
    screen.password.setText("not the password")
    screen.try_unlock()
    settle(qtbot)
    assert screen.error.isVisible()
    assert "user name" not in screen.error.text().lower()
    assert win.lock_screen is screen
    screen.password.setText(TEST_PASSWORD)
    screen.try_unlock()
    settle(qtbot)
    assert win.lock_screen is None and win.menuBar().isVisible()
    assert win.new_action.isEnabled()


def test_lock_screen_logs_out_after_as_many_wrong_passwords_as_lock_an_account(
    qtbot: QtBot, office: Office, open_window: Callable[[Actor], MainWindow]
) -> None:
    win = open_window(office.officer)
    win.lock_now(by_user=True)
    screen = win.lock_screen
    assert screen is not None
    for attempt in range(1, MAX_FAILED_ATTEMPTS + 1):
        screen.password.setText(f"wrong {attempt}")
        screen.try_unlock()
        qtbot.waitUntil(_failures_are(screen, attempt), timeout=30_000)
        # One short of the account's limit the screen still only says "wrong password".
        assert screen.logged_out is (attempt == MAX_FAILED_ATTEMPTS)
