"""A tiny HTTP forwarder that passes calls to the real server or answers them badly.

It stands between the client and the reference server. With ``mode`` unset every call
is forwarded byte for byte; with a mode set, calls whose path contains ``target`` get a
bad answer instead:

- ``truncated``: the real answer's headers with a body cut in half, then the socket closes;
- ``schema``: a District Desk envelope with the wrong shape;
- ``version``: the real answer, but stamped as protocol version 2;
- ``captive``: a captive portal's ``200`` HTML page without the District Desk headers;
- ``huge``: a zstd body that decodes to 64 MiB (a compression bomb);
- ``blackhole``: reads the request and never answers.

For anything else a test sets ``script``: a function called with the request handler for
every call, before the mode; it may answer itself with the handler's helpers
(``forward``, ``send``, ``marks``, ``page``) and return True, or return False to let the
call go on as usual. ``calls`` lists ``(method, path)`` of every call seen.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import zstandard

from app.sync.protocol import PROTOCOL_HEADER, SERVER_ID_HEADER

_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


class BadProxy:
    """A forwarding proxy with switchable misbehaviour (see the module docstring)."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.mode: str | None = None
        self.target = "/changes"
        self.hits = 0
        self.script: Callable[[Any], bool] | None = None
        self.calls: list[tuple[str, str]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def request_body(self) -> bytes:
                """The request's body (read once)."""
                if not hasattr(self, "_req_body"):
                    length = int(self.headers.get("Content-Length") or 0)
                    self._req_body = self.rfile.read(length) if length else b""
                return self._req_body

            def forward(self, plain: bool = False) -> tuple[int, list[tuple[str, str]], bytes]:
                """The real server's answer; ``plain`` asks it for an uncompressed body."""
                return self._forward(plain)

            def send(
                self,
                status: int,
                headers: list[tuple[str, str]],
                body: bytes,
                length: int | None = None,
            ) -> None:
                """Answer with exactly these headers and body."""
                self._send(status, headers, body, length)

            def marks(self, headers: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
                """The District Desk headers (of ``headers`` or of a fresh ``hello``)."""
                if headers is None:
                    conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=30)
                    conn.request("GET", "/api/v1/hello", headers={PROTOCOL_HEADER: "1"})
                    resp = conn.getresponse()
                    resp.read()
                    headers = resp.getheaders()
                    conn.close()
                return [
                    (k, v)
                    for k, v in headers
                    if k.lower() in (PROTOCOL_HEADER.lower(), SERVER_ID_HEADER.lower())
                ]

            def page(self) -> tuple[int, list[tuple[str, str]], dict[str, Any]]:
                """The real server's answer as a decoded JSON document."""
                status, headers, body = self._forward(True)
                return status, headers, json.loads(body)

            def send_json(self, status: int, doc: Any, headers: list[tuple[str, str]]) -> None:
                """Answer with a JSON document and the District Desk headers of ``headers``."""
                body = json.dumps(doc).encode()
                self._send(
                    status, [*self.marks(headers), ("Content-Type", "application/json")], body
                )

            def _forward(self, plain: bool = False) -> tuple[int, list[tuple[str, str]], bytes]:
                body = self.request_body() or None
                conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                if plain:
                    headers["Accept-Encoding"] = "identity"
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                out = [
                    (k, v)
                    for k, v in resp.getheaders()
                    if k.lower() not in _HOP and k.lower() != "content-length"
                ]
                conn.close()
                return resp.status, out, data

            def _send(
                self,
                status: int,
                headers: list[tuple[str, str]],
                body: bytes,
                length: int | None = None,
            ) -> None:
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()

            def _handle(self) -> None:
                proxy.calls.append((self.command, self.path))
                if hasattr(self, "_req_body"):
                    del self._req_body  # one handler serves every call of a connection
                if proxy.script is not None and proxy.script(self):
                    return
                mode = proxy.mode if proxy.target in self.path else None
                if mode is None:
                    self._send(*self._forward())
                    return
                proxy.hits += 1
                if mode == "blackhole":
                    time.sleep(60)
                    self.close_connection = True
                    return
                if mode == "captive":
                    self.close_connection = True
                    self._send(
                        200,
                        [("Content-Type", "text/html")],
                        b"<html><body>Welcome! Please accept the terms.</body></html>",
                    )
                    return
                status, headers, body = self._forward()
                if mode == "truncated":
                    self.close_connection = True
                    self._send(status, headers, body[: len(body) // 2], length=len(body))
                elif mode == "version":
                    headers = [
                        (k, "2" if k.lower() == PROTOCOL_HEADER.lower() else v) for k, v in headers
                    ]
                    self._send(status, headers, body)
                elif mode == "schema":
                    marks = [
                        (k, v)
                        for k, v in headers
                        if k.lower() in (PROTOCOL_HEADER.lower(), SERVER_ID_HEADER.lower())
                    ]
                    self._send(
                        200,
                        [*marks, ("Content-Type", "application/json")],
                        b'{"dd":1,"rows":"not a list","next_cursor":7}',
                    )
                elif mode == "huge":
                    marks = [
                        (k, v)
                        for k, v in headers
                        if k.lower() in (PROTOCOL_HEADER.lower(), SERVER_ID_HEADER.lower())
                    ]
                    bomb = zstandard.ZstdCompressor(level=3).compress(
                        b'{"dd":1,"rows":[' + b" " * (64 * 1024 * 1024) + b"]}"
                    )
                    self._send(
                        200,
                        [
                            *marks,
                            ("Content-Type", "application/json"),
                            ("Content-Encoding", "zstd"),
                        ],
                        bomb,
                    )
                else:
                    raise AssertionError(mode)

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def do_PATCH(self) -> None:
                self._handle()

            def do_HEAD(self) -> None:
                self._handle()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def count(self, fragment: str, method: str | None = None) -> int:
        """Calls seen whose path contains ``fragment`` (and of ``method``, if given)."""
        return sum(1 for m, path in list(self.calls) if fragment in path and method in (None, m))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
