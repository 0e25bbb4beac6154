"""Enrolling a PC from the desktop against the real reference server on loopback, with a
real encrypted store: a wrong code enrols nothing, the right code enrols, and enrolling an
enrolled PC again (after a confirmation) keeps the request waiting in its outbox."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import SiteConfig
from app.context import Desk
from app.status import collect_status
from app.store.models import (
    Meta,
    OutboxItem,
    OutboxState,
    OutgoingRequest,
    RequestState,
    RequestType,
)
from app.sync.client import SyncFailure
from app.sync.engine import CRED_DEVICE_ID, CRED_DEVICE_SECRET
from app.sync.enrol import enrol
from app.sync.protocol import ErrorClass
from app.users import Actor
from app.workflow import RequestDraft, RequestService, hash_of
from tests.helpers.desk import Office, make_desk
from tests.helpers.server_fixture import RunningServer
from tests.helpers.server_fixture import shared_server as shared_server
from tests.ui.conftest import settle
from ui.enrol_dialog import (
    FIELD_CA,
    FIELD_CODE,
    FIELD_URL,
    EnrolDialog,
    classify_failure,
)
from ui.i18n import install_language, remove_translators
from ui.main import wants_enrolment
from ui.main_window import MainWindow
from ui.messages import error_text
from ui.ops import running_ops

CYRILLIC = re.compile("[а-яА-Я]")


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Iterator[Callable[[Desk], EnrolDialog]]:
    """Open enrolment dialogs on a desk and wait until they have read the installation."""

    def make(desk: Desk) -> EnrolDialog:
        dialog = EnrolDialog(desk)
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot)
        return dialog

    yield make


def _device_id(desk: Desk) -> str | None:
    with desk.store.read() as s:
        row = s.get(Meta, "device_id")
        return row.value if row else None


def _enrol_and_wait(qtbot: QtBot, dialog: EnrolDialog) -> None:
    dialog.enrol_button.click()
    qtbot.waitUntil(lambda: not dialog._running and running_ops() == 0, timeout=20_000)


def test_fields_are_checked_before_anything_is_sent(
    qtbot: QtBot, desk: Desk, open_dialog: Callable[[Desk], EnrolDialog], tmp_path: Path
) -> None:
    dialog = open_dialog(desk)
    assert not dialog.url.isReadOnly()  # no site file names a server
    assert "AST-01" in dialog.office.text()
    dialog.url.setText("ftp://sync.region.example")
    dialog.ca.setText(str(tmp_path / "missing.pem"))
    dialog.enrol_button.click()
    assert running_ops() == 0  # nothing was started
    labels = dialog.error_labels()
    assert labels[FIELD_URL].isVisible()
    assert labels[FIELD_URL].text() == error_text("enrol.url_invalid")
    assert labels[FIELD_CODE].text() == error_text("enrol.code_required")
    assert labels[FIELD_CA].text() == error_text("enrol.ca_missing")
    dialog.url.setText("http://sync.region.example")
    dialog.code.setText("7QK3-MX9P-44TD")
    dialog.ca.clear()
    dialog.enrol_button.click()
    assert labels[FIELD_URL].text() == error_text("enrol.url_http")
    assert not labels[FIELD_CODE].isVisible() and not labels[FIELD_CA].isVisible()
    assert _device_id(desk) is None


def test_server_of_the_site_file_is_prefilled_read_only(
    qtbot: QtBot, tmp_path: Path, open_dialog: Callable[[Desk], EnrolDialog]
) -> None:
    site = SiteConfig(server_url="https://sync.region.example", office_code="KAR-02")
    desk = make_desk(tmp_path / "site", site=site)
    try:
        assert wants_enrolment(desk)
        dialog = open_dialog(desk)
        assert dialog.url.text() == "https://sync.region.example"
        assert dialog.url.isReadOnly()
        assert "KAR-02" in dialog.office.text()
        dialog.close()
    finally:
        desk.close()


def test_unreachable_server_is_reported_next_to_the_address(
    qtbot: QtBot, desk: Desk, open_dialog: Callable[[Desk], EnrolDialog]
) -> None:
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dialog = open_dialog(desk)
    dialog.url.setText(f"http://127.0.0.1:{port}")
    dialog.code.setText("7QK3-MX9P-44TD")
    _enrol_and_wait(qtbot, dialog)
    assert dialog.url_error.isVisible(), dialog.error.text()
    assert dialog.url_error.text() == error_text("enrol.unreachable")
    assert dialog.enrol_button.isEnabled() and _device_id(desk) is None


def test_tls_failure_is_reported_next_to_the_ca_bundle(
    qtbot: QtBot,
    desk: Desk,
    open_dialog: Callable[[Desk], EnrolDialog],
    shared_server: RunningServer,
) -> None:
    # https:// to a port that speaks plain HTTP: the TLS handshake fails for real.
    dialog = open_dialog(desk)
    dialog.url.setText(shared_server.url.replace("http://", "https://"))
    dialog.code.setText(shared_server.enrolment_code("AST-01"))
    _enrol_and_wait(qtbot, dialog)
    assert dialog.ca_error.isVisible(), dialog.error.text() or dialog.url_error.text()
    assert dialog.ca_error.text() == error_text("enrol.tls")
    assert _device_id(desk) is None


def test_failures_map_to_the_field_they_concern() -> None:
    def failure(code: str, server_code: str | None) -> SyncFailure:
        return SyncFailure(code, ErrorClass.FATAL, "x", server_code=server_code)

    assert classify_failure(failure("sync.fatal", "tls")) == (FIELD_CA, "enrol.tls")
    assert classify_failure(failure("sync.fatal", "pin_mismatch")) == (FIELD_CA, "enrol.tls")
    assert classify_failure(failure("sync.fatal", "protocol_unsupported")) == (
        FIELD_URL,
        "enrol.protocol",
    )
    assert classify_failure(failure("sync.not_our_server", None)) == (
        FIELD_URL,
        "enrol.not_server",
    )
    assert classify_failure(failure("sync.refused", "enrolment_code_invalid")) == (
        FIELD_CODE,
        "enrol.code_invalid",
    )
    # Every enrolment code has its own sentence, not the generic "failed (code …)".
    generic = error_text("no.such.code")
    for code in ("enrol.tls", "enrol.protocol", "enrol.not_server", "enrol.unreachable"):
        assert error_text(code) != generic


def _expired_code(server: RunningServer) -> str:
    from server import accounts

    with server.db.write() as session:
        return str(accounts.issue_enrolment_code(session, "AST-01", timedelta(seconds=-1)))


def test_wrong_code_shows_translated_error_and_enrols_nothing(
    qtbot: QtBot,
    desk: Desk,
    open_dialog: Callable[[Desk], EnrolDialog],
    shared_server: RunningServer,
) -> None:
    assert wants_enrolment(desk)  # no user, not enrolled: the first start offers it
    install_language("ru")
    try:
        dialog = open_dialog(desk)
        dialog.url.setText(shared_server.url)
        dialog.code.setText("AAAA-BBBB-CCCC")
        _enrol_and_wait(qtbot, dialog)
        assert dialog.code_error.isVisible()
        assert dialog.code_error.text() == error_text("enrol.code_invalid")
        assert CYRILLIC.search(dialog.code_error.text())  # shown in Russian
        assert not dialog.url_error.isVisible() and not dialog.success.isVisible()
        # An expired code (a real one, issued with a validity already over) reads the same.
        dialog.code.setText(_expired_code(shared_server))
        _enrol_and_wait(qtbot, dialog)
        assert dialog.code_error.text() == error_text("enrol.code_invalid")
    finally:
        remove_translators()
    assert dialog.result_enrolment is None
    assert _device_id(desk) is None
    assert desk.credentials.get(CRED_DEVICE_ID) is None
    assert collect_status(desk)["enrolled"] is False


def test_right_code_enrols_and_reports_server_and_office(
    qtbot: QtBot,
    desk: Desk,
    open_dialog: Callable[[Desk], EnrolDialog],
    shared_server: RunningServer,
) -> None:
    dialog = open_dialog(desk)
    assert not dialog.warning.isVisible()
    received: list[object] = []
    dialog.enrolled.connect(received.append)
    dialog.url.setText(shared_server.url)
    dialog.code.setText(shared_server.enrolment_code("AST-01"))
    _enrol_and_wait(qtbot, dialog)
    assert dialog.success.isVisible(), dialog.error.text() or dialog.url_error.text()
    assert shared_server.url in dialog.success.text()
    assert "AST-01" in dialog.success.text()
    assert len(received) == 1 and getattr(received[0], "office", "") == "AST-01"
    status = collect_status(desk)
    assert status["enrolled"] is True
    assert status["server_url"] == shared_server.url
    assert desk.credentials.get(CRED_DEVICE_ID) == _device_id(desk)
    assert desk.credentials.get(CRED_DEVICE_SECRET)
    assert not wants_enrolment(desk)
    # After success Enter closes the window: it does not try to enrol again and ask for
    # a one-time code.
    assert not dialog.enrol_button.isDefault() and not dialog.enrol_button.autoDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert not dialog.code_error.isVisible()


def _queue_request(office: Office) -> str:
    svc = RequestService(office.desk.store)
    rid = svc.create_draft(
        office.officer,
        RequestDraft(
            request_type=RequestType.INFORMATION,
            recipients=("NCB-ASTANA",),
            body="Please confirm the identity of the holder of passport N1234567.",
        ),
    )
    svc.submit(office.officer, rid)
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        reviewed = hash_of(req)
    svc.approve(office.supervisor, rid, reviewed)
    return rid


def test_reenrolment_from_the_menu_warns_and_keeps_the_outbox(
    qtbot: QtBot,
    office: Office,
    open_window: Callable[[Actor], MainWindow],
    shared_server: RunningServer,
) -> None:
    desk = office.desk
    assert not wants_enrolment(desk)  # local users, no server in the site file: not nagged
    rid = _queue_request(office)
    first = enrol(desk, shared_server.url, shared_server.enrolment_code("AST-01"))
    with desk.store.read() as s:
        outbox_before = [(o.id, o.ref_id, o.state) for o in s.scalars(select(OutboxItem))]
    assert outbox_before and all(o[2] == OutboxState.PENDING for o in outbox_before)

    window = open_window(office.admin)
    window.enrol_action.trigger()
    dialogs = window.findChildren(EnrolDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    settle(qtbot)
    assert dialog.already_enrolled and dialog.warning.isVisible()
    assert dialog.url.text() == shared_server.url  # prefilled from the enrolment

    dialog.code.setText(shared_server.enrolment_code("AST-01"))
    dialog.enrol_button.click()
    assert dialog.confirm is not None  # asked first, nothing sent yet
    no = dialog.confirm.button(dialog.confirm.StandardButton.No)
    no.click()
    qtbot.wait(50)
    assert running_ops() == 0 and _device_id(desk) == first.device_id

    dialog.enrol_button.click()
    assert dialog.confirm is not None
    dialog.confirm.button(dialog.confirm.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not dialog._running and running_ops() == 0, timeout=20_000)
    assert dialog.success.isVisible(), dialog.error.text() or dialog.code_error.text()
    assert _device_id(desk) not in (None, first.device_id)
    with desk.store.read() as s:
        outbox_after = [(o.id, o.ref_id, o.state) for o in s.scalars(select(OutboxItem))]
        req = s.get(OutgoingRequest, rid)
        assert req is not None and RequestState(req.state) == RequestState.QUEUED
    assert outbox_after == outbox_before
    assert collect_status(desk)["outbox_pending"] == len(outbox_before)
    dialog.close()
    settle(qtbot)
