"""The request list: requests by stage, with the actions the core allows on each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.store.models import RequestState
from app.workflow import RequestAction
from ui import labels
from ui.messages import show_error
from ui.models import Column, LazyTableModel, apply_column_widths, configure_big_table
from ui.ops import Op
from ui.session import UiSession
from ui.sources import (
    R_CARRIED,
    R_DRAFTER,
    R_DUE,
    R_PRIORITY,
    R_REASON,
    R_SHARED,
    R_STATE,
    R_TYPE,
    R_UPDATED,
    REQUEST_TABS,
    request_source,
)
from ui.widgets import EmptyState

A = RequestAction


class RequestsPage(QWidget):
    """Requests by stage: drafts, awaiting approval, returned, outbox, sent, answered.

    Signals:
        open_request(str): open a request in the editor.
        review_request(str): a supervisor opens the review of a request.
        new_request(): start a new draft.
        menu_shown(object): the context menu just shown (a ``QMenu``), for tests.
    """

    open_request = Signal(str)
    review_request = Signal(str)
    new_request = Signal()
    menu_shown = Signal(object)

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New request"), self)
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.new_button.clicked.connect(self.new_request.emit)
        self.new_button.setVisible(session_.can_draft)
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.clicked.connect(self._open_current)
        self.review_button = QPushButton(self.tr("Re&view…"), self)
        self.review_button.clicked.connect(self._review_current)
        self.review_button.setVisible(session_.is_supervisor)
        for b in (self.new_button, self.open_button, self.review_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Request stages"))
        lay.addWidget(self.tabs, 1)
        self.tab_titles = {
            "drafts": self.tr("Drafts"),
            "review": self.tr("Awaiting approval"),
            "returned": self.tr("Returned"),
            "outbox": self.tr("Outbox"),
            "sent": self.tr("Sent"),
            "answered": self.tr("Answered"),
        }
        # What an empty tab means: nothing at this stage yet (the tabs have no filter, so
        # an empty tab never hides anything).
        self.empty_texts = {
            "drafts": self.tr("No drafts. Start one with New request (Ctrl+N)."),
            "review": self.tr("No requests are waiting for approval."),
            "returned": self.tr("No requests have been returned for changes."),
            "outbox": self.tr("The outbox is empty: nothing is waiting to be sent."),
            "sent": self.tr("No requests have been sent yet."),
            "answered": self.tr("No requests have been answered yet."),
        }
        columns = [
            Column(self.tr("Priority"), lambda r: labels.priority(r[R_PRIORITY]), 90),
            Column(self.tr("Type"), lambda r: labels.request_type(r[R_TYPE]), 190),
            Column(self.tr("State"), _state_text, 170),
            Column(
                self.tr("Where"),
                lambda r: labels.request_where(r[R_STATE], bool(r[R_SHARED])),
                110,
            ),
            Column(self.tr("Drafted by"), lambda r: r[R_DRAFTER], 130),
            Column(self.tr("Due"), lambda r: labels.fmt_date(r[R_DUE]), 90),
            Column(self.tr("Updated"), lambda r: labels.fmt_time(r[R_UPDATED]), 120),
            Column(
                self.tr("Text / reason"),
                lambda r: (r[R_REASON] or r[5] or "").replace("\n", " ")[:120],
                300,
            ),
        ]
        self.models: dict[str, LazyTableModel] = {}
        self.views: dict[str, QTableView] = {}
        self.empty_states: dict[str, EmptyState] = {}
        for key, states in REQUEST_TABS.items():
            self._add_tab(key, states, columns)
        self._update_titles()

    def _add_tab(self, key: str, states: tuple[RequestState, ...], columns: list[Column]) -> None:
        """One stage's tab: its empty state over a lazily loaded table of requests."""
        session_ = self.session
        tab = QWidget(self)
        tab_lay = QVBoxLayout(tab)
        tab_lay.setContentsMargins(0, 0, 0, 0)
        self.empty_states[key] = EmptyState(parent=tab, margins=(6, 4, 6, 4))
        tab_lay.addWidget(self.empty_states[key])
        view = QTableView(tab)
        tab_lay.addWidget(view, 1)
        view.setAccessibleName(self.tab_titles[key])
        configure_big_table(view)
        model = LazyTableModel(
            session_.desk.store,
            request_source(session_.actor.office_code, states, oldest_first=key == "review"),
            columns,
            self,
        )
        view.setModel(model)
        apply_column_widths(view, columns)
        # ``activated`` is the platform's "open" (a double-click or Enter); listening to
        # ``doubleClicked`` as well opened two windows for one double-click.
        view.activated.connect(self._on_double_click)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: self._on_context_menu(v, pos))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        model.modelReset.connect(self._update_titles)
        model.refreshed.connect(self._update_titles)
        self.models[key] = model
        self.views[key] = view
        self.tabs.addTab(tab, self.tab_titles[key])

    def refresh(self) -> None:
        for model in self.models.values():
            model.reload()
        self._update_titles()

    def _update_titles(self) -> None:
        for i, key in enumerate(REQUEST_TABS):
            n = self.models[key].rowCount()
            self.tabs.setTabText(i, f"{self.tab_titles[key]} ({n})" if n else self.tab_titles[key])
            self.empty_states[key].show_state("" if n else self.empty_texts[key])

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(list(REQUEST_TABS).index(key))

    def current_key(self) -> str:
        return list(REQUEST_TABS)[self.tabs.currentIndex()]

    def _current_id(self) -> tuple[str | None, str | None]:
        key = self.current_key()
        view = self.views[key]
        idx = view.currentIndex()
        if not idx.isValid():
            return None, None
        row = self.models[key].row_tuple(idx.row())
        return (row[0], row[R_STATE]) if row else (None, None)

    def _open_current(self) -> None:
        rid, _ = self._current_id()
        if rid:
            self.open_request.emit(rid)

    def _review_current(self) -> None:
        rid, state = self._current_id()
        if rid and state == RequestState.SUBMITTED:
            self.review_request.emit(rid)
        elif rid:
            self.open_request.emit(rid)

    def _on_double_click(self, index: QModelIndex) -> None:
        key = self.current_key()
        row = self.models[key].row_tuple(index.row())
        if row is None:
            return
        rid, state = row[0], row[R_STATE]
        # In the review queue a supervisor goes straight to the review; the dialog itself
        # refuses (and says why) when he drafted the request.
        if state == RequestState.SUBMITTED and self.session.is_supervisor:
            self.review_request.emit(rid)
        else:
            self.open_request.emit(rid)

    # -- context menu ------------------------------------------------------------------

    def _on_context_menu(self, view: QTableView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        key = self.current_key()
        row = self.models[key].row_tuple(index.row())
        if row is None:
            return
        rid = row[0]
        where = view.viewport().mapToGlobal(pos)
        service, actor = self.session.requests, self.session.actor
        Op(self, lambda: service.allowed_actions(actor, rid)).on_success(
            lambda allowed: self.show_menu(rid, allowed, where)
        ).start()

    def build_menu(self, rid: str, allowed: frozenset[RequestAction]) -> QMenu:
        """The context menu of one request: only what the core allows this user."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_request.emit(rid))
        if A.APPROVE in allowed or A.RETURN in allowed:
            menu.addAction(self.tr("Review…"), lambda: self.review_request.emit(rid))
        if A.COPY in allowed:
            menu.addAction(self.tr("Copy to a new draft"), lambda: self._copy(rid))
        if A.EDIT in allowed:
            menu.addAction(self.tr("Share with the office"), lambda: self._share(rid))
        return menu

    def show_menu(self, rid: str, allowed: frozenset[RequestAction], where: QPoint) -> None:
        menu = self.build_menu(rid, allowed)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu_shown.emit(menu)
        menu.popup(where)

    def _copy(self, rid: str) -> None:
        service, actor = self.session.requests, self.session.actor

        def copied(new_id: str) -> None:
            self.refresh()
            self.open_request.emit(new_id)

        Op(self, lambda: service.copy_to_draft(actor, rid)).writes().on_success(copied).on_failure(
            lambda exc: show_error(self, exc)
        ).start()

    def _share(self, rid: str) -> None:
        """Let the office's other PCs have the draft (its author continues it elsewhere)."""
        service, actor = self.session.requests, self.session.actor
        Op(self, lambda: service.share_draft(actor, rid)).writes().on_success(
            lambda _shared: self.refresh()
        ).on_failure(lambda exc: show_error(self, exc)).start()


def _state_text(row: Any) -> str:
    """The request's state, and "on USB" while its outbox item is carried in a bundle."""
    text = labels.request_state(row[R_STATE])
    if len(row) > R_CARRIED and row[R_CARRIED]:
        return QCoreApplication.translate("RequestsPage", "%1 (on USB)").replace("%1", text)
    return text
