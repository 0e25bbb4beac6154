"""Incoming replies (unread first) and the office's recorded hits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.records import ReplyView, open_reply, unread_replies
from ui import labels
from ui.models import Column, LazyTableModel, apply_column_widths, configure_big_table
from ui.ops import Op
from ui.session import UiSession
from ui.sources import (
    H_CREATED,
    H_KIND,
    H_PLACE,
    H_QUERY,
    H_REQUEST,
    H_REQUEST_STATE,
    P_BODY,
    P_FROM,
    P_HANDLING,
    P_READ,
    P_RECEIVED,
    hit_source,
    reply_source,
)
from ui.widgets import HandlingBanner, heading


class RepliesPage(QWidget):
    """Replies to the office's requests, unread in bold at the top.

    Signals:
        open_request(str): show the request a reply answers.
    """

    open_request = Signal(str)

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.current: ReplyView | None = None
        lay = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.view = QTableView(split)
        self.view.setAccessibleName(self.tr("Replies"))
        configure_big_table(self.view)
        bold = self.font()
        bold.setBold(True)

        def style(row: tuple, role: int) -> object:
            if role == Qt.ItemDataRole.FontRole and not row[P_READ]:
                return bold
            return None

        self.columns = [
            Column(self.tr("Received"), lambda r: labels.fmt_time(r[P_RECEIVED]), 120),
            Column(self.tr("From"), lambda r: r[P_FROM], 160),
            Column(self.tr("Handling"), lambda r: labels.handling_code(r[P_HANDLING]), 140),
            Column(self.tr("Text"), lambda r: (r[P_BODY] or "").replace("\n", " "), 300),
        ]
        self.model = LazyTableModel(
            session_.desk.store, reply_source(), self.columns, self, style=style
        )
        self.view.setModel(self.model)
        apply_column_widths(self.view, self.columns)
        right = QWidget(split)
        rlay = QVBoxLayout(right)
        self.banner = HandlingBanner(right)
        rlay.addWidget(self.banner)
        self.title = heading(self.tr("Select a reply."), right)
        rlay.addWidget(self.title)
        self.body = QTextBrowser(right)
        self.body.setAccessibleName(self.tr("Text of the reply"))
        rlay.addWidget(self.body, 1)
        buttons = QHBoxLayout()
        self.request_button = QPushButton(self.tr("Show the &request"), right)
        self.request_button.setEnabled(False)
        self.request_button.clicked.connect(
            lambda: (
                self.current
                and self.current.request_id
                and self.open_request.emit(self.current.request_id)
            )
        )
        buttons.addWidget(self.request_button)
        buttons.addStretch(1)
        rlay.addLayout(buttons)
        split.addWidget(self.view)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)

    def refresh(self) -> None:
        self.model.reload()

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        rid = self.model.row_id(current.row()) if current.isValid() else None
        if rid:
            self.open_reply(rid)

    def open_reply(self, reply_id: str) -> None:
        desk, actor = self.session.desk, self.session.actor
        Op(self, lambda: open_reply(desk, actor, reply_id)).on_success(self._show).start()

    def _show(self, v: ReplyView) -> None:
        self.current = v
        self.banner.set_code(v.handling_code)
        self.title.setText(
            self.tr("From %1, received %2")
            .replace("%1", v.from_agency)
            .replace("%2", labels.fmt_time(v.received_at))
        )
        self.body.setPlainText(v.body)
        self.request_button.setEnabled(bool(v.request_id))


class HitsPage(QWidget):
    """Hits recorded in this office (a person, vehicle or document matching a bulletin).

    Signals:
        open_bulletin(str): show the bulletin of a hit.
    """

    open_bulletin = Signal(str)

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Recorded hits"), self))
        self.view = QTableView(self)
        self.view.setAccessibleName(self.tr("Recorded hits"))
        configure_big_table(self.view)
        kinds = {
            "person": self.tr("Person"),
            "vehicle": self.tr("Vehicle"),
            "document": self.tr("Document"),
        }
        self.columns = [
            Column(self.tr("Recorded"), lambda r: labels.fmt_time(r[H_CREATED]), 120),
            Column(self.tr("What"), lambda r: kinds.get(r[H_KIND], r[H_KIND]), 90),
            Column(self.tr("Searched for"), lambda r: r[H_QUERY], 200),
            Column(self.tr("Place"), lambda r: r[H_PLACE], 200),
            # The notification's true state: a draft is not a report.
            Column(self.tr("Notification"), self._notification_state, 190),
        ]
        self.model = LazyTableModel(session_.desk.store, hit_source(), self.columns, self)
        self.view.setModel(self.model)
        apply_column_widths(self.view, self.columns)
        lay.addWidget(self.view, 1)
        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)
        lay.addWidget(QLabel(self.tr("Double-click a hit to see its bulletin."), self))
        if session_.bridge is not None:
            session_.bridge.changed.connect(self._on_events)

    def _on_events(self, changed: dict[str, Any]) -> None:
        # A notification moving on (submitted, sent, answered) changes this list too.
        if events.REQUESTS_CHANGED in changed or events.HITS_CHANGED in changed:
            self.refresh()

    def _notification_state(self, row: tuple) -> str:
        if not row[H_REQUEST]:
            return self.tr("not started")
        return labels.request_state(row[H_REQUEST_STATE] or "")

    def refresh(self) -> None:
        self.model.reload()

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_tuple(index.row())
        if row:
            self.open_bulletin.emit(row[1])


__all__ = ["HitsPage", "RepliesPage", "unread_replies"]
