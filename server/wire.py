"""ASGI middleware for the wire rules every call shares.

It stamps every response with the protocol markers, refuses foreign protocol versions and
server ids, decodes compressed request bodies (with a size cap) and compresses JSON
responses with zstd or gzip as negotiated. Test hooks can inject transient faults.
"""

from __future__ import annotations

import gzip
import io
import threading
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import zstandard

from app.sync.protocol import (
    API_PREFIX,
    COMPRESS_MIN_BYTES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SERVER_ID_HEADER,
    SUPPORTED_PROTOCOL_VERSIONS,
    ErrorCode,
)
from server.errors import ApiError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: zstd level for responses: the link, not the CPU, is the bottleneck.
ZSTD_LEVEL = 12
#: zstd level for bodies of :data:`LARGE_BODY_BYTES` or more (full pages of a first pull):
#: level 12 costs about 37 ms of CPU per 256 KB page against 5.5 ms at level 9, for
#: 2-3 % fewer bytes; at 12 a new PC's first pull would cost the server 0.85 CPU-s per
#: 10,000 bulletins in compression alone.
ZSTD_LEVEL_LARGE = 9
LARGE_BODY_BYTES = 64 << 10
GZIP_LEVEL = 9
TEST_HOOK_PATH = API_PREFIX + "/_test/faults"


@dataclass
class FaultPlan:
    """Faults injected by the test hook: the next ``remaining`` API calls fail."""

    mode: str = "unavailable"  # unavailable (503), rate_limited (429), captive (HTML 200)
    remaining: int = 0
    retry_after: int = 1


class FaultState:
    """Thread-safe holder of the current :class:`FaultPlan`."""

    def __init__(self) -> None:
        """Start with no faults."""
        self._lock = threading.Lock()
        self._plan = FaultPlan()

    def set(self, plan: FaultPlan) -> None:
        """Replace the plan."""
        with self._lock:
            self._plan = plan

    def take(self) -> FaultPlan | None:
        """Consume one fault if any is planned."""
        with self._lock:
            if self._plan.remaining <= 0:
                return None
            self._plan.remaining -= 1
            return FaultPlan(self._plan.mode, 1, self._plan.retry_after)


def choose_codec(accept_encoding: str) -> str | None:
    """The codec to compress a response with: zstd if accepted, else gzip, else none."""
    offered: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if name:
            offered[name.strip().lower()] = quality
    for codec in ("zstd", "gzip"):
        if offered.get(codec, 0.0) > 0:
            return codec
    return None


def compress(body: bytes, codec: str) -> bytes:
    """Compress a response body."""
    if codec == "zstd":
        level = ZSTD_LEVEL if len(body) < LARGE_BODY_BYTES else min(ZSTD_LEVEL, ZSTD_LEVEL_LARGE)
        return zstandard.ZstdCompressor(level=level).compress(body)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def decompress(body: bytes, codec: str, limit: int) -> bytes:
    """Decode a request body, refusing anything that expands beyond ``limit`` bytes.

    Raises:
        ApiError: unknown coding, corrupt data or too large.
    """
    try:
        if codec == "zstd":
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body))
            data = reader.read(limit + 1)
        elif codec == "gzip":
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, limit + 1)
        else:
            raise ApiError(ErrorCode.UNSUPPORTED_ENCODING, f"unsupported coding {codec!r}")
    except (zstandard.ZstdError, zlib.error) as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, f"corrupt {codec} body: {exc}") from exc
    if len(data) > limit:
        raise ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "decoded body over the limit")
    return data


#: Limit on the body of calls that carry only a small JSON document (enrol, login, ...).
SMALL_BODY_BYTES = 64 * 1024

BodyLimit = Callable[[str, str], int]


def _fixed_limit(limit: int) -> BodyLimit:
    return lambda _method, _path: limit


class _BodyTooLarge(Exception):
    """The request body went over its limit while it was being read."""


