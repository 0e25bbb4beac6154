"""Loading the interface language, and a stretched pseudo-locale to test layouts.

The language is chosen at start (user preference, else the site's default, else Russian)
and applies to every window created afterwards; the settings dialog offers a restart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.config import LANGUAGES
from ui import formats

_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """``resources/`` next to the sources, or inside a frozen build."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def translation_file(language: str) -> Path:
    return resources_dir() / "i18n" / f"district_desk_{language}.qm"


def _qt_translation_dirs() -> list[str]:
    """Where Qt's catalogues are: Qt's own path, or beside PySide6 in a frozen build."""
    dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    base = getattr(sys, "_MEIPASS", None)
    if base:
        dirs.append(str(Path(base) / "PySide6" / "Qt" / "translations"))
    return dirs


def install_language(language: str) -> str:
    """Install the translators for ``language`` (replacing earlier ones); returns it.

    Unknown languages fall back to Russian, the language of the offices.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    if language not in LANGUAGES:
        language = "ru"
    remove_translators()
    ours = QTranslator()
    if ours.load(str(translation_file(language))):
        app.installTranslator(ours)
        _installed.append(ours)
    # Qt's own dialogs (file dialogs, standard buttons) in the same language.
    qt = QTranslator()
    for folder in _qt_translation_dirs():
        if qt.load(f"qtbase_{language}", folder):
            app.installTranslator(qt)
            _installed.append(qt)
            break
    formats.set_language(language)
    QLocale.setDefault(
        QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    )
    return language


def remove_translators() -> None:
    app = QCoreApplication.instance()
    while _installed:
        tr = _installed.pop()
        if app is not None:
            app.removeTranslator(tr)


class PseudoTranslator(QTranslator):
    """Returns every string about 40 % longer, with accents, to find clipped layouts.

    Russian runs about 30 % longer than English; a layout that holds this pseudo-locale
    holds Russian, Kazakh and Uzbek too.
    """

    _ACCENTS = str.maketrans("aeiouAEIOUcnsyz", "àéîõüÀÉÎÕÜçñšýž")

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if not source:
            return source
        stretched = source.translate(self._ACCENTS)
        extra = "~" * max(2, len(source) * 2 // 5)
        return f"[{stretched} {extra}]"

    def isEmpty(self) -> bool:
        return False


def install_pseudo_locale() -> QTranslator:
    """Install the pseudo-locale translator (for the layout test and screenshots)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_pseudo_locale needs a QApplication")
    remove_translators()
    tr = PseudoTranslator()
    app.installTranslator(tr)
    _installed.append(tr)
    return tr
