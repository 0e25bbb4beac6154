"""Enrolling this PC with the regional server from the desktop (the GUI side of
``district-desk enroll``).

IT staff type the one-time enrolment code the server's operator issued for the office.
The dialog appears at the first start of a PC that is not enrolled (it can be dismissed:
everything works offline) and from the menu ("Enrol this PC…"). Enrolment runs on a worker
through :class:`ui.ops.Op`; its failures are shown next to the field they concern.
Enrolling again keeps every local record and every unsent item: :func:`app.sync.enrol.enrol`
only replaces the device credentials (and, for another server, the pull cursors).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import SiteConfig
from app.context import Desk
from ui.login import installation_facts
from ui.messages import error_code, error_text
from ui.ops import Op
from ui.widgets import grow_to_fit, heading

if TYPE_CHECKING:
    from app.sync.enrol import Enrolment

log = logging.getLogger(__name__)

#: Letters, digits, dashes and spaces: what a code such as ``7KQ4-M2XD-9PHR`` may hold.
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{3,63}$")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")

#: Field names used by :func:`classify_failure` and the error labels of the dialog.
FIELD_URL, FIELD_CODE, FIELD_CA, FIELD_NONE = "url", "code", "ca", ""


def classify_failure(exc: BaseException) -> tuple[str, str]:
    """The field an enrolment failure concerns and the message code to show for it.

    Returns:
        ``(field, code)``: ``field`` is one of ``FIELD_*``; ``code`` is an ``enrol.*`` code
        of :mod:`ui.messages`, or the exception's own code when nothing more specific fits.
    """
    code = str(getattr(exc, "code", "") or "")
    server_code = str(getattr(exc, "server_code", "") or "")
    if server_code == "enrolment_code_invalid":
        return FIELD_CODE, "enrol.code_invalid"
    if server_code in ("tls", "pin_mismatch"):
        return FIELD_CA, "enrol.tls"
    if server_code == "protocol_unsupported":
        return FIELD_URL, "enrol.protocol"
    if code in ("sync.network", "sync.timeout"):
        return FIELD_URL, "enrol.unreachable"
    if code in ("sync.not_our_server", "sync.bad_reply"):
        return FIELD_URL, "enrol.not_server"
    return FIELD_NONE, error_code(exc)


def check_fields(url: str, code: str, ca: str) -> dict[str, str]:
    """What is wrong with the typed values, before anything is sent (field -> code)."""
    problems: dict[str, str] = {}
    parts = urlsplit(url)
    if not url:
        problems[FIELD_URL] = "enrol.url_required"
    elif parts.scheme not in ("https", "http") or not parts.hostname:
        problems[FIELD_URL] = "enrol.url_invalid"
    elif parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        # The same rule as site.toml: credentials never cross the network in clear.
        problems[FIELD_URL] = "enrol.url_http"
    if not code:
        problems[FIELD_CODE] = "enrol.code_required"
    elif not _CODE_RE.match(code):
        problems[FIELD_CODE] = "enrol.code_format"
    if ca and not Path(ca).is_file():
        problems[FIELD_CA] = "enrol.ca_missing"
    return problems


class EnrolDialog(QDialog):
    """Server URL, one-time code and CA bundle; *Enrol* enrols this PC on a worker.

    ``result_enrolment`` holds the :class:`app.sync.enrol.Enrolment` after success.

    Signals:
        enrolled(object): the ``Enrolment`` (nothing secret), after success.
    """

    enrolled = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.result_enrolment: Enrolment | None = None
        self.already_enrolled = False
        self.confirm: QMessageBox | None = None
        self._running = False
        site = desk.site
        self.setWindowTitle(self.tr("District Desk — enrol this PC"))
        self.setObjectName("enrolDialog")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Enrol this PC with the regional server"), self))
        intro = QLabel(
            self.tr(
                "IT staff: enter the one-time enrolment code issued for this office. "
                "Without enrolment District Desk works offline: local users can log in "
                "and work, nothing is sent."
            ),
            self,
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.warning = QLabel(self)
        self.warning.setObjectName("enrolWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#8a5a00;")
        self.warning.hide()
        lay.addWidget(self.warning)

        self._build_form(lay, site)
        self._build_status_and_buttons(lay)
        self.code.setFocus()
        Op(self, lambda: installation_facts(desk)).on_success(self._show_facts).on_failure(
            lambda exc: self._show_error(FIELD_NONE, error_text(exc))
        ).start()

    # -- building the dialog -------------------------------------------------------------

    def _build_form(self, lay: QVBoxLayout, site: SiteConfig) -> None:
        """Server address, one-time code, CA bundle and office, each with its error line."""
        form = QFormLayout()
        self.url = QLineEdit(site.server_url, self)
        self.url.setObjectName("enrolServerUrl")
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.setPlaceholderText("https://sync.region.example")
        if site.server_url:
            # The site file decides the server; only IT staff change it, in that file.
            self.url.setReadOnly(True)
            self.url.setToolTip(self.tr("Set by the site configuration file."))
        self.url_error = self._error_label("enrolServerUrlError")
        form.addRow(self.tr("&Server address:"), self._with_error(self.url, self.url_error))

        self.code = QLineEdit(self)
        self.code.setObjectName("enrolCode")
        self.code.setAccessibleName(self.tr("One-time enrolment code"))
        self.code.setPlaceholderText("7QK3-MX9P-44TD")
        self.code_error = self._error_label("enrolCodeError")
        form.addRow(self.tr("One-time &code:"), self._with_error(self.code, self.code_error))

        ca_row = QWidget(self)
        ca_lay = QHBoxLayout(ca_row)
        ca_lay.setContentsMargins(0, 0, 0, 0)
        self.ca = QLineEdit(str(site.ca_bundle) if site.ca_bundle else "", ca_row)
        self.ca.setObjectName("enrolCaBundle")
        self.ca.setAccessibleName(self.tr("CA bundle file (optional)"))
        self.ca.setPlaceholderText(self.tr("optional"))
        browse = QPushButton(self.tr("B&rowse…"), ca_row)
        browse.clicked.connect(self._browse)
        ca_lay.addWidget(self.ca, 1)
        ca_lay.addWidget(browse)
        self.ca_error = self._error_label("enrolCaBundleError")
        form.addRow(self.tr("CA &bundle:"), self._with_error(ca_row, self.ca_error))

        self.office = QLabel(site.office_code or self.tr("not set"), self)
        self.office.setObjectName("enrolOffice")
        form.addRow(self.tr("Office:"), self.office)
        lay.addLayout(form)

    def _build_status_and_buttons(self, lay: QVBoxLayout) -> None:
        """The error, busy and success lines; Enrol and Work offline."""
        self.error = self._error_label("enrolError")
        lay.addWidget(self.error)
        self.busy = QLabel(self)
        self.busy.setObjectName("enrolBusy")
        self.busy.hide()
        lay.addWidget(self.busy)
        self.success = QLabel(self)
        self.success.setObjectName("enrolSuccess")
        self.success.setWordWrap(True)
        self.success.setStyleSheet("color:#1b5e20;")
        self.success.hide()
        lay.addWidget(self.success)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.enrol_button = QPushButton(self.tr("&Enrol"), self)
        self.enrol_button.setDefault(True)
        self.enrol_button.clicked.connect(self.try_enrol)
        self.close_button = QPushButton(self.tr("&Work offline"), self)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)

    # -- layout helpers ------------------------------------------------------------------

    def _error_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet("color:#b71c1c;")
        label.hide()
        return label

    def _with_error(self, field: QWidget, error: QLabel) -> QWidget:
        """The field with its validation message right below it."""
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(field)
        lay.addWidget(error)
        return box

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("CA bundle"),
            self.ca.text(),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca.setText(path)

    # -- state ---------------------------------------------------------------------------

    def _show_facts(self, facts: dict[str, str]) -> None:
        self.already_enrolled = bool(facts["enrolled"])
        if not self.url.text() and facts["server"]:
            self.url.setText(facts["server"])
        office = facts["office"] or self.tr("not set")
        if facts["office_name"]:
            office = f"{office} — {facts['office_name']}"
        self.office.setText(office)
        if self.already_enrolled:
            self.warning.setText(
                self.tr(
                    "This PC is already enrolled with %1. Enrolling again replaces its "
                    "registration; local data and unsent work are kept."
                ).replace("%1", facts["server"] or "—")
            )
            self.warning.show()
        grow_to_fit(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Wrapped texts know their height only once the window has its width.
        QTimer.singleShot(0, lambda: grow_to_fit(self) if shiboken6.isValid(self) else None)

    def error_labels(self) -> dict[str, QLabel]:
        """The message label of each field (``FIELD_NONE``: below the form)."""
        return {
            FIELD_URL: self.url_error,
            FIELD_CODE: self.code_error,
            FIELD_CA: self.ca_error,
            FIELD_NONE: self.error,
        }

    def _clear_errors(self) -> None:
        for label in self.error_labels().values():
            label.clear()
            label.hide()

    def _show_error(self, field: str, text: str) -> None:
        label = self.error_labels().get(field, self.error)
        label.setText(text)
        label.show()
        grow_to_fit(self)

    def reject(self) -> None:
        """Close (Escape, *Work offline*), except while the server is being contacted: the
        outcome must be seen, and a success must reach the window that opened the dialog."""
        if self._running:
            return
        super().reject()

    # -- enrolling -------------------------------------------------------------------------

    def try_enrol(self) -> None:
        """Check the fields, confirm a re-enrolment, then enrol on a worker."""
        if self._running:
            return
        self._clear_errors()
        self.success.hide()
        url, code, ca = self.url.text().strip(), self.code.text().strip(), self.ca.text().strip()
        problems = check_fields(url, code, ca)
        for field, problem in problems.items():
            self._show_error(field, error_text(problem))
        if problems:
            return
        if self.already_enrolled:
            # Non-blocking question (no nested event loop): the answer continues below.
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Enrol again?"),
                self.tr(
                    "This PC is already enrolled. Enrol it again with the new code? Local "
                    "data and requests waiting to be sent are kept."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(lambda _r: self._confirmed(box, url, code, ca))
            self.confirm = box
            box.open()
            return
        self._start(url, code, ca)

    def _confirmed(self, box: QMessageBox, url: str, code: str, ca: str) -> None:
        self.confirm = None
        box.deleteLater()
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            self._start(url, code, ca)

    def _start(self, url: str, code: str, ca: str) -> None:
        from app.sync.enrol import enrol

        desk = self.desk
        ca_path = Path(ca).resolve() if ca else None
        # An office without any site file keeps a chosen CA bundle in the data directory's
        # site.toml (like ``enroll --office``), so the sync worker verifies with it too.
        # A deployed site file is never shadowed by a local one.
        write_site = (
            desk.site.source is None and ca_path is not None and (ca_path != desk.site.ca_bundle)
        )
        self._running = True
        self.enrol_button.setEnabled(False)
        self.close_button.setEnabled(False)
        # No progress dialog: enrolment cannot be cancelled half-way, so no Cancel button;
        # the deadlines of the transport bound how long it may take on a bad link.
        self.busy.setText(self.tr("Contacting the regional server…"))
        self.busy.show()

        def run() -> Enrolment:
            return enrol(desk, url, code, ca_bundle=ca_path, write_site=write_site)

        Op(self, run).on_success(
            lambda result: self._enrolled(result, ca_path, write_site)
        ).on_failure(self._failed).start()

    def _enrolled(self, result: Enrolment, ca_path: Path | None, wrote_site: bool) -> None:
        self._running = False
        self.busy.hide()
        self.enrol_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("C&lose"))
        # Done: Enter now closes the window instead of enrolling again.
        self.enrol_button.setDefault(False)
        self.enrol_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.result_enrolment = result
        self.already_enrolled = True
        self.warning.hide()
        self.code.clear()
        if wrote_site:
            # The running session uses the CA bundle just saved, not the stale defaults.
            self.desk.site = dataclasses.replace(self.desk.site, ca_bundle=ca_path)
        server_name, server_url, office = result.server_name, result.server_url, result.office
        self.office.setText(office)
        self.success.setText(
            self.tr("This PC is enrolled with %1 (%2), office %3.")
            .replace("%1", server_name or server_url)
            .replace("%2", server_url)
            .replace("%3", office)
        )
        self.success.show()
        self.enrolled.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.busy.hide()
        self.enrol_button.setEnabled(True)
        self.close_button.setEnabled(True)
        field, code = classify_failure(exc)
        if not getattr(exc, "code", None):
            log.error("enrolment failed unexpectedly", exc_info=(type(exc), exc, exc.__traceback__))
        # The specific ``enrol.*`` sentence when there is one, else the standard one.
        text = error_text(code) if code.startswith("enrol.") else error_text(exc)
        self._show_error(field, text)
        if field == FIELD_CODE:
            self.code.selectAll()
            self.code.setFocus()