class WireMiddleware:
    """Applies the protocol's wire rules around the application."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        server_id: str,
        max_request_bytes: int,
        body_limit: BodyLimit | None = None,
        faults: FaultState | None = None,
    ) -> None:
        """Wrap ``app`` for the server with id ``server_id``.

        Args:
            app: The application.
            server_id: This server's id (checked against the client's marker).
            max_request_bytes: Upper bound on any request body, read or decoded.
            body_limit: The limit of one route, from its method and path (at most
                ``max_request_bytes``); every route gets ``max_request_bytes`` without it.
            faults: Injected faults (test hooks only).
        """
        self.app = app
        self.server_id = server_id
        self.max_request_bytes = max_request_bytes
        self.body_limit = body_limit or _fixed_limit(max_request_bytes)
        self.faults = faults

    def marker_headers(self, version: str | None = None) -> list[tuple[bytes, bytes]]:
        """The headers that identify a District Desk response.

        The protocol marker echoes the version the client asked for when this server
        speaks it (a version 1 client keeps seeing ``1``), else this server's base version.
        """
        spoken = str(PROTOCOL_VERSION)
        if version is not None and version.strip() in {str(v) for v in SUPPORTED_PROTOCOL_VERSIONS}:
            spoken = version.strip()
        return [
            (PROTOCOL_HEADER.lower().encode(), spoken.encode()),
            (SERVER_ID_HEADER.lower().encode(), self.server_id.encode()),
        ]

    def _echoing(self, send: Send, version: str | None) -> Send:
        """``send`` whose answers carry the protocol marker of the version asked for.

        Every answer of this server (the application's, the middleware's own errors)
        carries the markers; an answer without them (the captive-portal test fault) is
        left as it is.
        """
        markers = self.marker_headers(version)
        names = {name for name, _ in markers}

        async def echo(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent = message.get("headers", [])
                if any(k.lower() in names for k, _ in sent):
                    message["headers"] = [(k, v) for k, v in sent if k.lower() not in names]
                    message["headers"] += markers
            await send(message)

        return echo

    def limit_for(self, scope: Scope) -> int:
        """Most body bytes (as read and as decoded) the call may carry."""
        method, path = str(scope.get("method", "GET")), str(scope.get("path", ""))
        return min(self.body_limit(method, path), self.max_request_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        send = self._echoing(send, headers.get(PROTOCOL_HEADER.lower()))
        guard = _SendGuard(send)
        limit = self.limit_for(scope)
        try:
            self._check_identity(headers)
            if await self._inject_fault(scope, send):
                return
            _check_declared_length(headers, limit)
            receive = await self._decoded_receive(headers, receive, limit)
        except ApiError as err:
            await self._send_error(send, err)
            return
        except _BodyTooLarge:
            await self._send_error(send, _too_large())
            return
        receive = self._counted_receive(receive, guard, limit)
        codec = choose_codec(headers.get("accept-encoding", ""))
        await self.app(scope, receive, _ResponseEncoder(guard, codec, self.marker_headers()))

    def _counted_receive(self, receive: Receive, guard: _SendGuard, limit: int) -> Receive:
        """``receive`` that answers 413 itself once the body passes ``limit`` bytes.

        The route then sees a disconnect (it stops reading and its own answer is dropped),
        so no route, authenticated or not, ever holds more than ``limit`` body bytes.
        """
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            if guard.refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    await guard.refuse(self._error_messages(_too_large()))
                    return {"type": "http.disconnect"}
            return message

        return counted

    def _check_identity(self, headers: dict[str, str]) -> None:
        version = headers.get(PROTOCOL_HEADER.lower())
        if version is not None:
            supported = {str(v) for v in SUPPORTED_PROTOCOL_VERSIONS}
            if version.strip() not in supported:
                raise ApiError(
                    ErrorCode.PROTOCOL_UNSUPPORTED,
                    f"protocol version {version!r} is not supported",
                    details={"supported": list(SUPPORTED_PROTOCOL_VERSIONS)},
                )
        server_id = headers.get(SERVER_ID_HEADER.lower())
        if server_id is not None and server_id.strip() != self.server_id:
            raise ApiError(
                ErrorCode.WRONG_SERVER,
                "this is not the server the device enrolled with",
                details={"server_id": self.server_id},
            )

    async def _inject_fault(self, scope: Scope, send: Send) -> bool:
        path = str(scope.get("path", ""))
        if self.faults is None or not path.startswith(API_PREFIX) or path == TEST_HOOK_PATH:
            return False
        plan = self.faults.take()
        if plan is None:
            return False
        if plan.mode == "captive":
            body = b"<html><body>Please sign in to continue</body></html>"
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"text/html"), _length(body)],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return True
        code = ErrorCode.RATE_LIMITED if plan.mode == "rate_limited" else ErrorCode.UNAVAILABLE
        await self._send_error(send, ApiError(code, "injected fault", retry_after=plan.retry_after))
        return True

    async def _decoded_receive(
        self, headers: dict[str, str], receive: Receive, limit: int
    ) -> Receive:
        coding = headers.get("content-encoding", "identity").strip().lower()
        if coding in ("", "identity"):
            return receive
        if coding not in ("zstd", "gzip"):
            raise ApiError(ErrorCode.UNSUPPORTED_ENCODING, f"unsupported coding {coding!r}")
        raw = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            raw.extend(message.get("body", b""))
            if len(raw) > limit:
                raise _BodyTooLarge
            if not message.get("more_body", False):
                break
        data = decompress(bytes(raw), coding, limit)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}

        return replay

    def _error_messages(self, err: ApiError) -> list[Message]:
        body = err.body()
        headers = [(b"content-type", b"application/json"), _length(body)]
        headers += [(k.lower().encode(), v.encode()) for k, v in err.headers().items()]
        headers += self.marker_headers()
        return [
            {"type": "http.response.start", "status": err.status, "headers": headers},
            {"type": "http.response.body", "body": body},
        ]

    async def _send_error(self, send: Send, err: ApiError) -> None:
        for message in self._error_messages(err):
            await send(message)


def _too_large() -> ApiError:
    return ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "request body over the limit")


def _check_declared_length(headers: dict[str, str], limit: int) -> None:
    declared = headers.get("content-length")
    if declared is None:
        return
    try:
        size = int(declared)
    except ValueError as exc:
        raise ApiError(ErrorCode.BAD_REQUEST, "Content-Length is not a number") from exc
    if size > limit:
        raise _BodyTooLarge


class _SendGuard:
    """``send`` that can be taken over by the middleware to refuse an oversized body.

    Once the middleware has answered, whatever the route still sends is dropped.
    """

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False
        self.refused = False

    async def __call__(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)

    async def refuse(self, messages: list[Message]) -> None:
        """Answer with ``messages`` unless the route already started its answer."""
        if self.refused or self.started:
            return
        self.refused = True
        for message in messages:
            await self._send(message)


class _ResponseEncoder:
    """``send`` wrapper: adds the markers and compresses JSON bodies."""

    def __init__(self, send: Send, codec: str | None, markers: list[tuple[bytes, bytes]]):
        self._send = send
        self._codec = codec
        self._markers = markers
        self._start: Message | None = None
        self._buffer = bytearray()

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._begin(message)
            if self._start is None:
                await self._send(message)
            return
        if message["type"] != "http.response.body" or self._start is None:
            await self._send(message)
            return
        self._buffer.extend(message.get("body", b""))
        if message.get("more_body", False):
            return
        await self._flush()

    def _begin(self, message: Message) -> None:
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _MARKERS]
        headers += self._markers
        message["headers"] = headers
        names = {k.lower(): v for k, v in headers}
        is_json = names.get(b"content-type", b"").startswith(b"application/json")
        if self._codec and is_json and b"content-encoding" not in names:
            self._start = message

    async def _flush(self) -> None:
        assert self._start is not None
        body = bytes(self._buffer)
        headers = [(k, v) for k, v in self._start["headers"] if k.lower() != b"content-length"]
        if len(body) >= COMPRESS_MIN_BYTES and self._codec:
            body = compress(body, self._codec)
            headers.append((b"content-encoding", self._codec.encode()))
        headers.append((b"vary", b"Accept-Encoding"))
        headers.append(_length(body))
        self._start["headers"] = headers
        await self._send(self._start)
        await self._send({"type": "http.response.body", "body": body})


_MARKERS = {PROTOCOL_HEADER.lower().encode(), SERVER_ID_HEADER.lower().encode()}


def _length(body: bytes) -> tuple[bytes, bytes]:
    return (b"content-length", str(len(body)).encode())


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
