"""Office LAN exchange for one running PC: serve, discover, exchange, remember (no Qt).

:class:`LanService` is what the application starts when ``[lan] enabled = true`` and the
PC holds a device certificate: it serves this PC's lanes, advertises and browses
(mDNS/DNS-SD when ``[lan] discovery``) and, each :meth:`exchange_round`, brings every lane
up to date from every neighbour it knows (listed in ``site.toml`` or found). It keeps, per
neighbour, whether it answered and when the last exchange finished (:meth:`peers`), and
publishes ``peers_changed``; refusals are published as ``peer_refused`` by the transport.

:func:`default_lanes` is the one list of what travels; the office work-in-progress
journal joins it as one more :class:`app.peer.lanes.PeerLane`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.context import Desk
from app.peer.identity import DeviceIdentity, load_identity
from app.peer.lanes import BulletinLane, PeerLane
from app.peer.transport import PeerError, PeerServer, exchange, is_self_revoked

if TYPE_CHECKING:  # zeroconf is imported only when discovery is on
    from app.peer.discovery import Discovery

log = logging.getLogger(__name__)

#: ``events`` name: the list of neighbours or their state changed.
PEERS_CHANGED = "peers_changed"

#: Why LAN exchange is not running (codes ``ui/`` translates).
OFF = "lan.off"
NOT_CERTIFIED = "lan.not_certified"
PORT_BUSY = "lan.port_busy"
REVOKED = "lan.revoked"  # IT revoked this PC at the region: it neither serves nor asks


def default_lanes() -> list[PeerLane]:
    """What PCs of one office exchange, in this order: work in progress first (when this
    build has the office journal), then bulletins."""
    from app.peer import journal_lane

    lanes: list[PeerLane] = [journal_lane.JournalLane()] if journal_lane.available() else []
    return [*lanes, BulletinLane()]


@dataclass(frozen=True)
class PeerStatus:
    """One neighbour as this PC knows it."""

    address: str
    device_id: str = ""
    reachable: bool | None = None  # None: not tried yet
    last_exchange: datetime | None = None
    last_error: str = ""  # a code (``peer.*``) or ""
    rows: int = 0  # rows the last exchange applied


class LanService:
    """Serves, discovers and exchanges for one PC (threads; :meth:`close` stops them)."""

    def __init__(
        self,
        desk: Desk,
        *,
        lanes: list[PeerLane] | None = None,
        host: str = "0.0.0.0",  # noqa: S104 - neighbours are on the LAN; TLS guards it
        port: int | None = None,
        discovery: bool | None = None,
    ) -> None:
        self.desk = desk
        self.lanes = lanes if lanes is not None else default_lanes()
        self._host = host
        self._port = desk.site.lan_port if port is None else port
        self._discover = desk.site.lan_discovery if discovery is None else discovery
        self.identity: DeviceIdentity | None = None
        self.server: PeerServer | None = None
        self.discovery: Discovery | None = None
        self.problem = ""
        self._peers: dict[str, PeerStatus] = {a: PeerStatus(a) for a in desk.site.lan_peers}
        self._lock = threading.Lock()
        self._exchanging = threading.Lock()

    def start(self) -> LanService:
        """Start serving and discovering; on failure :attr:`problem` says why (a code)."""
        if not self.desk.site.lan_enabled:
            self.problem = OFF
            return self
        with self.desk.store.read() as s:
            self.identity = load_identity(s, self.desk.credentials)
        if self.identity is None:
            self.problem = NOT_CERTIFIED
            return self
        if is_self_revoked(self.desk, self.identity):
            self.problem = REVOKED
            return self
        try:
            self.server = PeerServer(
                self.desk, self.identity, self.lanes, host=self._host, port=self._port
            ).start()
        except OSError as err:
            log.warning("cannot serve the office LAN on port %s: %s", self._port, err)
            self.problem = PORT_BUSY
            return self
        if self._discover:
            try:
                from app.peer.discovery import Discovery, office_tag

                self.discovery = Discovery(
                    office_tag=office_tag(self.identity.office, self.identity.ca_pem),
                    device_id=self.identity.device_id,
                    port=self.server.port,
                ).start()
            except Exception:
                # No multicast on this network: the addresses in site.toml still work.
                log.warning("mDNS discovery is not available on this network", exc_info=True)
                self.discovery = None
        return self

    @property
    def running(self) -> bool:
        """True while this PC serves its neighbours."""
        return self.server is not None

    def close(self) -> None:
        """Stop discovery and the server."""
        if self.discovery is not None:
            self.discovery.close()
            self.discovery = None
        if self.server is not None:
            self.server.close()
            self.server = None

    def addresses(self) -> list[str]:
        """Every neighbour to try: listed in ``site.toml`` and found by discovery."""
        found = self.discovery.addresses() if self.discovery is not None else []
        own = {f"127.0.0.1:{self.server.port}"} if self.server is not None else set()
        return [a for a in dict.fromkeys([*self.desk.site.lan_peers, *found]) if a not in own]

    def peers(self) -> list[PeerStatus]:
        """Every known neighbour and how the last exchange with it went."""
        with self._lock:
            for address in self.addresses():
                self._peers.setdefault(address, PeerStatus(address))
            return sorted(self._peers.values(), key=lambda p: p.address)

    def _record(self, status: PeerStatus) -> None:
        with self._lock:
            self._peers[status.address] = status
        self.desk.bus.publish(PEERS_CHANGED, address=status.address)

    def exchange_round(self) -> list[PeerStatus]:
        """Exchange with every known neighbour, one after the other (off the GUI thread).

        A round already running makes this call return at once with the current list.
        """
        if self.identity is None or not self._exchanging.acquire(blocking=False):
            return self.peers()
        try:
            for peer in self.peers():
                try:
                    result = exchange(self.desk, self.identity, peer.address, self.lanes)
                except PeerError as err:
                    self._record(replace(peer, reachable=False, last_error=err.code))
                    continue
                self._record(
                    PeerStatus(
                        peer.address,
                        device_id=result.device_id,
                        reachable=True,
                        last_exchange=datetime.now(UTC),
                        rows=result.applied,
                    )
                )
            self._stop_if_revoked()
        finally:
            self._exchanging.release()
        return self.peers()

    def _stop_if_revoked(self) -> None:
        """Stop serving (and discovering) once this PC learned that IT revoked it."""
        if self.identity is not None and is_self_revoked(self.desk, self.identity):
            log.warning("this PC's device was revoked: office LAN exchange stops")
            self.problem = REVOKED
            self.close()
