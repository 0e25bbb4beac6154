"""What the main window keeps between runs on this PC, and what counts as activity.

Window size, position and splitter positions live in ``window-state.ini`` in the data
folder (per machine, never in user preferences).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

from app.users import InactivityLock


def _window_state(data_dir: Path) -> QSettings:
    """Size, position and splitter positions on this PC (not user preferences)."""
    return QSettings(str(data_dir / "window-state.ini"), QSettings.Format.IniFormat)


def restore_geometry(window: QWidget, data_dir: Path) -> None:
    """Put the window back where it was, or centre it on the screen if that is gone."""
    state = _window_state(data_dir)
    geometry = state.value("main/geometry")
    screen = window.screen().availableGeometry()
    restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    if not restored or not screen.intersects(window.frameGeometry()):
        # The available screen minus the frame and the task bar; at most 1280x800.
        window.resize(min(1280, screen.width() - 16), min(800, screen.height() - 48))
        window.move(
            screen.x() + max(0, (screen.width() - window.width()) // 2),
            screen.y() + max(0, (screen.height() - window.height() - 32) // 2),
        )
    for splitter in window.findChildren(QSplitter):
        saved = state.value(f"splitters/{splitter.objectName()}")
        if splitter.objectName() and isinstance(saved, QByteArray):
            splitter.restoreState(saved)


def save_geometry(window: QWidget, data_dir: Path) -> None:
    """Keep the window's geometry and its named splitters' positions for the next run."""
    state = _window_state(data_dir)
    state.setValue("main/geometry", window.saveGeometry())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            state.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
    state.sync()


class ActivityFilter(QObject):
    """Counts keyboard and mouse input anywhere in the application as activity."""

    def __init__(self, lock: InactivityLock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock = lock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.Wheel,
            QEvent.Type.MouseMove,
        ):
            self.lock.touch()
        return False
