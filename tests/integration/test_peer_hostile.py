"""A hostile neighbour is treated like a hostile server: bounded, validated, nothing applied.

Real mutual TLS on loopback between two encrypted stores certified by a real device
authority; the serving PC runs lanes that lie.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.config import SiteConfig
from app.context import Desk
from app.peer.identity import DeviceIdentity, load_identity, new_key, store_identity
from app.peer.lanes import BulletinLane, LaneApplied, LaneBatch
from app.peer.transport import (
    BAD_REPLY,
    OTHER_OFFICE,
    UNREACHABLE,
    PeerClient,
    PeerError,
    PeerServer,
    exchange,
)
from app.store.models import Bulletin, SyncCursor
from server.devicecert import DeviceAuthority
from tests.helpers.desk import make_desk

pytestmark = pytest.mark.timeout(120)

GOOD_D = {
    "k": "red",
    "rf": "2026/1",
    "ti": "T",
    "hc": "unrestricted",
    "is": "NCB",
    "dt": "2026-01-01",
}


class LyingLane(BulletinLane):
    """Serves whatever ``page`` says instead of the store's rows."""

    def __init__(self, page: dict[str, Any]) -> None:
        self.page = page

    def since(self, desk: Desk, cursor: Any, max_bytes: int) -> LaneBatch:
        return LaneBatch(self.page["rows"], self.page["cursor"], False)

    def apply(self, desk: Desk, batch: LaneBatch) -> LaneApplied:  # pragma: no cover
        raise AssertionError("the serving side never applies")


def certified(
    tmp: Path, name: str, authority: DeviceAuthority, office: str = "AST-01"
) -> tuple[Desk, DeviceIdentity]:
    desk = make_desk(tmp / name, site=SiteConfig(office_code=office))
    key = new_key()
    cert = authority.issue(key.public_pem, office=office, device_id=name)
    with desk.store.write() as s:
        store_identity(s, desk.credentials, key, cert, authority.ca_pem())
    with desk.store.read() as s:
        identity = load_identity(s, desk.credentials)
    assert identity is not None
    return desk, identity


@pytest.fixture
def pcs(tmp_path: Path) -> Iterator[tuple[Desk, DeviceIdentity, Desk, DeviceIdentity]]:
    authority = DeviceAuthority.create()
    a = certified(tmp_path, "pc1", authority)
    b = certified(tmp_path, "pc2", authority)
    yield (*a, *b)
    a[0].close()
    b[0].close()


def nothing_applied(desk: Desk) -> bool:
    with desk.store.read() as s:
        bulletins = s.scalar(select(func.count()).select_from(Bulletin))
        cursors = s.scalar(
            select(func.count()).select_from(SyncCursor).where(SyncCursor.cursor > 0)
        )
    return bulletins == 0 and cursors == 0


def serve(desk: Desk, identity: DeviceIdentity, page: dict[str, Any]) -> PeerServer:
    return PeerServer(desk, identity, [LyingLane(page)], host="127.0.0.1").start()


CURSOR = {"after": "0.0.5.0", "scan": "0.0.5.0"}


@pytest.mark.parametrize(
    "rows",
    [
        # a row beyond the cursor the page claims
        [{"s": 9, "l": 2, "t": "b", "i": "b1", "a": 1, "d": GOOD_D}],
        # not a bulletin (a case), a tombstone, a stub, bad bulletin data
        [{"s": 3, "l": 2, "t": "c", "i": "c1", "a": 1, "d": {}}],
        [{"s": 3, "l": 2, "t": "b", "i": "b1", "a": 1, "x": 1, "d": {"why": "x"}}],
        [{"s": 3, "l": 2, "t": "b", "i": "b1", "a": 1, "z": 999999}],
        [{"s": 3, "l": 2, "t": "b", "i": "b1", "a": 1, "d": {"k": "red"}}],
        # one good row, then one that is not a row at all: nothing of the page is applied
        [{"s": 3, "l": 2, "t": "b", "i": "b1", "a": 1, "d": GOOD_D}, {"s": "x"}],
    ],
)
def test_a_lying_page_is_refused_whole(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity], rows: list[dict[str, Any]]
) -> None:
    server_desk, server_id, desk, identity = pcs
    server = serve(server_desk, server_id, {"rows": rows, "cursor": CURSOR})
    try:
        with pytest.raises(PeerError) as err:
            exchange(desk, identity, f"127.0.0.1:{server.port}", [BulletinLane()])
        assert err.value.code == BAD_REPLY
    finally:
        server.close()
    assert nothing_applied(desk)


