"""The screens offer exactly what the core's permission table allows, for every state,
every kind of user, drafter or not (the matrix is generated; the core test
``tests/unit/test_workflow_actions.py`` proves the table is what the service accepts)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from app.store.models import RequestState
from app.workflow import RequestAction, RequestService
from tests.helpers.desk import Office
from tests.helpers.requests import request_in_state
from tests.ui.conftest import OpenWindow
from ui.ops import running_ops
from ui.requests import RequestEditor, RequestsPage, ReviewDialog
from ui.session import UiSession

USERS = ("officer", "officer2", "supervisor", "supervisor2", "admin", "other_supervisor")
A = RequestAction


def _loaded(widget: RequestEditor | ReviewDialog) -> Callable[[], bool]:
    """A condition for ``qtbot.waitUntil``: the widget has shown its request."""
    return lambda: widget.view is not None


def _review_rows(page: RequestsPage, count: int) -> Callable[[], bool]:
    """A condition for ``qtbot.waitUntil``: the review tab lists ``count`` rows."""
    return lambda: page.models["review"].rowCount() == count


@pytest.mark.parametrize("state", list(RequestState))
def test_editor_review_and_menu_offer_exactly_the_allowed_actions(
    qtbot: QtBot, office: Office, state: RequestState
) -> None:
    svc = RequestService(office.desk.store, office.desk.bus)
    for drafter_name in ("officer", "supervisor"):
        rid = request_in_state(office, svc, state, getattr(office, drafter_name))
        for user_name in USERS:
            actor = getattr(office, user_name)
            session = UiSession(office.desk, actor)
            allowed = svc.allowed_actions(actor, rid)
            where = f"{state} drafted by {drafter_name}, seen by {user_name}"

            editor = RequestEditor(session, rid)
            qtbot.addWidget(editor)
            qtbot.waitUntil(_loaded(editor), timeout=5000)
            assert editor.offered_actions() == allowed, where
            assert (not editor.body.isReadOnly()) == (A.EDIT in allowed), where

            review = ReviewDialog(session, rid)
            qtbot.addWidget(review)
            qtbot.waitUntil(_loaded(review), timeout=5000)
            assert review.approve_button.isEnabled() == (A.APPROVE in allowed), where
            assert review.return_button.isEnabled() == (A.RETURN in allowed), where

            page = RequestsPage(session)
            qtbot.addWidget(page)
            texts = [a.text() for a in page.build_menu(rid, allowed).actions()]
            assert (page.tr("Review…") in texts) == (A.APPROVE in allowed), where
            assert (page.tr("Copy to a new draft") in texts) == (A.COPY in allowed), where
            for w in (editor, review, page):
                w.close()
                w.deleteLater()
            qtbot.waitUntil(lambda: running_ops() == 0, timeout=5000)


def test_right_click_menu_asks_the_core(
    qtbot: QtBot, office: Office, open_window: OpenWindow
) -> None:
    """A right-click on a row shows the menu built from the core's answer for that row."""
    svc = RequestService(office.desk.store, office.desk.bus)
    request_in_state(office, svc, RequestState.SUBMITTED, office.officer)
    for actor, expect_review in ((office.supervisor, True), (office.officer2, False)):
        win = open_window(actor)
        win.show_page("requests")
        page = win.requests
        page.show_tab("review")
        page.refresh()
        qtbot.waitUntil(_review_rows(page, 1), timeout=5000)
        view = page.views["review"]
        pos = view.visualRect(page.models["review"].index(0, 1)).center()
        with qtbot.waitSignal(page.menu_shown, timeout=5000) as shown:
            view.customContextMenuRequested.emit(pos)
        texts = [a.text() for a in shown.args[0].actions()]
        assert (page.tr("Review…") in texts) is expect_review
        assert page.tr("Copy to a new draft") not in texts  # not a finished request
        shown.args[0].close()
