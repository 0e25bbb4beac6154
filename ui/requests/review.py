"""The supervisor's review: the exact content that will leave, in words, and the decision.

Four-eyes happens here, so the window is built to be trusted by a person:

- every subject is named (case number and title, bulletin kind and reference, person's
  name, date of birth and nationality), and those words are part of the approved content
  hash, whose fingerprint is shown;
- nothing approves by accident: no button is a default button, the approve button takes
  no keyboard focus (Enter and Space never reach it), approval is a click or Alt+A;
- one window per request; a window whose request changed underneath refreshes itself and
  says so, and its approval is refused by the core if it still raced;
- after a decision the window stays open and shows what was decided and on what.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import events
from app.errors import NotFound
from app.request_view import RequestView, load_request
from app.workflow import RequestAction, WorkflowError
from ui import labels
from ui.messages import error_text, field_label, show_error
from ui.ops import Op
from ui.requests.common import (
    attachment_name,
    esc,
    fingerprint,
    subject_line,
    value_text,
)
from ui.requests.diff_view import ChangesView
from ui.session import UiSession
from ui.widgets import FieldError, HandlingBanner, heading, resize_within_screen

_open: dict[str, ReviewDialog] = {}


def no_default_buttons(dialog: QWidget) -> None:
    """No button of ``dialog`` reacts to Enter unless it has the focus and says so."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