def test_a_decompression_bomb_is_bounded(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity],
) -> None:
    server_desk, server_id, desk, identity = pcs
    # 40 MiB of JSON that compresses to a few KiB.
    bomb = [{"s": 3, "l": 2, "t": "b", "i": "b1", "a": 1, "d": {"pad": "x" * (40 << 20)}}]
    server = serve(server_desk, server_id, {"rows": bomb, "cursor": CURSOR})
    try:
        with pytest.raises(PeerError) as err:
            exchange(desk, identity, f"127.0.0.1:{server.port}", [BulletinLane()])
        assert err.value.code == BAD_REPLY
    finally:
        server.close()
    assert nothing_applied(desk)


def test_a_bad_cursor_gets_a_400_not_a_crash(
    pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity],
) -> None:
    server_desk, server_id, desk, identity = pcs
    server = PeerServer(server_desk, server_id, [BulletinLane()], host="127.0.0.1").start()
    client = PeerClient(desk, identity, f"127.0.0.1:{server.port}")
    try:
        for cursor in ("garbage", {"after": "1.2"}, None, {"after": 1, "scan": 2}):
            with pytest.raises(PeerError) as err:
                client._call("POST", "/lanes/bulletins", {"cursor": cursor, "max_bytes": 1000})
            assert err.value.code == BAD_REPLY and "400" in err.value.detail
        assert client.hello()["lanes"] == ["bulletins"]  # the server still answers
    finally:
        client.close()
        server.close()


def test_a_silent_peer_times_out(pcs: tuple[Desk, DeviceIdentity, Desk, DeviceIdentity]) -> None:
    _, _, desk, identity = pcs
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    client = PeerClient(
        desk,
        identity,
        f"127.0.0.1:{listener.getsockname()[1]}",
        connect_timeout=1.0,
        read_timeout=1.0,
    )
    try:
        with pytest.raises(PeerError) as err:
            client.hello()
        assert err.value.code == UNREACHABLE
    finally:
        client.close()
        thread.join(timeout=5)
        for sock in accepted:
            sock.close()
        listener.close()


def test_a_closed_connection_is_checked_again_when_it_is_opened_again(tmp_path: Path) -> None:
    """After an answer that closed the connection ("Connection: close"), the next request
    opens a new one through the same office and revocation checks: here the address then
    answers with a device of another office that would serve anyone, and it is refused,
    not asked."""

    class Welcoming(PeerServer):
        def _handler_class(self) -> type[BaseHTTPRequestHandler]:
            class Handler(super()._handler_class()):  # type: ignore[misc]
                def _allowed(self) -> bool:
                    return True

            return Handler

    authority = DeviceAuthority.create()
    desk, identity = certified(tmp_path, "pc1", authority)
    neighbour_desk, neighbour_id = certified(tmp_path, "pc2", authority)
    foreign_desk, foreign_id = certified(tmp_path, "kar1", authority, "KAR-02")
    neighbour = PeerServer(neighbour_desk, neighbour_id, [BulletinLane()], host="127.0.0.1")
    foreign = Welcoming(foreign_desk, foreign_id, [BulletinLane()], host="127.0.0.1")
    neighbour.start()
    foreign.start()
    client = PeerClient(desk, identity, f"127.0.0.1:{neighbour.port}")
    try:
        assert client.hello()["lanes"] == ["bulletins"]
        conn = client._conn
        assert conn is not None and conn.sock is not None
        # The state http.client leaves after an answer with "Connection: close"; the
        # address now leads to the other office's PC.
        conn.sock.close()
        conn.sock = None
        conn.port = foreign.port
        client._port = foreign.port
        with pytest.raises(PeerError) as err:
            client.hello()
        assert err.value.code == OTHER_OFFICE
    finally:
        client.close()
        neighbour.close()
        foreign.close()
        for d in (desk, neighbour_desk, foreign_desk):
            d.close()
