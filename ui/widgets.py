"""Small widgets used on many screens: the handling banner, inline field errors, notices."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import labels


class HandlingBanner(QLabel):
    """The handling restriction of the record on screen, in its colour, across the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handlingBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(6)
        self.set_code("")

    def set_code(self, code: str) -> None:
        self.setVisible(bool(code))
        if not code:
            return
        self.setText(labels.handling_banner(code))
        self.setAccessibleName(
            self.tr("Handling restriction: %1").replace("%1", labels.handling_code(code))
        )
        self.setStyleSheet(
            f"background:{labels.banner_colour(code)};color:white;"
            "font-weight:bold;border-radius:3px;"
        )


class FieldError(QLabel):
    """A red message shown under a form field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet("color:#b71c1c;")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class EmptyState(QWidget):
    """Why a list is empty: "nothing here yet" or "no matches", with a way out.

    Shown above an empty list (as the bulletin list does); hidden while the list has rows.
    The button (e.g. "Clear the filter") is shown only with a "no matches" text.

    Signals:
        action(): the button was pressed.
    """

    action = Signal()

    def __init__(
        self,
        button_text: str = "",
        parent: QWidget | None = None,
        margins: tuple[int, int, int, int] = (0, 0, 0, 0),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(*margins)
        self.text = QLabel(self)
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        lay.addWidget(self.text, 1)
        self.button = QPushButton(button_text, self)
        self.button.clicked.connect(self.action.emit)
        self.button.hide()
        lay.addWidget(self.button)
        self.hide()

    def show_state(self, text: str, *, with_button: bool = False) -> None:
        """Show ``text`` (an empty text hides the whole state: the list has rows)."""
        self.text.setText(text)
        self.button.setVisible(with_button and bool(self.button.text()))
        self.setVisible(bool(text))


class _InputBlocker(QObject):
    """Swallows what would change a combo box or check box that is read-only."""

    BLOCKED = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
        }
    )
    #: Keys that still work on a read-only field: moving the focus on.
    PASS_KEYS = frozenset({Qt.Key.Key_Tab, Qt.Key.Key_Backtab})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in self.BLOCKED:
            return False
        key = getattr(event, "key", None)
        return not (callable(key) and key() in self.PASS_KEYS)


_BLOCKER: _InputBlocker | None = None


def set_read_only(widget: QWidget, read_only: bool) -> None:
    """Make a form field read-only but readable: normal contrast, focusable, selectable.

    A disabled field is greyed out and skipped by the keyboard and screen readers, which
    makes a request that can no longer be changed hard to read. Text fields and date/spin
    boxes get Qt's read-only mode; combo boxes and check boxes (which have none) keep their
    look and ignore the mouse, the wheel and keys other than Tab. The ``readOnly`` property
    lets the style sheet mark them.
    """
    global _BLOCKER
    widget.setEnabled(True)
    widget.setProperty("readOnly", read_only)
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        widget.setReadOnly(read_only)
    elif isinstance(widget, QAbstractSpinBox):
        widget.setReadOnly(read_only)
        widget.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.NoButtons
            if read_only
            else QAbstractSpinBox.ButtonSymbols.UpDownArrows
        )
    elif isinstance(widget, QComboBox | QAbstractButton):
        if _BLOCKER is None:
            _BLOCKER = _InputBlocker()
        if read_only:
            widget.installEventFilter(_BLOCKER)
        else:
            widget.removeEventFilter(_BLOCKER)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class NoticeBar(QFrame):
    """A dismissable notice at the top of the window (new reply, urgent bulletin...).

    Signals:
        opened(str, str): the notice's kind and reference, when the user presses Open.
    """

    opened = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._layout.setSpacing(2)
        self.hide()

    def add(self, kind: str, ref: str, text: str, key: str = "") -> None:
        """Show a notice; at most five stay, newest on top.

        Args:
            key: a notice with the same key is replaced, not stacked (one summary line,
                e.g. "12 urgent bulletins received", instead of twelve banners).
        """
        if key:
            self.drop(key)
        row = QWidget(self)
        row.setProperty("noticeKey", key)
        row.setProperty("noticeKind", kind)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(4, 0, 4, 0)
        label = QLabel(text, row)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        lay.addWidget(label)
        if kind:
            open_btn = QPushButton(self.tr("Open"), row)
            open_btn.setAccessibleName(self.tr("Open: %1").replace("%1", text))
            open_btn.clicked.connect(lambda: self._open(kind, ref, row))
            lay.addWidget(open_btn)
        close = QToolButton(row)
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss notice"))
        close.setToolTip(self.tr("Dismiss notice"))
        close.clicked.connect(lambda: self._drop(row))
        lay.addWidget(close)
        self._layout.insertWidget(0, row)
        while self._layout.count() > 5:
            item = self._layout.takeAt(self._layout.count() - 1)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.show()

    def _open(self, kind: str, ref: str, row: QWidget) -> None:
        self.opened.emit(kind, ref)
        self._drop(row)

    def count(self) -> int:
        return self._layout.count()

    def texts(self) -> list[str]:
        out = []
        for i in range(self._layout.count()):
            item = self._layout.itemAt(i)
            w = item.widget() if item is not None else None
            lab = w.findChild(QLabel) if w is not None else None
            if lab is not None:
                out.append(lab.text())
        return out

    def drop(self, key: str = "", kinds: tuple[str, ...] = ()) -> None:
        """Remove the notice with ``key`` and those of ``kinds`` (their matter is dealt with)."""
        for i in reversed(range(self._layout.count())):
            item = self._layout.itemAt(i)
            w = item.widget() if item is not None else None
            if w is None:
                continue
            if (key and w.property("noticeKey") == key) or w.property("noticeKind") in kinds:
                self._drop(w)

    def _drop(self, row: QWidget) -> None:
        self._layout.removeWidget(row)
        row.deleteLater()
        if self._layout.count() == 0:
            self.hide()


class ElidedLabel(QLabel):
    """A one-line label for secondary facts that may be cut with "…" on a narrow window;
    the full text is in its tooltip (and elsewhere on screen, e.g. the sync panel)."""

    def __init__(self, parent: QWidget | None = None, min_chars: int = 6) -> None:
        super().__init__(parent)
        self.setProperty("elidable", True)
        self._min_chars = min_chars
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * self._min_chars, hint.height())

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance(self.text()) + 8, super().sizeHint().height()
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)


def unambiguous_dates(root: QWidget) -> None:
    """Show every date field under ``root`` in the interface's one date format (Qt would
    use the locale's short format: "12/10/26" in English)."""
    from PySide6.QtWidgets import QDateEdit

    from ui.formats import qt_date_format

    for edit in root.findChildren(QDateEdit):
        edit.setDisplayFormat(qt_date_format())


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` tall enough for its content at its current width.

    A message that appears (an error under a field) makes the content taller; a top-level
    window does not grow by itself, so its layout would squeeze the fields to a few pixels
    and cut the message. Call after showing or changing such a message.
    """
    lay = window.layout()
    if lay is None:
        return
    lay.activate()
    need = lay.totalMinimumSize().height()
    if lay.hasHeightForWidth():
        need = max(need, lay.totalHeightForWidth(window.width()))
    if window.height() < need:
        window.resize(window.width(), need)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("heading")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Give a window its usual size, or less on a small or scaled screen (less the frame
    and the task bar): at 150 % a 1600x1000 screen holds only 1066x666 logical pixels."""
    screen = window.screen().availableGeometry()
    window.resize(min(width, screen.width() - 16), min(height, screen.height() - 48))
