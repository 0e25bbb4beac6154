"""The request editor's state line, notice and title say where the request stands: who
drafted it, its server reference, why it came back or was refused, and that an approved
request has not left the office yet."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.store.models import RequestState
from app.workflow import RequestService
from tests.helpers.desk import Office
from tests.helpers.requests import request_in_state
from ui import labels
from ui.ops import running_ops
from ui.requests import RequestEditor
from ui.session import UiSession

S = RequestState

# (state, viewer, in the state line, in the notice: "" for no notice)
CASES = [
    (S.DRAFT, "officer", [], ""),
    (S.SUBMITTED, "supervisor", ["drafted by"], ""),
    (S.RETURNED, "officer", [], "Returned by the supervisor: Add the place of detention"),
    (
        S.QUEUED,
        "supervisor",
        ["drafted by"],
        "Approved and waiting in the outbox. It has NOT reached the regional server yet.",
    ),
    (
        S.REJECTED_BY_SERVER,
        "officer",
        [],
        "The regional server refused this request: Unknown recipient",
    ),
    (S.ACKNOWLEDGED, "officer", ["server reference R-1"], ""),
]


def _editor(qtbot: QtBot, office: Office, viewer: str, rid: str | None) -> RequestEditor:
    editor = RequestEditor(UiSession(office.desk, getattr(office, viewer)), rid)
    qtbot.addWidget(editor)
    if rid:
        qtbot.waitUntil(lambda: editor.view is not None, timeout=5000)
    return editor


@pytest.mark.parametrize(("state", "viewer", "line_parts", "notice"), CASES)
def test_state_line_and_notice(
    qtbot: QtBot,
    office: Office,
    state: RequestState,
    viewer: str,
    line_parts: list[str],
    notice: str,
) -> None:
    svc = RequestService(office.desk.store, office.desk.bus)
    rid = request_in_state(office, svc, state, office.officer)
    editor = _editor(qtbot, office, viewer, rid)
    line = editor.state_label.text()
    assert line.startswith(labels.request_state(state)), line
    for part in line_parts:
        assert part in line, line
    if viewer == "officer":
        assert "drafted by" not in line
    if "server reference" not in " ".join(line_parts):
        assert "server reference" not in line
    assert editor.notice.text() == notice
    assert editor.notice.isHidden() == (not notice)
    assert editor.windowTitle() == f"Request — {labels.request_state(state)}"
    # The server's reason code is for IT staff, never shown in the sentence.
    assert "recipient.unknown" not in editor.notice.text()
    editor.close()
    qtbot.waitUntil(lambda: running_ops() == 0, timeout=5000)


def test_new_request_says_it_is_not_saved(qtbot: QtBot, office: Office) -> None:
    editor = _editor(qtbot, office, "officer", None)
    assert editor.state_label.text() == "New request (not saved yet)"
    assert editor.notice.isHidden() and not editor.notice.text()
    assert not editor.save_button.isHidden() and not editor.submit_button.isHidden()
    assert editor.export_button.isHidden() and editor.copy_button.isHidden()
    editor.close()
    qtbot.waitUntil(lambda: running_ops() == 0, timeout=5000)
