"""The prefilled text of a hit notification, in the user's language or the recipient's.

The core hands over the hit's facts (:class:`app.search.hits.HitFacts`); the sentences are
here, translated like every other string, and can be produced in a language other than
the interface's (a Russian-speaking officer writing to an English-speaking bureau).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTranslator

from app.config import LANGUAGES
from app.search.hits import HitFacts
from ui.i18n import translation_file

CONTEXT = "HitNotification"
HIT_ON = QT_TRANSLATE_NOOP("HitNotification", "Hit on bulletin %1.")
MATCHED = QT_TRANSLATE_NOOP("HitNotification", "Matched: %1 (%2).")
PLACE = QT_TRANSLATE_NOOP("HitNotification", "Place: %1")
CIRCUMSTANCES = QT_TRANSLATE_NOOP("HitNotification", "Circumstances: %1")
ACTION = QT_TRANSLATE_NOOP("HitNotification", "Action taken: %1")
BANDS = {
    "strong": QT_TRANSLATE_NOOP("HitNotification", "strong match"),
    "possible": QT_TRANSLATE_NOOP("HitNotification", "possible match"),
    "weak": QT_TRANSLATE_NOOP("HitNotification", "weak match, confirmed by the officer"),
}
LANGUAGE_NAMES = {
    "ru": QT_TRANSLATE_NOOP("HitNotification", "Russian"),
    "en": QT_TRANSLATE_NOOP("HitNotification", "English"),
}

_translators: dict[str, QTranslator] = {}


def _translate(language: str | None, text: str) -> str:
    """``text`` in ``language`` (``None``: the interface's language)."""
    if language is None:
        return QCoreApplication.translate(CONTEXT, text)
    translator = _translators.get(language)
    if translator is None:
        translator = QTranslator()
        translator.load(str(translation_file(language)))
        _translators[language] = translator
    return translator.translate(CONTEXT, text) or text


def language_name(language: str) -> str:
    """The name of a language, in the interface's language."""
    return QCoreApplication.translate(CONTEXT, str(LANGUAGE_NAMES.get(language, language)))


def languages() -> tuple[str, ...]:
    return LANGUAGES


def hit_notification_text(facts: HitFacts, language: str | None = None) -> str:
    """The notification's text from the hit's facts, in ``language`` (default: the user's).

    Safe to call off the GUI thread (``QCoreApplication.translate`` is thread-safe).
    """

    def t(text: object) -> str:
        return _translate(language, str(text))

    band = t(BANDS[facts.band]) if facts.band in BANDS else facts.band
    lines = [
        t(HIT_ON).replace("%1", facts.bulletin_reference),
        t(MATCHED).replace("%1", facts.matched).replace("%2", band),
    ]
    if facts.place:
        lines.append(t(PLACE).replace("%1", facts.place))
    if facts.circumstances:
        lines.append(t(CIRCUMSTANCES).replace("%1", facts.circumstances))
    if facts.action_taken:
        lines.append(t(ACTION).replace("%1", facts.action_taken))
    return "\n".join(lines)
