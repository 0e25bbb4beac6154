"""Start the desktop interface."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from app import __version__
from app.context import open_desk


def run_gui(data_dir: str | None, qt_args: list[str]) -> int:
    app = QApplication([sys.argv[0], *qt_args])
    desk = open_desk(data_dir)
    window = QMainWindow()
    window.setWindowTitle(f"District Desk {__version__}")
    window.setCentralWidget(QLabel(str(desk.paths.data_dir)))
    window.show()
    try:
        return app.exec()
    finally:
        desk.close()
