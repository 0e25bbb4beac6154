"""Every code of the error catalogue reaches the officer through ``ui.messages`` as its own
sentence, translated, never as the code."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui import messages
from ui.error_catalogue import code_texts
from ui.i18n import install_language, remove_translators


def test_importers_find_their_names_in_ui_messages() -> None:
    for name in ("error_text", "error_code", "field_label", "show_error", "validation_detail"):
        assert callable(getattr(messages, name)), name


def test_every_code_gets_its_translated_sentence(qtbot: QtBot) -> None:
    english = code_texts({})
    assert len(english) > 100
    install_language("ru")
    try:
        russian = code_texts({})
        assert russian.keys() == english.keys()
        for code, sentence in russian.items():
            assert messages.error_text(code) == sentence, code
            if code != "validation":  # "%1: %2" with an empty field: no words to translate
                assert sentence != english[code], code
            assert code not in sentence, code
    finally:
        remove_translators()
