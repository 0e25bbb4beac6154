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
"""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def _forward(self) -> tuple[int, list[tuple[str, str]], bytes]:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
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

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
