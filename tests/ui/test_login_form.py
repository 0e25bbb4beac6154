"""The login form's keyboard use and translations: Tab goes user name -> password -> Log in,
each field's Alt+letter reaches it, and every text is translated in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.desk import Office
from tests.helpers.mnemonics import mnemonic
from tests.ui.conftest import settle
from ui.i18n import install_language, remove_translators
from ui.login import LoginDialog


@pytest.fixture(params=["ru", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    remove_translators()


def _tab_stops(dialog: LoginDialog, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back (Qt's focus chain)."""
    stops = [start]
    w = start.nextInFocusChain()
    while w is not None and w is not start:
        policy = w.focusPolicy()
        if (
            policy & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
            and w.isVisibleTo(dialog)
            and w.isEnabled()
        ):
            stops.append(w)
        w = w.nextInFocusChain()
    return stops


@pytest.mark.parametrize("online", [True, False])
def test_tab_order_starts_with_the_credentials(qtbot: QtBot, office: Office, online: bool) -> None:
    dialog = LoginDialog(
        office.desk, online_login=(lambda _u, _p: office.officer) if online else None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    expected: list[QWidget] = [dialog.username, dialog.password, dialog.login_button]
    if online:
        expected.append(dialog.online)
    if dialog.snapshot_button.isVisibleTo(dialog):
        expected.append(dialog.snapshot_button)
    expected += [dialog.quit_button, dialog.language]
    assert _tab_stops(dialog, dialog.username) == expected
    assert dialog.focusWidget() is dialog.username


def test_texts_are_translated_and_fields_have_their_accelerators(
    qtbot: QtBot, office: Office, language: str
) -> None:
    dialog = LoginDialog(office.desk, online_login=lambda _u, _p: office.officer)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    buddies = {label.buddy(): label.text() for label in dialog.findChildren(QLabel)}
    for field in (dialog.username, dialog.password):
        assert mnemonic(buddies[field]), buddies[field]
    for button in dialog.findChildren(QAbstractButton):
        if button is not dialog.online:
            assert mnemonic(button.text()), button.text()
    sources = [
        (dialog.windowTitle(), "District Desk — log in"),
        (buddies[dialog.username], "&User name:"),
        (buddies[dialog.password], "&Password:"),
        (dialog.online.text(), "First time on this PC: log in through the regional server"),
        (dialog.login_button.text(), "&Log in"),
        (dialog.quit_button.text(), "&Quit"),
        (dialog.snapshot_button.text(), "Import a &snapshot from USB…"),
        (dialog.username.accessibleName(), "User name"),
        (dialog.language.accessibleName(), "Interface language"),
    ]
    for shown, source in sources:
        # Russian shows the translation (so the strings kept their context), English the
        # source text.
        assert (shown == source) == (language == "en"), (shown, source)
