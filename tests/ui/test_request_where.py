"""The request list says where each request is: this PC only, the office, or sent."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.store.models import OutgoingRequest, RequestType
from app.workflow import RequestDraft, RequestService, hash_of
from tests.helpers.desk import Office
from ui import labels
from ui.requests import RequestsPage
from ui.session import UiSession


def _where(page: RequestsPage, tab: str, rid: str) -> str:
    model = page.models[tab]
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    col = column.index(page.tr("Where"))
    for row in range(model.rowCount()):
        values = model.row_tuple(row)
        if values is not None and values[0] == rid:
            return str(model.data(model.index(row, col)))
    raise AssertionError(f"{rid} not in {tab}")


def test_where_column_follows_sharing_and_sending(qtbot: QtBot, office: Office) -> None:
    svc = RequestService(office.desk.store, office.desk.bus)
    draft = RequestDraft(RequestType.INFORMATION, recipients=("NCB-RU",), body="Address?")
    local = svc.create_draft(office.officer, draft)
    shared = svc.create_draft(office.officer, draft)
    sent = svc.create_draft(office.officer, draft)
    session = UiSession(office.desk, office.officer)
    page = RequestsPage(session)
    qtbot.addWidget(page)
    # The author shares one draft from its context menu.
    menu = page.build_menu(shared, svc.allowed_actions(office.officer, shared))
    (share,) = [a for a in menu.actions() if a.text() == page.tr("Share with the office")]
    share.trigger()
    qtbot.waitUntil(lambda: _where(page, "drafts", shared) == labels.request_where("draft", True))
    svc.submit(office.officer, sent)
    with office.desk.store.read() as s:
        digest = hash_of(s.get_one(OutgoingRequest, sent))
    svc.approve(office.supervisor, sent, digest)
    with office.desk.store.write() as s:
        svc.apply_receipt(s, sent, server_time=datetime.now(UTC))
    page.refresh()
    qtbot.waitUntil(lambda: page.models["sent"].rowCount() == 1)
    assert _where(page, "drafts", local) == labels.request_where("draft", False)
    assert labels.request_where("draft", False) != labels.request_where("draft", True)
    assert _where(page, "drafts", shared) == labels.request_where("draft", True)
    assert _where(page, "sent", sent) == labels.request_where("sent", True)
    page.close()
