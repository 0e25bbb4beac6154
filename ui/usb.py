"""USB exchange in the interface: "Export for USB…", "Import from USB…" and the first-start
"Import a snapshot from USB…".

The work runs off the GUI thread through :class:`ui.ops.Op` (progress dialog with the
time left, cancellable); what a file is (snapshot, return bundle or outbox bundle) is read
from its header, not from its name. Refusals are shown with the translated sentence of
their code (:mod:`ui.messages`); nothing in the store changes when a file is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.context import Desk
from app.exchange.bundle import BundleError, ExportResult, ReturnResult, describe
from app.exchange.snapshot import ImportProgress, ImportResult
from ui.messages import show_error
from ui.ops import Op

_kept: list[QMessageBox] = []


def time_left_text(seconds: float | None) -> str:
    """ "about N min left" / "about N s left" / "estimating the time left…"."""
    if seconds is None:
        return QCoreApplication.translate("UsbExchange", "estimating the time left…")
    if seconds >= 90:
        return QCoreApplication.translate("UsbExchange", "about %1 min left").replace(
            "%1", str(round(seconds / 60))
        )
    return QCoreApplication.translate("UsbExchange", "about %1 s left").replace(
        "%1", str(max(0, round(seconds)))
    )


class _Eta:
    """Time left from the share done so far (worker thread)."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def left(self, done: int, total: int) -> float | None:
        elapsed = time.monotonic() - self.started
        if total <= 0 or done <= 0 or elapsed < 0.5:
            return None
        return max(0.0, elapsed * (total - done) / done)


def _inform(parent: QWidget | None, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("UsbExchange", "USB exchange"))
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("usbResult")
    _kept.append(box)
    box.finished.connect(lambda _r: _kept.remove(box) if box in _kept else None)
    box.open()
    return box


def export_for_usb(
    parent: QWidget | None,
    desk: Desk,
    directory: Path | None = None,
    *,
    actor_name: str = "",
    on_done: Callable[[ExportResult], None] | None = None,
) -> Op[ExportResult] | None:
    """Write the outbox to a bundle in ``directory`` (asked for when ``None``)."""
    if directory is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, QCoreApplication.translate("UsbExchange", "Export for USB: choose the stick")
        )
        if not chosen:
            return None
        directory = Path(chosen)
    from app.exchange.bundle import export_bundle

    target = Path(directory)

    def work(progress: Callable[..., None], _cancelled: Callable[[], bool]) -> ExportResult:
        eta = _Eta()

        def report(done: int, total: int, _what: str) -> None:
            label = QCoreApplication.translate("UsbExchange", "Writing the bundle: %1").replace(
                "%1", time_left_text(eta.left(done, total))
            )
            progress(done, total, label)

        return export_bundle(desk, target, actor_name=actor_name or "it-staff", progress=report)

    def done(result: ExportResult) -> None:
        _inform(
            parent,
            QCoreApplication.translate(
                "UsbExchange",
                "%1 items were written to %2. They are now shown as carried on USB until the "
                "regional server's return bundle is imported.",
            )
            .replace("%1", str(result.items))
            .replace("%2", result.path.name),
        )
        if on_done is not None:
            on_done(result)

    return (
        Op(parent, work)
        .with_progress(QCoreApplication.translate("UsbExchange", "Writing the bundle…"))
        .writes()
        .on_success(done)
        .on_failure(lambda exc: show_error(parent, exc))
        .start()
    )