class ReviewDialog(QDialog):
    """What a supervisor sees before approving: the exact content that will leave.

    Signals:
        decided(str): the request id, after an approval or a return.
        open_subject(object): the subject dict the supervisor asked to open.
    """

    decided = Signal(str)
    open_subject = Signal(object)

    @classmethod
    def open_for(
        cls, session_: UiSession, request_id: str, parent: QWidget | None = None
    ) -> ReviewDialog:
        """The review window of a request: the open one, raised, or a new one."""
        dialog = _open.get(request_id)
        if dialog is not None and dialog.session is session_:
            dialog.reload()
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog = cls(session_, request_id, parent)
        dialog.show()
        return dialog

    def __init__(self, session_: UiSession, request_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.request_id = request_id
        self.view: RequestView | None = None
        self._decided = ""
        _open[request_id] = self
        key = id(self)
        self.destroyed.connect(lambda *_a, rid=request_id: _forget(rid, key))
        self.finished.connect(lambda _r, rid=request_id: _forget(rid, key))
        self.setWindowTitle(self.tr("Review request"))
        self.setObjectName("reviewDialog")
        resize_within_screen(self, 820, 720)
        lay = QVBoxLayout(self)
        self.banner = HandlingBanner(self)
        lay.addWidget(self.banner)
        self.header = heading("", self)
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        self.notice = QLabel(self)
        self.notice.setObjectName("staleNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background:#fff3e0;border:1px solid #e65100;padding:6px;")
        self.notice.hide()
        lay.addWidget(self.notice)
        self.content = QTextBrowser(self)
        self.content.setAccessibleName(self.tr("Content that will be sent"))
        self.content.setOpenLinks(False)
        self.content.anchorClicked.connect(self._on_anchor)
        lay.addWidget(self.content, 3)
        self.changes_label = QLabel(self.tr("Changes since the previous submission:"), self)
        lay.addWidget(self.changes_label)
        self.changes = ChangesView(self)
        lay.addWidget(self.changes, 2)
        self.reason_label = QLabel(self.tr("Reason for returning (required to return):"), self)
        lay.addWidget(self.reason_label)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for returning"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(80)
        self.reason_label.setBuddy(self.reason)
        lay.addWidget(self.reason)
        self.reason_error = FieldError(self)
        lay.addWidget(self.reason_error)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("reviewOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("background:#e8f5e9;border:1px solid #2e7d32;padding:6px;")
        self.outcome.hide()
        lay.addWidget(self.outcome)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("&Approve and send"), self)
        self.approve_button.setToolTip(
            self.tr("Approves exactly the content shown above (Alt+A or a click).")
        )
        # Approval is a deliberate act: a click or Alt+A. Enter and Space, typed in any
        # field, never reach this button.
        self.approve_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        no_default_buttons(self)
        self.reason.textChanged.connect(lambda: self.reason_error.show_message(""))
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        bridge = getattr(session_, "bridge", None)
        if bridge is not None:
            bridge.changed.connect(self._on_events)
        self.reload()

    # -- loading -------------------------------------------------------------------

    def reload(self) -> None:
        store, actor, rid = self.session.desk.store, self.session.actor, self.request_id
        Op(self, lambda: load_request(store, actor, rid)).on_success(self._show).on_failure(
            self._load_failed
        ).start()

    def _on_events(self, changed: dict[str, Any]) -> None:
        payload = changed.get(events.REQUESTS_CHANGED)
        if payload is not None and payload.get("request_id") in (None, self.request_id):
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            self._set_notice(
                self.tr("This request no longer exists on this PC. Nothing was approved.")
            )
            self.approve_button.setEnabled(False)
            self.return_button.setEnabled(False)
            return
        show_error(self, exc)

    def _show(self, v: RequestView) -> None:
        before = self.view
        self.view = v
        if (
            before is not None
            and not self._decided
            and (before.content_hash != v.content_hash or before.state != v.state)
        ):
            self._set_notice(
                self.tr(
                    "This request changed while this window was open; it is now “%1”. "
                    "What you see has been refreshed: read it again before deciding."
                ).replace("%1", labels.request_state(v.state))
            )
        c = v.content
        self.banner.set_code(c["handling_code"])
        header = (
            self.tr("%1 — drafted by %2, revision %3, state “%4”")
            .replace("%1", labels.request_type(c["request_type"]))
            .replace("%2", v.drafter_name)
            .replace("%3", str(v.revision))
            .replace("%4", labels.request_state(v.state))
        )
        if v.drafter_id == self.session.actor.user_id:
            header += "\n" + self.tr("You drafted this request: another supervisor must review it.")
        if v.lost_reasons:
            header += "\n" + self.tr(
                "Your decision on another PC of the office did not count: %1"
            ).replace("%1", labels.office_outcome(v.lost_reasons[0]))
        self.header.setText(header)
        self.content.setHtml(self._content_html(v))
        self.changes.show_changes(
            v.changes,
            first_submission=v.previous_content is None,
            attachment_names=v.attachment_names,
        )
        self.approve_button.setEnabled(RequestAction.APPROVE in v.actions)
        self.return_button.setEnabled(RequestAction.RETURN in v.actions)
        self.reason.setEnabled(RequestAction.RETURN in v.actions)

    def _content_html(self, v: RequestView) -> str:
        c = v.content
        rows = []
        for key in ("request_type", "priority", "due_date", "recipients", "handling_code"):
            rows.append(
                f"<tr><td><b>{esc(field_label(key))}</b></td>"
                f"<td>{esc(value_text(key, c.get(key)))}</td></tr>"
            )
        subjects = [
            f"<a href='subject:{i}'>{esc(subject_line(s))}</a>" for i, s in enumerate(c["subjects"])
        ]
        rows.append(
            f"<tr><td valign='top'><b>{esc(field_label('subjects'))}</b></td>"
            f"<td>{'<br>'.join(subjects) or '—'}</td></tr>"
        )
        files = [esc(attachment_name(sha, v.attachment_names)) for sha in c["attachments"]]
        rows.append(
            f"<tr><td><b>{esc(field_label('attachments'))}</b></td>"
            f"<td>{', '.join(files) or '—'}</td></tr>"
        )
        body = esc(c["body"]).replace("\n", "<br>")
        covered = self.tr(
            "Fingerprint of this content: %1. An approval covers exactly the fields, subjects "
            "and text above; any later change voids it."
        ).replace("%1", fingerprint(v.content_hash))
        return (
            f"<table cellpadding=3>{''.join(rows)}</table><hr>{body}"
            f"<hr><small>{esc(covered)}</small>"
        )

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if self.view is None or not text.startswith("subject:"):
            return
        try:
            subject = self.view.content["subjects"][int(text.split(":", 1)[1])]
        except (ValueError, IndexError):
            return
        self.open_subject.emit(dict(subject))

    def _set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- decisions -----------------------------------------------------------------

    def approve(self) -> None:
        v = self.view
        if v is None or RequestAction.APPROVE not in v.actions:
            return
        reviewed = v.content_hash  # the hash of exactly what was shown
        actor, service = self.session.actor, self.session.requests
        self._decided = "approve"
        Op(self, lambda: service.approve(actor, v.id, reviewed)).writes().on_success(
            lambda _r: self._done(
                self.tr(
                    "Approved. The content with fingerprint %1 is in the outbox and leaves "
                    "with the next synchronisation."
                ).replace("%1", fingerprint(reviewed))
            )
        ).on_failure(self._refused).start()

    def return_request(self) -> None:
        v = self.view
        if v is None or RequestAction.RETURN not in v.actions:
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_error.show_message(error_text("workflow.reason_required"))
            self.reason.setFocus()
            return
        actor, service = self.session.actor, self.session.requests
        self._decided = "return"
        Op(self, lambda: service.return_request(actor, v.id, reason)).writes().on_success(
            lambda _r: self._done(self.tr("Returned to the officer with your reason."))
        ).on_failure(self._refused).start()

    def _refused(self, exc: BaseException) -> None:
        """The core refused: the request changed under this window (or the rules say no)."""
        self._decided = ""
        if isinstance(exc, WorkflowError):
            self._set_notice(
                error_text(exc)
                + " "
                + self.tr(
                    "Nothing was approved or returned; the window shows the request as it is now."
                )
            )
            self.approve_button.setEnabled(False)
            self.return_button.setEnabled(False)
            self.reload()
            return
        show_error(self, exc)

    def _done(self, outcome: str) -> None:
        self.outcome.setText(outcome)
        self.outcome.show()
        self._set_notice("")
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        self.reason.setEnabled(False)
        self.cancel_button.setFocus()
        self.decided.emit(self.request_id)
        self.reload()


def _forget(request_id: str, key: int) -> None:
    if id(_open.get(request_id)) == key:
        _open.pop(request_id, None)
