"""Finding the office's other PCs: mDNS/DNS-SD and the addresses listed in ``site.toml``.

Each PC with LAN exchange on advertises ``_districtdesk._tcp`` with two TXT properties:
``o``, a hash of its office and of the regional device authority (so the office code is
not broadcast, and offices of two regions with the same code do not match), and ``v``, the
exchange's version. The instance name is a hash of the device id, not the PC's name. A PC
browses for the same service and keeps the addresses whose ``o`` is its own. Discovery
only proposes addresses: who a neighbour is, is decided by its certificate
(:mod:`app.peer.transport`).

Networks that block multicast use ``[lan] peers`` in ``site.toml``; both lists are used.
python-zeroconf (LGPL-2.1-or-later) is imported only here, and only when discovery is on.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import socket
import threading
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

SERVICE = "_districtdesk._tcp.local."
VERSION = "1"


def office_tag(office: str, ca_pem: str) -> str:
    """What a PC advertises for its office: 16 hex digits of SHA-256(authority, office)."""
    return hashlib.sha256(f"{ca_pem.strip()}\n{office}".encode()).hexdigest()[:16]


def instance_name(device_id: str) -> str:
    """The advertised instance name (a hash of the device id)."""
    return "dd-" + hashlib.sha256(device_id.encode()).hexdigest()[:12]


class Discovery:
    """Advertises this PC and collects neighbours of its office (zeroconf threads)."""

    def __init__(
        self,
        *,
        office_tag: str,
        device_id: str,
        port: int,
        interfaces: Sequence[str] | None = None,
    ) -> None:
        """``interfaces``: addresses to use (default: every interface)."""
        self.tag = office_tag
        self.name = instance_name(device_id)
        self.port = port
        self._interfaces = list(interfaces) if interfaces else None
        self._found: dict[str, str] = {}
        self._lock = threading.Lock()
        self._zc: Any = None
        self._browser: Any = None
        self._info: Any = None

    def start(self) -> Discovery:
        """Register this PC's service and start browsing."""
        from zeroconf import IPVersion, ServiceBrowser, ServiceInfo, Zeroconf

        interfaces: Any = self._interfaces if self._interfaces else None
        self._zc = (
            Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
            if interfaces
            else Zeroconf(ip_version=IPVersion.V4Only)
        )
        addresses = [socket.inet_aton(a) for a in (self._interfaces or _local_addresses())]
        self._info = ServiceInfo(
            SERVICE,
            f"{self.name}.{SERVICE}",
            addresses=addresses,
            port=self.port,
            properties={"o": self.tag, "v": VERSION},
            server=f"{self.name}.local.",
        )
        self._zc.register_service(self._info, allow_name_change=True)
        self._browser = ServiceBrowser(self._zc, SERVICE, handlers=[self._on_change])
        return self

    def _on_change(self, zeroconf: Any, service_type: str, name: str, state_change: Any) -> None:
        from zeroconf import ServiceStateChange

        if name.startswith(self.name + "."):
            return
        if state_change is ServiceStateChange.Removed:
            with self._lock:
                self._found.pop(name, None)
            return
        # Resolving waits on the network: not in zeroconf's own thread.
        threading.Thread(
            target=self._resolve, args=(zeroconf, service_type, name), daemon=True
        ).start()

    def _resolve(self, zeroconf: Any, service_type: str, name: str) -> None:
        try:
            info = zeroconf.get_service_info(service_type, name, timeout=3000)
        except Exception:  # noqa: BLE001 - a neighbour's bad record is not our failure
            log.debug("could not resolve %s", name)
            return
        if info is None:
            return
        props = {
            (k.decode("ascii", "replace") if isinstance(k, bytes) else str(k)): (
                v.decode("ascii", "replace") if isinstance(v, bytes) else ""
            )
            for k, v in (info.properties or {}).items()
        }
        if props.get("o") != self.tag or props.get("v") != VERSION:
            return
        for address in info.parsed_addresses():
            try:
                ipaddress.ip_address(address)
            except ValueError:
                continue
            with self._lock:
                self._found[name] = f"{address}:{info.port}"
            return

    def addresses(self) -> list[str]:
        """Neighbours found so far (``host:port``)."""
        with self._lock:
            return sorted(set(self._found.values()))

    def close(self) -> None:
        """Withdraw this PC's service and stop."""
        if self._zc is None:
            return
        try:
            if self._info is not None:
                self._zc.unregister_service(self._info)
        finally:
            self._zc.close()
            self._zc = None


def _local_addresses() -> list[str]:
    """This PC's IPv4 addresses other than loopback (those neighbours can reach)."""
    import ifaddr

    out = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                out.append(ip.ip)
    return out or ["127.0.0.1"]
