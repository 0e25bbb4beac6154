"""Strings of Qt's own dialogs that Qt's Russian catalogue (qtbase_ru) lacks for Qt 6.

Qt 6 changed these source texts ("&Look in:", "Files of &type:") and its Russian
catalogue still holds only the old ones, so the file dialog showed them in English inside
the Russian interface. Listing them here puts them in our catalogue (``pyside6-lupdate``
extracts them); ``ui.i18n`` installs ours next to Qt's, and Qt falls back to ours for a
text its own catalogue does not have. Nothing imports this module at run time.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_FILE_DIALOG = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
