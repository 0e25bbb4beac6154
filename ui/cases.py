"""The office's case files: list, subjects, the notes timeline, and adding a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.records import CaseView, add_case_note, load_case
from ui import labels
from ui.models import Column, LazyTableModel, apply_column_widths, configure_big_table
from ui.ops import Op
from ui.session import UiSession
from ui.sources import C_HANDLING, C_NUMBER, C_OPENED, C_STATUS, C_TITLE, case_source
from ui.widgets import EmptyState, FieldError, HandlingBanner, heading


class CaseDetail(QWidget):
    """One case: banner, subjects, timeline, and a box to add a note.

    Signals:
        use_in_request(object): a subject dict for the request editor.
    """

    use_in_request = Signal(object)

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.view: CaseView | None = None
        lay = QVBoxLayout(self)
        self.banner = HandlingBanner(self)
        lay.addWidget(self.banner)
        self.title = heading(self.tr("Select a case in the list."), self)
        lay.addWidget(self.title)
        self.meta = QLabel(self)
        lay.addWidget(self.meta)
        lay.addWidget(QLabel(self.tr("Subjects:"), self))
        self.subjects = QListWidget(self)
        self.subjects.setAccessibleName(self.tr("Subjects of the case"))
        self.subjects.setMaximumHeight(110)
        lay.addWidget(self.subjects)
        lay.addWidget(QLabel(self.tr("Timeline:"), self))
        self.timeline = QListWidget(self)
        self.timeline.setAccessibleName(self.tr("Case timeline"))
        self.timeline.setWordWrap(True)
        lay.addWidget(self.timeline, 1)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(self.tr("New note…"))
        self.note.setAccessibleName(self.tr("New note"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        lay.addWidget(self.note)
        self.note_error = FieldError(self)
        lay.addWidget(self.note_error)
        buttons = QHBoxLayout()
        self.add_note = QPushButton(self.tr("&Add note"), self)
        self.add_note.clicked.connect(self._add_note)
        self.use_button = QPushButton(self.tr("&Use in request"), self)
        self.use_button.clicked.connect(self._use)
        buttons.addWidget(self.add_note)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.note, self.add_note, self.use_button):
            w.setEnabled(on)
        self.use_button.setEnabled(on and self.session.can_draft)

    def show_empty(self) -> None:
        """No case on screen (none selected, or the filter hides them all)."""
        self.view = None
        self.banner.set_code("")
        self.title.setText(self.tr("Select a case in the list."))
        self.meta.clear()
        self.subjects.clear()
        self.timeline.clear()
        self._set_enabled(False)

    def load(self, case_id: str) -> None:
        desk, actor = self.session.desk, self.session.actor
        Op(self, lambda: load_case(desk, actor, case_id)).on_success(self.show_case).start()

    def show_case(self, v: CaseView) -> None:
        self.view = v
        self.banner.set_code(v.handling_code)
        self.title.setText(f"{v.number} — {v.title}")
        self.meta.setText(
            self.tr("Status: %1 · opened %2")
            .replace("%1", labels.case_status(v.status))
            .replace("%2", labels.fmt_date(v.opened_on))
        )
        self.subjects.clear()
        for _pid, name, role in v.subjects:
            self.subjects.addItem(f"{name} ({labels.subject_role(role)})")
        self.timeline.clear()
        for at, kind, author, body, on_server in v.timeline:
            mark = "" if on_server else "  " + self.tr("[not yet on the server]")
            kinds = {
                "note": self.tr("Note"),
                "link": self.tr("Linked bulletin"),
                "attachment": self.tr("Attachment"),
            }
            item = QListWidgetItem(
                f"{labels.fmt_time(at)} · {kinds.get(kind, kind)} · {author}{mark}\n{body}"
            )
            self.timeline.addItem(item)
        self.timeline.scrollToBottom()
        self._set_enabled(True)

    def _add_note(self) -> None:
        v = self.view
        text = self.note.toPlainText()
        if v is None:
            return
        if not text.strip():
            self.note_error.show_message(self.tr("Write the note first."))
            return
        desk, actor = self.session.desk, self.session.actor

        def added(_nid: str) -> None:
            self.note.clear()
            self.note_error.show_message("")
            self.load(v.id)

        Op(self, lambda: add_case_note(desk, actor, v.id, text)).writes().on_success(added).start()

    def _use(self) -> None:
        if self.view:
            self.use_in_request.emit(
                {
                    "kind": "case",
                    "ref": self.view.id,
                    "label": f"{self.view.number} {self.view.title}"[:300],
                }
            )


class CasesPage(QWidget):
    """Case list with a filter box, and the case detail."""

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        lay = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by case number or title"))
        self.filter.setAccessibleName(self.tr("Filter cases"))
        self.filter.setClearButtonEnabled(True)
        lay.addWidget(self.filter)
        self.empty = EmptyState(self.tr("&Clear the filter"), self)
        self.empty.action.connect(self.filter.clear)
        lay.addWidget(self.empty)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("caseSplit")
        self.view = QTableView(split)
        self.view.setAccessibleName(self.tr("Cases"))
        configure_big_table(self.view)
        self.columns = [
            Column(self.tr("Number"), lambda r: r[C_NUMBER], 160),
            Column(self.tr("Title"), lambda r: r[C_TITLE], 260),
            Column(
                self.tr("Status"),
                lambda r: labels.case_status(r[C_STATUS]),
                fit=tuple(labels.case_status(s) for s in ("open", "closed", "suspended")),
            ),
            Column(
                self.tr("Opened"),
                lambda r: labels.fmt_date(r[C_OPENED]),
                fit=(labels.fmt_date(date(2026, 12, 30)), labels.fmt_date(date(2026, 9, 28))),
            ),
            Column(self.tr("Handling"), lambda r: labels.handling_code(r[C_HANDLING]), 150),
        ]
        self.model = LazyTableModel(session_.desk.store, case_source(), self.columns, self)
        self.view.setModel(self.model)
        apply_column_widths(self.view, self.columns)
        self.detail = CaseDetail(session_, split)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        self.filter.textChanged.connect(
            lambda text: self.model.set_source(case_source(text.strip()))
        )
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(self._update_empty)
        self.model.refreshed.connect(self._update_empty)
        self._update_empty()

    def refresh(self) -> None:
        self.model.reload()

    def _update_empty(self) -> None:
        """Say why the list is empty: no case files yet, or none matching the filter."""
        if self.model.rowCount():
            self.empty.show_state("")
            return
        # Nothing listed: a case still on the right would look like one of the list's.
        self.detail.show_empty()
        if self.filter.text().strip():
            self.empty.show_state(
                self.tr("No case files match “%1”.").replace("%1", self.filter.text().strip()),
                with_button=True,
            )
        else:
            self.empty.show_state(
                self.tr(
                    "No case files on this PC yet: they arrive with the synchronisation "
                    "with the regional server."
                )
            )

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        cid = self.model.row_id(current.row()) if current.isValid() else None
        if cid:
            self.detail.load(cid)


__all__ = ["CasesPage", "add_case_note"]
