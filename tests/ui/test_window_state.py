"""The main window fits the screen it opens on, and reopens with the size and splitter
positions it was closed with."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot

from tests.helpers.desk import Office
from tests.ui.conftest import settle
from ui.main_window import MainWindow
from ui.session import UiSession


def _open(qtbot: QtBot, office: Office) -> MainWindow:
    win = MainWindow(UiSession(office.desk, office.officer), auto_sync=False)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot)
    return win


def test_first_window_fits_the_available_screen(qtbot: QtBot, office: Office) -> None:
    win = _open(qtbot, office)
    screen = win.screen().availableGeometry()
    # The offscreen test screen (800x800) is narrower than the window's minimum width; the
    # screenshot suite checks 1366x768 and 150 % in a real X server.
    assert win.width() <= max(screen.width(), win.minimumSizeHint().width())
    assert win.height() <= screen.height() - 40  # room for the frame and the task bar
    assert win.statusBar().isVisible()
    win.close()


def test_size_and_splitters_are_remembered(qtbot: QtBot, office: Office) -> None:
    win = _open(qtbot, office)
    win.resize(win.width(), 600)
    split = win.findChild(QSplitter, "bulletinSplit")
    assert split is not None
    split.setSizes([300, 250])
    settle(qtbot)
    sizes = split.sizes()
    size = (win.width(), win.height())
    win.close()
    again = _open(qtbot, office)
    assert (again.width(), again.height()) == size and size[1] == 600
    split2 = again.findChild(QSplitter, "bulletinSplit")
    assert split2 is not None and split2.sizes() == sizes
    again.close()


def test_date_fields_are_unambiguous_in_english(qtbot: QtBot, office: Office) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDateEdit

    from ui.i18n import install_language, remove_translators

    install_language("en")
    try:
        win = _open(qtbot, office)
        editor = win.new_request()
        assert editor is not None
        edits = win.findChildren(QDateEdit) + editor.findChildren(QDateEdit)
        assert edits
        for edit in edits:
            edit.setDate(QDate(2026, 12, 10))
            assert edit.text() == "10 Dec 2026", edit.text()  # not the US "12/10/26"
        editor.close()
        win.close()
    finally:
        remove_translators()


def test_a_request_window_fits_the_screen_in_russian(qtbot: QtBot, office: Office) -> None:
    """A request opened before it is read offers no action: all its buttons at once would
    widen the window (past a 1366-pixel screen in Russian) and it would not shrink back."""
    from app.store.models import OutgoingRequest, RequestType
    from app.workflow import RequestDraft, RequestService, hash_of
    from ui.i18n import install_language, remove_translators

    svc = RequestService(office.desk.store, office.desk.bus)
    draft = RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body="Address?")
    rid = svc.create_draft(office.officer, draft)
    svc.submit(office.officer, rid)
    with office.desk.store.read() as s:
        digest = hash_of(s.get_one(OutgoingRequest, rid))
    svc.approve(office.supervisor, rid, digest)
    install_language("ru")
    try:
        win = MainWindow(UiSession(office.desk, office.supervisor), auto_sync=False)
        qtbot.addWidget(win)
        editor = win.open_request(rid)
        settle(qtbot)
        screen = editor.screen().availableGeometry()
        assert editor.withdraw_button.isVisible()  # the view arrived
        hints = sum(b.sizeHint().width() for b in editor.action_buttons)
        assert hints > screen.width()  # every button at once would not fit this screen
        assert editor.width() <= screen.width() - 16
        assert editor.height() <= screen.height() - 48
        editor.close()
        win.close()
    finally:
        remove_translators()
