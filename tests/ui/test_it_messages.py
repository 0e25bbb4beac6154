"""Messages that tell IT staff what to fix, in both languages (issue 9, items 8-10)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.errors import ConfigError, StoreError
from app.sync.client import SyncFailure
from app.sync.protocol import ErrorClass
from ui.i18n import install_language
from ui.messages import error_text

CODES = (
    "sync.tls_self_signed",
    "sync.tls_wrong_host",
    "sync.tls_expired",
    "sync.tls_untrusted",
)


@pytest.fixture(params=["en", "ru"])
def language(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    install_language(request.param)
    try:
        yield request.param
    finally:
        install_language("en")


def test_each_tls_problem_reads_differently(language: str) -> None:
    texts = [error_text(SyncFailure(code, ErrorClass.FATAL, "x")) for code in CODES]
    assert len(set(texts)) == len(CODES)
    generic = error_text(SyncFailure("sync.tls", ErrorClass.FATAL, "x"))
    assert generic not in texts
    # Where the fix is made: the site file for everything but an expired certificate.
    assert all("site.toml" in text for text in (texts[0], texts[1], texts[3], generic))
    if language == "ru":
        assert all("сертификат" in text.lower() for text in texts)


def test_rollback_integrity_encoding_and_lockout_are_named(language: str) -> None:
    rolled = error_text(StoreError("store.rolled_back", detail="behind"))
    damaged = error_text(StoreError("store.integrity", detail="*** in database main *** Page 7"))
    encoding = error_text(
        ConfigError("config.encoding", path="C:/DD/site.toml", line=3, detail="byte 0xce")
    )
    locked = error_text("login_locked")
    generic_store = error_text(StoreError("store.error", detail="x"))
    assert len({rolled, damaged, encoding, locked, generic_store}) == 5
    assert "Page 7" in damaged
    assert "C:/DD/site.toml" in encoding and "3" in encoding and "UTF-8" in encoding
    if language == "ru":
        assert "строка 3" in encoding
        assert "синхронизация остановлена" in rolled.lower()
