"""Counts in text take the plural form of their language: Russian has three (one, few,
many: 1 and 21, 2-4 and 22-24, 5-20 and 11-14), English two.

The expected Russian words are written from the grammar, not read from the .ts file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from ui.i18n import install_language, remove_translators

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"

#: (context, source, {n: words the Russian text must contain})
RUSSIAN = [
    (
        "LoginDialog",
        "Wrong user name or password. %n attempt(s) left before the account is locked.",
        {1: "осталась 1 попытка", 2: "осталось 2 попытки", 5: "осталось 5 попыток",
         21: "осталась 21 попытка"},
    ),
    (
        "SettingsDialog",
        "The site allows at most %n minute(s).",
        {1: "не более 1 минуты", 2: "не более 2 минут", 5: "не более 5 минут",
         21: "не более 21 минуты"},
    ),
    (
        "SearchPage",
        "%n result(s)",
        {1: "1 результат", 2: "2 результата", 5: "5 результатов", 21: "21 результат"},
    ),
    (
        "MainWindow",
        "%n urgent bulletin(s) received.",
        {1: "Получена 1 срочная ориентировка", 2: "Получены 2 срочные ориентировки",
         5: "Получено 5 срочных ориентировок", 21: "Получена 21 срочная ориентировка"},
    ),
    (
        "messages",
        "At least %n character(s) are required.",
        {1: "не менее 1 символа", 2: "не менее 2 символов", 5: "не менее 5 символов",
         21: "не менее 21 символа"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("context", "source", "expected"), RUSSIAN, ids=[r[1] for r in RUSSIAN])
def test_russian_counts_take_the_right_form(
    qtbot: QtBot, context: str, source: str, expected: dict[int, str]
) -> None:
    install_language("ru")
    try:
        for n, words in expected.items():
            text = QCoreApplication.translate(context, source, "", n)
            assert words in text, (n, text)
    finally:
        remove_translators()


def test_english_counts_take_the_right_form(qtbot: QtBot) -> None:
    install_language("en")
    try:
        tr = QCoreApplication.translate
        assert "1 attempt left" in tr(
            "LoginDialog",
            "Wrong user name or password. %n attempt(s) left before the account is locked.",
            "",
            1,
        )
        assert "21 attempts left" in tr(
            "LoginDialog",
            "Wrong user name or password. %n attempt(s) left before the account is locked.",
            "",
            21,
        )
        assert tr("SettingsDialog", "The site allows at most %n minute(s).", "", 1).endswith(
            "1 minute."
        )
    finally:
        remove_translators()


@pytest.mark.parametrize(("lang", "forms"), [("ru", 3), ("en", 2)])
def test_every_plural_message_has_every_form(lang: str, forms: int) -> None:
    root = ET.parse(I18N / f"district_desk_{lang}.ts").getroot()
    plural = 0
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        has_count = "%n" in source or "%Ln" in source
        if message.get("numerus") != "yes":
            assert not has_count, f"{source!r} shows a count without plural forms"
            continue
        plural += 1
        translation = message.find("translation")
        assert translation is not None
        texts = [f.text or "" for f in translation.findall("numerusform")]
        assert len(texts) == forms and all(texts), (lang, source, texts)
    assert plural >= 10


def test_skipped_rows_message_agrees_with_its_count(qtbot: QtBot) -> None:
    """Through the real message path (``error_text``), as the sync status shows it."""
    from ui.messages import error_text

    install_language("ru")
    try:
        expected = {
            1: "1 запись от регионального сервера не удалось сохранить, она пропущена",
            2: "2 записи от регионального сервера не удалось сохранить, они пропущены",
            5: "5 записей от регионального сервера не удалось сохранить, они пропущены",
            21: "21 запись от регионального сервера не удалось сохранить, она пропущена",
        }
        for n, words in expected.items():
            text = error_text("sync.bad_rows", {"count": n})
            assert words in text, (n, text)
    finally:
        remove_translators()
