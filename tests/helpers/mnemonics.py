"""Find keyboard accelerators (Alt+letter, written "&" in a text) that clash in a window.

Scopes where two equal letters are ambiguous: the menu bar's titles together with the
widgets visible in the window (both are Alt+letter there); the items of each menu; the
visible widgets of each dialog. A label's "&" counts only when it has a buddy.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The accelerator letter of ``text`` ("&Save" -> "s"), None without one."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].casefold()
        i += 1
    return None


def _clashes(scope: str, texts: list[str]) -> list[str]:
    by_key: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        key = mnemonic(text)
        if key and key.strip():
            by_key[key].append(text)
    return [f"{scope}: {key!r} in {names}" for key, names in by_key.items() if len(names) > 1]


def _widget_texts(window: QWidget) -> list[str]:
    texts: list[str] = []
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.window() is not window:
            continue
        if isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLabel) and w.buddy() is not None:
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
    return texts


def accelerator_clashes(window: QWidget, name: str) -> list[str]:
    """Clashing accelerators of ``window`` (its menus included)."""
    problems: list[str] = []
    texts = _widget_texts(window)
    if isinstance(window, QMainWindow) and window.menuBar().isVisible():
        bar = window.menuBar()
        texts += [a.text() for a in bar.actions() if a.isVisible()]
        for action in bar.actions():
            menu = action.menu()
            if isinstance(menu, QMenu):
                items = [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]
                problems += _clashes(f"{name} menu {action.text()!r}", items)
    problems += _clashes(name, texts)
    return problems
