"""The main window: navigation, pages, notices, the always-visible sync status, the lock."""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__, audit, events
from app.events import NotificationKind
from app.records import record_user_action
from app.request_view import requests_needing_attention
from app.users import InactivityLock
from ui import labels
from ui.bulletins import BulletinsPage
from ui.cases import CasesPage
from ui.enrol_dialog import EnrolDialog
from ui.i18n import install_language, resources_dir
from ui.login import LockScreen
from ui.ops import EventBridge, Op, write_pool
from ui.person import PersonDialog
from ui.replies import HitsPage, RepliesPage, unread_replies
from ui.requests import RequestEditor, RequestsPage, ReviewDialog
from ui.search_page import SearchPage
from ui.session import UiSession
from ui.settings import AboutDialog, SettingsDialog
from ui.sync_controller import SyncController
from ui.sync_panel import SyncPanel, SyncStatusWidget
from ui.widgets import ElidedLabel, NoticeBar, unambiguous_dates
from ui.window_state import ActivityFilter, restore_geometry, save_geometry

log = logging.getLogger(__name__)

PAGES = ("bulletins", "cases", "search", "requests", "replies", "hits", "sync")


class MainWindow(QMainWindow):
    """The logged-in window.

    Signals:
        logged_out(): the user logged out (the launcher shows the login again).
        language_switched(str): the interface language changed; the window closed itself so
            the launcher can open a new one in that language, in the same session.
    """

    logged_out = Signal()
    language_switched = Signal(str)

    def __init__(
        self, session_: UiSession, *, auto_sync: bool = True, inactivity_minutes: int | None = None
    ) -> None:
        super().__init__()
        self.session = session_
        self.setObjectName("mainWindow")
        self._title = self.tr("District Desk — %1").replace(
            "%1", session_.actor.display_name or session_.actor.username
        )
        self.setWindowTitle(self._title)
        self.bridge = EventBridge(session_.desk.bus, parent=self)
        session_.bridge = self.bridge
        self.sync = SyncController(session_, self, auto=auto_sync)
        session_.sync = self.sync
        self.editors: list[RequestEditor] = []
        # Urgent and cancelled bulletins announced since the summary was last opened.
        self._urgent: list[tuple[str, str]] = []
        self._cancelled: list[tuple[str, str]] = []
        self._logging_out = False
        self._closed = False
        self._switching_language = ""

        self._build_frame()
        self._build_pages()
        self._build_status_bar()
        self._build_menus()
        self._connect_pages()
        self.bridge.changed.connect(self.on_events)
        self.bridge.notified.connect(self.on_notification)

        self._start_inactivity_lock(inactivity_minutes)
        restore_geometry(self, session_.desk.paths.data_dir)
        unambiguous_dates(self)
        self.sync.refresh()
        QTimer.singleShot(0, self._startup_notices)
        if auto_sync and self.sync.available:
            # First attempt shortly after start, so the window is up before the link is used.
            QTimer.singleShot(3000, self.sync.sync_now)

    # -- building the window ---------------------------------------------------------

    def _build_frame(self) -> None:
        """The notice bar, the navigation list and the page stack; the lock screen's frame."""
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(4, 4, 4, 0)
        self.notices = NoticeBar(central)
        self.notices.opened.connect(self._open_notice)
        outer.addWidget(self.notices)
        body = QHBoxLayout()
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setMaximumWidth(200)
        self.nav.setMinimumWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget(central)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        # The content and, while locked, the lock screen in its place: a locked window keeps
        # no record on screen, in its title or in the task-bar thumbnail.
        self.frame = QStackedWidget(self)
        self.frame.addWidget(central)
        self.content = central
        self.setCentralWidget(self.frame)

    def _build_pages(self) -> None:
        """One page per section, listed in the navigation in the order of PAGES."""
        self.bulletins = BulletinsPage(self.session, self)
        self.cases = CasesPage(self.session, self)
        self.search = SearchPage(self.session, self)
        self.requests = RequestsPage(self.session, self)
        self.replies = RepliesPage(self.session, self)
        self.hits = HitsPage(self.session, self)
        self.sync_panel = SyncPanel(self.session, self.sync, self)
        self.page_titles = {
            "bulletins": self.tr("Bulletins"),
            "cases": self.tr("Cases"),
            "search": self.tr("Search"),
            "requests": self.tr("Requests"),
            "replies": self.tr("Replies"),
            "hits": self.tr("Hits"),
            "sync": self.tr("Synchronisation"),
        }
        self.pages: dict[str, QWidget] = {
            "bulletins": self.bulletins,
            "cases": self.cases,
            "search": self.search,
            "requests": self.requests,
            "replies": self.replies,
            "hits": self.hits,
            "sync": self.sync_panel,
        }
        for i, key in enumerate(PAGES):
            item = QListWidgetItem(self.page_titles[key])
            icon = resources_dir() / "icons" / f"{key}.svg"
            if icon.exists():
                item.setIcon(QIcon(str(icon)))
            item.setToolTip(f"Ctrl+{i + 1}")
            self.nav.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(self._on_page_shown)
        self.nav.setCurrentRow(0)

    def _build_status_bar(self) -> None:
        """The sync status and who is logged in."""
        self.status_widget = SyncStatusWidget(self.sync, self)
        self.status_widget.open_panel.connect(lambda: self.show_page("sync"))
        self.user_label = ElidedLabel(self, min_chars=10)
        self.user_label.setText(
            self.tr("%1 · %2 · office %3")
            .replace("%1", self.session.actor.display_name or self.session.actor.username)
            .replace("%2", labels.role(str(self.session.actor.role)))
            .replace("%3", self.session.actor.office_code)
        )
        self.statusBar().addWidget(self.status_widget, 1)
        self.statusBar().addPermanentWidget(self.user_label)

    def _start_inactivity_lock(self, inactivity_minutes: int | None) -> None:
        """Lock the window after the configured minutes without keyboard or mouse input."""
        minutes = (
            inactivity_minutes
            or self.session.desk.preferences.inactivity_minutes
            or self.session.desk.site.inactivity_minutes
        )
        self.inactivity = InactivityLock(min(minutes, self.session.desk.site.inactivity_minutes))
        self._activity = ActivityFilter(self.inactivity, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._activity)
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(5000)
        self._lock_timer.timeout.connect(self._check_inactivity)
        self._lock_timer.start()
        self.lock_screen: LockScreen | None = None
        #: Windows hidden by the lock, shown again when it is lifted.
        self._hidden_by_lock: list[QWidget] = []
        self._enabled_before_lock: dict[QAction, bool] = {}

    # -- structure -------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = self._action(
            file_menu, self.tr("&New request"), "Ctrl+N", self.new_request
        )
        self.new_action.setEnabled(self.session.can_draft)
        self._action(file_menu, self.tr("&Settings…"), "Ctrl+,", self.open_settings)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("E&xport for USB…"), "", self.export_for_usb)
        self._action(file_menu, self.tr("&Import from USB…"), "", self.import_from_usb)
        file_menu.addSeparator()
        self._action(
            file_menu, self.tr("&Lock screen"), "Ctrl+Shift+L", lambda: self.lock_now(True)
        )
        self._action(file_menu, self.tr("Log &out"), "", self.logout)
        self._action(file_menu, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        go = bar.addMenu(self.tr("&Go"))
        for i, key in enumerate(PAGES):
            self._action(
                go,
                self.page_titles[key],
                f"Ctrl+{i + 1}",
                lambda _c=False, k=key: self.show_page(k),
            )
        self._action(go, self.tr("Find…"), QKeySequence.StandardKey.Find, self._focus_search)
        sync_menu = bar.addMenu(self.tr("S&ync"))
        self._action(sync_menu, self.tr("Sync &now"), "F5", self.sync.sync_now)
        self._action(sync_menu, self.tr("Sync &details"), "", lambda: self.show_page("sync"))
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About and diagnostics…"), "F1", self.open_about)
        help_menu.addSeparator()
        # For IT staff: the one-time code from the server's operator is what authorises it.
        self.enrol_action = self._action(
            help_menu, self.tr("&Enrol this PC…"), "", self.open_enrolment
        )
        # Offered to IT staff only; an officer who needs it is told so by the login window.
        self.enrol_action.setVisible(str(self.session.actor.role) == "admin")

    def _action(self, menu: Any, text: str, shortcut: Any, slot: Any) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _connect_pages(self) -> None:
        self.requests.open_request.connect(self.open_request)
        self.requests.review_request.connect(self.review_request)
        self.requests.new_request.connect(self.new_request)
        self.bulletins.detail.use_in_request.connect(self.use_in_request)
        self.bulletins.detail.record_hit.connect(self._hit_from_bulletin)
        self.cases.detail.use_in_request.connect(self.use_in_request)
        self.search.use_in_request.connect(self.use_in_request)
        self.search.open_bulletin.connect(self.open_bulletin)
        self.search.open_person.connect(self.open_person)
        self.search.hit_recorded.connect(lambda _h: self.hits.refresh())
        self.search.notification_started.connect(self.open_request)
        self.hits.open_bulletin.connect(self.open_bulletin)
        self.replies.open_request.connect(self.open_request)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(PAGES.index(key))

    def _on_page_shown(self, row: int) -> None:
        if 0 <= row < len(PAGES) and PAGES[row] == "search":
            self.search.focus_box()  # the officer came to type a name

    def _focus_search(self) -> None:
        self.show_page("search")
        self.search.focus_box()

    # -- requests --------------------------------------------------------------------

    def _track(self, editor: RequestEditor) -> RequestEditor:
        self.editors.append(editor)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.destroyed.connect(
            lambda _o=None, e=editor: self.editors.remove(e) if e in self.editors else None
        )
        editor.changed.connect(lambda _rid: self.requests.refresh())
        editor.review_requested.connect(self.review_request)
        editor.open_subject.connect(self.open_subject)
        unambiguous_dates(editor)
        editor.show()
        return editor

    def new_request(self, subjects: list[dict[str, str]] | None = None) -> RequestEditor | None:
        if not self.session.can_draft:
            return None
        return self._track(
            RequestEditor(self.session, None, self, initial_subjects=subjects or None)
        )

    def open_request(self, request_id: str) -> RequestEditor:
        for editor in self.editors:
            if editor.request_id == request_id:
                if not editor._dirty:
                    editor.reload()
                editor.raise_()
                editor.activateWindow()
                return editor
        return self._track(RequestEditor(self.session, request_id, self))

    def review_request(self, request_id: str) -> ReviewDialog:
        """The review window of a request: one per request, raised if already open."""
        dialog = ReviewDialog.open_for(self.session, request_id, self)
        if not dialog.property("tracked"):
            dialog.setProperty("tracked", True)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.decided.connect(lambda _rid: self.requests.refresh())
            dialog.open_subject.connect(self.open_subject)
        return dialog

    def open_subject(self, subject: dict[str, str]) -> None:
        """Show the record a request's subject names (case, bulletin, person)."""
        kind, ref = subject.get("kind"), subject.get("ref", "")
        if kind == "bulletin":
            self.open_bulletin(ref)
        elif kind == "person":
            self.open_person(ref)
        elif kind == "case":
            self.show_page("cases")
            self.cases.detail.load(ref)
        elif kind == "hit":
            self.show_page("hits")

    def use_in_request(self, subject: dict[str, str]) -> None:
        """Add a subject to the open draft, or start a new draft with it."""
        for editor in reversed(self.editors):
            if editor.isVisible() and editor._can_edit():
                editor.add_subject(subject)
                editor.raise_()
                editor.activateWindow()
                return
        self.new_request([subject])

    def open_person(self, person_id: str) -> PersonDialog:
        dialog = PersonDialog(self.session.desk, self.session.actor, person_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_bulletin.connect(self.open_bulletin)
        dialog.show()
        return dialog

    def open_bulletin(self, bulletin_id: str) -> None:
        self.show_page("bulletins")
        self.bulletins.open_bulletin(bulletin_id)

    def _hit_from_bulletin(self, bulletin_id: str) -> None:
        # Hits are recorded from a search result (it carries what matched and why).
        self.show_page("search")
        self.search.focus_box()
        self.statusBar().showMessage(
            self.tr(
                "Search for the person, vehicle or document, then "
                "choose “Record hit” on the result."
            ),
            8000,
        )

    # -- events and notices ------------------------------------------------------------

    def on_events(self, changed: dict[str, dict[str, Any]]) -> None:
        """Rate-limited refresh after core events (GUI thread)."""
        self.sync.on_events(changed)
        if events.REQUESTS_CHANGED in changed or events.OUTBOX_CHANGED in changed:
            self.requests.refresh()
            for editor in self.editors:
                if not editor._dirty and editor._saving == 0 and editor.request_id:
                    editor.reload()
        if events.BULLETINS_CHANGED in changed:
            self.bulletins.refresh()
            self.cases.refresh()
        if events.REPLIES_CHANGED in changed:
            self.replies.refresh()
            self._update_reply_count()
        if events.HITS_CHANGED in changed:
            self.hits.refresh()

    def on_notification(self, payload: dict[str, Any]) -> None:
        """Slot for :attr:`ui.ops.EventBridge.notified`: one of :mod:`app.events`' notifications
        (its fields, with ``kind`` a :class:`app.events.NotificationKind`)."""
        kind = str(payload.get("kind", ""))
        if kind == NotificationKind.REPLY:
            self.notices.add(
                "reply",
                str(payload.get("reply_id", "")),
                self.tr("A reply to one of your requests has arrived."),
            )
        elif kind == NotificationKind.URGENT_BULLETIN:
            # One summary line, however many arrive (a first sync brings dozens).
            self._urgent.append(
                (str(payload.get("bulletin_id", "")), str(payload.get("reference", "")))
            )
            if len(self._urgent) == 1:
                bid, ref = self._urgent[0]
                self.notices.add(
                    "bulletin", bid, self.tr("Urgent bulletin: %1").replace("%1", ref), "urgent"
                )
            else:
                self.notices.add(
                    "urgent_list",
                    "",
                    self.tr("%n urgent bulletin(s) received.", "", len(self._urgent)),
                    "urgent",
                )
        elif kind == NotificationKind.CANCELLED:
            self._cancelled.append(
                (str(payload.get("bulletin_id", "")), str(payload.get("reference", "")))
            )
            if len(self._cancelled) == 1:
                bid, ref = self._cancelled[0]
                self.notices.add(
                    "bulletin",
                    bid,
                    self.tr("Bulletin %1 was cancelled.").replace("%1", ref),
                    "cancelled",
                )
            else:
                self.notices.add(
                    "bulletins",
                    "",
                    self.tr("%n bulletin(s) cancelled.", "", len(self._cancelled)),
                    "cancelled",
                )
        elif kind in (NotificationKind.REJECTED, NotificationKind.QUARANTINED):
            # A rejected request opens itself; a quarantined item opens the sync panel,
            # which lists it with the server's reason.
            ref = str(payload.get("request_id") or payload.get("ref_id") or "")
            self.notices.add(
                "request" if kind == NotificationKind.REJECTED else "sync",
                ref,
                self.tr("The regional server refused an item. See Synchronisation for the reason."),
            )

    def _open_notice(self, kind: str, ref: str) -> None:
        if kind in ("bulletin", "urgent_list", "bulletins"):
            # The summary is dealt with once opened; a new arrival starts a new one.
            if kind == "bulletins":
                self._cancelled.clear()
            else:
                self._urgent.clear()
        if kind == "urgent_list":
            self.show_page("bulletins")
            self.bulletins.clear_filter()
            self.bulletins.urgent_only.setChecked(True)
        elif kind == "bulletins":
            self.show_page("bulletins")
        elif kind == "reply":
            self.show_page("replies")
            self.replies.open_reply(ref)
        elif kind == "bulletin":
            self.open_bulletin(ref)
        elif kind == "request":
            self.open_request(ref)
        elif kind == "replies":
            self.show_page("replies")
        elif kind in ("returned", "review"):
            self.show_page("requests")
            self.requests.show_tab(kind)
        else:
            self.show_page("sync")

    def _startup_notices(self) -> None:
        """What needs attention since the last session (read from the store)."""
        desk, actor = self.session.desk, self.session.actor

        def read() -> tuple[int, int, int]:
            returned, review = requests_needing_attention(desk.store, actor)
            return unread_replies(desk), returned, review

        def show(counts: tuple[int, int, int]) -> None:
            unread, returned, review = counts
            self._set_reply_count(unread)
            if unread:
                self.notices.add(
                    "replies", "", self.tr("Unread replies: %1").replace("%1", str(unread))
                )
            if returned:
                self.notices.add(
                    "returned",
                    "",
                    self.tr("Requests returned to you for changes: %1").replace(
                        "%1", str(returned)
                    ),
                )
            if review and self.session.is_supervisor:
                self.notices.add(
                    "review",
                    "",
                    self.tr("Requests awaiting your approval: %1").replace("%1", str(review)),
                )

        Op(self, read).on_success(show).start()

    def _update_reply_count(self) -> None:
        desk = self.session.desk
        Op(self, lambda: unread_replies(desk)).on_success(self._set_reply_count).start()

    def _set_reply_count(self, unread: int) -> None:
        item = self.nav.item(PAGES.index("replies"))
        title = self.page_titles["replies"]
        item.setText(f"{title} ({unread})" if unread else title)
        font = item.font()
        font.setBold(bool(unread))
        item.setFont(font)
        if not unread:
            self.notices.drop(kinds=("reply", "replies"))  # read: nothing left to announce

    # -- dialogs -------------------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.session.desk, self.session.actor, self)
        accepted = dialog.exec()
        if accepted:
            self.inactivity.minutes = min(
                dialog.prefs.inactivity_minutes or self.session.desk.site.inactivity_minutes,
                self.session.desk.site.inactivity_minutes,
            )
        if accepted and dialog.language_changed:
            self.switch_language(dialog.prefs.language)
            return
        self.sync.refresh()

    def switch_language(self, language: str) -> None:
        """Install ``language`` and close, so the launcher reopens the window translated.

        The session stays open (no logout): open editors close with their autosave, like at
        any window close, and the new window starts from the same user and store.
        """
        self._switching_language = install_language(language)
        self.close()

    def open_about(self) -> AboutDialog:
        v = self.sync.status
        sync_status = {
            "available": self.sync.facts.available,
            "state": v.state if v is not None else None,
            "pending_items": v.pending_items if v is not None else None,
            "quarantined": len(v.quarantine) if v is not None else None,
            "last_error": v.last_error.code if v is not None and v.last_error else None,
            "last_confirmed_sync": v.last_confirmed_sync if v is not None else None,
        }
        dialog = AboutDialog(self.session.desk, sync_status, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def export_for_usb(self) -> None:
        """Write the outbox to a USB bundle (no link); its items show as carried."""
        from ui.usb import export_for_usb

        export_for_usb(
            self,
            self.session.desk,
            actor_name=self.session.actor.username,
            on_done=lambda _r: self.sync.refresh(),
        )

    def import_from_usb(self) -> None:
        """Import a return bundle or a snapshot from USB."""
        from ui.usb import import_from_usb

        import_from_usb(self, self.session.desk, on_done=lambda _r: self.sync.refresh())

    def open_enrolment(self) -> EnrolDialog:
        """The enrolment dialog (non-modal); a success makes sync available at once."""
        dialog = EnrolDialog(self.session.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(self._after_enrolment)
        dialog.show()
        return dialog

    def _after_enrolment(self, _enrolment: object) -> None:
        engine = self.sync.engine
        if engine is not None and not self.sync.running:
            # A connection made with the old credentials or server must not be reused.
            engine.close()
        self.sync.refresh()

    # -- lock and logout --------------------------------------------------------------------

    def _check_inactivity(self) -> None:
        if self.lock_screen is None and self.inactivity.expired():
            self.lock_now(by_user=False)

    @property
    def locked(self) -> bool:
        return self.lock_screen is not None

    def lock_now(self, by_user: bool = True) -> None:
        """Lock the session: every record leaves the screen until the password is given.

        Args:
            by_user: the user asked for it (menu, Ctrl+Shift+L), rather than inactivity.
        """
        if self.lock_screen is not None:
            return
        for editor in self.editors:
            if editor._dirty and editor._can_edit():
                editor.save()  # never lose a draft to the lock
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        self._hidden_by_lock = []
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible() or not widget.isWindow():
                continue
            if isinstance(widget, QDialog) and widget.isModal():
                widget.reject()  # a modal dialog's question is cancelled, not answered
            else:
                self._hidden_by_lock.append(widget)
                widget.hide()
        self.lock_screen = LockScreen(
            self.session.desk,
            self.session.actor,
            self.frame,
            by_user=by_user,
            minutes=self.inactivity.minutes,
        )
        self.lock_screen.finished.connect(self._unlocked)
        self.frame.addWidget(self.lock_screen)
        self.frame.setCurrentWidget(self.lock_screen)
        self._enabled_before_lock = {a: a.isEnabled() for a in self.findChildren(QAction)}
        for action in self._enabled_before_lock:
            action.setEnabled(False)  # no shortcut reaches the pages behind the lock
        self.menuBar().hide()
        self.statusBar().hide()
        self.setWindowTitle(self.tr("District Desk — locked"))
        self.lock_screen.open()

    def _unlocked(self, _result: int) -> None:
        screen = self.lock_screen
        self.lock_screen = None
        self.inactivity.touch()
        if screen is not None and screen.logged_out:
            for widget in self._hidden_by_lock:
                if shiboken6.isValid(widget):
                    widget.close()
            self._hidden_by_lock = []
            self.logout()
            return
        self.frame.setCurrentWidget(self.content)
        for action, enabled in self._enabled_before_lock.items():
            action.setEnabled(enabled)
        self._enabled_before_lock = {}
        self.menuBar().show()
        self.statusBar().show()
        self.setWindowTitle(self._title)
        if screen is not None:
            self.frame.removeWidget(screen)
            screen.deleteLater()
        for widget in self._hidden_by_lock:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden_by_lock = []

    def logout(self) -> None:
        self._logging_out = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:  # a second close (e.g. after a language switch) has nothing to undo
            super().closeEvent(event)
            return
        self._closed = True
        save_geometry(self, self.session.desk.paths.data_dir)
        for editor in list(self.editors):
            editor.close()
        self._lock_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
        self.bridge.close()
        self.sync.shutdown()
        write_pool().waitForDone(5000)
        desk, actor = self.session.desk, self.session.actor
        if not self._switching_language:
            try:
                record_user_action(desk, actor, audit.Action.LOGOUT)
            except Exception:
                log.exception("logout could not be audited")
        super().closeEvent(event)
        if self._switching_language:
            self.language_switched.emit(self._switching_language)
        elif self._logging_out:
            self.logged_out.emit()


__all__ = ["MainWindow", "__version__"]
