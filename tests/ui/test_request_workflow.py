"""An officer drafts and submits, a supervisor returns, the officer resubmits, a supervisor
approves: all through the real widgets, with the core's rules checked underneath."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.store.models import OutboxItem, OutgoingRequest, RequestState
from app.workflow import RoleRequired, SelfApproval, hash_of
from tests.helpers.desk import Office
from tests.ui.conftest import OpenWindow, settle
from ui.requests import RequestEditor, ReviewDialog


def _state(office: Office, rid: str) -> RequestState:
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return RequestState(req.state)


def _fill(editor: RequestEditor, body: str) -> None:
    editor.recipients.setText("NCB-MOSCOW, KZ-GP")
    editor.recipients.textEdited.emit(editor.recipients.text())
    editor.body.setPlainText(body)


def test_officer_submits_supervisor_returns_then_approves(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    officer_win = open_window(office.officer)

    # The officer drafts; submit with no recipients shows the message next to the field.
    editor = officer_win.new_request()
    assert editor is not None
    editor.body.setPlainText("Please confirm the identity of the person detained today.")
    editor.submit()
    settle(qtbot)
    assert editor.errors["recipients"].isVisible()
    assert editor.errors["recipients"].text()
    rid = editor.request_id
    assert rid is not None and _state(office, rid) == RequestState.DRAFT

    _fill(editor, "Please confirm the identity of the person detained today.")
    editor.submit()
    settle(qtbot)
    assert _state(office, rid) == RequestState.SUBMITTED
    # Once submitted, the officer's editor is read-only and offers no approval.
    assert not editor.body.isEnabled() or editor.body.isReadOnly()
    # ... in readable fields: enabled (normal contrast, reachable by Tab), not changeable.
    for field in (editor.body, editor.recipients, editor.type, editor.priority, editor.handling):
        assert field.isEnabled(), field
    assert editor.recipients.isReadOnly() and editor.body.isReadOnly()
    recipients, request_type = editor.recipients.text(), editor.type.currentIndex()
    qtbot.keyClicks(editor.recipients, "X")
    editor.type.setFocus()
    qtbot.keyClick(editor.type, Qt.Key.Key_Down)
    assert editor.recipients.text() == recipients and editor.type.currentIndex() == request_type
    assert editor.add_case.isHidden() and editor.attach.isHidden()
    assert editor.submit_button.isHidden()
    assert editor.review_button.isHidden()

    # The officer cannot approve: no action is offered, and the core refuses anyway.
    assert officer_win.requests.review_button.isHidden()
    own_review = officer_win.review_request(rid)
    settle(qtbot)
    assert own_review.view is not None
    assert not own_review.approve_button.isEnabled()
    assert not own_review.return_button.isEnabled()
    own_review.close()
    with office.desk.store.read() as s:
        digest = hash_of(s.get(OutgoingRequest, rid))  # type: ignore[arg-type]
    with pytest.raises(RoleRequired):
        officer_win.session.requests.approve(office.officer, rid, digest)

    # The supervisor sees it in the review queue and returns it; a reason is required.
    sup_win = open_window(office.supervisor)
    sup_win.show_page("requests")
    sup_win.requests.show_tab("review")
    assert sup_win.requests.models["review"].rowCount() == 1
    review = sup_win.review_request(rid)
    settle(qtbot)
    assert review.approve_button.isEnabled()
    assert "NCB-MOSCOW" in review.content.toPlainText()
    review.return_request()
    settle(qtbot)
    assert review.reason_error.isVisible()
    assert _state(office, rid) == RequestState.SUBMITTED
    review.reason.setPlainText("Add the date and place of detention.")
    review.return_request()
    settle(qtbot)
    assert _state(office, rid) == RequestState.RETURNED

    # The officer sees the reason, edits and resubmits.
    officer_win.requests.refresh()
    assert officer_win.requests.models["returned"].rowCount() == 1
    editor2 = officer_win.open_request(rid)
    settle(qtbot)
    assert "Add the date and place" in editor2.notice.text()
    assert editor2.body.isEnabled() and not editor2.body.isReadOnly()
    editor2.body.setPlainText(
        "Please confirm the identity of the person detained today "
        "at 10:40 at the Almaty bus station."
    )
    editor2.submit()
    settle(qtbot)
    assert _state(office, rid) == RequestState.SUBMITTED

    # The supervisor reviews what changed since the return, and approves.
    review2: ReviewDialog = sup_win.review_request(rid)
    settle(qtbot)
    assert "Almaty bus station" in review2.changes.toPlainText()
    review2.approve()
    settle(qtbot)
    assert _state(office, rid) == RequestState.QUEUED
    with office.desk.store.read() as s:
        items = s.scalars(select(OutboxItem).where(OutboxItem.ref_id == rid)).all()
        assert len(items) == 1
        req = s.get(OutgoingRequest, rid)
        assert req is not None and req.approved_by == office.supervisor.user_id
        assert items[0].content_hash == hash_of(req)
    sup_win.requests.refresh()
    assert sup_win.requests.models["outbox"].rowCount() == 1


def test_supervisor_cannot_approve_own_draft(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    win = open_window(office.supervisor)
    editor = win.new_request()
    assert editor is not None
    _fill(editor, "Vehicle check requested by the duty supervisor.")
    editor.submit()
    settle(qtbot)
    rid = editor.request_id
    assert rid is not None and _state(office, rid) == RequestState.SUBMITTED
    review = win.review_request(rid)
    settle(qtbot)
    assert not review.approve_button.isEnabled()
    with office.desk.store.read() as s:
        digest = hash_of(s.get(OutgoingRequest, rid))  # type: ignore[arg-type]
    with pytest.raises(SelfApproval):
        win.session.requests.approve(office.supervisor, rid, digest)


def test_autosave_keeps_a_draft(qtbot: QtBot, office: Office, open_window: OpenWindow) -> None:
    win = open_window(office.officer)
    editor = win.new_request()
    assert editor is not None
    editor.body.setPlainText("Draft typed and left alone.")
    qtbot.waitUntil(lambda: editor.request_id is not None, timeout=5000)
    settle(qtbot)
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, editor.request_id)
        assert req is not None and req.body == "Draft typed and left alone."
