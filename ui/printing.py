"""Printing and PDF export of a request or a bulletin, with the handling banner on every page.

Every export and print is audited (who, what, which format) in the local audit log, which
travels to the regional server with the next sync.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import audit
from app.context import Desk
from app.records import record_user_action
from app.users import Actor
from ui import labels

#: Where the record's photo is found by the printed document.
PHOTO_URL = "dd-photo:record"


@dataclass
class PrintableRecord:
    """What is printed: a title, the handling code and (heading, text) sections.

    Attributes:
        reference: printed with the title at the head of every page, so a continuation
            page is never separated from the record it belongs to.
        mark: a warning printed in red at the head of every page (URGENT, CANCELLED).
        photo: the picture (encoded image bytes) printed beside the first section.
    """

    kind: str  # "request" or "bulletin" (audit target type)
    ident: str
    title: str
    handling_code: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    reference: str = ""
    mark: str = ""
    photo: bytes | None = None

    def file_name(self) -> str:
        """A default file name an officer recognises: ``bulletin-2026-12969.pdf``."""
        ref = re.sub(r"[^\w.-]+", "-", self.reference).strip("-.") or self.ident[:8]
        return f"{self.kind}-{ref}.pdf"

    def to_html(self) -> str:
        parts = []
        if self.mark:
            parts.append(f"<p style='color:#b71c1c;font-weight:bold'>{html.escape(self.mark)}</p>")
        parts.append(f"<h2>{html.escape(self.title)}</h2>")
        if self.photo:
            parts.append(f"<p><img src='{PHOTO_URL}' height='180'></p>")
        for head, body in self.sections:
            if not body.strip():
                continue  # no empty headings
            parts.append(f"<h4 style='margin-bottom:2px'>{html.escape(head)}</h4>")
            text = html.escape(body).replace("\n", "<br>")
            parts.append(f"<p style='margin-top:0'>{text}</p>")
        return "".join(parts)


def render(record: PrintableRecord, device: QPagedPaintDevice) -> int:
    """Lay ``record`` out on ``device`` page by page; returns the number of pages.

    The banner is drawn at the top and the bottom of every page, outside the text area, so
    no page of a restricted document can be separated from its restriction.
    """
    painter = QPainter(device)
    try:
        dpi = device.logicalDpiY()
        width = float(device.width())
        height = float(device.height())
        banner_h = dpi * 0.35
        gap = dpi * 0.1
        head_h = dpi * 0.3  # the record's reference and title on every page
        body_h = height - 2 * (banner_h + gap) - head_h
        head_font = QFont()
        head_font.setPointSize(9)
        head_font.setBold(True)
        head_text = " · ".join(x for x in (record.mark, record.reference, record.title) if x)
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)
        font = QFont()
        font.setPointSize(10)
        doc.setDefaultFont(font)
        if record.photo:
            image = QImage.fromData(record.photo)
            if not image.isNull():
                doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(PHOTO_URL), image)
        doc.setHtml(record.to_html())
        doc.setPageSize(QSizeF(width, body_h))
        pages = max(1, doc.pageCount())
        banner = labels.handling_banner(record.handling_code)
        colour = QColor(labels.banner_colour(record.handling_code))
        banner_font = QFont()
        banner_font.setPointSize(9)
        banner_font.setBold(True)
        for page in range(pages):
            if page:
                device.newPage()
            page_text = (
                QCoreApplication.translate("printing", "Page %1 of %2")
                .replace("%1", str(page + 1))
                .replace("%2", str(pages))
            )
            for top in (0.0, height - banner_h):
                rect = QRectF(0, top, width, banner_h)
                painter.fillRect(rect, colour)
                painter.setPen(Qt.GlobalColor.white)
                painter.setFont(banner_font)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, banner)
                if top:
                    painter.drawText(
                        rect.adjusted(0, 0, -dpi * 0.1, 0),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                        page_text,
                    )
            head = QRectF(0, banner_h + gap / 2, width, head_h)
            painter.setFont(head_font)
            painter.setPen(QColor("#b71c1c") if record.mark else Qt.GlobalColor.black)
            painter.drawText(
                head,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(
                    head_text, Qt.TextElideMode.ElideRight, int(width * 0.8)
                ),
            )
            painter.setPen(Qt.GlobalColor.black)
            painter.drawText(
                head, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, page_text
            )
            painter.save()
            painter.translate(0, banner_h + gap + head_h - page * body_h)
            doc.drawContents(painter, QRectF(0, page * body_h, width, body_h))
            painter.restore()
        return pages
    finally:
        painter.end()


def export_pdf(record: PrintableRecord, path: Path) -> int:
    """Write ``record`` to a PDF file; returns the page count. Runs on the GUI thread."""
    writer = QPdfWriter(str(path))
    writer.setResolution(150)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    writer.setTitle(record.title)
    writer.setCreator("District Desk")
    return render(record, writer)


def record_output(
    desk: Desk, actor: Actor, record: PrintableRecord, action: str, pages: int
) -> None:
    """Audit a print or an export (worker thread: writes the store only)."""
    record_user_action(
        desk,
        actor,
        action,
        target_type=record.kind,
        target_id=record.ident,
        details={
            "pages": pages,
            "handling_code": record.handling_code,
            "format": "pdf" if action == audit.Action.EXPORT else "printer",
        },
    )


def export_interactively(
    parent: QWidget,
    desk: Desk,
    actor: Actor,
    record: PrintableRecord,
    path: Path | None = None,
    *,
    confirm: bool = True,
) -> None:
    """Ask for a file name (unless given), write the PDF, audit the export and say where it
    was saved."""
    from ui.ops import Op

    if path is None:
        name, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("printing", "Export to PDF"),
            str(Path.home() / record.file_name()),
            QCoreApplication.translate("printing", "PDF files (*.pdf)"),
        )
        if not name:
            return
        path = Path(name)
    pages = export_pdf(record, path)
    Op(parent, lambda: record_output(desk, actor, record, audit.Action.EXPORT, pages)).start()
    if confirm:
        # Said, not asked: the box does not block, the officer closes it when read.
        box = QMessageBox(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("printing", "Export to PDF"),
            QCoreApplication.translate("printing", "Saved %n page(s) to %1.", "", pages).replace(
                "%1", str(path)
            ),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("exportConfirmation")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def print_interactively(parent: QWidget, desk: Desk, actor: Actor, record: PrintableRecord) -> None:
    """Show the print dialog, print, and audit the print."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from ui.ops import Op

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return
    pages = render(record, printer)
    Op(parent, lambda: record_output(desk, actor, record, audit.Action.PRINT, pages)).start()
