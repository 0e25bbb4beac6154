"""Every visible label and button of every main page and dialog fits its text, at the two
office screen sizes, in Russian and English (the screenshot suite repeats this in a real
X server and at 150 %)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.users import Actor
from tests.helpers.desk import Office
from tests.helpers.textfit import clipped_texts
from tests.ui.conftest import settle
from ui.enrol_dialog import FIELD_CODE, FIELD_NONE, EnrolDialog
from ui.i18n import install_language, remove_translators, resources_dir
from ui.login import LoginDialog
from ui.main_window import PAGES, MainWindow
from ui.messages import error_text
from ui.settings import AboutDialog, SettingsDialog

SIZES = [(1366, 768), (1600, 1000)]


@pytest.fixture(params=["ru", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The language, and the application's real style sheet (it changes text widths)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    install_language(request.param)
    yield request.param
    remove_translators()
    app.setStyleSheet("")


def _check(qtbot: QtBot, widget: QWidget, where: str, problems: list[str]) -> None:
    settle(qtbot)
    QApplication.processEvents()
    problems += [f"{where}: {p}" for p in clipped_texts(widget)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_and_dialog_fits_its_text(
    qtbot: QtBot,
    office: Office,
    open_window: Callable[[Actor], MainWindow],
    language: str,
    size: tuple[int, int],
) -> None:
    problems: list[str] = []
    login = LoginDialog(office.desk, online_login=lambda _u, _p: office.officer)
    qtbot.addWidget(login)
    login.show()
    login._fail(login.tr("Enter your user name and password."))
    _check(qtbot, login, "login", problems)

    win = open_window(office.supervisor)
    win.resize(*size)
    for key in PAGES:
        win.show_page(key)
        _check(qtbot, win, f"page {key}", problems)
    editor = win.new_request()
    assert editor is not None
    _check(qtbot, editor, "request editor", problems)
    editor.close()
    for make in (
        lambda: SettingsDialog(office.desk, office.supervisor, win),
        lambda: AboutDialog(office.desk, None, win),
        lambda: EnrolDialog(office.desk, win),
    ):
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        _check(qtbot, dialog, type(dialog).__name__, problems)
        if isinstance(dialog, EnrolDialog):
            # Errors appear under the fields and at the bottom: nothing may shrink or be cut.
            dialog._show_error(FIELD_CODE, error_text("enrol.code_invalid"))
            dialog._show_error(FIELD_NONE, error_text("enrol.tls"))
            _check(qtbot, dialog, "EnrolDialog with errors", problems)
        dialog.close()
    win.lock_now()
    _check(qtbot, win, "lock", problems)
    assert not problems, f"{language} {size}:\n" + "\n".join(problems)
