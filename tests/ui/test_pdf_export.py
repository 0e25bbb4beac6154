"""A printed or exported wanted notice carries the photo, the reference, the kind, the
handling banner and page N of M on every page, the URGENT mark, no empty heading, a
recognisable file name, and the user is told where it was saved."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.store.models import HandlingCode
from tests.helpers.desk import Office
from ui import labels
from ui.bulletins import BulletinDetailData, bulletin_printable
from ui.printing import export_interactively, export_pdf


def _photo() -> bytes:
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#c08080"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 takes a str here
    return bytes(data.data())


def _wanted(summary: str) -> BulletinDetailData:
    return BulletinDetailData(
        id="3f2a9c1e-0000-4000-8000-000000000007",
        kind="red",
        reference="2026/99999",
        title="Wanted: Nurlan Zhaksybekov",
        country="KZ",
        issued_on=None,
        summary=summary,
        urgent=True,
        cancelled=False,
        cancelled_at=None,
        handling_code=HandlingCode.RESTRICTED,
        data_as_of=None,
        thumb_sha256="x",
        photo_sha256=None,
        thumb=_photo(),
    )


def test_every_page_carries_reference_mark_banner_and_page_count(
    qtbot: QtBot, tmp_path: Path
) -> None:
    long_text = "\n".join(f"Line {i} of the circumstances of the case." for i in range(300))
    record = bulletin_printable(_wanted(long_text))
    path = tmp_path / record.file_name()
    assert path.name == "bulletin-2026-99999.pdf"
    pages = export_pdf(record, path)
    assert pages >= 3
    reader = PdfReader(str(path))
    assert len(reader.pages) == pages
    banner = labels.handling_banner(HandlingCode.RESTRICTED)
    for n, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())  # words may come out tab-separated
        assert "2026/99999" in text, n
        assert "URGENT" in text, n
        assert "Zhaksybekov" in text, n
        assert banner.split()[0] in text, n
        assert f"Page {n} of {pages}" in text, n
    assert len(reader.pages[0].images) == 1  # the photo
    assert "Red notice" in " ".join(reader.pages[0].extract_text().split())  # the kind


def test_no_empty_heading_and_the_save_is_confirmed(
    qtbot: QtBot, office: Office, tmp_path: Path
) -> None:
    record = bulletin_printable(_wanted(""))
    path = tmp_path / record.file_name()
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    export_interactively(parent, office.desk, office.officer, record, path)
    assert path.exists()
    box = parent.findChild(QMessageBox, "exportConfirmation")
    assert box is not None and box.isVisible()
    assert str(path) in box.text() and "1 page" in box.text()
    box.close()
    assert "Summary" not in PdfReader(str(path)).pages[0].extract_text()
