"""A supervisor's review can be trusted by a person: real widgets on a real store.

- a request with a case, a bulletin hit and a person names them in words, in Russian and
  English, and no internal id (UUID or hex prefix) appears anywhere in the window;
- Enter and Space, typed in any field of the review, never approve;
- the editor has no default button (Enter in Recipients opens nothing);
- a double-click opens one review window;
- a stale window cannot approve: it refreshes and says why, and a racing click is refused
  by the core and explained in words;
- a resubmission shows what changed field by field, the text word by word, wrapped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.store.models import (
    Bulletin,
    BulletinKind,
    Case,
    Hit,
    OutboxItem,
    OutgoingRequest,
    Person,
    PersonName,
    Priority,
    RequestState,
    RequestType,
)
from app.workflow import RequestDraft, RequestService, hash_of
from tests.helpers.desk import Office
from tests.ui.conftest import OpenWindow, settle
from ui.i18n import install_language, remove_translators
from ui.requests import RequestEditor, ReviewDialog
from ui.requests.common import fingerprint

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
HEX_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{8,}(?![0-9A-Za-z])")
RAW_CODE = re.compile(r"\b(workflow|validation|sync|store)\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b")


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user can read in ``root`` and its children (titles and tooltips too)."""
    out = [root.windowTitle(), root.toolTip()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        out.append(w.toolTip())
        out.append(w.accessibleName())
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            out.append(w.text())
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            out.append(w.toPlainText())
        elif isinstance(w, QListWidget):
            out.extend(w.item(i).text() for i in range(w.count()))
        elif isinstance(w, QComboBox):
            out.append(w.currentText())
    return [t for t in out if t]


def _state(office: Office, rid: str) -> RequestState:
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        return RequestState(req.state)


def _outbox_items(office: Office, rid: str) -> int:
    with office.desk.store.read() as s:
        return int(
            s.scalar(select(func.count()).select_from(OutboxItem).where(OutboxItem.ref_id == rid))
            or 0
        )


@pytest.fixture
def records(office: Office) -> dict[str, str]:
    """A case, a red notice with its person, and a hit on that person."""
    with office.desk.store.write() as s:
        case = Case(
            number="2026/0142", title="Кража автомобилей на автовокзале", office_code="AST-01"
        )
        bulletin = Bulletin(
            kind=BulletinKind.RED,
            reference="A-3171/11-2026",
            title="ИВАНОВ Сергей Петрович",
            issuing_country="RU",
            issued_on=date(2026, 11, 2),
        )
        s.add_all([case, bulletin])
        s.flush()
        person = Person(bulletin_id=bulletin.id, birth_year=1975, birth_month=3, birth_day=12,
                        nationality="RU", sex="M")  # fmt: skip
        s.add(person)
        s.flush()
        s.add(PersonName(person_id=person.id, position=0, full_name="ИВАНОВ Сергей Петрович"))
        hit = Hit(
            bulletin_id=bulletin.id,
            target_kind="person",
            target_id=person.id,
            officer_id=office.officer.user_id,
            place="Автовокзал Сайран, Алматы",
            query="Иванов Сергей",
            match_explanation={"label": "ИВАНОВ Сергей Петрович", "band": "strong"},
        )
        s.add(hit)
        s.flush()
        return {"case": case.id, "bulletin": bulletin.id, "person": person.id, "hit": hit.id}


BODY_1 = "Просим подтвердить личность задержанного сегодня мужчины."
BODY_2 = "Просим подтвердить личность и адрес задержанного вчера утром мужчины."


def resubmitted_request(office: Office, records: dict[str, str]) -> str:
    """Drafted with all subject kinds, returned once, edited and submitted again."""
    svc = RequestService(office.desk.store, office.desk.bus)
    draft = RequestDraft(
        request_type=RequestType.HIT_NOTIFICATION,
        priority=Priority.URGENT,
        recipients=("NCB-MOSCOW",),
        subjects=tuple(
            {"kind": k, "ref": records[k]} for k in ("case", "hit", "bulletin", "person")
        ),
        body=BODY_1,
    )
    rid = svc.create_draft(office.officer, draft)
    svc.submit(office.officer, rid)
    svc.return_request(office.supervisor, rid, "Укажите адрес.")
    edited = dataclasses.replace(draft, body=BODY_2, recipients=("NCB-MOSCOW", "KZ-GP"))
    svc.edit(office.officer, rid, edited)
    svc.submit(office.officer, rid)
    return rid


@pytest.fixture
def language() -> Iterator[None]:
    yield
    remove_translators()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_review_names_every_subject_and_shows_no_internal_id(
    qtbot: QtBot,
    office: Office,
    records: dict[str, str],
    open_window: OpenWindow,
    language: None,
    lang: str,
) -> None:
    install_language(lang)
    rid = resubmitted_request(office, records)
    win = open_window(office.supervisor)
    review = win.review_request(rid)
    settle(qtbot)
    assert review.view is not None and review.approve_button.isEnabled()
    texts = visible_texts(review)
    everything = "\n".join(texts)
    for text in texts:
        assert not UUID.search(text), text
        assert not HEX_RUN.search(text), text
        assert "workflow." not in text
    content = review.content.toPlainText()
    # Each subject as a person would name it.
    assert "2026/0142" in content and "Кража автомобилей" in content
    assert "A-3171/11-2026" in content
    assert "ИВАНОВ Сергей Петрович" in content
    assert ("12.03.1975" if lang == "ru" else "12 Mar 1975") in content
    assert "Автовокзал Сайран" in content
    red = "Красный" if lang == "ru" else "Red notice"
    assert red in content, content
    # The words read are the words approved: they are in the hashed content, and the
    # fingerprint shown is the start of that hash.
    with office.desk.store.read() as s:
        req = s.get(OutgoingRequest, rid)
        assert req is not None
        digest = hash_of(req)
        person = next(x for x in req.subjects if x["kind"] == "person")
        assert person["label"] == "ИВАНОВ Сергей Петрович" and person["born"] == "1975-03-12"
    assert fingerprint(digest) in everything
    # The resubmission's changes, field by field and word by word.
    changes = review.changes.toPlainText()
    assert "адрес" in changes and "утром" in changes and "KZ-GP" in changes
    html = review.changes.toHtml()
    assert "line-through" in html and "underline" in html, html
    assert review.changes.lineWrapMode() == QTextEdit.LineWrapMode.WidgetWidth
    assert "@@" not in changes
    review.close()


def test_enter_and_space_never_approve(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    rid = resubmitted_request(office, records)
    win = open_window(office.supervisor)
    review = ReviewDialog.open_for(win.session, rid, win)
    settle(qtbot)
    assert review.approve_button.isEnabled()
    for button in review.findChildren(QPushButton):
        assert not button.isDefault() and not button.autoDefault(), button.text()
    focusable = [
        w
        for w in review.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and w.isEnabled()
    ]
    assert review.approve_button not in focusable
    assert review.reason in focusable and review.content in focusable
    for widget in focusable:
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if not review.isVisible():  # Space on "Close" closes the window: open it again
                review.show()
            widget.setFocus()
            qtbot.keyClick(widget, key)
            settle(qtbot, 5000)
            assert _state(office, rid) == RequestState.SUBMITTED, (widget, key)
    # Tab order never lands on the approve button either.
    review.show()
    review.reason.setFocus()
    for _ in range(len(focusable) + 2):
        qtbot.keyClick(QApplication.focusWidget() or review, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not review.approve_button
    assert _state(office, rid) == RequestState.SUBMITTED and _outbox_items(office, rid) == 0
    # A deliberate click approves, and the window then says what was approved.
    review.reason.clear()
    qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert _state(office, rid) == RequestState.QUEUED and _outbox_items(office, rid) == 1
    assert review.outcome.isVisible()
    with office.desk.store.read() as s:
        digest = hash_of(s.get(OutgoingRequest, rid))  # type: ignore[arg-type]
    assert fingerprint(digest) in review.outcome.text()
    assert not review.approve_button.isEnabled()
    review.close()


def test_editor_has_no_default_button(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    win = open_window(office.officer)
    editor = win.new_request()
    assert editor is not None
    for button in editor.findChildren(QPushButton):
        assert not button.isDefault() and not button.autoDefault(), button.text()
    editor.recipients.setFocus()
    qtbot.keyClick(editor.recipients, Qt.Key.Key_Return)
    qtbot.wait(100)
    from ui.requests import SubjectPicker

    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, SubjectPicker)]
    assert editor.isVisible()
    editor.close()


def test_double_click_opens_one_review_window(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    rid = resubmitted_request(office, records)
    win = open_window(office.supervisor)
    win.show_page("requests")
    win.requests.refresh()
    win.requests.show_tab("review")
    view = win.requests.views["review"]
    qtbot.waitUntil(lambda: win.requests.models["review"].rowCount() == 1, timeout=5000)
    index = win.requests.models["review"].index(0, 1)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot)
    reviews = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, ReviewDialog) and w.isVisible()]  # fmt: skip
    assert len(reviews) == 1 and reviews[0].request_id == rid
    # Asking again (from the editor or a notice) raises the same window.
    assert win.review_request(rid) is reviews[0]
    reviews[0].close()


