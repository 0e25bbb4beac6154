"""Find text that does not fit: every visible label and button of a window is measured with
its own font (``fontMetrics().horizontalAdvance``) against the room its rectangle leaves.

Used by the text-fit test and by the screenshot suite (which runs it in a real X server at
several sizes and scales). A label marked ``elidable`` (secondary text shown in full
elsewhere, e.g. in a tooltip) is allowed to be cut.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

#: Rounding slack in pixels (sub-pixel advances at fractional scales).
SLACK = 1


def _visible_text(text: str) -> str:
    """The text as painted: mnemonic ampersands removed, "&&" shown as "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_problem(w: QLabel) -> str | None:
    text = w.text()
    if not text or w.property("elidable") or not w.pixmap().isNull():
        return None
    if w.wordWrap():
        # A wrapped label is cut at the bottom when it has less height than its lines need.
        need = w.heightForWidth(w.width())
        if need > w.height() + SLACK:
            name = w.objectName() or ""
            return f"QLabel {name} {text[:50]!r}: needs {need} px high, has {w.height()}"
        return None
    room = w.contentsRect().width() - 2 * w.margin() - max(w.indent(), 0)
    if text.lstrip().startswith("<") or w.textFormat() == Qt.TextFormat.RichText:
        doc = QTextDocument()
        doc.setDefaultFont(w.font())
        doc.setHtml(text)
        doc.setDocumentMargin(0)
        need = int(doc.idealWidth() + 0.999)
    else:
        fm = QFontMetrics(w.font())
        lines = _visible_text(text).split("\n")
        need = max(fm.horizontalAdvance(line) for line in lines)
    if need > room + SLACK:
        return f"QLabel {w.objectName() or ''} {text[:50]!r}: needs {need} px, has {room}"
    return None


def _qss_bold_buttons() -> bool:
    """Whether the application style sheet paints default or focused buttons bold."""
    app = QApplication.instance()
    sheet = app.styleSheet() if isinstance(app, QApplication) else ""
    rules = re.findall(r"QPushButton:(?:default|focus)[^{]*\{([^}]*)\}", sheet)
    return any("bold" in rule for rule in rules)


def _button_problem(w: QAbstractButton) -> str | None:
    text = w.text()
    if not text:
        return None
    font = QFont(w.font())
    if isinstance(w, QPushButton) and (w.isDefault() or w.autoDefault()) and _qss_bold_buttons():
        # The style sheet paints a default button bold (in a dialog, any button becomes
        # the default while it has the focus), after its size was computed.
        font.setBold(True)
    fm = QFontMetrics(font)
    lines = _visible_text(text).split("\n")
    text_size = QSize(max(fm.horizontalAdvance(line) for line in lines), fm.height())
    opt = QStyleOptionButton()
    if isinstance(w, QPushButton):
        w.initStyleOption(opt)
        icon = w.icon().actualSize(w.iconSize()) if not w.icon().isNull() else QSize(0, 0)
        if not icon.isEmpty():
            text_size.setWidth(text_size.width() + icon.width() + 4)
        need = w.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, opt, text_size, w)
    elif isinstance(w, QCheckBox | QRadioButton):
        w.initStyleOption(opt)
        kind = (
            QStyle.ContentsType.CT_CheckBox
            if isinstance(w, QCheckBox)
            else QStyle.ContentsType.CT_RadioButton
        )
        need = w.style().sizeFromContents(kind, opt, text_size, w)
    else:
        need = QSize(text_size.width() + 8, text_size.height())
    if need.width() > w.width() + SLACK:
        return (
            f"{type(w).__name__} {w.objectName() or ''} {text[:50]!r}: "
            f"needs {need.width()} px, has {w.width()}"
        )
    return None


def clipped_texts(root: QWidget) -> list[str]:
    """Every visible label or button under ``root`` whose text does not fit its rectangle."""
    problems: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 0:
            continue
        problem = None
        inner = isinstance(w.parentWidget(), QAbstractSpinBox)  # a spin box's own field
        if (
            isinstance(w, QLineEdit | QComboBox | QPushButton)
            and not inner
            and w.height() + SLACK < w.minimumSizeHint().height()
        ):
            problem = (
                f"{type(w).__name__} {w.objectName() or ''}: squeezed to {w.height()} px high, "
                f"needs {w.minimumSizeHint().height()}"
            )
        elif isinstance(w, QLabel):
            problem = _label_problem(w)
        elif isinstance(w, QAbstractButton):
            problem = _button_problem(w)
        if problem:
            problems.append(problem)
    return problems
