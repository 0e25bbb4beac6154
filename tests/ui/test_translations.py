"""Every interface string is translated into Russian, with the same placeholders, and the
.ts files hold every string the code uses (no stale catalogue)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from ui.i18n import install_language, remove_translators

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
PLACEHOLDER = re.compile(r"%\d")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(path)
    out = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            out.append((name, m.findtext("source") or "", m))
    return out


def test_every_russian_entry_is_translated() -> None:
    messages = _messages(I18N / "district_desk_ru.ts")
    assert len(messages) > 400
    problems = []
    for ctx, source, m in messages:
        tr = m.find("translation")
        # A plural message has one form per Russian plural class (1, 2-4, 5-20).
        forms = ([f.text or "" for f in tr.iter("numerusform")] if tr is not None else []) or [
            tr.text or "" if tr is not None else ""
        ]
        if m.get("numerus") == "yes" and len(forms) != 3:
            problems.append(f"{ctx}: {source!r} needs three plural forms")
        if (
            tr is None
            or tr.get("type") in ("unfinished", "vanished", "obsolete")
            or not all(f.strip() for f in forms)
        ):
            problems.append(f"{ctx}: {source!r} not translated")
            continue
        for text in forms:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(f"{ctx}: {source!r} placeholders differ")
            if source.count("&") != text.count("&"):
                problems.append(f"{ctx}: {source!r} keyboard accelerator missing")
    assert not problems, "\n".join(problems[:30])


def test_catalogues_hold_every_string_of_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-silent"], check=True, timeout=60)
    wanted = {(c, s) for c, s, _ in _messages(fresh)}
    for lang in ("ru", "en"):
        have = {(c, s) for c, s, _ in _messages(I18N / f"district_desk_{lang}.ts")}
        missing = wanted - have
        assert not missing, f"{lang}: run scripts/build_translations.py --update: {missing}"


def test_qt_dialogs_speak_the_interface_language(qtbot: QtBot) -> None:
    """Qt's own file dialog is in Russian inside the Russian interface, not "Look in:"."""
    install_language("ru")
    try:
        dialog = QFileDialog(None, "", "")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        for name, russian in (("lookInLabel", "Перейти"), ("fileTypeLabel", "Типы файлов")):
            label = dialog.findChild(QLabel, name)
            assert label is not None and russian in label.text(), (name, label and label.text())
    finally:
        remove_translators()