def choose_file(parent: QWidget | None, title: str) -> Path | None:
    """Ask for a snapshot or bundle file."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        title,
        "",
        QCoreApplication.translate(
            "UsbExchange", "District Desk files (*.ddsnap *.ddret *.ddout);;All files (*)"
        ),
    )
    return Path(name) if name else None


def ask_passphrase(parent: QWidget | None) -> str | None:
    """The snapshot passphrase (IT staff hold it)."""
    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("UsbExchange", "Snapshot passphrase"),
        QCoreApplication.translate("UsbExchange", "Passphrase of the snapshot (from IT staff):"),
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def import_from_usb(
    parent: QWidget | None,
    desk: Desk,
    path: Path | None = None,
    *,
    snapshots_only: bool = False,
    passphrase: Callable[[QWidget | None], str | None] = ask_passphrase,
    on_done: Callable[[Any], None] | None = None,
) -> Op[Any] | None:
    """Import a snapshot or a return bundle (told apart by the file's header)."""
    title = (
        QCoreApplication.translate("UsbExchange", "Import a snapshot from USB")
        if snapshots_only
        else QCoreApplication.translate("UsbExchange", "Import from USB")
    )
    if path is None:
        path = choose_file(parent, title)
        if path is None:
            return None
    kind = describe(path)
    if kind == "outbox":
        show_error(parent, BundleError("bundle.outbox_bundle"))
        return None
    if kind is None or (snapshots_only and kind != "snapshot"):
        from app.exchange.snapshot import SnapshotError

        show_error(parent, SnapshotError("snapshot.not_a_snapshot", path=path.name))
        return None
    if kind == "snapshot":
        secret = passphrase(parent)
        if secret is None:
            return None
        return _run_snapshot(parent, desk, path, secret, on_done)
    return _run_return(parent, desk, path, on_done)


def _run_snapshot(
    parent: QWidget | None,
    desk: Desk,
    path: Path,
    secret: str,
    on_done: Callable[[Any], None] | None,
) -> Op[Any]:
    from app.exchange.snapshot import import_snapshot

    def work(progress: Callable[..., None], cancelled: Callable[[], bool]) -> ImportResult:
        def report(p: ImportProgress) -> None:
            stage = (
                QCoreApplication.translate("UsbExchange", "Checking the snapshot")
                if p.stage == "verify"
                else QCoreApplication.translate("UsbExchange", "Importing")
            )
            label = f"{stage}: {time_left_text(p.seconds_left)}"
            scale = max(1, p.total_bytes // 1_000_000)  # the dialog counts in int
            progress(p.done_bytes // scale, p.total_bytes // scale, label)

        return import_snapshot(desk, path, secret, progress=report, cancelled=cancelled)

    def done(result: ImportResult) -> None:
        if result.already_imported:
            text = QCoreApplication.translate(
                "UsbExchange", "This snapshot was imported before; nothing to do."
            )
        elif not result.cursor:
            text = QCoreApplication.translate(
                "UsbExchange", "The import was stopped; choose the same file again to resume it."
            )
        else:
            text = QCoreApplication.translate(
                "UsbExchange", "Snapshot imported: %1 records. Sync now continues from it."
            ).replace("%1", str(result.rows_applied))
        _inform(parent, text)
        if on_done is not None:
            on_done(result)

    return (
        Op(parent, work)
        .with_progress(QCoreApplication.translate("UsbExchange", "Importing the snapshot…"))
        .writes()
        .on_success(done)
        .on_failure(lambda exc: show_error(parent, exc))
        .start()
    )


def _run_return(
    parent: QWidget | None, desk: Desk, path: Path, on_done: Callable[[Any], None] | None
) -> Op[Any]:
    from app.exchange.bundle import import_return_bundle

    def work(progress: Callable[..., None], cancelled: Callable[[], bool]) -> ReturnResult:
        eta = _Eta()

        def report(done: int, total: int, _kind: str) -> None:
            label = QCoreApplication.translate(
                "UsbExchange", "Importing the return bundle: %1"
            ).replace("%1", time_left_text(eta.left(done, total)))
            progress(done, total, label)

        return import_return_bundle(desk, path, progress=report, cancelled=cancelled)

    def done(result: ReturnResult) -> None:
        if result.already_imported:
            text = QCoreApplication.translate(
                "UsbExchange", "This return bundle was imported before; nothing to do."
            )
        elif not result.cursor:
            text = QCoreApplication.translate(
                "UsbExchange", "The import was stopped; choose the same file again to resume it."
            )
        else:
            text = (
                QCoreApplication.translate(
                    "UsbExchange",
                    "Return bundle imported: %1 items confirmed by the server, %2 new records.",
                )
                .replace("%1", str(result.receipted))
                .replace("%2", str(result.rows_applied))
            )
        _inform(parent, text)
        if on_done is not None:
            on_done(result)

    return (
        Op(parent, work)
        .with_progress(QCoreApplication.translate("UsbExchange", "Importing the return bundle…"))
        .writes()
        .on_success(done)
        .on_failure(lambda exc: show_error(parent, exc))
        .start()
    )
