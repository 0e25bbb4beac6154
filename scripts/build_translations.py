"""Compile resources/i18n/*.ts into .qm files with Qt's lrelease (shipped with PySide6).

``--update`` first re-extracts every ``tr()`` string from ``ui/`` into the .ts files with
``pyside6-lupdate`` (existing translations are kept; new strings are marked unfinished for
the translator, and ``tests/ui/test_translations.py`` fails until they are translated).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("ru", "en")


def tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6-Essentials")
    return found


def update() -> None:
    """Re-extract the strings of ui/*.py into every language's .ts file."""
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    for lang in LANGUAGES:
        ts = I18N / f"district_desk_{lang}.ts"
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                "-ts",
                str(ts),
                "-target-language",
                lang,
                "-no-obsolete",
                # No file/line locations: the .ts files then change only where a message
                # does, so parallel branches merge without conflicts on line numbers.
                "-locations",
                "none",
                "-silent",
            ],
            check=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="run lupdate first")
    args = parser.parse_args(argv)
    if args.update:
        update()
    sources = sorted(I18N.glob("*.ts"))
    for ts in sources:
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    print(f"translations: {len(sources)} compiled or current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
