"""A GUI client for the quit-during-sync test: ``python -m tests.faults.quit_runner DATA_DIR
DELAY_S``.

It starts like ``district-desk`` does (application, crash handler, language, store), logs
the officer in offline, shows the main window, starts a sync and, ``DELAY_S`` seconds
later, closes the window as the user would; then it leaves through the same path as the
real GUI (:func:`ui.main.leave`). It prints ``closing <monotonic time>`` just before the
close, so the test can time the exit.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer

from app.context import open_desk
from app.logs import setup_logging
from app.paths import resolve
from app.users import login
from tests.faults.syncenv import PASSWORD
from ui.i18n import install_language
from ui.main import install_crash_handler, leave, make_application
from ui.main_window import MainWindow
from ui.session import UiSession


def main(data_dir: str, delay: float) -> int:
    paths = resolve(data_dir)
    setup_logging(data_dir, console=True)  # the test reads stderr for CRITICAL lines
    app = make_application([])
    install_crash_handler(paths.reports)
    install_language("ru")
    desk = open_desk(data_dir)
    actor = login(desk.store, "officer", PASSWORD)
    window = MainWindow(UiSession(desk, actor), auto_sync=False)
    window.show()

    def start() -> None:
        if not window.sync.sync_now():
            print("sync did not start", flush=True)

    def close() -> None:
        print(f"closing {time.monotonic():.3f} running={window.sync.running}", flush=True)
        window.close()

    QTimer.singleShot(0, start)
    QTimer.singleShot(int(delay * 1000), close)
    code = app.exec()
    leave(desk, code)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
