"""Logging in (offline against the cached hash, or online the first time on this PC) and the
inactivity lock screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app import __version__, audit
from app.context import Desk
from app.errors import AccountLocked, AuthError
from app.store.meta import META_DEVICE_ID, META_OFFICE, META_SERVER_URL
from app.store.models import Meta, Office, User
from app.users import MAX_FAILED_ATTEMPTS, Actor, login, verify_password
from ui import formats
from ui.messages import error_text
from ui.ops import Op
from ui.widgets import FieldError, grow_to_fit, heading


def installation_facts(desk: Desk) -> dict[str, str]:
    """Server, office and device of this PC, from the site file and the store (worker)."""
    with desk.store.read() as s:
        meta = {m.key: m.value for m in s.scalars(select(Meta)).all()}
        office_code = desk.site.office_code or meta.get(META_OFFICE, "")
        office = s.get(Office, office_code) if office_code else None
    return {
        "server": desk.site.server_url or meta.get(META_SERVER_URL, ""),
        "office": office_code,
        "office_name": office.name if office else "",
        "enrolled": "1" if meta.get(META_DEVICE_ID) else "",
    }


def user_on_this_pc(store: Any, username: str) -> bool:
    """Whether ``username`` has logged in on this PC before (worker thread)."""
    with store.read() as s:
        return s.scalar(select(User.id).where(User.username == username.strip())) is not None


class LoginDialog(QDialog):
    """Asks for the user name and password; ``actor`` is set when accepted."""

    def __init__(
        self,
        desk: Desk,
        parent: QWidget | None = None,
        *,
        online_login: Callable[[str, str], Actor] | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.actor: Actor | None = None
        #: Set when the user picked another interface language: the caller installs it
        #: and opens the dialog again, translated.
        self.switch_language = ""
        self._online_login = online_login
        self.setWindowTitle(self.tr("District Desk — log in"))
        self.setObjectName("loginDialog")
        self.setMinimumWidth(460)
        # The widgets are created top to bottom: that order is the Tab order, apart from
        # the two jumps set below (user name -> password -> Log in).
        lay = QVBoxLayout(self)
        lay.addLayout(self._title_row())
        self.where = QLabel(self.tr("Reading this PC's configuration…"), self)
        self.where.setObjectName("installationFacts")
        self.where.setWordWrap(True)
        lay.addWidget(self.where)
        lay.addLayout(self._credentials_form())
        self.online = QCheckBox(
            self.tr("First time on this PC: log in through the regional server"), self
        )
        self.online.setVisible(online_login is not None)
        lay.addWidget(self.online)
        lay.addWidget(self._error_label())
        lay.addLayout(self._button_row())
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.login_button)
        self.username.setFocus()
        Op(self, lambda: installation_facts(desk)).on_success(self._show_facts).on_failure(
            lambda exc: self.where.setText(error_text(exc))
        ).start()

    def _title_row(self) -> QHBoxLayout:
        """The title and the interface language."""
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("District Desk"), self), 1)
        # Chosen before logging in: the language is this PC's, not a user's.
        self.language = QComboBox(self)
        self.language.setObjectName("loginLanguage")
        self.language.setAccessibleName(self.tr("Interface language"))
        self.language.addItem("Русский", "ru")
        self.language.addItem("English", "en")
        current = formats.language()
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(self._on_language)
        top.addWidget(self.language, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _credentials_form(self) -> QFormLayout:
        """The user name and password fields."""
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setAccessibleName(self.tr("User name"))
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setObjectName("password")
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        return form

    def _error_label(self) -> QLabel:
        """Why the last attempt failed (hidden until one does)."""
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b71c1c;")
        self.error.hide()
        return self.error

    def _button_row(self) -> QHBoxLayout:
        """The version, the first-start snapshot import, Log in and Quit."""
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Version %1").replace("%1", __version__), self))
        buttons.addStretch(1)
        # First start (not enrolled yet): IT staff may load the bulletins from a USB stick
        # before the first sync, so only the delta crosses the link.
        self.snapshot_button = QPushButton(self.tr("Import a &snapshot from USB…"), self)
        self.snapshot_button.setObjectName("importSnapshot")
        self.snapshot_button.hide()
        self.snapshot_button.clicked.connect(self.import_snapshot)
        buttons.addWidget(self.snapshot_button)
        self.login_button = QPushButton(self.tr("&Log in"), self)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.try_login)
        self.quit_button = QPushButton(self.tr("&Quit"), self)
        self.quit_button.clicked.connect(self.reject)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.quit_button)
        return buttons

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Wrapped texts know their height only once the window has its width.
        QTimer.singleShot(0, lambda: grow_to_fit(self) if shiboken6.isValid(self) else None)

    def _on_language(self, _index: int) -> None:
        language = str(self.language.currentData())
        if language != formats.language():
            self.switch_language = language
            self.reject()

    def _show_facts(self, facts: dict[str, str]) -> None:
        office = facts["office"] or self.tr("not set")
        if facts["office_name"]:
            office = f"{office} — {facts['office_name']}"
        server = facts["server"] or self.tr("none (offline only)")
        self.where.setText(
            self.tr("Office: %1\nRegional server: %2").replace("%1", office).replace("%2", server)
        )
        self.snapshot_button.setVisible(not facts["enrolled"])
        grow_to_fit(self)

    def import_snapshot(self) -> None:
        """First start: import a snapshot file from USB (off the GUI thread)."""
        from ui.usb import import_from_usb

        import_from_usb(self, self.desk, snapshots_only=True)

    def try_login(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self._fail(self.tr("Enter your user name and password."))
            return
        self.login_button.setEnabled(False)
        self.error.hide()
        online_login = self._online_login
        wants_online = self.online.isChecked()
        store = self.desk.store

        def attempt() -> Actor:
            # A user who never logged in on this PC has no cached password here: the
            # first login goes through the regional server, ticked or not.
            if online_login is not None and (wants_online or not user_on_this_pc(store, username)):
                return online_login(username, password)
            if not user_on_this_pc(store, username):
                raise AuthError("auth.not_on_this_pc")
            return login(store, username, password)

        Op(self, attempt).on_success(self._logged_in).on_failure(self._failed).start()

    def _logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.password.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, AccountLocked):
            self._fail(error_text(exc))
        elif isinstance(exc, AuthError) and "remaining" in exc.params:
            self._fail(
                self.tr(
                    "Wrong user name or password. %n attempt(s) left before the account is locked.",
                    "",
                    int(exc.params["remaining"]),
                )
            )
        else:
            self._fail(error_text(exc))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        grow_to_fit(self)


class LockScreen(QWidget):
    """What a locked window shows instead of its content: no record, no name of a record,
    only who locked it and why; only the same user's password unlocks it.

    Signals:
        finished(int): 1 when unlocked, 0 when the user chose to log out.
    """

    finished = Signal(int)

    def __init__(
        self,
        desk: Desk,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        by_user: bool = False,
        minutes: int = 0,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.actor = actor
        self.logged_out = False
        self.by_user = by_user
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget(self)
        box.setObjectName("lockBox")
        box.setMaximumWidth(520)
        lay = QVBoxLayout(box)
        lay.addWidget(heading(self.tr("Session locked"), box))
        name = actor.display_name or actor.username
        if by_user:
            reason = self.tr("%1 locked this session.").replace("%1", name)
        else:
            reason = self.tr(
                "The session of %1 was locked after %n minute(s) without activity.",
                "",
                max(minutes, 1),
            ).replace("%1", name)
        self.reason = QLabel(reason, box)
        self.reason.setObjectName("lockReason")
        self.reason.setWordWrap(True)
        lay.addWidget(self.reason)
        hint = QLabel(self.tr("Enter your password to continue."), box)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.password.returnPressed.connect(self.try_unlock)
        lay.addWidget(self.password)
        self.error = FieldError(box)
        lay.addWidget(self.error)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("&Unlock"), box)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.logout_button = QPushButton(self.tr("Log &out"), box)
        self.logout_button.clicked.connect(self._logout)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.logout_button)
        lay.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.failures = 0
        Op(self, self._audit_lock).on_failure(lambda _e: None).start()

    def _audit_lock(self) -> None:
        # Imported here (a worker thread, at the first lock): the records module pulls in the
        # office journal and the wire schemas, which the login window does not need to appear.
        from app.records import record_user_action

        record_user_action(self.desk, self.actor, audit.Action.SESSION_LOCKED)

    def open(self) -> None:
        """Show the lock and put the cursor in the password field."""
        self.show()
        self.password.setFocus()

    def try_unlock(self) -> None:
        password = self.password.text()
        self.password.clear()
        if not password:
            self.error.show_message(self.tr("Enter your password."))
            return
        self.unlock_button.setEnabled(False)
        Op(self, lambda: verify_password(self.desk.store, self.actor, password)).on_success(
            self._checked
        ).start()

    def _checked(self, ok: bool) -> None:
        self.unlock_button.setEnabled(True)
        if ok:
            self.error.show_message("")
            self.hide()
            self.finished.emit(1)
            return
        self.failures += 1
        # The lock asks for the password only: the user name is not in question.
        self.error.show_message(self.tr("Wrong password."))
        self.password.setFocus()
        if self.failures >= MAX_FAILED_ATTEMPTS:
            # As many wrong passwords as lock an account: someone else is at the PC.
            self._logout()

    def _logout(self) -> None:
        self.logged_out = True
        self.hide()
        self.finished.emit(0)