def test_stale_review_window_cannot_approve(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    rid = resubmitted_request(office, records)
    first = open_window(office.supervisor)
    second = open_window(office.supervisor2)
    a = first.review_request(rid)
    b = second.review_request(rid)
    settle(qtbot)
    assert a.approve_button.isEnabled() and b.approve_button.isEnabled()

    # A approves; B hears of it, refreshes, and says so instead of offering Approve.
    a.approve()
    settle(qtbot)
    assert _state(office, rid) == RequestState.QUEUED
    assert not b.approve_button.isEnabled()
    assert b.notice.isVisible() and b.notice.text()
    b.approve()
    settle(qtbot)
    assert _outbox_items(office, rid) == 1


def test_racing_approval_is_refused_and_explained(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    """The change lands unseen (no event reached the window): the core refuses, the window
    explains in words (no raw code) and shows the request as it now is."""
    rid = resubmitted_request(office, records)
    win = open_window(office.supervisor2)
    review = win.review_request(rid)
    settle(qtbot)
    assert review.approve_button.isEnabled()
    quiet = RequestService(office.desk.store)  # its own event bus: the window hears nothing
    with office.desk.store.read() as s:
        digest = hash_of(s.get(OutgoingRequest, rid))  # type: ignore[arg-type]
    quiet.return_request(office.supervisor, rid, "Уточните место задержания.")
    review.approve()
    settle(qtbot)
    assert _state(office, rid) == RequestState.RETURNED and _outbox_items(office, rid) == 0
    assert review.notice.isVisible()
    text = review.notice.text()
    assert text and "workflow" not in text and "illegal" not in text
    assert not review.approve_button.isEnabled()
    assert review.view is not None and review.view.state == RequestState.RETURNED
    assert digest  # the hash the window had shown was never approved
    review.close()


def test_returned_editor_shows_subjects_in_words(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    rid = resubmitted_request(office, records)
    win = open_window(office.officer)
    editor: RequestEditor = win.open_request(rid)
    settle(qtbot)
    items = [editor.subjects.item(i).text() for i in range(editor.subjects.count())]
    assert len(items) == 4
    for text in visible_texts(editor):
        assert not UUID.search(text) and not HEX_RUN.search(text), text
    assert any("2026/0142" in t for t in items)
    editor.close()


def test_refusals_are_words_with_the_code_only_in_the_details(qtbot: QtBot) -> None:
    from app.workflow import IllegalTransition
    from ui import messages

    parent = QWidget()
    qtbot.addWidget(parent)
    messages.show_error(parent, IllegalTransition(state="queued", action="approved"))
    box = messages._open_boxes[-1]
    try:
        assert box.text() and "workflow" not in box.text() and "queued" not in box.text()
        assert "workflow" not in box.informativeText()
        assert "workflow.illegal_transition" in box.detailedText()
    finally:
        box.close()


def test_a_subject_opens_from_the_review(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    from PySide6.QtCore import QUrl

    rid = resubmitted_request(office, records)
    win = open_window(office.supervisor)
    review = win.review_request(rid)
    settle(qtbot)
    with qtbot.waitSignal(review.open_subject) as opened:
        review.content.anchorClicked.emit(QUrl("subject:0"))
    assert opened.args[0]["kind"] == "case"
    settle(qtbot)
    assert win.cases.detail.view is not None and win.cases.detail.view.number == "2026/0142"
    review.close()


def test_alt_a_is_the_deliberate_keyboard_approval(
    qtbot: QtBot, office: Office, records: dict[str, str], open_window: OpenWindow
) -> None:
    rid = resubmitted_request(office, records)
    win = open_window(office.supervisor)
    review = win.review_request(rid)
    settle(qtbot)
    review.activateWindow()
    review.reason.setFocus()
    qtbot.keyClick(review.reason, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: _state(office, rid) == RequestState.QUEUED, timeout=5000)
    settle(qtbot)
    assert _outbox_items(office, rid) == 1 and review.outcome.isVisible()
    review.close()
