"""Sync status, always visible: a compact status-bar widget and the full sync panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.sync.canonical import parse_timestamp
from ui import formats, labels
from ui.messages import error_text
from ui.peer_panel import PeerSection
from ui.session import UiSession
from ui.sync_controller import UNAVAILABLE, SyncController, SyncUiFacts
from ui.transfer import ITEM_PHASES, progress_fraction
from ui.widgets import ElidedLabel, heading

if TYPE_CHECKING:
    # Typed only: the engine's vocabulary imports the HTTP stack, which start-up avoids.
    from app.sync.state import SyncProgress, SyncStatus


def _server_time(text: str | None) -> str:
    if not text:
        return ""
    try:
        return labels.fmt_time(parse_timestamp(text), zone=True)
    except ValueError:
        return text


def state_text(view: SyncStatus | None, facts: SyncUiFacts) -> str:
    """One honest sentence about the link and the last confirmed sync (``view`` is None
    until the engine's status is first read)."""
    from PySide6.QtCore import QCoreApplication

    if not facts.available:
        return QCoreApplication.translate("SyncStatus", "Sync unavailable — working offline")
    if facts.busy:
        return QCoreApplication.translate("SyncStatus", "Synchronising…")
    if view is None:
        return QCoreApplication.translate("SyncStatus", "Reading the sync status…")
    if not view.enrolled or view.state == "not_enrolled":
        return QCoreApplication.translate("SyncStatus", "Not registered with a server")
    if view.state == "fatal":
        return QCoreApplication.translate("SyncStatus", "Sync stopped — contact IT staff")
    if view.state == "auth_required":
        return QCoreApplication.translate("SyncStatus", "Log in online to resume sync")
    if facts.online is False or view.state == "backing_off":
        if view.next_attempt is not None:
            return QCoreApplication.translate("SyncStatus", "Offline — next attempt at %1").replace(
                "%1", formats.fmt_clock(view.next_attempt)[:5]
            )
        return QCoreApplication.translate("SyncStatus", "Offline — will retry")
    if view.pending_items:
        # Never "up to date" while something waits to be sent.
        return QCoreApplication.translate("SyncStatus", "Online — items waiting to be sent")
    if facts.listening:
        # The server holds the call until something is published: news arrives in seconds.
        return QCoreApplication.translate("SyncStatus", "Up to date · listening for news")
    if view.state == "up_to_date":
        return QCoreApplication.translate("SyncStatus", "Up to date")
    return QCoreApplication.translate("SyncStatus", "Online")


def pending_text(view: SyncStatus) -> str:
    from PySide6.QtCore import QCoreApplication

    if view.pending_items == 0:
        return QCoreApplication.translate("SyncStatus", "nothing")
    # The form's label already says "Waiting to be sent:"; this is only the amount.
    return QCoreApplication.translate(
        "SyncStatus", "%Ln item(s), %1", "", view.pending_items
    ).replace("%1", labels.fmt_bytes(view.pending_bytes))


def last_sync_text(view: SyncStatus) -> str:
    from PySide6.QtCore import QCoreApplication

    if not view.last_confirmed_sync:
        return QCoreApplication.translate("SyncStatus", "Never synchronised")
    return QCoreApplication.translate("SyncStatus", "Last confirmed sync: %1").replace(
        "%1", _server_time(view.last_confirmed_sync)
    )


def outbox_kind(kind: str) -> str:
    """What an outbox item is, in the user's words."""
    from PySide6.QtCore import QCoreApplication

    kinds = {
        "request": QCoreApplication.translate("SyncStatus", "Request"),
        "approval": QCoreApplication.translate("SyncStatus", "Approval"),
        "return": QCoreApplication.translate("SyncStatus", "Return to the officer"),
        "withdrawal": QCoreApplication.translate("SyncStatus", "Withdrawal"),
        "hit": QCoreApplication.translate("SyncStatus", "Hit"),
        "case_note": QCoreApplication.translate("SyncStatus", "Case note"),
        "audit_batch": QCoreApplication.translate("SyncStatus", "Audit records"),
    }
    return kinds.get(kind, kind)


def phase_text(phase: str) -> str:
    """What the transfer is doing, in the user's words."""
    from PySide6.QtCore import QCoreApplication

    phases = {
        "hello": QCoreApplication.translate("SyncStatus", "Connecting"),
        "push": QCoreApplication.translate("SyncStatus", "Sending requests"),
        "upload": QCoreApplication.translate("SyncStatus", "Sending attachments"),
        "pull": QCoreApplication.translate("SyncStatus", "Receiving bulletins"),
        "integrity": QCoreApplication.translate("SyncStatus", "Checking"),
        "thumbnails": QCoreApplication.translate("SyncStatus", "Receiving photos"),
        "media": QCoreApplication.translate("SyncStatus", "Receiving full-size photos"),
    }
    return phases.get(phase, phase)


def row_type_text(row_type: str) -> str:
    """What kind of feed row it is, in the user's words."""
    from PySide6.QtCore import QCoreApplication

    kinds = {
        "b": QCoreApplication.translate("SyncStatus", "Bulletin"),
        "c": QCoreApplication.translate("SyncStatus", "Case"),
        "n": QCoreApplication.translate("SyncStatus", "Case note"),
        "r": QCoreApplication.translate("SyncStatus", "Reply"),
        "q": QCoreApplication.translate("SyncStatus", "Request status"),
        "m": QCoreApplication.translate("SyncStatus", "Photo"),
    }
    return kinds.get(row_type, QCoreApplication.translate("SyncStatus", "Unknown kind"))


def row_problem_text(reason: str) -> str:
    """Why a feed row could not be applied (``app.sync.protocol.ROW_PROBLEMS``)."""
    from PySide6.QtCore import QCoreApplication

    reasons = {
        "bad_seq": QCoreApplication.translate(
            "SyncStatus", "The server gave it an impossible change number."
        ),
        "bad_time": QCoreApplication.translate(
            "SyncStatus", "The server gave it an impossible date and time."
        ),
        "bad_id": QCoreApplication.translate("SyncStatus", "Its identifier is not valid."),
        "bad_type": QCoreApplication.translate(
            "SyncStatus", "Its kind is unknown to this version."
        ),
        "bad_text": QCoreApplication.translate(
            "SyncStatus", "It holds text that cannot be stored (damaged characters)."
        ),
        "too_large": QCoreApplication.translate(
            "SyncStatus", "It is too large to be received over the link."
        ),
        "schema": QCoreApplication.translate(
            "SyncStatus", "Its content is incomplete or malformed."
        ),
        "unstorable": QCoreApplication.translate(
            "SyncStatus", "It holds values this PC cannot store (e.g. a number out of range)."
        ),
    }
    return reasons.get(reason, QCoreApplication.translate("SyncStatus", "It could not be used."))


def transfer_text(tv: SyncProgress, *, compact: bool = False) -> str:
    """Phase, items and bytes of the total, rate, time left: "Receiving bulletins ·
    1,294 of 10,000 · 98 KB of 684 KB · 6.2 KB/s · about 2 min left".

    Args:
        compact: for the status bar: phase, percentage and time left only.
    """
    from PySide6.QtCore import QCoreApplication

    parts = [phase_text(tv.phase)]
    if compact:
        fraction = progress_fraction(tv)
        if fraction is not None:
            parts.append(
                f"{int(fraction * 100)}\u00a0%"
                if formats.language() == "ru"
                else f"{int(fraction * 100)}%"
            )
        if tv.eta_seconds is not None and tv.eta_seconds > 0:
            parts.append(
                QCoreApplication.translate("SyncStatus", "about %1 left").replace(
                    "%1", labels.fmt_duration(tv.eta_seconds)
                )
            )
        return " · ".join(parts)
    if tv.items_total and tv.phase in ITEM_PHASES:
        parts.append(
            QCoreApplication.translate("SyncStatus", "%1 of %2")
            .replace("%1", labels.fmt_int(tv.items_done))
            .replace("%2", labels.fmt_int(tv.items_total))
        )
    if tv.bytes_total:
        parts.append(
            QCoreApplication.translate("SyncStatus", "%1 of %2")
            .replace("%1", labels.fmt_bytes(tv.bytes_done))
            .replace("%2", labels.fmt_bytes(tv.bytes_total))
        )
    elif tv.bytes_done:
        parts.append(labels.fmt_bytes(tv.bytes_done))
    if tv.rate:
        parts.append(
            QCoreApplication.translate("SyncStatus", "%1/s").replace(
                "%1", labels.fmt_bytes(int(tv.rate))
            )
        )
    if tv.eta_seconds is not None and tv.eta_seconds > 0:
        parts.append(
            QCoreApplication.translate("SyncStatus", "about %1 left").replace(
                "%1", labels.fmt_duration(tv.eta_seconds)
            )
        )
    return " · ".join(parts)


def _show_fraction(bar: QProgressBar, tv: SyncProgress) -> None:
    fraction = progress_fraction(tv)
    if fraction is None:
        bar.setRange(0, 0)  # busy: the total is not known yet
    else:
        bar.setRange(0, 1000)
        bar.setValue(int(1000 * fraction))


class SyncStatusWidget(QWidget):
    """The status bar part: link state, pending work, progress, "Sync now".

    Signals:
        open_panel(): the user wants the full sync panel.
    """

    open_panel = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.dot = QLabel("●", self)
        self.state = QLabel(self)
        self.state.setObjectName("syncState")
        self.pending = QLabel(self)
        self.pending.setObjectName("syncPending")
        # The secondary facts may be cut on a narrow screen (the panel shows them in full);
        # the link state and the pending count never are.
        self.last = ElidedLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Sync progress"))
        self.bar.hide()
        self.transfer = ElidedLabel(self, min_chars=12)
        self.transfer.setObjectName("syncTransfer")
        self.transfer.hide()
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setToolTip(self.tr("F5"))
        self.sync_button.clicked.connect(controller.sync_now)
        self.details = QPushButton(self.tr("Details…"), self)
        self.details.setAccessibleName(self.tr("Sync details"))
        self.details.clicked.connect(self.open_panel.emit)
        for w in (
            self.dot,
            self.state,
            self.pending,
            self.last,
            self.bar,
            self.transfer,
            self.sync_button,
            self.details,
        ):
            lay.addWidget(w, 1 if w in (self.last, self.transfer) else 0)
        controller.status_changed.connect(self.show_status)
        controller.transfer_changed.connect(self.show_transfer)
        self.show_status(controller.status, controller.facts)

    def show_status(self, view: SyncStatus | None, facts: SyncUiFacts) -> None:
        self.state.setText(state_text(view, facts))
        enrolled = view is not None and view.enrolled
        colour = "#9e9e9e"
        if view is not None and facts.available and enrolled:
            colour = {
                "up_to_date": "#1565c0" if view.pending_items else "#2e7d32",
                "fatal": "#b71c1c",
                "auth_required": "#e65100",
                "backing_off": "#e65100",
            }.get(view.state, "#1565c0")
            if facts.online is False:
                colour = "#e65100"
        self.dot.setStyleSheet(f"color:{colour};")
        self.dot.setAccessibleName(state_text(view, facts))
        pending = view.pending_items if view is not None else 0
        text = (
            self.tr("Outbox empty")
            if pending == 0
            else self.tr("To send: %1").replace("%1", str(pending))
        )
        if view is not None and view.carried_items:
            text += " · " + self.tr("carried on USB: %1").replace("%1", str(view.carried_items))
        if view is not None and view.quarantine:
            text += " · " + self.tr("refused: %1").replace("%1", str(len(view.quarantine)))
        self.pending.setText(text if view is not None else "")
        self.pending.setToolTip(self.pending.text())
        self.last.setText(
            self.tr("Last sync: %1").replace(
                "%1", _server_time(view.last_confirmed_sync) or self.tr("never")
            )
            if view is not None and facts.available
            else ""
        )
        self.last.setToolTip(self.last.text())
        self.sync_button.setEnabled(facts.available and enrolled and not facts.busy)

    def show_transfer(self, tv: SyncProgress | None) -> None:
        self.bar.setVisible(tv is not None)
        self.transfer.setVisible(tv is not None)
        # During a transfer its progress and time left need the room more than the time of
        # the last sync (the sync panel still shows it).
        self.last.setVisible(tv is None)
        if tv is None:
            return
        _show_fraction(self.bar, tv)
        self.transfer.setText(transfer_text(tv, compact=True))
        self.transfer.setToolTip(transfer_text(tv))


class SyncPanel(QWidget):
    """Everything about sync: status, the current transfer and the quarantine list."""

    def __init__(
        self, session_: UiSession, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session_
        self.controller = controller
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Synchronisation with the regional server"), self))
        self._build_status(lay)
        self._build_transfer(lay, controller)
        self._build_quarantine(lay)
        self.peers = PeerSection(session_, self)
        lay.addWidget(self.peers)
        controller.status_changed.connect(self.show_status)
        controller.transfer_changed.connect(self.show_transfer)
        self.show_status(controller.status, controller.facts)
        self.show_transfer(None)

    def _build_status(self, lay: QVBoxLayout) -> None:
        """The status form and the rows that could not be applied."""
        form = QFormLayout()
        self.state = QLabel(self)
        self.server = QLabel(self)
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last = QLabel(self)
        self.pending = QLabel(self)
        self.next = QLabel(self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        form.addRow(self.tr("State:"), self.state)
        form.addRow(self.tr("Server:"), self.server)
        form.addRow(self.tr("Last confirmed sync (server time):"), self.last)
        form.addRow(self.tr("Waiting to be sent:"), self.pending)
        form.addRow(self.tr("Next attempt:"), self.next)
        form.addRow(self.tr("Last problem:"), self.error)
        self.bad_count = QLabel(self)
        self.bad_button = QPushButton(self.tr("Show &rows"), self)
        self.bad_button.setCheckable(True)
        self.bad_button.setAccessibleName(self.tr("Show the rows that could not be applied"))
        self.bad_button.toggled.connect(self._on_bad_toggled)
        bad_line = QHBoxLayout()
        bad_line.addWidget(self.bad_count, 1)
        bad_line.addWidget(self.bad_button)
        form.addRow(self.tr("Rows not applied:"), bad_line)
        lay.addLayout(form)
        self.bad_table = QTableWidget(0, 3, self)
        self.bad_table.setAccessibleName(self.tr("Rows from the server that could not be applied"))
        self.bad_table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("Identifier"), self.tr("Why")]
        )
        self.bad_table.horizontalHeader().setStretchLastSection(True)
        self.bad_table.setColumnWidth(0, 140)
        self.bad_table.setColumnWidth(1, 300)
        self.bad_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.bad_table.hide()
        lay.addWidget(self.bad_table)

    def _build_transfer(self, lay: QVBoxLayout, controller: SyncController) -> None:
        """The current transfer, Sync now / Stop and the metered-link switch."""
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Transfer progress"))
        self.transfer = QLabel(self)
        lay.addWidget(self.bar)
        lay.addWidget(self.transfer)
        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("&Sync now"), self)
        self.sync_button.clicked.connect(controller.sync_now)
        self.cancel_button = QPushButton(self.tr("S&top"), self)
        self.cancel_button.clicked.connect(controller.cancel)
        self.metered = QCheckBox(
            self.tr("&Metered link (download full-size photos only on request)"), self
        )
        self.metered.toggled.connect(self._on_metered)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(self.metered)

    def _build_quarantine(self, lay: QVBoxLayout) -> None:
        """Items refused by the server, with Try again, Withdraw and Copy reason."""
        lay.addWidget(heading(self.tr("Refused by the server"), self))
        self.quarantine = QTableWidget(0, 4, self)
        self.quarantine.setAccessibleName(self.tr("Items refused by the server"))
        self.quarantine.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Reason"), self.tr("Server's message"), self.tr("When")]
        )
        self.quarantine.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((170, 360, 320)):
            self.quarantine.setColumnWidth(column, width)
        self.quarantine.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.quarantine.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        # At least a header and two rows, also at 150 % on a 1600x1000 screen.
        q_rows = self.quarantine.verticalHeader().defaultSectionSize()
        q_header = self.quarantine.horizontalHeader().sizeHint().height()
        self.quarantine.setMinimumHeight(q_header + 2 * q_rows + 2 * self.quarantine.frameWidth())
        lay.addWidget(self.quarantine, 1)
        qbuttons = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("Try again"), self)
        self.retry_button.clicked.connect(self._retry)
        self.discard_button = QPushButton(self.tr("Withdraw from the outbox"), self)
        self.discard_button.clicked.connect(self._discard)
        self.copy_button = QPushButton(self.tr("Copy reason"), self)
        self.copy_button.clicked.connect(self._copy)
        for b in (self.retry_button, self.discard_button, self.copy_button):
            qbuttons.addWidget(b)
        qbuttons.addStretch(1)
        lay.addLayout(qbuttons)

    def show_status(self, view: SyncStatus | None, facts: SyncUiFacts) -> None:
        self.state.setText(state_text(view, facts))
        self.cancel_button.setEnabled(facts.busy)
        if view is None:  # not read yet: the next signal brings it
            self.sync_button.setEnabled(False)
            return
        self.server.setText(view.server_url or self.tr("not configured"))
        self.last.setText(_server_time(view.last_confirmed_sync) or self.tr("never"))
        self.pending.setText(pending_text(view))
        if view.next_attempt and facts.available:
            self.next.setText(labels.fmt_time(view.next_attempt, zone=True))
        else:
            self.next.setText("—")
        if view.state == UNAVAILABLE:
            self.error.setText(error_text("sync.unavailable"))
        elif facts.busy:
            self.error.setText("—")  # the previous attempt's problem is not this one's
        else:
            self.error.setText(error_text(view.last_error.code) if view.last_error else "—")
        self.sync_button.setEnabled(facts.available and view.enrolled and not facts.busy)
        self.metered.blockSignals(True)
        self.metered.setChecked(view.metered)
        self.metered.blockSignals(False)
        self._show_bad_rows(view)
        self.quarantine.setRowCount(len(view.quarantine))
        for i, q in enumerate(view.quarantine):
            values = [
                f"{outbox_kind(q.kind)} {q.ref_id[:8]}",
                error_text(q.code) if q.code else "",
                q.message,
                labels.fmt_time(q.at),
            ]
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, q.item_id)
                item.setToolTip(value)
                self.quarantine.setItem(i, j, item)
        has = bool(view.quarantine) and facts.available
        for b in (self.retry_button, self.discard_button):
            b.setEnabled(has)
        self.copy_button.setEnabled(bool(view.quarantine))

    def _show_bad_rows(self, view: SyncStatus) -> None:
        """Count of the feed rows not applied; the rows with their reasons on demand."""
        count = max(view.bad_row_count, len(view.bad_rows))
        if count:
            self.bad_count.setText(
                self.tr("%Ln row(s) from the server could not be applied", "", count)
            )
        else:
            self.bad_count.setText(self.tr("none"))
        self.bad_button.setEnabled(bool(view.bad_rows))
        if not view.bad_rows and self.bad_button.isChecked():
            self.bad_button.setChecked(False)
        self.bad_table.setRowCount(len(view.bad_rows))
        for i, bad in enumerate(view.bad_rows):
            values = [row_type_text(bad.row_type), bad.row_id, row_problem_text(bad.reason)]
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.bad_table.setItem(i, j, item)
        self.bad_table.resizeRowsToContents()
        # As tall as its rows, up to six: the refused items below keep their room.
        shown = min(max(len(view.bad_rows), 1), 6)
        rows_height = sum(
            self.bad_table.rowHeight(i) for i in range(min(shown, len(view.bad_rows)))
        )
        rows_height += (shown - min(shown, len(view.bad_rows))) * (
            self.bad_table.verticalHeader().defaultSectionSize()
        )
        self.bad_table.setMaximumHeight(
            self.bad_table.horizontalHeader().height()
            + rows_height
            + 2 * self.bad_table.frameWidth()
        )

    def _on_bad_toggled(self, checked: bool) -> None:
        self.bad_table.setVisible(checked)
        self.bad_button.setText(self.tr("Hide &rows") if checked else self.tr("Show &rows"))

    def show_transfer(self, tv: SyncProgress | None) -> None:
        self.bar.setVisible(tv is not None)
        if tv is None:
            self.transfer.setText(self.tr("No transfer in progress."))
            return
        _show_fraction(self.bar, tv)
        self.transfer.setText(transfer_text(tv))

    def _selected(self) -> str | None:
        row = self.quarantine.currentRow()
        item = self.quarantine.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _retry(self) -> None:
        item = self._selected()
        if item:
            self.controller.retry_quarantined(item)

    def _discard(self) -> None:
        item = self._selected()
        if item:
            self.controller.discard_quarantined(item)

    def _copy(self) -> None:
        row = self.quarantine.currentRow()
        if row < 0:
            return
        items = [self.quarantine.item(row, j) for j in range(4)]
        texts = [item.text() for item in items if item is not None]
        QApplication.clipboard().setText("\n".join(texts))

    def _on_metered(self, checked: bool) -> None:
        self.controller.set_metered(checked)


__all__ = ["SyncPanel", "SyncStatusWidget"]
