"""The office's case files: list, subjects, the notes timeline, and adding a note."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

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
from sqlalchemy import select

from app import audit, events
from app.context import Desk
from app.errors import NotFound, ValidationError
from app.store.models import Bulletin, Case, CaseEvent, CaseSubject, Person, new_id, utcnow
from app.sync.canonical import content_hash, format_timestamp
from app.users import Actor
from app.workflow import enqueue
from ui import labels
from ui.models import Column, LazyTableModel, apply_column_widths, configure_big_table
from ui.ops import Op
from ui.session import UiSession
from ui.sources import C_HANDLING, C_NUMBER, C_OPENED, C_STATUS, C_TITLE, case_source
from ui.widgets import FieldError, HandlingBanner, heading

MAX_NOTE = 10_000


@dataclass
class CaseView:
    id: str
    number: str
    title: str
    status: str
    handling_code: str
    opened_on: date | None
    subjects: list[tuple[str, str, str]] = field(default_factory=list)  # person id, name, role
    timeline: list[tuple[datetime, str, str, str, bool]] = field(default_factory=list)


def load_case(desk: Desk, case_id: str) -> CaseView:
    """Read a case, its subjects and its timeline (worker thread)."""
    with desk.store.read() as s:
        c = s.get(Case, case_id)
        if c is None:
            raise NotFound(kind="case", ident=case_id)
        view = CaseView(c.id, c.number, c.title, c.status, str(c.handling_code), c.opened_on)
        for sub in s.scalars(select(CaseSubject).where(CaseSubject.case_id == c.id)).all():
            person = s.get(Person, sub.person_id)
            names = " / ".join(n.full_name for n in person.names) if person else ""
            view.subjects.append((sub.person_id, names, sub.role))
        for ev in s.scalars(
            select(CaseEvent).where(CaseEvent.case_id == c.id).order_by(CaseEvent.created_at)
        ).all():
            body = ev.body
            if ev.kind == "link" and ev.link_ref:
                linked = s.get(Bulletin, ev.link_ref)
                body = f"{linked.reference} {linked.title}" if linked else ev.link_ref
            view.timeline.append(
                (ev.created_at, ev.kind, ev.author_name, body or "", ev.server_seq is not None)
            )
    return view


def add_case_note(desk: Desk, actor: Actor, case_id: str, text: str) -> str:
    """Append a note to a case and queue it for the server, in one transaction (worker).

    Notes are append-only events, so notes written offline on two PCs never overwrite each
    other. Returns the note's id (also the outbox item's id, as the protocol requires).
    """
    text = text.strip()
    if not text:
        raise ValidationError(field="body", detail="required")
    if len(text) > MAX_NOTE:
        raise ValidationError(field="body", detail="too_long", maximum=MAX_NOTE)
    note_id = new_id()
    now = utcnow()
    with desk.store.write() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFound(kind="case", ident=case_id)
        s.add(
            CaseEvent(
                id=note_id,
                case_id=case_id,
                kind="note",
                author_id=actor.user_id,
                author_name=actor.display_name or actor.username,
                body=text,
                created_at=now,
                origin="local",
            )
        )
        payload = {
            "case_id": case_id,
            "author": actor.username,
            "written_at": format_timestamp(now),
            "text": text,
            "handling_code": str(case.handling_code),
        }
        enqueue(
            s,
            kind="case_note",
            ref_id=case_id,
            content_hash=content_hash(payload),
            payload=payload,
            item_id=note_id,
        )
        audit.record(
            s,
            audit.Action.CREATE,
            actor_id=actor.user_id,
            actor_name=actor.username,
            target_type="case_note",
            target_id=note_id,
        )
    desk.bus.publish(events.OUTBOX_CHANGED)
    return note_id


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

    def load(self, case_id: str) -> None:
        Op(self, lambda: load_case(self.session.desk, case_id)).on_success(self.show_case).start()

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

        Op(self, lambda: add_case_note(desk, actor, v.id, text)).on_success(added).start()

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

    def refresh(self) -> None:
        self.model.reload()

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        cid = self.model.row_id(current.row()) if current.isValid() else None
        if cid:
            self.detail.load(cid)


__all__ = ["CasesPage", "add_case_note"]
