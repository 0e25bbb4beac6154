"""Outgoing requests: the list by stage, the editor (with autosave) and the supervisor's review.

Every change goes through :class:`app.workflow.RequestService`, which enforces the rules; the
screens only offer what the rules allow for this user and this state, and show the core's
refusal when something changed in between.
"""

from __future__ import annotations

import difflib
import mimetypes
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.errors import ValidationError
from app.store.models import (
    Attachment,
    Case,
    HandlingCode,
    OutgoingRequest,
    Priority,
    RequestState,
    RequestTransition,
    RequestType,
    Role,
    User,
    utcnow,
)
from app.sync.canonical import content_hash
from app.workflow import EDITABLE_STATES, RequestDraft, content_of
from ui import formats, labels
from ui.messages import error_text, field_label, show_error, validation_detail
from ui.models import Column, LazyTableModel, apply_column_widths, configure_big_table
from ui.ops import Op
from ui.printing import PrintableRecord, export_interactively, print_interactively
from ui.session import UiSession
from ui.sources import (
    R_DRAFTER,
    R_DUE,
    R_PRIORITY,
    R_REASON,
    R_STATE,
    R_TYPE,
    R_UPDATED,
    REQUEST_TABS,
    request_source,
)
from ui.widgets import FieldError, HandlingBanner, heading

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
AUTOSAVE_MS = 1500

_write_pool: QThreadPool | None = None


def write_pool() -> QThreadPool:
    """One thread for request changes, so an autosave and a submit never overtake each other."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


@dataclass
class RequestView:
    """A request as the screens need it, read off the GUI thread."""

    id: str
    state: str
    drafter_id: str
    drafter_name: str
    office_code: str
    revision: int
    content: dict[str, Any]
    content_hash: str
    last_reason: str
    server_reason_code: str | None
    server_reference: str | None
    sent_at: datetime | None
    updated_at: datetime
    attachment_names: dict[str, str] = field(default_factory=dict)
    previous_content: dict[str, Any] | None = None
    history: list[tuple[datetime, str, str, str]] = field(default_factory=list)


def load_request(session_: UiSession, request_id: str) -> RequestView:
    """Read one request, its history and the content of its previous submission (worker)."""
    with session_.desk.store.read() as s:
        req = s.get(OutgoingRequest, request_id)
        if req is None:
            from app.errors import NotFound

            raise NotFound(kind="request", ident=request_id)
        drafter = s.get(User, req.drafter_id)
        content = content_of(req)
        names = {
            a.sha256: a.filename
            for a in s.scalars(
                select(Attachment).where(Attachment.sha256.in_(list(req.attachments or [])))
            )
        }
        transitions = s.scalars(
            select(RequestTransition)
            .where(RequestTransition.request_id == req.id)
            .order_by(RequestTransition.id)
        ).all()
        users = {u.id: u.display_name or u.username for u in s.scalars(select(User)).all()}
        submissions = [
            t.content for t in transitions if t.to_state == RequestState.SUBMITTED and t.content
        ]
        # The previous submission is the one before the current; on a draft being edited
        # again after a return it is the last one.
        previous = None
        if req.state == RequestState.SUBMITTED and len(submissions) >= 2:
            previous = submissions[-2]
        elif req.state != RequestState.SUBMITTED and submissions:
            previous = submissions[-1]
        history = [
            (t.at, t.to_state, users.get(t.actor_id or "", ""), t.reason) for t in transitions
        ]
        return RequestView(
            id=req.id,
            state=str(req.state),
            drafter_id=req.drafter_id,
            drafter_name=(drafter.display_name or drafter.username) if drafter else "",
            office_code=req.office_code,
            revision=req.revision,
            content=content,
            content_hash=content_hash(content),
            last_reason=req.last_reason,
            server_reason_code=req.server_reason_code,
            server_reference=req.server_reference,
            sent_at=req.sent_at,
            updated_at=req.updated_at,
            attachment_names=names,
            previous_content=previous,
            history=history,
        )


def content_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(field, before, after)`` for every field that differs between two contents."""
    if old is None:
        return []
    out = []
    for key in new:
        a, b = old.get(key), new.get(key)
        if a != b:
            out.append((key, _content_value(key, a), _content_value(key, b)))
    return out


