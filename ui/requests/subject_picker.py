"""Pick a case as a subject of a request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.store.models import Case
from ui.ops import Op
from ui.session import UiSession


class SubjectPicker(QDialog):
    """Pick a case (by number or title) as a subject of the request."""

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.setWindowTitle(self.tr("Add a case as subject"))
        lay = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Case number or title"))
        self.filter.setAccessibleName(self.tr("Find case"))
        lay.addWidget(self.filter)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Cases"))
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.filter.textChanged.connect(self._search)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self._search("")

    def _search(self, text: str) -> None:
        def query() -> list[tuple[str, str, str]]:
            with self.session.desk.store.read() as s:
                q = select(Case.id, Case.number, Case.title).where(Case.deleted.is_(False))
                if text.strip():
                    like = f"%{text.strip()}%"
                    q = q.where(Case.number.like(like) | Case.title.like(like))
                return [(r[0], r[1], r[2]) for r in s.execute(q.order_by(Case.number).limit(200))]

        Op(self, query).on_success(self._show).start()

    def _show(self, rows: list[tuple[str, str, str]]) -> None:
        self.list.clear()
        for cid, number, title in rows:
            item = QListWidgetItem(f"{number} — {title}")
            # The core fills the subject's summary (number and title) from the case.
            item.setData(
                Qt.ItemDataRole.UserRole,
                {"kind": "case", "ref": cid, "number": number, "label": title},
            )
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)

    def subject(self) -> dict[str, str] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
