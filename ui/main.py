"""Start the desktop interface: language, style, open the installation, log in, main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import __version__
from app.config import Preferences, load_site_config
from app.context import Desk, install_dir, open_desk
from app.errors import DeskError
from app.paths import atomic_write, resolve
from app.store.gcpause import freeze_long_lived
from app.users import Actor
from ui.i18n import install_language, resources_dir
from ui.messages import error_text

#: How long after the main window is shown start-up's objects are frozen (ms).
FREEZE_AFTER_MS = 1000

log = logging.getLogger(__name__)


def choose_language(data_dir: str | None) -> str:
    """The user's language on this PC, else the site's default, else Russian."""
    paths = resolve(data_dir)
    prefs = Preferences.load(paths)
    if prefs.language:
        return prefs.language
    try:
        return load_site_config(paths, install_dir()).default_language
    except DeskError:
        return "ru"


def save_language(desk: Desk, language: str) -> None:
    """Remember the interface language of this PC (chosen before or after logging in)."""
    prefs = Preferences.load(desk.paths)
    prefs.language = language
    try:
        prefs.save(desk.paths)
    except OSError:
        log.warning("the language preference could not be saved")


def make_application(qt_args: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("District Desk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("District Desk")
    icon = resources_dir() / "icons" / "district-desk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _fatal(text: str, code: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("main", "District Desk cannot start"),
        text,
    )
    box.setInformativeText(QCoreApplication.translate("main", "Code: %1").replace("%1", code))
    box.exec()


def run_session(app: QApplication, desk: Desk) -> int:
    """Log in, show the main window; after a logout, ask for the next login."""
    from ui.login import LoginDialog

    if wants_enrolment(desk):
        from ui.enrol_dialog import EnrolDialog

        # Dismissing it is fine: everything works offline, the menu offers it again.
        EnrolDialog(desk).exec()
    while True:
        online_login = _online_login_for(desk)
        dialog = LoginDialog(desk, online_login=online_login)
        accepted = dialog.exec()
        if dialog.switch_language:
            save_language(desk, install_language(dialog.switch_language))
            continue  # the login dialog again, in the chosen language
        if not accepted or dialog.actor is None:
            return 0
        # Imported once somebody has logged in: the main window pulls in every page, which
        # the first window (enrolment or login) does not need to appear.
        from ui.main_window import MainWindow
        from ui.session import UiSession

        session = UiSession(desk, dialog.actor)
        while True:
            window = MainWindow(session)
            outcome: list[str] = []
            window.logged_out.connect(lambda o=outcome: o.append("logout"))
            # A language change reopens the window translated, in the same session.
            window.language_switched.connect(lambda _lang, o=outcome: o.append("language"))
            window.show()
            # Once the window has painted: start-up's objects leave the collector's sight.
            QTimer.singleShot(FREEZE_AFTER_MS, freeze_long_lived)
            code = app.exec()
            if "language" not in outcome:
                break
        if "logout" not in outcome:
            return int(code)


def _online_login_for(desk: Desk) -> Callable[[str, str], Actor] | None:
    """A blocking ``login_online(username, password)`` when this PC can log in online."""
    if not (desk.site.server_url or _enrolled(desk)):
        return None

    def login_online(username: str, password: str) -> Actor:
        # Imported here, off the GUI thread: the engine pulls in the HTTP stack and the wire
        # schemas, which the login dialog does not need to appear.
        from app.sync.engine import SyncEngine

        engine = SyncEngine(desk)
        try:
            return engine.login_online(username, password)
        finally:
            engine.close()

    return login_online


def _enrolled(desk: Desk) -> bool:
    from app.store.meta import META_DEVICE_ID, get_meta

    with desk.store.read() as s:
        return get_meta(s, META_DEVICE_ID) is not None


def wants_enrolment(desk: Desk) -> bool:
    """Whether the start offers enrolment: this PC is not enrolled and either the site file
    names a server or no user exists yet (a first start). An office that works offline
    only, with local users, is not asked at every start."""
    from sqlalchemy import func, select

    from app.store.meta import META_DEVICE_ID, get_meta
    from app.store.models import User

    with desk.store.read() as s:
        if get_meta(s, META_DEVICE_ID) is not None:
            return False
        users = s.scalar(select(func.count()).select_from(User)) or 0
    return bool(desk.site.server_url) or users == 0


class _CrashNotice(QObject):
    """Lives on the GUI thread; a report written on any thread is shown from here.

    Signals:
        written(str): the path of a crash report (or "—"), to show to the user.
    """

    written = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.written.connect(self.show, Qt.ConnectionType.QueuedConnection)

    def show(self, path: str) -> None:
        if QApplication.instance() is None or QApplication.closingDown():
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("main", "District Desk"),
            QCoreApplication.translate(
                "main",
                "An unexpected error occurred. Your saved work is "
                "safe. Please give this file to IT staff: %1",
            ).replace("%1", path),
        )
        box.exec()


_crash_notice: _CrashNotice | None = None


def install_crash_handler(reports: Path) -> None:
    """Unexpected exceptions on any thread: log, write a report file, tell the user.

    The report holds the traceback only (no record content), for IT staff. The message box
    is always created on the GUI thread (a widget made on a worker thread would crash or
    hang the process); an error on a worker is handed over through a queued signal.
    """
    global _crash_notice
    _crash_notice = _CrashNotice()
    notice = _crash_notice

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("unexpected error", exc_info=(kind, exc, tb))
        path = None
        try:
            reports.mkdir(parents=True, exist_ok=True)
            name = time.strftime("crash-%Y%m%d-%H%M%S") + f"-{threading.get_ident() % 10000}.txt"
            path = reports / name
            atomic_write(path, "".join(traceback.format_exception(kind, exc, tb)).encode())
        except OSError:
            path = None
        text = str(path) if path else "—"
        if threading.current_thread() is threading.main_thread():
            notice.show(text)
        elif shiboken6.isValid(notice):
            notice.written.emit(text)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def run_gui(data_dir: str | None, qt_args: list[str]) -> int:
    """The ``district-desk`` GUI: returns the process exit code."""
    app = make_application(qt_args)
    install_crash_handler(resolve(data_dir).reports)
    install_language(choose_language(data_dir))
    try:
        # Stale name keys (an upgrade) are rebuilt in the background, not before the window.
        desk = open_desk(data_dir, rebuild_search_keys=False)
    except DeskError as exc:
        log.error("cannot open the installation: %s", exc.code)
        _fatal(error_text(exc), exc.code)
        return 3
    # Stale name keys (an upgrade) are rebuilt in the background; even the check, and the
    # search modules it imports, wait until the first window has painted.
    after_first_paint(app, lambda: _start_search_keys(desk))
    code = 0
    try:
        code = run_session(app, desk)
    finally:
        leave(desk, code)
    return code


def _start_search_keys(desk: Desk) -> None:
    from ui import search_keys

    search_keys.start(desk)


class _FirstPaint(QObject):
    """Runs a function once, right after the first window of the application painted."""

    def __init__(self, app: QApplication, fn: Callable[[], None]) -> None:
        super().__init__(app)
        self._fn: Callable[[], None] | None = fn

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._fn is not None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            fn, self._fn = self._fn, None
            # After this paint has finished, from the event loop.
            QTimer.singleShot(0, fn)
            QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
            self.deleteLater()
        return False


def after_first_paint(app: QApplication, fn: Callable[[], None]) -> None:
    """Call ``fn`` on the GUI thread once the first window has painted (start-up work
    that the first window does not need waits for it)."""
    app.installEventFilter(_FirstPaint(app, fn))


def leave(desk: Desk, code: int) -> None:
    """End the process's use of the store after the last window closed.

    A worker still blocked in a network call (a sync page on a slow link, cancelled but
    not yet at its next check) is not waited for: every write is one SQLite transaction,
    so leaving at once loses nothing committed and applies nothing by half (the same
    guarantee the kill -9 tests check). Returns only when no worker is left.
    """
    from ui.ops import thread_pool
    from ui.sync_controller import busy_sync_workers

    # A name-key rebuild pauses at its next step and resumes at the next start.
    search_keys = sys.modules.get("ui.search_keys")
    if search_keys is not None:
        search_keys.stop()
    thread_pool().waitForDone(300)
    if busy_sync_workers() or thread_pool().activeThreadCount():
        log.warning("leaving with a worker still in a network call")
        logging.shutdown()
        os._exit(code)
    desk.close()