def _content_value(key: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if key == "request_type":
        return labels.request_type(str(value))
    if key == "priority":
        return labels.priority(str(value))
    if key == "handling_code":
        return labels.handling_code(str(value))
    if key == "subjects":
        return "; ".join(
            f"{subject_kind(s.get('kind', ''))}: {s.get('label') or s.get('ref')}" for s in value
        )
    if key == "attachments":
        return ", ".join(str(v)[:12] for v in value)
    if key == "due_date":
        return formats.fmt_iso_date(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def subject_kind(kind: str) -> str:
    """The translated name of a subject kind."""
    names = {
        "bulletin": QCoreApplication.translate("RequestEditor", "Bulletin"),
        "person": QCoreApplication.translate("RequestEditor", "Person"),
        "case": QCoreApplication.translate("RequestEditor", "Case"),
        "vehicle": QCoreApplication.translate("RequestEditor", "Vehicle"),
        "document": QCoreApplication.translate("RequestEditor", "Document"),
        "hit": QCoreApplication.translate("RequestEditor", "Hit"),
    }
    return names.get(kind, kind)


def request_printable(v: RequestView) -> PrintableRecord:
    c = v.content
    sections = [
        (QCoreApplication.translate("RequestEditor", "State"), labels.request_state(v.state)),
        (QCoreApplication.translate("RequestEditor", "Priority"), labels.priority(c["priority"])),
        (
            QCoreApplication.translate("RequestEditor", "Due date"),
            _content_value("due_date", c.get("due_date")),
        ),
        (QCoreApplication.translate("RequestEditor", "Recipients"), ", ".join(c["recipients"])),
        (
            QCoreApplication.translate("RequestEditor", "Subjects"),
            _content_value("subjects", c["subjects"]),
        ),
        (QCoreApplication.translate("RequestEditor", "Text"), c["body"]),
        (QCoreApplication.translate("RequestEditor", "Drafted by"), v.drafter_name),
        (QCoreApplication.translate("RequestEditor", "Content hash"), v.content_hash),
    ]
    if v.server_reference:
        sections.append(
            (QCoreApplication.translate("RequestEditor", "Server reference"), v.server_reference)
        )
    return PrintableRecord(
        "request", v.id, labels.request_type(c["request_type"]), c["handling_code"], sections
    )


# -- the editor ---------------------------------------------------------------------------


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
            item.setData(
                Qt.ItemDataRole.UserRole,
                {"kind": "case", "ref": cid, "label": f"{number} {title}"[:300]},
            )
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)

    def subject(self) -> dict[str, str] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class RequestEditor(QDialog):
    """Draft, edit, submit, or view a request; the actions offered follow the workflow.

    Signals:
        changed(str): the request id, after any change saved by this editor.
        review_requested(str): a supervisor asked to review this request.
    """

    changed = Signal(str)
    review_requested = Signal(str)

    def __init__(
        self,
        session_: UiSession,
        request_id: str | None = None,
        parent: QWidget | None = None,
        *,
        initial_subjects: list[dict[str, str]] | None = None,
        request_type: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session_
        self.view: RequestView | None = None
        self._rid: list[str | None] = [request_id]
        self._loading = False
        self._dirty = False
        self._saving = 0
        self.setWindowTitle(self.tr("Request"))
        self.setObjectName("requestEditor")
        self.resize(820, 720)
        outer = QVBoxLayout(self)
        self.banner = HandlingBanner(self)
        outer.addWidget(self.banner)
        self.state_label = heading("", self)
        outer.addWidget(self.state_label)
        self.notice = QLabel(self)
        self.notice.setObjectName("returnedNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background:#fff3e0;border:1px solid #e65100;padding:6px;")
        self.notice.hide()
        outer.addWidget(self.notice)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, FieldError] = {}

        def with_error(name: str, widget: QWidget) -> QWidget:
            box = QWidget(self)
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(1)
            lay.addWidget(widget)
            err = FieldError(box)
            err.setAccessibleName(self.tr("Error: %1").replace("%1", field_label(name)))
            lay.addWidget(err)
            self.errors[name] = err
            return box

        self.type = QComboBox(self)
        for t in RequestType:
            self.type.addItem(labels.request_type(t), str(t))
        self.type.setAccessibleName(self.tr("Request type"))
        form.addRow(self.tr("&Type:"), with_error("request_type", self.type))
        self.priority = QComboBox(self)
        for p in Priority:
            self.priority.addItem(labels.priority(p), str(p))
        self.priority.setAccessibleName(self.tr("Priority"))
        form.addRow(self.tr("&Priority:"), with_error("priority", self.priority))
        due_row = QWidget(self)
        due_lay = QHBoxLayout(due_row)
        due_lay.setContentsMargins(0, 0, 0, 0)
        self.has_due = QCheckBox(self.tr("Answer needed by"), due_row)
        self.due = QDateEdit(QDate.currentDate().addDays(7), due_row)
        self.due.setCalendarPopup(True)
        self.due.setAccessibleName(self.tr("Due date"))
        self.due.setEnabled(False)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_lay.addWidget(self.has_due)
        due_lay.addWidget(self.due)
        due_lay.addStretch(1)
        form.addRow(self.tr("&Due date:"), with_error("due_date", due_row))
        self.recipients = QLineEdit(self)
        self.recipients.setPlaceholderText(
            self.tr("Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)")
        )
        self.recipients.setAccessibleName(self.tr("Recipients"))
        form.addRow(self.tr("&Recipients:"), with_error("recipients", self.recipients))

        subj = QWidget(self)
        subj_lay = QHBoxLayout(subj)
        subj_lay.setContentsMargins(0, 0, 0, 0)
        self.subjects = QListWidget(subj)
        self.subjects.setAccessibleName(self.tr("Subjects"))
        self.subjects.setMaximumHeight(90)
        subj_lay.addWidget(self.subjects, 1)
        subj_buttons = QVBoxLayout()
        self.add_case = QPushButton(self.tr("Add &case…"), subj)
        self.add_case.clicked.connect(self._pick_case)
        self.add_ref = QPushButton(self.tr("Add reference…"), subj)
        self.add_ref.clicked.connect(self._add_reference)
        self.remove_subject = QPushButton(self.tr("Remove"), subj)
        self.remove_subject.setAccessibleName(self.tr("Remove subject"))
        self.remove_subject.clicked.connect(lambda: self._remove_current(self.subjects))
        for b in (self.add_case, self.add_ref, self.remove_subject):
            subj_buttons.addWidget(b)
        subj_buttons.addStretch(1)
        subj_lay.addLayout(subj_buttons)
        form.addRow(self.tr("&Subjects:"), with_error("subjects", subj))

        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName(self.tr("Text of the request"))
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(self.tr("What is asked, why, and what is already known."))
        form.addRow(self.tr("Te&xt:"), with_error("body", self.body))
        self.handling = QComboBox(self)
        for h in HandlingCode:
            self.handling.addItem(labels.handling_code(h), str(h))
        self.handling.setCurrentIndex(self.handling.findData(str(HandlingCode.LAW_ENFORCEMENT)))
        self.handling.setAccessibleName(self.tr("Handling code"))
        form.addRow(self.tr("&Handling:"), with_error("handling_code", self.handling))

        att = QWidget(self)
        att_lay = QHBoxLayout(att)
        att_lay.setContentsMargins(0, 0, 0, 0)
        self.attachments = QListWidget(att)
        self.attachments.setAccessibleName(self.tr("Attachments"))
        self.attachments.setMaximumHeight(70)
        att_lay.addWidget(self.attachments, 1)
        att_buttons = QVBoxLayout()
        self.attach = QPushButton(self.tr("&Attach file…"), att)
        self.attach.clicked.connect(self._attach_file)
        self.remove_attachment = QPushButton(self.tr("Remove"), att)
        self.remove_attachment.setAccessibleName(self.tr("Remove attachment"))
        self.remove_attachment.clicked.connect(lambda: self._remove_current(self.attachments))
        att_buttons.addWidget(self.attach)
        att_buttons.addWidget(self.remove_attachment)
        att_buttons.addStretch(1)
        att_lay.addLayout(att_buttons)
        form.addRow(self.tr("Attach&ments:"), with_error("attachments", att))
        outer.addLayout(form, 1)

        self.save_status = QLabel(self)
        self.save_status.setObjectName("saveStatus")
        outer.addWidget(self.save_status)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save draft"), self)
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button = QPushButton(self.tr("Submit for a&pproval"), self)
        self.submit_button.setToolTip(self.tr("Ctrl+Enter"))
        self.submit_button.clicked.connect(self.submit)
        self.review_button = QPushButton(self.tr("&Review…"), self)
        self.review_button.clicked.connect(self._request_review)
        self.release_button = QPushButton(self.tr("Send to outbox"), self)
        self.release_button.clicked.connect(self._release)
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"), self)
        self.withdraw_button.clicked.connect(self._withdraw)
        self.copy_button = QPushButton(self.tr("Copy to new draft"), self)
        self.copy_button.clicked.connect(self._copy)
        self.close_request_button = QPushButton(self.tr("Close request"), self)
        self.close_request_button.clicked.connect(self._close_request)
        self.export_button = QPushButton(self.tr("Export PDF"), self)
        self.export_button.clicked.connect(self._export)
        self.print_button = QPushButton(self.tr("Print"), self)
        self.print_button.clicked.connect(self._print)
        self.done_button = QPushButton(self.tr("Close"), self)
        self.done_button.clicked.connect(self.close)
        self.action_buttons = [
            self.save_button,
            self.submit_button,
            self.review_button,
            self.release_button,
            self.withdraw_button,
            self.copy_button,
            self.close_request_button,
            self.export_button,
            self.print_button,
        ]
        for b in self.action_buttons:
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        outer.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save())
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.submit)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(lambda: self.save(auto=True))
        for sig in (
            self.type.currentIndexChanged,
            self.priority.currentIndexChanged,
            self.has_due.toggled,
            self.due.dateChanged,
            self.recipients.textEdited,
            self.body.textChanged,
            self.handling.currentIndexChanged,
        ):
            sig.connect(self._on_edited)
        self.handling.currentIndexChanged.connect(
            lambda _i: self.banner.set_code(self.handling.currentData())
        )
        self.banner.set_code(self.handling.currentData())

        if request_type:
            self.type.setCurrentIndex(self.type.findData(request_type))
        for s in initial_subjects or []:
            self.add_subject(s)
        if request_id:
            self.reload()
        else:
            self._apply_permissions(None)
            self._dirty = bool(initial_subjects)

    # -- state ---------------------------------------------------------------------

    @property
    def request_id(self) -> str | None:
        return self._rid[0]

    def reload(self) -> None:
        rid = self._rid[0]
        if rid:
            Op(self, lambda: load_request(self.session, rid)).on_success(self._show).start()

    def _show(self, v: RequestView) -> None:
        self._loading = True
        try:
            self.view = v
            c = v.content
            self.type.setCurrentIndex(self.type.findData(c["request_type"]))
            self.priority.setCurrentIndex(self.priority.findData(c["priority"]))
            self.has_due.setChecked(bool(c.get("due_date")))
            if c.get("due_date"):
                self.due.setDate(QDate.fromString(c["due_date"], Qt.DateFormat.ISODate))
            self.recipients.setText(", ".join(c["recipients"]))
            self.subjects.clear()
            for s in c["subjects"]:
                self.add_subject(s, mark_dirty=False)
            if self.body.toPlainText() != c["body"]:
                self.body.setPlainText(c["body"])
            self.handling.setCurrentIndex(self.handling.findData(c["handling_code"]))
            self.attachments.clear()
            for sha in c["attachments"]:
                self._add_attachment_item(sha, v.attachment_names.get(sha, sha[:12]))
            self._dirty = False
        finally:
            self._loading = False
        self._apply_permissions(v)

    def _apply_permissions(self, v: RequestView | None) -> None:
        """Offer exactly what the workflow allows this user in this state."""
        me = self.session.actor
        state = v.state if v else RequestState.DRAFT
        mine = v is None or v.drafter_id == me.user_id
        editable = state in EDITABLE_STATES and mine and self.session.can_draft
        same_office = v is None or v.office_code == me.office_code
        supervisor = me.role == Role.SUPERVISOR and same_office
        for w in (
            self.type,
            self.priority,
            self.has_due,
            self.recipients,
            self.body,
            self.handling,
            self.add_case,
            self.add_ref,
            self.remove_subject,
            self.attach,
            self.remove_attachment,
        ):
            w.setEnabled(editable)
        self.due.setEnabled(editable and self.has_due.isChecked())
        self.body.setReadOnly(not editable)
        self.save_button.setVisible(editable)
        self.submit_button.setVisible(editable)
        self.review_button.setVisible(state == RequestState.SUBMITTED and supervisor and not mine)
        self.release_button.setVisible(state == RequestState.APPROVED and supervisor)
        self.withdraw_button.setVisible(
            v is not None
            and (
                (
                    state in (RequestState.DRAFT, RequestState.SUBMITTED, RequestState.RETURNED)
                    and mine
                )
                or (state in (RequestState.APPROVED, RequestState.QUEUED) and supervisor)
            )
        )
        self.copy_button.setVisible(
            v is not None
            and self.session.can_draft
            and state
            in (
                RequestState.WITHDRAWN,
                RequestState.REJECTED_BY_SERVER,
                RequestState.CLOSED,
                RequestState.ANSWERED,
                RequestState.SENT,
                RequestState.ACKNOWLEDGED,
            )
        )
        self.close_request_button.setVisible(
            state == RequestState.ANSWERED and (mine or supervisor)
        )
        self.export_button.setVisible(v is not None)
        self.print_button.setVisible(v is not None)
        if v is None:
            self.state_label.setText(self.tr("New request (not saved yet)"))
        else:
            text = labels.request_state(state)
            if not mine:
                text += " — " + self.tr("drafted by %1").replace("%1", v.drafter_name)
            if v.server_reference:
                text += " — " + self.tr("server reference %1").replace("%1", v.server_reference)
            self.state_label.setText(text)
        notice = ""
        if v is not None and state == RequestState.RETURNED and v.last_reason:
            notice = self.tr("Returned by the supervisor: %1").replace("%1", v.last_reason)
        elif v is not None and state == RequestState.REJECTED_BY_SERVER:
            reason = error_text(v.server_reason_code or "", {}) if v.server_reason_code else ""
            notice = self.tr("The regional server refused this request: %1").replace(
                "%1", reason or v.last_reason
            )
        elif v is not None and state == RequestState.QUEUED:
            notice = self.tr(
                "Approved and waiting in the outbox. It has NOT reached the regional server yet."
            )
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.setWindowTitle(self.tr("Request — %1").replace("%1", labels.request_state(state)))

    def add_subject(self, subject: dict[str, str], mark_dirty: bool = True) -> None:
        for i in range(self.subjects.count()):
            existing = self.subjects.item(i).data(Qt.ItemDataRole.UserRole)
            if existing["kind"] == subject["kind"] and existing["ref"] == subject["ref"]:
                return
        kinds = {
            "bulletin": self.tr("Bulletin"),
            "person": self.tr("Person"),
            "case": self.tr("Case"),
            "vehicle": self.tr("Vehicle"),
            "document": self.tr("Document"),
            "hit": self.tr("Hit"),
        }
        text = f"{kinds.get(subject['kind'], subject['kind'])}: " + (
            subject.get("label") or subject["ref"]
        )
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, dict(subject))
        self.subjects.addItem(item)
        if mark_dirty:
            self._on_edited()

    def _remove_current(self, widget: QListWidget) -> None:
        row = widget.currentRow()
        if row >= 0:
            widget.takeItem(row)
            self._on_edited()

    def _on_edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self._dirty = True
        for e in self.errors.values():
            e.show_message("")
        self.save_status.setText(self.tr("Unsaved changes"))
        if self._can_edit():
            self._autosave.start()

    def _can_edit(self) -> bool:
        v = self.view
        if v is None:
            return self.session.can_draft
        return v.state in EDITABLE_STATES and v.drafter_id == self.session.actor.user_id

    def collect(self) -> RequestDraft:
        """The form's content (GUI thread)."""
        recipients = tuple(
            r.strip() for r in self.recipients.text().replace(";", ",").split(",") if r.strip()
        )
        subjects = tuple(
            self.subjects.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.subjects.count())
        )
        attachments = tuple(
            self.attachments.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.attachments.count())
        )
        due: date | None = self.due.date().toPython() if self.has_due.isChecked() else None  # type: ignore[assignment]
        return RequestDraft(
            request_type=RequestType(self.type.currentData()),
            priority=Priority(self.priority.currentData()),
            due_date=due,
            recipients=recipients,
            subjects=subjects,
            body=self.body.toPlainText(),
            handling_code=HandlingCode(self.handling.currentData()),
            attachments=attachments,
        )

    # -- saving and submitting -------------------------------------------------------

    def _save_fn(self, draft: RequestDraft) -> str:
        """Create or edit the draft (write-pool thread)."""
        rid = self._rid[0]
        service, actor = self.session.requests, self.session.actor
        if rid is None:
            rid = service.create_draft(actor, draft)
            self._rid[0] = rid  # read by the next queued save on the same thread
        else:
            service.edit(actor, rid, draft)
        return rid

    def save(self, auto: bool = False) -> None:
        """Save the draft now (autosave calls this after a pause in typing)."""
        self._autosave.stop()
        if not self._can_edit() or (auto and not self._dirty):
            return
        if not self._dirty and self._rid[0] is not None:
            return
        draft = self.collect()
        self._dirty = False
        self._saving += 1
        self.save_status.setText(self.tr("Saving…"))
        Op(self, lambda: self._save_fn(draft)).on_pool(write_pool()).on_success(
            self._saved
        ).on_failure(self._save_failed).start()

    def _saved(self, rid: str) -> None:
        self._saving -= 1
        self.save_status.setText(
            self.tr("Draft saved on this PC at %1").replace(
                "%1", datetime.now().strftime("%H:%M:%S")
            )
        )
        self.changed.emit(rid)
        if self._saving == 0 and not self._dirty:
            self.reload()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving -= 1
        self._dirty = True
        self.save_status.setText(self.tr("Not saved"))
        self._show_failure(exc)

    def _show_failure(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            name = str(exc.params.get("field", ""))
            err = self.errors.get(name)
            if err is not None:
                err.show_message(validation_detail(exc))
                return
        show_error(self, exc)

    def submit(self) -> None:
        """Save what is on screen, then submit it for a supervisor's approval."""
        if not self._can_edit():
            return
        self._autosave.stop()
        draft = self.collect()
        self._dirty = False
        service, actor = self.session.requests, self.session.actor

        def run() -> str:
            rid = self._save_fn(draft)
            service.submit(actor, rid)
            return rid

        self.save_status.setText(self.tr("Submitting…"))
        Op(self, run).on_pool(write_pool()).on_success(self._submitted).on_failure(
            self._submit_failed
        ).start()

    def _submitted(self, rid: str) -> None:
        self.save_status.setText(
            self.tr("Submitted for approval. A supervisor must approve it before it can leave.")
        )
        self.changed.emit(rid)
        self.reload()

    def _submit_failed(self, exc: BaseException) -> None:
        self.save_status.setText(self.tr("Not submitted"))
        if self._rid[0]:
            self.reload()
        self._show_failure(exc)

    def _ask_reason(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, title, label)
        if not ok:
            return None
        if not text.strip():
            QMessageBox.warning(self, title, error_text("workflow.reason_required"))
            return None
        return text

    def _withdraw(self) -> None:
        rid = self._rid[0]
        if not rid:
            return
        reason = self._ask_reason(self.tr("Withdraw request"), self.tr("Why is it withdrawn?"))
        if reason is None:
            return
        self._run(lambda: self.session.requests.withdraw(self.session.actor, rid, reason))

    def _release(self) -> None:
        rid = self._rid[0]
        if rid:
            self._run(lambda: self.session.requests.release(self.session.actor, rid))

    def _close_request(self) -> None:
        rid = self._rid[0]
        if rid:
            self._run(lambda: self.session.requests.close(self.session.actor, rid))

    def _copy(self) -> None:
        rid = self._rid[0]
        if not rid:
            return

        def done(new_id: str) -> None:
            self._rid[0] = new_id
            self.view = None
            self.changed.emit(new_id)
            self.reload()

        Op(self, lambda: self.session.requests.copy_to_draft(self.session.actor, rid)).on_pool(
            write_pool()
        ).on_success(done).start()

    def _request_review(self) -> None:
        rid = self._rid[0]
        if rid:
            self.review_requested.emit(rid)

    def _run(self, fn: Any) -> None:
        rid = self._rid[0]

        def done(_result: Any) -> None:
            self.changed.emit(rid or "")
            self.reload()

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            self.reload()

        Op(self, fn).on_pool(write_pool()).on_success(done).on_failure(failed).start()

    # -- subjects and attachments ------------------------------------------------------

    def _pick_case(self) -> None:
        picker = SubjectPicker(self.session, self)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.subject():
            self.add_subject(picker.subject())  # type: ignore[arg-type]

    def _add_reference(self) -> None:
        kinds = [
            ("bulletin", self.tr("Bulletin")),
            ("person", self.tr("Person")),
            ("vehicle", self.tr("Vehicle")),
            ("document", self.tr("Document")),
        ]
        kind, ok = QInputDialog.getItem(
            self, self.tr("Add reference"), self.tr("Kind:"), [k[1] for k in kinds], 0, False
        )
        if not ok:
            return
        ref, ok = QInputDialog.getText(
            self, self.tr("Add reference"), self.tr("Reference (number, plate or document):")
        )
        if ok and ref.strip():
            code = next(k for k, label in kinds if label == kind)
            self.add_subject({"kind": code, "ref": ref.strip()[:80], "label": ref.strip()})

    def _attach_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
        if name:
            self.attach_path(Path(name))

    def attach_path(self, path: Path) -> None:
        """Store a file encrypted in the blob store and list it (file work off the GUI)."""
        desk = self.session.desk

        def store_file() -> tuple[str, str]:
            size = path.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise ValidationError(field="attachments", detail="too_long")
            data = path.read_bytes()
            sha = desk.blobs.put(data)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            with desk.store.write() as s:
                s.merge(
                    Attachment(
                        sha256=sha,
                        size=len(data),
                        mime_type=mime,
                        filename=path.name[:255],
                        present=True,
                        created_at=utcnow(),
                    )
                )
            return sha, path.name

        def added(result: tuple[str, str]) -> None:
            self._add_attachment_item(*result)
            self._on_edited()

        Op(self, store_file).on_success(added).on_failure(self._show_failure).start()

    def _add_attachment_item(self, sha: str, name: str) -> None:
        for i in range(self.attachments.count()):
            if self.attachments.item(i).data(Qt.ItemDataRole.UserRole) == sha:
                return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, sha)
        item.setToolTip(sha)
        self.attachments.addItem(item)

    # -- output ----------------------------------------------------------------------

    def _export(self) -> None:
        if self.view:
            export_interactively(
                self, self.session.desk, self.session.actor, request_printable(self.view)
            )

    def _print(self) -> None:
        if self.view:
            print_interactively(
                self, self.session.desk, self.session.actor, request_printable(self.view)
            )

    def closeEvent(self, event: Any) -> None:
        # Never lose typing: a pending autosave is flushed when the window closes.
        if self._dirty and self._can_edit():
            self.save()
        super().closeEvent(event)


