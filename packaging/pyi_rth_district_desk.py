"""PyInstaller runtime hook: runs in the frozen app before ``ui.launcher``.

- Never write ``__pycache__`` into the installation folder: Alembic imports the migration
  scripts from disk, and a program folder under /opt or Program Files must stay exactly as
  the package installed it (the uninstaller would otherwise leave files behind).
- Report the version the build was stamped with (``build-info.json``): release builds stamp
  ``app.__version__``; upgrade tests stamp another version with ``--version-override``.
"""

import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True


def _stamp_version() -> None:
    info_file = Path(getattr(sys, "_MEIPASS", "")) / "build-info.json"
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    version = info.get("version") if isinstance(info, dict) else None
    if isinstance(version, str) and version:
        import app

        app.__version__ = version


_stamp_version()
