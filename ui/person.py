"""A person: every recorded spelling, identifying details, the bulletin and the cases."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import Desk
from app.records import PersonView, load_person
from app.users import Actor
from ui import formats
from ui.ops import Op
from ui.widgets import HandlingBanner, heading


class PersonDialog(QDialog):
    """Shows one person.

    Signals:
        open_bulletin(str): the user wants the person's bulletin.
    """

    open_bulletin = Signal(str)

    def __init__(
        self, desk: Desk, actor: Actor, person_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.view: PersonView | None = None
        self.setWindowTitle(self.tr("Person"))
        self.resize(560, 520)
        lay = QVBoxLayout(self)
        self.banner = HandlingBanner(self)
        lay.addWidget(self.banner)
        self.title = heading("…", self)
        lay.addWidget(self.title)
        lay.addWidget(QLabel(self.tr("All recorded spellings:"), self))
        self.spellings = QListWidget(self)
        self.spellings.setAccessibleName(self.tr("All recorded spellings"))
        lay.addWidget(self.spellings, 1)
        form = QFormLayout()
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.bulletin = QLabel(self)
        self.cases = QLabel(self)
        self.cases.setWordWrap(True)
        form.addRow(self.tr("Details:"), self.details)
        form.addRow(self.tr("Bulletin:"), self.bulletin)
        form.addRow(self.tr("Cases:"), self.cases)
        lay.addLayout(form)
        buttons = QHBoxLayout()
        self.bulletin_button = QPushButton(self.tr("Show &bulletin"), self)
        self.bulletin_button.setEnabled(False)
        self.bulletin_button.clicked.connect(self._open_bulletin)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.bulletin_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        Op(self, lambda: load_person(desk, actor, person_id)).on_success(self._show).start()

    def _show(self, v: PersonView) -> None:
        self.view = v
        self.banner.set_code(v.handling_code)
        self.title.setText(v.spellings[0][0] if v.spellings else self.tr("(no name)"))
        self.spellings.clear()
        for name, script, kind in v.spellings:
            self.spellings.addItem(f"{name}    [{script or '?'} · {kind}]")
        sex = {"M": self.tr("male"), "F": self.tr("female")}.get(v.sex, self.tr("sex unknown"))
        dob = formats.fmt_partial_date(*v.birth)
        facts = [sex, dob or self.tr("date of birth unknown"), v.nationality]
        self.details.setText(
            ", ".join(f for f in facts if f) + (f"\n{v.description}" if v.description else "")
        )
        if v.bulletin_id:
            text = v.bulletin_ref
            if v.bulletin_cancelled:
                text += " " + self.tr("(CANCELLED)")
            self.bulletin.setText(text)
        else:
            self.bulletin.setText("—")
        self.cases.setText("\n".join(v.cases) or "—")
        self.bulletin_button.setEnabled(bool(v.bulletin_id))

    def _open_bulletin(self) -> None:
        if self.view and self.view.bulletin_id:
            self.open_bulletin.emit(self.view.bulletin_id)
            self.accept()


__all__ = ["PersonDialog"]
