"""Settings (language, inactivity timeout, metered link) and About/Diagnostics for IT staff."""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import __version__, audit
from app.config import Preferences
from app.context import Desk
from app.paths import atomic_write
from app.records import record_user_action
from app.users import Actor
from ui.ops import Op
from ui.widgets import heading


class SettingsDialog(QDialog):
    """The user's preferences on this PC. Site policy (server, office) is not editable here.

    Attributes:
        language_changed: set when the language was changed (the main window reopens in it).
    """

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.actor = actor
        self.language_changed = False
        self.setWindowTitle(self.tr("Settings"))
        self.prefs = Preferences.load(desk.paths)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.addItem("Русский", "ru")
        self.language.addItem("English", "en")
        current = self.prefs.language or desk.site.default_language
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.setAccessibleName(self.tr("Interface language"))
        form.addRow(self.tr("&Language:"), self.language)
        self.timeout = QSpinBox(self)
        self.timeout.setRange(1, desk.site.inactivity_minutes)
        self.timeout.setSuffix(" " + self.tr("min"))
        self.timeout.setValue(
            min(
                self.prefs.inactivity_minutes or desk.site.inactivity_minutes,
                desk.site.inactivity_minutes,
            )
        )
        self.timeout.setAccessibleName(self.tr("Lock after inactivity (minutes)"))
        self.timeout.setToolTip(
            self.tr("The site allows at most %n minute(s).", "", desk.site.inactivity_minutes)
        )
        form.addRow(self.tr("Lock after &inactivity:"), self.timeout)
        self.metered = QCheckBox(self.tr("Download full-size photos only on request"), self)
        self.metered.setChecked(self.prefs.metered_mode)
        form.addRow(self.tr("&Metered link:"), self.metered)
        lay.addLayout(form)
        self.note = QLabel(
            self.tr("A new language applies at once: the main window reopens, drafts are kept."),
            self,
        )
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def save(self) -> None:
        new_lang = self.language.currentData()
        self.language_changed = new_lang != (self.prefs.language or self.desk.site.default_language)
        self.prefs.language = new_lang
        self.prefs.inactivity_minutes = self.timeout.value()
        self.prefs.metered_mode = self.metered.isChecked()
        prefs, desk, actor = self.prefs, self.desk, self.actor

        def write() -> None:
            prefs.save(desk.paths)
            record_user_action(
                desk,
                actor,
                audit.Action.SETTINGS,
                details={
                    "language": prefs.language,
                    "inactivity_minutes": prefs.inactivity_minutes,
                    "metered_mode": prefs.metered_mode,
                },
            )

        Op(self, write).on_success(lambda _r: self.accept()).start()


def diagnostics_report(desk: Desk, sync_status: dict[str, Any] | None) -> dict[str, Any]:
    """What IT staff need, with no personal data: versions, paths, counts, checks (worker).

    The self-test opens the store a second time, which SQLite's WAL mode allows.
    """
    from app.selftest import run_self_test
    from app.status import collect_status

    status = collect_status(desk)
    store_bytes = sum(p.stat().st_size for p in desk.paths.data_dir.glob("desk.db*") if p.is_file())
    blob_bytes = sum(p.stat().st_size for p in desk.paths.attachments.rglob("*") if p.is_file())
    return {
        "product": "District Desk",
        "version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "data_dir": str(desk.paths.data_dir),
        "site_config": str(desk.site.source) if desk.site.source else None,
        "server_url": status.get("server_url"),
        "office_code": status.get("office_code"),
        "keyring_backend": desk.credentials.backend_name,
        "store_bytes": store_bytes,
        "blob_bytes": blob_bytes,
        "counts": {
            k: status[k]
            for k in (
                "bulletins",
                "bulletins_cancelled",
                "cases",
                "replies_unread",
                "requests",
                "outbox_pending",
                "outbox_quarantined",
            )
        },
        "last_sync": status.get("last_sync"),
        "sync": sync_status or {},
        "self_test": run_self_test(desk.paths.data_dir),
    }


def _server_time(text: Any) -> str:
    """The server's ISO timestamp in the PC's local time, with the zone written out."""
    from app.sync.canonical import parse_timestamp
    from ui import labels

    if not text:
        return "—"
    try:
        return labels.fmt_time(parse_timestamp(str(text)), zone=True)
    except ValueError:
        return str(text)


class AboutDialog(QDialog):
    """Version, data folder, server, keyring, store size, last sync errors; saves a report."""

    def __init__(
        self, desk: Desk, sync_status: dict[str, Any] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.sync_status = sync_status
        self.report: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("About District Desk"))
        self.resize(640, 520)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("District Desk %1").replace("%1", __version__), self))
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("data_dir", self.tr("Data folder:")),
            ("server_url", self.tr("Regional server:")),
            ("office_code", self.tr("Office:")),
            ("keyring_backend", self.tr("Key storage:")),
            ("store_bytes", self.tr("Database size:")),
            ("last_sync", self.tr("Last sync (server time):")),
            ("sync_error", self.tr("Last sync problem:")),
        ):
            value = QLabel("…", self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            form.addRow(label, value)
            self.fields[key] = value
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Self-test:"), self))
        self.checks = QPlainTextEdit(self)
        self.checks.setReadOnly(True)
        self.checks.setAccessibleName(self.tr("Self-test results"))
        lay.addWidget(self.checks, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save diagnostics report…"), self)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.save_report())
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay.addLayout(buttons)
        Op(self, lambda: diagnostics_report(desk, sync_status)).on_success(self._show).start()

    def _show(self, report: dict[str, Any]) -> None:
        from ui import labels

        self.report = report
        for key in ("data_dir", "server_url", "office_code", "keyring_backend"):
            self.fields[key].setText(str(report.get(key) or "—"))
        self.fields["last_sync"].setText(_server_time(report.get("last_sync")))
        self.fields["store_bytes"].setText(labels.fmt_bytes(int(report["store_bytes"])))
        err = (report.get("sync") or {}).get("last_error")
        self.fields["sync_error"].setText(str(err) if err else "—")
        lines = [
            f"{'OK ' if c['ok'] else 'FAIL'} {c['name']}: {c['detail']}"
            for c in report["self_test"]["checks"]
        ]
        self.checks.setPlainText("\n".join(lines))
        self.save_button.setEnabled(True)

    def save_report(self, path: Path | None = None) -> Path | None:
        if self.report is None:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save diagnostics report"),
                str(self.desk.paths.reports / "district-desk-diagnostics.json"),
                self.tr("JSON files (*.json)"),
            )
            if not name:
                return None
            path = Path(name)
        atomic_write(
            path, json.dumps(self.report, indent=2, ensure_ascii=False, default=str).encode("utf-8")
        )
        return path
