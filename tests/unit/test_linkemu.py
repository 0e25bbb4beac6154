"""The link emulator honours latency, bandwidth, cuts, resets and black holes."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tests.helpers.linkemu import LinkEmulator

pytestmark = pytest.mark.timeout(30)


class _Echo(socketserver.BaseRequestHandler):
    received: list[int]

    def handle(self) -> None:
        total = 0
        try:
            while data := self.request.recv(65536):
                total += len(data)
                self.request.sendall(data)
        except OSError:
            pass
        finally:
            self.server.received.append(total)  # type: ignore[attr-defined]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def echo() -> Iterator[_Server]:
    """A TCP echo server that records how many bytes each connection delivered."""
    server = _Server(("127.0.0.1", 0), _Echo)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def link(echo: _Server) -> Iterator[LinkEmulator]:
    with LinkEmulator("127.0.0.1", echo.server_address[1]) as emulator:
        yield emulator


def connect(link: LinkEmulator) -> socket.socket:
    return socket.create_connection((link.host, link.port), timeout=10)


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_passes_data_and_counts_it(link: LinkEmulator) -> None:
    payload = bytes(range(256)) * 400
    with connect(link) as sock:
        sock.sendall(payload)
        assert recv_exactly(sock, len(payload)) == payload
    assert wait_until(lambda: link.stats().active == 0)
    stats = link.stats()
    assert (stats.bytes_up, stats.bytes_down) == (len(payload), len(payload))
    assert (stats.connections, stats.cuts) == (1, 0)


def test_latency_is_added_each_way(link: LinkEmulator) -> None:
    link.configure(latency=0.15)
    with connect(link) as sock:
        started = time.monotonic()
        sock.sendall(b"ping")
        assert recv_exactly(sock, 4) == b"ping"
        rtt = time.monotonic() - started
    assert 0.3 <= rtt < 0.9


def test_bandwidth_is_capped_per_direction(link: LinkEmulator) -> None:
    link.configure(bandwidth_up=40_000)  # down stays unlimited
    payload = b"x" * 20_000
    with connect(link) as sock:
        started = time.monotonic()
        sock.sendall(payload)
        assert len(recv_exactly(sock, len(payload))) == len(payload)
        elapsed = time.monotonic() - started
    assert 0.4 <= elapsed < 1.5  # 20 KB at 40 KB/s is 0.5 s


def test_cut_once_after_n_bytes(link: LinkEmulator, echo: _Server) -> None:
    link.configure(cut_after=3000)
    with connect(link) as sock:
        sock.sendall(b"a" * 10_000)
        got = recv_exactly(sock, 10_000)
        assert len(got) < 3000, "the cut stops the transfer"
    assert wait_until(lambda: link.stats().cuts == 1)
    # The bytes carried both ways add up to exactly the allowance.
    stats = link.stats()
    assert stats.bytes_up + stats.bytes_down == 3000
    assert link.settings.cut_after is None
    with connect(link) as sock:  # the next connection is whole again
        sock.sendall(b"b" * 10_000)
        assert recv_exactly(sock, 10_000) == b"b" * 10_000


def test_cut_every_connection(link: LinkEmulator) -> None:
    link.configure(cut_after=100, cut_every=True)
    for _ in range(3):
        with connect(link) as sock:
            sock.sendall(b"c" * 1000)
            assert len(recv_exactly(sock, 1000)) < 100
    assert wait_until(lambda: link.stats().cuts == 3)


def test_reset_drops_open_connections(link: LinkEmulator) -> None:
    with connect(link) as sock:
        sock.sendall(b"hello")
        assert recv_exactly(sock, 5) == b"hello"
        assert link.reset() == 1
        with pytest.raises((ConnectionResetError, AssertionError)):
            sock.sendall(b"more")
            assert recv_exactly(sock, 4) == b"more"
    assert link.stats().resets == 1


def test_black_hole_accepts_but_forwards_nothing(link: LinkEmulator, echo: _Server) -> None:
    link.configure(black_hole=True)
    with connect(link) as sock:
        sock.settimeout(0.5)
        sock.sendall(b"anyone there?")
        with pytest.raises(TimeoutError):
            sock.recv(100)
    assert wait_until(lambda: link.stats().bytes_dropped == 13)
    stats = link.stats()
    assert (stats.bytes_up, stats.bytes_down, stats.connections) == (0, 0, 1)
    link.configure(black_hole=False)
    with connect(link) as sock:
        sock.sendall(b"ok")
        assert recv_exactly(sock, 2) == b"ok"


def test_settings_change_while_running(link: LinkEmulator) -> None:
    with connect(link) as sock:
        sock.sendall(b"1")
        fast_start = time.monotonic()
        assert recv_exactly(sock, 1) == b"1"
        fast = time.monotonic() - fast_start
        link.configure(latency=0.2)
        slow_start = time.monotonic()
        sock.sendall(b"2")
        assert recv_exactly(sock, 1) == b"2"
        slow = time.monotonic() - slow_start
    assert fast < 0.1 and slow >= 0.4
    with pytest.raises(TypeError):
        link.configure(jitter=1)


def test_timed_cuts_hit_a_long_lived_connection(link: LinkEmulator) -> None:
    # One connection kept open, as a sync keeps its keep-alive connection: a per-connection
    # hazard could leave it alone for good; a time-based one cuts it.
    link.configure(cut_mean_interval=0.3, cut_seed=5)
    sock = connect(link)
    got = b""
    deadline = time.monotonic() + 10
    try:
        while time.monotonic() < deadline:
            sock.sendall(b"x" * 100)
            data = sock.recv(65536)
            if not data:
                break
            got += data
            time.sleep(0.02)
    except OSError:
        pass
    finally:
        sock.close()
    assert time.monotonic() < deadline, "the connection was never cut"
    assert wait_until(lambda: link.stats().timed_cuts_hit >= 1)
    assert link.stats().cuts >= 1


def test_timed_cuts_stop_when_switched_off(link: LinkEmulator) -> None:
    link.configure(cut_mean_interval=0.1, cut_seed=1)
    assert wait_until(lambda: link.stats().timed_cuts >= 2)
    link.configure(cut_mean_interval=None)
    time.sleep(0.2)
    before = link.stats().timed_cuts
    time.sleep(0.5)
    assert link.stats().timed_cuts == before


def test_handshake_costs_round_trips(link: LinkEmulator) -> None:
    link.configure(latency=0.1, handshake_rtts=1)
    t0 = time.monotonic()
    with connect(link) as sock:
        sock.sendall(b"ping")
        assert recv_exactly(sock, 4) == b"ping"
    # 0.2 s handshake + 0.2 s for the echo's round trip.
    assert time.monotonic() - t0 >= 0.38
