"""Office PCs on the local network: which answer, when each last exchanged, who was refused.

A section of the sync panel. It starts the core's :class:`app.peer.service.LanService`
when ``[lan] enabled = true`` (and stops it with the window), runs an exchange round every
few minutes and on demand in the background (``Op``), and shows a translated message when
a PC of another office or an unknown device tried to connect (``peer_refused`` events).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.peer import service as lan
from app.peer import transport
from app.peer.service import LanService, PeerStatus
from ui import labels
from ui.ops import Op
from ui.session import UiSession
from ui.widgets import heading

# How often the office PCs are asked for what they have (milliseconds).
EXCHANGE_EVERY_MS = 5 * 60 * 1000


def refusal_text(code: str, address: str) -> str:
    """The message for a refused connection (``peer_refused`` event)."""
    if code == transport.OTHER_OFFICE:
        text = QCoreApplication.translate(
            "PeerSection",
            "A PC of another office tried to exchange data with this PC (from %1). "
            "It was refused and recorded in the audit log.",
        )
    elif code == transport.REVOKED:
        text = QCoreApplication.translate(
            "PeerSection",
            "A PC that IT revoked at the regional server tried to exchange data with this PC "
            "(%1). It was refused and recorded in the audit log.",
        )
    elif code == transport.BAD_REPLY:
        text = QCoreApplication.translate(
            "PeerSection",
            "An office PC (%1) passed on a list of revoked devices that the regional server "
            "did not sign. It was refused and recorded in the audit log.",
        )
    else:
        text = QCoreApplication.translate(
            "PeerSection",
            "An unknown device tried to exchange data with this PC (from %1). "
            "It was refused and recorded in the audit log.",
        )
    return text.replace("%1", address)


def problem_text(code: str) -> str:
    """Why LAN exchange is not running, or what failed with one neighbour."""
    texts = {
        lan.OFF: QCoreApplication.translate(
            "PeerSection", "Exchange with office PCs is off (site.toml: [lan] enabled = false)."
        ),
        lan.NOT_CERTIFIED: QCoreApplication.translate(
            "PeerSection",
            "This PC has no device certificate: enrol it again to exchange with office PCs.",
        ),
        lan.PORT_BUSY: QCoreApplication.translate(
            "PeerSection", "The network port for office PCs is in use by another program."
        ),
        lan.REVOKED: QCoreApplication.translate(
            "PeerSection",
            "IT revoked this PC at the regional server: it no longer exchanges with office "
            "PCs. Ask IT staff.",
        ),
        transport.REVOKED: QCoreApplication.translate(
            "PeerSection", "revoked by IT at the regional server: refused"
        ),
        transport.SELF_REVOKED: QCoreApplication.translate(
            "PeerSection", "refused: IT revoked this PC at the regional server"
        ),
        transport.OTHER_OFFICE: QCoreApplication.translate(
            "PeerSection", "belongs to another office: refused"
        ),
        transport.UNKNOWN_DEVICE: QCoreApplication.translate(
            "PeerSection", "unknown device: refused"
        ),
        transport.REFUSED: QCoreApplication.translate(
            "PeerSection", "refused this PC's certificate"
        ),
        transport.UNREACHABLE: QCoreApplication.translate("PeerSection", "does not answer"),
        transport.BAD_REPLY: QCoreApplication.translate(
            "PeerSection", "sent data that was not accepted"
        ),
    }
    return texts.get(code, code)


class PeerSection(QWidget):
    """The office PCs section (owns the LAN service of this window)."""

    def __init__(self, session_: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session_
        self.service = LanService(session_.desk)
        service = self.service
        # The service's threads end with the window, whatever closes it.
        self.destroyed.connect(lambda *_args: service.close())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(heading(self.tr("Office PCs on the local network"), self))
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        lay.addWidget(self.state)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("peerRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setVisible(False)
        lay.addWidget(self.refusal)
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName(self.tr("Office PCs"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("PC (address)"), self.tr("Answers"), self.tr("Last exchange")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 260)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # Header and three rows: the refused-items table above keeps its room on a small
        # or scaled screen (an office rarely has more PCs than that in view at once).
        rows = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMaximumHeight(header + 3 * rows + 2 * self.table.frameWidth())
        lay.addWidget(self.table)
        buttons = QHBoxLayout()
        self.exchange_button = QPushButton(self.tr("Exchange with office PCs now"), self)
        self.exchange_button.clicked.connect(self.exchange_now)
        buttons.addWidget(self.exchange_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self._op: Op[list[PeerStatus]] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EXCHANGE_EVERY_MS)
        self.timer.timeout.connect(self.exchange_now)
        if session_.bridge is not None:
            session_.bridge.changed.connect(self.on_bridge_changed)
        self.show_peers([])
        # Binding the port and announcing on mDNS (which waits for the network): off the
        # GUI thread.
        self._starting: Op[LanService] | None = (
            Op(self, self.service.start)
            .on_success(self._on_started)
            .on_failure(self._on_started)
            .start()
        )

    def _on_started(self, _result: object) -> None:
        self._starting = None
        if self.service.running:
            self.timer.start()
        self.show_peers(self.service.peers())

    def show_peers(self, peers: list[PeerStatus]) -> None:
        """Fill the table and the state line."""
        running = self.service.running
        self.exchange_button.setEnabled(running and self._op is None)
        # Off (or not possible on this PC): the state line says why; an empty table and a
        # dead button would only take the room of the refused items above.
        starting = getattr(self, "_starting", None) is not None
        self.table.setVisible(running or starting)
        self.exchange_button.setVisible(running or starting)
        if getattr(self, "_starting", None) is not None:
            self.state.setText(self.tr("Starting the exchange with office PCs…"))
        elif not running:
            self.state.setText(problem_text(self.service.problem))
        elif not peers:
            self.state.setText(self.tr("Serving office PCs; no other PC of this office found yet."))
        else:
            self.state.setText(self.tr("Serving office PCs."))
        self.table.setRowCount(len(peers))
        for row, peer in enumerate(peers):
            if peer.reachable is None:
                answers = self.tr("not tried yet")
            elif peer.reachable:
                answers = self.tr("yes")
            else:
                answers = self.tr("no: %1").replace("%1", problem_text(peer.last_error))
            when = labels.fmt_time(peer.last_exchange) if peer.last_exchange else self.tr("never")
            for column, text in enumerate((peer.address, answers, when)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def exchange_now(self) -> None:
        """One exchange round with every office PC, in the background."""
        if self._op is not None or not self.service.running:
            return
        self.exchange_button.setEnabled(False)
        self._op = (
            Op(self, self.service.exchange_round)
            .on_success(self._on_exchanged)
            .on_failure(self._on_failed)
            .start()
        )

    def _on_exchanged(self, peers: list[PeerStatus]) -> None:
        self._op = None
        self.show_peers(peers)

    def _on_failed(self, _exc: BaseException) -> None:
        self._op = None
        self.show_peers(self.service.peers())

    def on_bridge_changed(self, events: dict[str, Any]) -> None:
        """Core events: refresh the list; say who was refused."""
        refused = events.get(transport.PEER_REFUSED)
        if refused is not None:
            self.refusal.setText(
                refusal_text(str(refused.get("code", "")), str(refused.get("address", "")))
            )
            self.refusal.setVisible(True)
        if lan.PEERS_CHANGED in events and self._op is None:
            self.show_peers(self.service.peers())
