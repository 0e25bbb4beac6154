"""Raw ``/news`` calls held open by the server: many listening PCs from one process."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path
from typing import Any

from app.sync.lanesums import stored_lane_digests
from app.sync.protocol import API_PREFIX, PROTOCOL_HEADER, SERVER_ID_HEADER, sums_tag


def hold_news_calls(
    engine: Any, url: str, count: int, *, wait: int, cafile: Path | None = None
) -> list[Any]:
    """Open ``count`` connections to ``url``, each sending the engine's ``/news`` call
    (its head, lane sums and token) that the server holds up to ``wait`` seconds."""
    with engine.desk.store.read() as s:
        tag = sums_tag(stored_lane_digests(s))
    transport = engine.transport()
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    request = (
        f"GET {API_PREFIX}/news?head={engine.news_head}&sums={tag}&wait={wait} HTTP/1.1\r\n"
        f"Host: {host}\r\nAuthorization: Bearer {transport.token}\r\n{PROTOCOL_HEADER}: 1\r\n"
        f"{SERVER_ID_HEADER}: {transport.server_id}\r\n\r\n"
    ).encode()
    context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
    socks: list[Any] = []
    for _ in range(count):
        sock: Any = socket.create_connection((host, int(port)), timeout=30)
        if context is not None:
            sock = context.wrap_socket(sock, server_hostname=host)
        sock.sendall(request)
        socks.append(sock)
    return socks
