"""The form of the request editor: its fields, the subjects and the attachments lists.

:class:`RequestForm` builds the widgets and reads them back (:meth:`RequestForm.collect`);
:class:`ui.requests.editor.RequestEditor` adds the workflow: saving, submitting, the actions.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.store.models import HandlingCode, Priority, RequestType
from app.workflow import RequestDraft
from ui import labels
from ui.messages import field_label
from ui.requests import hit_text
from ui.widgets import FieldError, HandlingBanner, heading


class RequestForm(QDialog):
    """The widgets of a request's content, with a line under each for what is wrong.

    Signals:
        open_subject(object): the subject dict the user double-clicked, to show its record.
    """

    open_subject = Signal(object)
    errors: dict[str, FieldError]

    # -- building the form ------------------------------------------------------------

    def _build_header(self, outer: QVBoxLayout) -> None:
        """The handling banner, the state and the notice (returned, refused, queued)."""
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

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        """The widget with the line that shows what is wrong with its field."""
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

    def _build_fields(self, form: QFormLayout) -> None:
        """Type, priority, due date and recipients."""
        self.type = QComboBox(self)
        for t in RequestType:
            self.type.addItem(labels.request_type(t), str(t))
        self.type.setAccessibleName(self.tr("Request type"))
        form.addRow(self.tr("&Type:"), self._with_error("request_type", self.type))
        self.priority = QComboBox(self)
        for p in Priority:
            self.priority.addItem(labels.priority(p), str(p))
        self.priority.setAccessibleName(self.tr("Priority"))
        form.addRow(self.tr("&Priority:"), self._with_error("priority", self.priority))
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
        form.addRow(self.tr("&Due date:"), self._with_error("due_date", due_row))
        self.recipients = QLineEdit(self)
        self.recipients.setPlaceholderText(
            self.tr("Agency codes, separated by commas (e.g. NCB-MOSCOW, KZ-GP)")
        )
        self.recipients.setAccessibleName(self.tr("Recipients"))
        form.addRow(self.tr("&Recipients:"), self._with_error("recipients", self.recipients))

    def _build_subjects(self, form: QFormLayout) -> None:
        """The subjects list and its buttons."""
        subj = QWidget(self)
        subj_lay = QHBoxLayout(subj)
        subj_lay.setContentsMargins(0, 0, 0, 0)
        self.subjects = QListWidget(subj)
        self.subjects.setToolTip(self.tr("Double-click a subject to open it."))
        self.subjects.itemDoubleClicked.connect(
            lambda item: self.open_subject.emit(dict(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.subjects.setAccessibleName(self.tr("Subjects"))
        self.subjects.setMaximumHeight(90)
        subj_lay.addWidget(self.subjects, 1)
        subj_buttons = QVBoxLayout()
        self.add_case = QPushButton(self.tr("Add &case…"), subj)
        self.add_ref = QPushButton(self.tr("Add reference…"), subj)
        self.remove_subject = QPushButton(self.tr("Remove"), subj)
        self.remove_subject.setAccessibleName(self.tr("Remove subject"))
        for b in (self.add_case, self.add_ref, self.remove_subject):
            subj_buttons.addWidget(b)
        subj_buttons.addStretch(1)
        subj_lay.addLayout(subj_buttons)
        form.addRow(self.tr("&Subjects:"), self._with_error("subjects", subj))

    def _build_text(self, form: QFormLayout) -> None:
        """The text, the fill-in-from-the-hit row and the handling code."""
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName(self.tr("Text of the request"))
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(self.tr("What is asked, why, and what is already known."))
        form.addRow(self.tr("Te&xt:"), self._with_error("body", self.body))
        # A hit notification's text can be filled in again from the hit, in the user's
        # language or in the receiving agency's.
        self.prefill_row = QWidget(self)
        prefill_lay = QHBoxLayout(self.prefill_row)
        prefill_lay.setContentsMargins(0, 0, 0, 0)
        self.prefill_language = QComboBox(self.prefill_row)
        self.prefill_language.setAccessibleName(self.tr("Language of the text"))
        for code in hit_text.languages():
            self.prefill_language.addItem(hit_text.language_name(code), code)
        self.prefill_button = QPushButton(self.tr("Fill in the text from the hit"), self)
        prefill_lay.addWidget(self.prefill_language)
        prefill_lay.addWidget(self.prefill_button)
        prefill_lay.addStretch(1)
        self.prefill_row.hide()
        form.addRow(self.prefill_row)
        self.handling = QComboBox(self)
        for h in HandlingCode:
            self.handling.addItem(labels.handling_code(h), str(h))
        self.handling.setCurrentIndex(self.handling.findData(str(HandlingCode.LAW_ENFORCEMENT)))
        self.handling.setAccessibleName(self.tr("Handling code"))
        form.addRow(self.tr("&Handling:"), self._with_error("handling_code", self.handling))

    def _build_attachments(self, form: QFormLayout) -> None:
        """The attachments list and its buttons."""
        att = QWidget(self)
        att_lay = QHBoxLayout(att)
        att_lay.setContentsMargins(0, 0, 0, 0)
        self.attachments = QListWidget(att)
        self.attachments.setAccessibleName(self.tr("Attachments"))
        self.attachments.setMaximumHeight(70)
        att_lay.addWidget(self.attachments, 1)
        att_buttons = QVBoxLayout()
        self.attach = QPushButton(self.tr("&Attach file…"), att)
        self.remove_attachment = QPushButton(self.tr("Remove"), att)
        self.remove_attachment.setAccessibleName(self.tr("Remove attachment"))
        att_buttons.addWidget(self.attach)
        att_buttons.addWidget(self.remove_attachment)
        att_buttons.addStretch(1)
        att_lay.addLayout(att_buttons)
        form.addRow(self.tr("Attach&ments:"), self._with_error("attachments", att))

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

    def _add_attachment_item(self, sha: str, name: str) -> None:
        for i in range(self.attachments.count()):
            if self.attachments.item(i).data(Qt.ItemDataRole.UserRole) == sha:
                return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, sha)
        item.setToolTip(sha)
        self.attachments.addItem(item)
