"""Compile resources/i18n/*.ts into .qm files with Qt's lrelease (shipped with PySide6)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"


def lrelease() -> str:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(exe) if exe.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found; install PySide6-Essentials")
    return found


def main() -> int:
    sources = sorted(I18N.glob("*.ts"))
    for ts in sources:
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
    print(f"translations: {len(sources)} compiled or current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
