"""Sync failures say what happened, in both languages (issue 19, item 13).

An answer that could not be used is not "a captive portal", a portal is not "another
server", a server fault is not "offline", and every reason a feed row can be skipped for
has its own sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.sync.protocol import ROW_PROBLEMS
from ui.i18n import install_language
from ui.messages import error_text

SYNC_CODES = (
    "sync.bad_reply",
    "sync.redirected",
    "sync.server_error",
    "sync.server_busy",
    "sync.not_our_server",
    "sync.network",
    "sync.timeout",
    "sync.cancelled",
    "sync.fatal",
    "sync.refused",
    "sync.auth",
)


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    install_language("en")


def test_every_sync_failure_and_row_reason_has_its_own_sentence(language: str) -> None:
    generic = error_text("no.such.code")
    codes = [*SYNC_CODES, "sync.bad_rows", *(f"sync.row.{r}" for r in ROW_PROBLEMS)]
    texts = {code: error_text(code, {"count": 3}) for code in codes}
    assert all(text and text != generic for text in texts.values()), texts
    assert len(set(texts.values())) == len(texts), "two codes share a sentence"
    if language == "ru":
        assert all(any("а" <= ch <= "я" for ch in t.lower()) for t in texts.values()), texts


def test_the_messages_do_not_mislabel_the_failure(qtbot: QtBot) -> None:
    install_language("en")
    assert "portal" not in error_text("sync.bad_reply")
    assert "registered" not in error_text("sync.not_our_server")
    assert "cannot be reached" not in error_text("sync.server_error")
    assert "3" in error_text("sync.bad_rows", {"count": 3})
