"""The request editor: draft, edit (with autosave), submit, or view a request.

The actions offered are exactly :meth:`app.workflow.RequestService.allowed_actions` for this
user and this request (carried by :class:`app.request_view.RequestView`); the core refuses
anything else anyway and the editor shows its refusal in words.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.records import store_attachment
from app.request_view import RequestView, load_request
from app.search.hits import hit_facts_in_store
from app.store.models import RequestState
from app.workflow import RequestAction, RequestDraft
from ui import labels
from ui.messages import error_text, show_error, validation_detail
from ui.ops import Op
from ui.printing import export_interactively, print_interactively
from ui.requests import hit_text
from ui.requests.common import request_printable, subject_line
from ui.requests.editor_form import RequestForm
from ui.requests.review import no_default_buttons
from ui.requests.subject_picker import SubjectPicker
from ui.session import UiSession
from ui.widgets import resize_within_screen, set_read_only

AUTOSAVE_MS = 1500

A = RequestAction


class RequestEditor(RequestForm):
    """Draft, edit, submit, or view a request; the actions offered follow the workflow.

    Signals:
        changed(str): the request id, after any change saved by this editor.
        review_requested(str): a supervisor asked to review this request.
        open_subject(object): the subject dict the user double-clicked, to show its record.
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
        resize_within_screen(self, 820, 720)
        outer = QVBoxLayout(self)
        self._build_header(outer)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = {}
        self._build_fields(form)
        self._build_subjects(form)
        self._build_text(form)
        self._build_attachments(form)
        outer.addLayout(form, 1)
        self._build_buttons(outer)
        self._connect_form()
        self._connect_autosave()

        if request_type:
            self.type.setCurrentIndex(self.type.findData(request_type))
        for s in initial_subjects or []:
            self.add_subject(s)
        if request_id:
            # Until the request is read, no action is offered: all nine buttons shown at
            # once would widen the window past a 1366-pixel screen (in Russian), and a
            # top-level window does not shrink back when they are hidden.
            for b in self.action_buttons:
                b.hide()
            self.reload()
        else:
            self._apply_permissions(None)
            self._dirty = bool(initial_subjects)

    def _build_buttons(self, outer: QVBoxLayout) -> None:
        """The save status, the action buttons and their shortcuts."""
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
        self.export_button = QPushButton(self.tr("Export PDF…"), self)
        self.export_button.clicked.connect(self._export)
        self.print_button = QPushButton(self.tr("Print…"), self)
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
        # Enter in a field (Recipients, say) must not press "Add case…" or anything else.
        no_default_buttons(self)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save())
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.submit)

    def _connect_form(self) -> None:
        """The form's buttons: subjects, attachments and the fill-in from the hit."""
        self.add_case.clicked.connect(self._pick_case)
        self.add_ref.clicked.connect(self._add_reference)
        self.remove_subject.clicked.connect(lambda: self._remove_current(self.subjects))
        self.prefill_button.clicked.connect(self.prefill_from_hit)
        self.attach.clicked.connect(self._attach_file)
        self.remove_attachment.clicked.connect(lambda: self._remove_current(self.attachments))

    def _connect_autosave(self) -> None:
        """Save after a pause in typing; keep the banner in step with the handling code."""
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

    # -- state ---------------------------------------------------------------------

    @property
    def request_id(self) -> str | None:
        return self._rid[0]

    def reload(self) -> None:
        rid = self._rid[0]
        if rid:
            store, actor = self.session.desk.store, self.session.actor
            Op(self, lambda: load_request(store, actor, rid)).on_success(self._show).start()

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

    def allowed(self) -> frozenset[RequestAction]:
        """What this user may do to the request on screen (the core's table)."""
        if self.view is None:
            return frozenset({A.EDIT, A.SUBMIT}) if self.session.can_draft else frozenset()
        return self.view.actions

    def offered_actions(self) -> frozenset[RequestAction]:
        """The actions this editor offers a button for (tests compare with the core's)."""
        buttons = {
            A.EDIT: self.save_button,
            A.SUBMIT: self.submit_button,
            A.APPROVE: self.review_button,
            A.RETURN: self.review_button,
            A.RELEASE: self.release_button,
            A.WITHDRAW: self.withdraw_button,
            A.COPY: self.copy_button,
            A.CLOSE: self.close_request_button,
        }
        return frozenset(a for a, b in buttons.items() if not b.isHidden())

    def _apply_permissions(self, v: RequestView | None) -> None:
        """Offer exactly what the workflow allows this user in this state."""
        state = v.state if v else RequestState.DRAFT
        allowed = self.allowed()
        editable = A.EDIT in allowed
        self._set_editable(editable)
        self._offer_actions(v, allowed, editable)
        self.state_label.setText(self._state_line(v, state))
        notice = self._notice_text(v, state)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.setWindowTitle(self.tr("Request — %1").replace("%1", labels.request_state(state)))

    def _set_editable(self, editable: bool) -> None:
        """Open the fields for editing, or show them read-only."""
        # A request that cannot be changed is shown in read-only fields, not disabled
        # ones: greyed-out text is hard to read and the keyboard skips it.
        for w in (
            self.type,
            self.priority,
            self.has_due,
            self.recipients,
            self.body,
            self.handling,
        ):
            set_read_only(w, not editable)
        for b in (
            self.add_case,
            self.add_ref,
            self.remove_subject,
            self.attach,
            self.remove_attachment,
        ):
            b.setVisible(editable)
        set_read_only(self.due, not editable)
        if editable:
            self.due.setEnabled(self.has_due.isChecked())
        self.due.setVisible(editable or self.has_due.isChecked())

    def _offer_actions(
        self, v: RequestView | None, allowed: frozenset[RequestAction], editable: bool
    ) -> None:
        """Show the buttons of the actions the workflow allows, and only those."""
        self.save_button.setVisible(editable)
        self.submit_button.setVisible(A.SUBMIT in allowed)
        # Approving and returning happen in the review window, never from here.
        self.review_button.setVisible(A.APPROVE in allowed or A.RETURN in allowed)
        self.release_button.setVisible(A.RELEASE in allowed)
        self.withdraw_button.setVisible(v is not None and A.WITHDRAW in allowed)
        self.copy_button.setVisible(v is not None and A.COPY in allowed)
        self.close_request_button.setVisible(A.CLOSE in allowed)
        self.prefill_row.setVisible(bool(v and v.hit_id) and editable)
        if v is not None and not self.prefill_row.isHidden():
            ui_language = (
                "ru" if self.locale().language() == self.locale().Language.Russian else "en"
            )
            self.prefill_language.setCurrentIndex(
                max(0, self.prefill_language.findData(ui_language))
            )
        self.export_button.setVisible(v is not None)
        self.print_button.setVisible(v is not None)

    def _state_line(self, v: RequestView | None, state: str) -> str:
        """The request's state, who drafted it (when not this user) and its server reference."""
        if v is None:
            return self.tr("New request (not saved yet)")
        text = labels.request_state(state)
        if v.drafter_id != self.session.actor.user_id:
            text += " — " + self.tr("drafted by %1").replace("%1", v.drafter_name)
        if v.server_reference:
            text += " — " + self.tr("server reference %1").replace("%1", v.server_reference)
        return text

    def _notice_text(self, v: RequestView | None, state: str) -> str:
        """Why the request came back, was refused or waits, and any lost office action."""
        if v is None:
            return ""
        notice = ""
        if state == RequestState.RETURNED and v.last_reason:
            notice = self.tr("Returned by the supervisor: %1").replace("%1", v.last_reason)
        elif state == RequestState.REJECTED_BY_SERVER:
            code = v.server_reason_code or ""
            reason = error_text(code, {}) if code else ""
            if code and code in reason:
                # No sentence of ours for this code: the server's own words, never the code.
                reason = v.last_reason or self.tr("no reason was given")
            notice = self.tr("The regional server refused this request: %1").replace(
                "%1", reason or v.last_reason
            )
        elif state == RequestState.QUEUED:
            notice = self.tr(
                "Approved and waiting in the outbox. It has NOT reached the regional server yet."
            )
        if v.lost_reasons:
            lost = self.tr("Your action on another PC of the office did not count: %1").replace(
                "%1", labels.office_outcome(v.lost_reasons[0])
            )
            notice = f"{lost}\n{notice}" if notice else lost
        return notice

    def prefill_from_hit(self) -> None:
        """Replace the text by the hit's facts in the chosen language (undoable)."""
        v = self.view
        if v is None or not v.hit_id or not self._can_edit():
            return
        store, hit_id = self.session.desk.store, v.hit_id
        language = str(self.prefill_language.currentData())

        def fill(facts: Any) -> None:
            cursor = self.body.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(hit_text.hit_notification_text(facts, language))

        Op(self, lambda: hit_facts_in_store(store, hit_id)).on_success(fill).on_failure(
            self._show_failure
        ).start()

    def add_subject(self, subject: dict[str, str], mark_dirty: bool = True) -> None:
        for i in range(self.subjects.count()):
            existing = self.subjects.item(i).data(Qt.ItemDataRole.UserRole)
            if existing["kind"] == subject["kind"] and existing["ref"] == subject["ref"]:
                return
        item = QListWidgetItem(subject_line(subject))
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
        return A.EDIT in self.allowed()

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
        Op(self, lambda: self._save_fn(draft)).writes().on_success(self._saved).on_failure(
            self._save_failed
        ).start()

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
        Op(self, run).writes().on_success(self._submitted).on_failure(self._submit_failed).start()

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

        Op(
            self, lambda: self.session.requests.copy_to_draft(self.session.actor, rid)
        ).writes().on_success(done).start()

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

        Op(self, fn).writes().on_success(done).on_failure(failed).start()

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

        def added(result: tuple[str, str]) -> None:
            self._add_attachment_item(*result)
            self._on_edited()

        Op(self, lambda: store_attachment(desk, path)).writes().on_success(added).on_failure(
            self._show_failure
        ).start()

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
