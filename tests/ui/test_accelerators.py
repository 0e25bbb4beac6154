"""No two controls of a window share a keyboard accelerator (Alt+letter), in either
language: menu bar and visible page together, each menu, each dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.users import Actor
from tests.helpers.desk import Office
from tests.helpers.mnemonics import accelerator_clashes, mnemonic
from tests.ui.conftest import settle
from ui.enrol_dialog import EnrolDialog
from ui.i18n import install_language, remove_translators
from ui.login import LoginDialog
from ui.main_window import PAGES, MainWindow
from ui.settings import AboutDialog, SettingsDialog


@pytest.fixture(params=["ru", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    remove_translators()


def test_mnemonic_reading() -> None:
    assert mnemonic("&Save") == "s"
    assert mnemonic("Save &draft") == "d"
    assert mnemonic("Fish && chips") is None
    assert mnemonic("&Сохранить") == "с"


def test_no_window_has_two_equal_accelerators(
    qtbot: QtBot,
    office: Office,
    open_window: Callable[[Actor], MainWindow],
    language: str,
) -> None:
    problems: list[str] = []
    login = LoginDialog(office.desk, online_login=lambda _u, _p: office.officer)
    qtbot.addWidget(login)
    login.show()
    settle(qtbot)
    problems += accelerator_clashes(login, "login")
    win = open_window(office.admin)
    for key in PAGES:
        win.show_page(key)
        settle(qtbot)
        problems += accelerator_clashes(win, f"main window, page {key}")
    editor = open_window(office.officer).new_request()
    assert editor is not None
    settle(qtbot)
    problems += accelerator_clashes(editor, "request editor")
    editor.close()
    for dialog in (
        SettingsDialog(office.desk, office.admin, win),
        AboutDialog(office.desk, None, win),
        EnrolDialog(office.desk, win),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot)
        problems += accelerator_clashes(dialog, type(dialog).__name__)
        dialog.close()
    assert not problems, f"{language}:\n" + "\n".join(sorted(set(problems)))
