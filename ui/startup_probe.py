"""``DISTRICT_DESK_EXIT_AFTER_START=1``: quit right after the first window is painted.

Used by the installer smoke test and ``bench/bench_frozen_start.py`` to measure the cold
start of the frozen app on a headless machine (``QT_QPA_PLATFORM=offscreen``). When the
first top-level window (the enrolment, login or main window, whichever the installation
shows first) has painted, one line goes to stderr and every window is closed, so the app
ends through its normal exit path with code 0. Without the variable nothing here runs.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV_EXIT_AFTER_START = "DISTRICT_DESK_EXIT_AFTER_START"
MARKER = "district-desk: first window painted"


def requested() -> bool:
    return os.environ.get(ENV_EXIT_AFTER_START) == "1"


class _FirstPaint(QObject):
    """Application-wide event filter that reacts to the first paint of a window."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._started = time.perf_counter()
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self._done = True
            name = type(watched).__name__
            print(
                f"{MARKER}: {name}, {time.perf_counter() - self._started:.3f} s after "
                "the QApplication was created",
                file=sys.stderr,
                flush=True,
            )
            # Close after this paint finishes: dialogs end their exec(), windows close,
            # and the app leaves through its usual clean-up.
            QTimer.singleShot(0, self._app.closeAllWindows)
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def install(qt_args: list[str]) -> None:
    """Create the QApplication early and watch for its first painted window."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *qt_args])
    app.installEventFilter(_FirstPaint(app))