# -- the supervisor's review ----------------------------------------------------------------


class ReviewDialog(QDialog):
    """What a supervisor sees before approving: the exact content that will leave.

    Signals:
        decided(str): the request id, after an approval or a return.
    """

    decided = Signal(str)

    def __init__(self, session_: UiSession, request_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.request_id = request_id
        self.view: RequestView | None = None
        self.setWindowTitle(self.tr("Review request"))
        self.setObjectName("reviewDialog")
        self.resize(820, 720)
        lay = QVBoxLayout(self)
        self.banner = HandlingBanner(self)
        lay.addWidget(self.banner)
        self.header = heading("", self)
        lay.addWidget(self.header)
        self.content = QTextBrowser(self)
        self.content.setAccessibleName(self.tr("Content that will be sent"))
        lay.addWidget(self.content, 3)
        self.changes_label = QLabel(self.tr("Changes since it was last returned:"), self)
        lay.addWidget(self.changes_label)
        self.changes = QTextBrowser(self)
        self.changes.setAccessibleName(self.tr("Changes since it was last returned"))
        lay.addWidget(self.changes, 2)
        lay.addWidget(QLabel(self.tr("Reason for returning (required to return):"), self))
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for returning"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        lay.addWidget(self.reason)
        self.reason_error = FieldError(self)
        lay.addWidget(self.reason_error)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("&Approve and send"), self)
        self.approve_button.setToolTip(self.tr("Approves exactly the content shown above."))
        self.approve_button.clicked.connect(self.approve)
        self.return_button = QPushButton(self.tr("Re&turn to the officer"), self)
        self.return_button.clicked.connect(self.return_request)
        self.cancel_button = QPushButton(self.tr("Close"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        lay.addLayout(buttons)
        self.reason.textChanged.connect(lambda: self.reason_error.show_message(""))
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        Op(self, lambda: load_request(session_, request_id)).on_success(self._show).start()

    def _show(self, v: RequestView) -> None:
        self.view = v
        c = v.content
        me = self.session.actor
        self.banner.set_code(c["handling_code"])
        self.header.setText(
            self.tr("%1 — drafted by %2, revision %3")
            .replace("%1", labels.request_type(c["request_type"]))
            .replace("%2", v.drafter_name)
            .replace("%3", str(v.revision))
        )
        rows = []
        for key in (
            "request_type",
            "priority",
            "due_date",
            "recipients",
            "subjects",
            "handling_code",
            "attachments",
        ):
            value = _content_value(key, c.get(key))
            if key == "attachments" and c.get(key):
                value = ", ".join(v.attachment_names.get(s, s[:12]) for s in c[key])
            rows.append(f"<tr><td><b>{_esc(field_label(key))}</b></td><td>{_esc(value)}</td></tr>")
        body = _esc(c["body"]).replace("\n", "<br>")
        hash_label = self.tr("Content hash")
        self.content.setHtml(
            f"<table cellpadding=3>{''.join(rows)}</table><hr>{body}"
            f"<hr><small>{_esc(hash_label)}: "
            f"{v.content_hash}</small>"
        )
        diff = content_diff(v.previous_content, c)
        if v.previous_content is None:
            self.changes.setPlainText(self.tr("First submission: nothing to compare."))
        elif not diff:
            self.changes.setPlainText(self.tr("No changes since the previous submission."))
        else:
            parts = []
            for key, before, after in diff:
                if key == "body":
                    lines = difflib.unified_diff(
                        str(v.previous_content.get("body", "")).splitlines(),
                        c["body"].splitlines(),
                        lineterm="",
                        n=1,
                    )
                    parts.append(
                        f"<b>{_esc(field_label(key))}</b><pre>"
                        + _esc("\n".join(list(lines)[2:]))
                        + "</pre>"
                    )
                else:
                    parts.append(
                        f"<b>{_esc(field_label(key))}</b>: "
                        f"<s>{_esc(before)}</s> → {_esc(after)}<br>"
                    )
            self.changes.setHtml("".join(parts))
        allowed = (
            v.state == RequestState.SUBMITTED
            and me.role == Role.SUPERVISOR
            and me.user_id != v.drafter_id
            and me.office_code == v.office_code
        )
        self.approve_button.setEnabled(allowed)
        self.return_button.setEnabled(allowed)
        if me.user_id == v.drafter_id:
            self.header.setText(
                self.header.text()
                + "\n"
                + self.tr("You drafted this request: another supervisor must review it.")
            )

    def approve(self) -> None:
        v = self.view
        if v is None:
            return
        reviewed = v.content_hash  # the hash of exactly what was shown
        actor, service = self.session.actor, self.session.requests
        Op(self, lambda: service.approve(actor, v.id, reviewed)).on_pool(write_pool()).on_success(
            lambda _r: self._done()
        ).start()

    def return_request(self) -> None:
        v = self.view
        if v is None:
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_error.show_message(error_text("workflow.reason_required"))
            self.reason.setFocus()
            return
        actor, service = self.session.actor, self.session.requests
        Op(self, lambda: service.return_request(actor, v.id, reason)).on_pool(
            write_pool()
        ).on_success(lambda _r: self._done()).start()

    def _done(self) -> None:
        self.decided.emit(self.request_id)
        self.accept()


def _esc(text: str) -> str:
    import html

    return html.escape(str(text))


# -- the list ---------------------------------------------------------------------------------


class RequestsPage(QWidget):
    """Requests by stage: drafts, awaiting approval, returned, outbox, sent, answered.

    Signals:
        open_request(str): open a request in the editor.
        review_request(str): a supervisor opens the review of a request.
        new_request(): start a new draft.
    """

    open_request = Signal(str)
    review_request = Signal(str)
    new_request = Signal()

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
        columns = [
            Column(self.tr("Priority"), lambda r: labels.priority(r[R_PRIORITY]), 90),
            Column(self.tr("Type"), lambda r: labels.request_type(r[R_TYPE]), 190),
            Column(self.tr("State"), lambda r: labels.request_state(r[R_STATE]), 170),
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
        for key, states in REQUEST_TABS.items():
            view = QTableView(self)
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
            view.doubleClicked.connect(self._on_double_click)
            view.activated.connect(self._on_double_click)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            self.models[key] = model
            self.views[key] = view
            self.tabs.addTab(view, self.tab_titles[key])
        self._update_titles()

    def refresh(self) -> None:
        for model in self.models.values():
            model.reload()
        self._update_titles()

    def _update_titles(self) -> None:
        for i, key in enumerate(REQUEST_TABS):
            n = self.models[key].rowCount()
            self.tabs.setTabText(i, f"{self.tab_titles[key]} ({n})" if n else self.tab_titles[key])

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
