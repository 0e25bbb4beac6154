"""A decision that lost a conflict on another PC of the office is told to its author when
they open the request (the fold's reason code, translated), in both the request view and
the review window. The fold itself is tested in tests/unit/test_office_journal.py."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.office import journal
from app.store.models import OfficeEntry, OutgoingRequest, RequestType
from app.workflow import RequestDraft, RequestService, hash_of
from tests.helpers.desk import Office
from tests.ui.conftest import OpenWindow, settle
from ui import labels


def test_the_author_of_a_lost_approval_is_told_why(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    svc = RequestService(office.desk.store, office.desk.bus)
    draft = RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body="Address?")
    rid = svc.create_draft(office.officer, draft)
    svc.submit(office.officer, rid)
    with office.desk.store.read() as s:
        digest = hash_of(s.get_one(OutgoingRequest, rid))
    svc.approve(office.supervisor, rid, digest)
    # What the fold records when another supervisor's return reached this PC first.
    with office.desk.store.write() as s:
        s.execute(
            update(OfficeEntry)
            .where(OfficeEntry.request_id == rid, OfficeEntry.kind == "approve")
            .values(outcome="office.lost_to_return")
        )
    assert [x.reason for x in journal.lost_actions(office.desk.store, "supervisor")] == [
        "office.lost_to_return"
    ]
    window = open_window(office.supervisor)
    editor = window.open_request(rid)
    settle(qtbot)
    reason = labels.office_outcome("office.lost_to_return")
    assert editor.notice.isVisible()
    assert reason in editor.notice.text(), editor.notice.text()
    editor.close()
    # Another user's view of the same request says nothing of it.
    other = open_window(office.officer)
    view = other.open_request(rid)
    settle(qtbot)
    assert reason not in view.notice.text()
    view.close()
