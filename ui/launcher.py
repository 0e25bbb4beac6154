"""The ``district-desk`` entry point: the desktop interface by default, CLI tools otherwise.

Headless commands (``self-test``, ``sync``, ``audit verify``...) never import Qt, so they
start fast and work on a PC without a display.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def _run_gui(data_dir: str | None, qt_args: list[str]) -> int:
    if os.environ.get("DISTRICT_DESK_EXIT_AFTER_START") == "1":
        # Start-up measurement only (ui/startup_probe.py); never imported otherwise.
        from ui import startup_probe

        startup_probe.install(qt_args)
    from ui.main import run_gui

    return run_gui(data_dir, qt_args)


def main(argv: Sequence[str] | None = None) -> int:
    from app.cli import main as cli_main

    return cli_main(argv, gui=_run_gui)


if __name__ == "__main__":
    sys.exit(main())
