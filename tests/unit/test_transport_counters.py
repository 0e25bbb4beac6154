"""The transport's counters count what crossed: a refused connection sent nothing."""

from __future__ import annotations

import socket

import pytest

from app.sync.client import Call, Deadlines, SyncFailure, Transport

pytestmark = pytest.mark.timeout(60)


def test_a_refused_connection_counts_no_bytes_and_no_round_trip() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport = Transport(f"http://127.0.0.1:{port}", deadlines=Deadlines(connect=5.0))
    try:
        with pytest.raises(SyncFailure) as info:
            transport.request(Call("POST", "/outbox", body=b"x" * 5000))
        assert info.value.code == "sync.network"
        assert transport.stats.bytes_out == 0
        assert transport.stats.round_trips == 0
        assert transport.stats.connections_failed == 1
    finally:
        transport.close()


def test_a_cut_before_the_answer_counts_what_was_handed_over() -> None:
    # A server that reads the request and closes without answering.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    import threading

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    transport = Transport(f"http://127.0.0.1:{port}", deadlines=Deadlines(connect=5.0, stall=5.0))
    try:
        with pytest.raises(SyncFailure):
            transport.request(Call("POST", "/outbox", body=b"y" * 3000))
        assert transport.stats.round_trips == 0
        assert 3000 <= transport.stats.bytes_out <= 3000 + 1000
    finally:
        transport.close()
        server.close()
        thread.join(5)
