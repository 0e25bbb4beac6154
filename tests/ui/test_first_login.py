"""First login on a newly enrolled PC: the right password logs in through the regional
server without ticking anything; offline, the error says the user is not on this PC (not
"wrong password")."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import Preferences, SiteConfig
from app.sync.enrol import enrol
from tests.helpers.desk import Office, make_desk
from tests.helpers.server_fixture import ServerFactory
from tests.ui.conftest import settle
from ui.i18n import install_language, remove_translators
from ui.login import LoginDialog
from ui.main import _online_login_for, save_language

PASSWORD = "correct horse"


def test_first_login_on_an_enrolled_pc_goes_online_unticked(
    qtbot: QtBot, tmp_path: Path, server_factory: ServerFactory
) -> None:
    server = server_factory()
    server.add_user("officer", "officer", "D01", PASSWORD)
    desk = make_desk(tmp_path / "client", site=SiteConfig(office_code="D01"))
    try:
        enrol(desk, server.url, server.enrolment_code("D01"))
        dialog = LoginDialog(desk, online_login=_online_login_for(desk))
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot)
        assert not dialog.online.isChecked()
        dialog.username.setText("officer")
        dialog.password.setText("not the password")
        dialog.try_login()
        settle(qtbot, timeout=30_000)
        assert dialog.actor is None and dialog.error.isVisible()
        dialog.password.setText(PASSWORD)
        dialog.try_login()
        settle(qtbot, timeout=30_000)
        assert dialog.actor is not None, dialog.error.text()
        assert dialog.actor.username == "officer"
        # Cached now: the next login works offline (no server needed).
        server.stop()
        again = LoginDialog(desk, online_login=None)
        qtbot.addWidget(again)
        again.username.setText("officer")
        again.password.setText(PASSWORD)
        again.try_login()
        settle(qtbot)
        assert again.actor is not None
    finally:
        desk.close()


def test_offline_pc_says_the_user_is_not_on_this_pc(qtbot: QtBot, office: Office) -> None:
    dialog = LoginDialog(office.desk, online_login=None)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)
    dialog.username.setText("newcomer")
    dialog.password.setText("any password 1")
    dialog.try_login()
    settle(qtbot)
    assert dialog.actor is None
    assert "not logged in on this PC" in dialog.error.text()
    assert "password" not in dialog.error.text().lower()


def test_language_is_chosen_before_login(qtbot: QtBot, office: Office) -> None:
    install_language("ru")
    try:
        dialog = LoginDialog(office.desk)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.language.currentData() == "ru"
        assert dialog.login_button.text() == "&Войти"
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        assert dialog.switch_language == "en" and not dialog.isVisible()
        save_language(office.desk, install_language(dialog.switch_language))
        assert Preferences.load(office.desk.paths).language == "en"
        again = LoginDialog(office.desk)
        qtbot.addWidget(again)
        assert again.login_button.text() == "&Log in"
        assert again.language.currentData() == "en"
    finally:
        remove_translators()
