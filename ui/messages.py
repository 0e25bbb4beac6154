"""Translated messages for the core's error codes, and the standard error dialog.

The core raises :class:`app.errors.DeskError` subclasses carrying a stable ``code`` and
named ``params``; the sync engine and the server use the codes of
:class:`app.sync.protocol.ErrorCode`. This module is the only place that turns them into
sentences an officer reads. An unknown code still gets a sensible sentence and the code
itself, so IT staff can look it up.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import DeskError, ValidationError
from ui.error_catalogue import code_texts, field_label, fill_in, plural_count

log = logging.getLogger(__name__)


def validation_detail(exc: ValidationError) -> str:
    """What is wrong with the field, without the field's name (shown next to it)."""
    p = exc.params
    detail = str(p.get("detail", ""))
    texts = {
        "required": QCoreApplication.translate("messages", "This field is required."),
        "too_long": QCoreApplication.translate("messages", "This is too long."),
        "too_many": fill_in(
            QCoreApplication.translate("messages", "No more than %1 are allowed."),
            p.get("maximum", ""),
        ),
        "in_past": QCoreApplication.translate("messages", "The date is in the past."),
        "invalid": QCoreApplication.translate("messages", "This value is not valid."),
        "invalid_subject": QCoreApplication.translate(
            "messages", "A subject is incomplete; remove it and add it again."
        ),
        "too_short": QCoreApplication.translate(
            "messages", "At least %n character(s) are required.", "", plural_count(p.get("minimum"))
        ),
        "taken": QCoreApplication.translate("messages", "This name is already in use."),
    }
    if detail == "too_long" and "maximum" in p:
        return QCoreApplication.translate(
            "messages",
            "This is too long (at most %n character(s)).",
            "",
            plural_count(p["maximum"]),
        )
    return texts.get(detail, QCoreApplication.translate("messages", "This value is not valid."))


def error_text(exc: BaseException | str, params: dict[str, Any] | None = None) -> str:
    """A translated sentence for an exception or an error code."""
    if isinstance(exc, ValidationError) and exc.code != "validation":
        special = code_texts(dict(exc.params)).get(exc.code)
        if special:
            return special
    if isinstance(exc, ValidationError):
        return fill_in(
            QCoreApplication.translate("messages", "%1: %2"),
            field_label(str(exc.params.get("field", ""))),
            validation_detail(exc),
        )
    if isinstance(exc, DeskError):
        code, p = exc.code, dict(exc.params)
    elif isinstance(exc, str):
        code, p = exc, dict(params or {})
    else:
        code, p = getattr(exc, "code", "") or "", dict(getattr(exc, "params", {}) or {})
    if code:
        texts = code_texts(p)
        if code in texts:
            return texts[code]
        family = code.split(".", 1)[0]
        if family in ("store", "keyring", "config"):
            return texts[f"{family}.error" if family != "config" else "config.invalid"]
        return fill_in(
            QCoreApplication.translate("messages", "The operation failed (code %1)."), code
        )
    if isinstance(exc, OSError):
        return fill_in(
            QCoreApplication.translate("messages", "A file could not be read or written (%1)."),
            exc.strerror or "",
        )
    return QCoreApplication.translate(
        "messages",
        "An unexpected error occurred. Details were written to the log file; please tell IT staff.",
    )


def error_code(exc: BaseException) -> str:
    code = getattr(exc, "code", "")
    return str(code) if code else type(exc).__name__


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The standard error dialog. Unexpected exceptions are logged with their traceback."""
    if not isinstance(exc, DeskError) and not getattr(exc, "code", None):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("messages", "District Desk"))
    box.setText(error_text(exc))
    # The code is for IT staff: behind "Show Details…", never in the sentence a user reads.
    box.setDetailedText(
        fill_in(QCoreApplication.translate("messages", "Code: %1"), error_code(exc))
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    # Non-blocking (tests and background callbacks must not spin a nested event loop);
    # the list keeps the box alive until it is closed.
    _open_boxes.append(box)
    box.finished.connect(lambda _r: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()


_open_boxes: list[QMessageBox] = []
