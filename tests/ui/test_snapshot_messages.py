"""Every refusal of a snapshot file reads as its own translated sentence (issue 16)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.exchange.snapshot import _TEMPLATES, SnapshotError
from ui.i18n import install_language, remove_translators
from ui.messages import error_text

PARAMS = {"path": "s.ddsnap", "office": "KAR-02", "detail": "frame 3", "version": 9}


def test_each_snapshot_code_has_a_translated_sentence(qtbot: QtBot) -> None:
    fallback = error_text("snapshot.no_such_code")
    english = {code: error_text(SnapshotError(code, **PARAMS)) for code in _TEMPLATES}
    assert all(text != fallback and "%1" not in text for text in english.values()), english
    assert "KAR-02" in english["snapshot.other_office"]
    install_language("ru")
    try:
        russian = {code: error_text(SnapshotError(code, **PARAMS)) for code in _TEMPLATES}
    finally:
        remove_translators()
    for code, text in russian.items():
        assert text != english[code], code
        assert any("а" <= ch <= "я" for ch in text.lower()), code
    assert "Ничего не импортировано" in russian["snapshot.tampered"]
